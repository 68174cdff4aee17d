// Go to definition, find references, highlights and rename for the identifiers that tie the workspace together:
// an APM Entity id (its entity file and every row that names it), an NPI and a TIN (every row that names them).
// Open and closed files alike: the workspace holds every file the editor or the startup scan gave it.
import { borrowCharCodes, returnCharCodes, scratchCharCodes } from '../charCodes';
import { isJsonList } from '../csv/jsonRows';
import { cellRange, type ParsedList } from '../csv/list';
import type { CsvTable } from '../csv/parse';
import { checkNpi, checkTin, npiKeyAt, npiString } from '../identifiers';
import type { QppWorkspace } from '../workspace';
import { cellAt } from './listHover';
import { parseEntityFile } from '../entity/model';
import { basenameOf, dirnameOf, resolveRelative } from '../paths';
import { maskTinShaped } from '../privacy';
import { escapeMarkdown } from '../text';
import type { HoverResult } from './entityHover';

export type NavigationTarget =
  | { kind: 'entity'; id: string }
  | { kind: 'npi'; npi: string }
  | { kind: 'tin'; tin: string };

export interface Place {
  file: string;
  start: number;
  end: number;
}

/** What the identifier at `offset` of a list names, if anything. */
export function listTargetAt(text: string, offset: number): NavigationTarget | null {
  const cell = cellAt(text, offset);
  if (!cell || cell.row === 0) return null;
  const value = cell.table.value(cell.row, cell.column).trim();
  if (cell.header === 'apm_entity_id' && value !== '') return { kind: 'entity', id: value };
  if (cell.header === 'npi' && checkNpi(value) === null) return { kind: 'npi', npi: value };
  if (cell.header === 'tin') {
    const tin = checkTin(value).normalized;
    if (tin) return { kind: 'tin', tin };
  }
  return null;
}

/** The entity id at `offset` of an entity file (its `entity.id` value). */
export function entityTargetAt(text: string, offset: number): NavigationTarget | null {
  const id = parseEntityFile(text).model.entityId;
  return id && id.start <= offset && offset <= id.end && id.value !== '' ? { kind: 'entity', id: id.value } : null;
}

/** Where the target is defined: an entity id's entity files; an NPI's or TIN's rows (they have no other home). */
export function definitionsOf(ws: QppWorkspace, target: NavigationTarget): Place[] {
  return target.kind === 'entity' ? entityFilePlaces(ws, target.id) : rowPlaces(ws, target);
}

/** Every place that names the target: entity files first, then list rows in file and row order. */
export function referencesOf(ws: QppWorkspace, target: NavigationTarget): Place[] {
  return target.kind === 'entity'
    ? [...entityFilePlaces(ws, target.id), ...rowPlaces(ws, target)]
    : rowPlaces(ws, target);
}

function entityFilePlaces(ws: QppWorkspace, id: string): Place[] {
  return ws.entitiesWithId(id).flatMap((file) => {
    const at = ws.entity(file)?.model.entityId;
    return at ? [{ file, start: at.start, end: at.end }] : [];
  });
}

function rowPlaces(ws: QppWorkspace, target: NavigationTarget): Place[] {
  const places: Place[] = [];
  for (const file of ws.keys()) {
    const list = ws.list(file);
    if (list) places.push(...placesInList(file, list, target));
  }
  return places;
}

/**
 * The target's cells in one list: every row that names it, rows with errors included (a rename must reach them).
 * A streamed list keeps no text, only its membership rows' entity and NPI cells.
 */
function placesInList(file: string, list: ParsedList, target: NavigationTarget): Place[] {
  const table = list.table;
  if (!table) return placesInStoredCells(file, list, target);
  const column = list.columns[target.kind === 'entity' ? 'apm_entity_id' : target.kind];
  const places: Place[] = [];
  if (column < 0) return places;
  if (target.kind === 'npi') {
    for (const row of rowsNamingNpi(list, table, column, target.npi))
      places.push({ file, start: table.fieldStart(row, column), end: table.fieldEnd(row, column) });
    return places;
  }
  for (let row = 1; row < table.rowCount; row++) {
    if (column < table.fieldsInRow(row) && names(target, table.value(row, column))) {
      places.push({ file, start: table.fieldStart(row, column), end: table.fieldEnd(row, column) });
    }
  }
  return places;
}

/** The NPI key of each row of a list's table (-1 where the npi cell holds no NPI): a look-up is then one pass over integers. */
interface NpiKeys {
  column: number;
  keys: Int32Array;
}

/** Built once per list version (a ParsedList is one version of a list): references to an NPI then skip the cells. */
const npiKeysOfList = new WeakMap<ParsedList, NpiKeys>();

/** The table rows whose npi cell names `npi` (a valid NPI), in row order. */
function rowsNamingNpi(list: ParsedList, table: CsvTable, column: number, npi: string): number[] {
  let index = npiKeysOfList.get(list);
  if (index?.column !== column) {
    index = { column, keys: npiKeysOfRows(table, column) };
    npiKeysOfList.set(list, index);
  }
  const key = npiKeyAt(scratchCharCodes(npi), 0, npi.length);
  const { keys } = index;
  const rows: number[] = [];
  for (let row = 1; row < keys.length; row++) if (keys[row] === key) rows.push(row);
  return rows;
}

/**
 * Every row's NPI key, read from the text's codes where the cell is its ten bare digits (nearly every row), else
 * from its value, trimmed as names() trims it. A cell shorter than ten characters cannot hold an NPI.
 */
function npiKeysOfRows(table: CsvTable, column: number): Int32Array {
  const keys = new Int32Array(table.rowCount).fill(-1);
  const codes = borrowCharCodes(table.text, 0);
  try {
    for (let row = 1; row < table.rowCount; row++) {
      if (column >= table.fieldsInRow(row)) continue;
      const start = table.fieldStart(row, column);
      const end = table.fieldEnd(row, column);
      if (end - start === 10) {
        keys[row] = npiKeyAt(codes, start, end);
      } else if (end - start > 10) {
        const value = table.value(row, column).trim();
        keys[row] = npiKeyAt(scratchCharCodes(value), 0, value.length);
      }
    }
  } finally {
    returnCharCodes(codes);
  }
  return keys;
}

function names(target: NavigationTarget, cell: string): boolean {
  if (target.kind === 'tin') return checkTin(cell).normalized === target.tin;
  return cell.trim() === (target.kind === 'entity' ? target.id : target.npi);
}

function placesInStoredCells(file: string, list: ParsedList, target: NavigationTarget): Place[] {
  const rows = list.rows;
  const places: Place[] = [];
  const at = (i: number, column: 'apm_entity_id' | 'npi') => {
    const [start, end] = cellRange(list, i, column);
    places.push({ file, start, end });
  };
  if (target.kind === 'entity') {
    const entity = rows.entityIds.indexOf(target.id);
    if (entity >= 0) for (let i = 0; i < rows.length; i++) if (rows.entityAt(i) === entity) at(i, 'apm_entity_id');
  } else if (target.kind === 'npi') {
    for (let i = 0; i < rows.length; i++) if (npiString(rows.npiAt(i)) === target.npi) at(i, 'npi');
  }
  return places;
}

/** An APM Entity id as lists and entity files can hold it without quoting or escaping. */
const PLAIN_ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface RenameEdit extends Place {
  text: string;
}

/**
 * Renaming an APM Entity id: its entity files' `entity.id` and every row that names it, as one set of edits (the
 * editor applies them only when the user accepts). A string explains why not when the new id cannot be written.
 */
export function renameEntityId(ws: QppWorkspace, id: string, newId: string): RenameEdit[] | string {
  if (!PLAIN_ENTITY_ID.test(newId))
    return 'An APM Entity id is letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit.';
  const places = referencesOf(ws, { kind: 'entity', id });
  return places.map((place) => {
    // A cell of an entity file or a JSON list is a JSON value, its quotes included.
    const isJson = ws.entity(place.file) !== undefined || isJsonList(ws.list(place.file)?.text ?? '');
    return { ...place, text: isJson ? JSON.stringify(newId) : newId };
  });
}

/** A `participationLists` entry of an entity file and the workspace key of the list it names. */
export interface ListLink extends Place {
  /** The path as written in the entity file. */
  path: string;
}

/** Every `participationLists` entry of the entity file `key`, as a link to the list it names (present or not). */
export function participationListLinks(key: string, text: string): ListLink[] {
  const lists = parseEntityFile(text).model.participationLists ?? [];
  return lists.map((entry) => ({
    file: resolveRelative(dirnameOf(key), entry.value),
    start: entry.start,
    end: entry.end,
    path: entry.value,
  }));
}

/** Hover on a `participationLists` entry: the file it resolves to and what the workspace holds of it. */
export function participationListHover(
  ws: QppWorkspace,
  key: string,
  text: string,
  offset: number,
): HoverResult | null {
  const link = participationListLinks(key, text).find((l) => l.start <= offset && offset <= l.end);
  if (!link) return null;
  const list = ws.list(link.file);
  const lines = [`**Participation list** \`${escapeMarkdown(basenameOf(link.file))}\``];
  if (!list) {
    lines.push(`Not in the workspace: looked for \`${escapeMarkdown(link.path)}\` next to this entity file (XF001).`);
  } else {
    const entityId = ws.entity(key)?.model.entityId?.value;
    const rows = list.rows;
    const entity = entityId === undefined ? -1 : rows.entityIds.indexOf(entityId);
    let named = 0;
    if (entity >= 0) for (let i = 0; i < rows.length; i++) if (rows.entityAt(i) === entity) named++;
    lines.push(
      `${rows.length} membership row${rows.length === 1 ? '' : 's'}; ${named} name${named === 1 ? 's' : ''} this entity${entityId ? ` (${escapeMarkdown(entityId)})` : ''}.`,
    );
  }
  return { markdown: maskTinShaped(lines.join('\n\n')), start: link.start, end: link.end };
}
