// Document outline, inlay hints, code lenses and CSV cell roles, as plain data with offsets.
import type { Node as JsonNode } from 'jsonc-parser';
import { normalizeHeader, type ColumnNames } from '../csv/list';
import { parseCsv, type ListTable } from '../csv/parse';
import { isJsonList, listTable } from '../csv/jsonRows';
import { parseEntityFile, type RatioModel } from '../entity/model';
import { maskStrings, maskTinShaped } from '../privacy';
import { formatPercent } from '../text';
import type { EntityDetermination } from '../types';
import { knownColumns } from './listHover';
import { MIPS_STATUS_LABEL, QP_STATUS_LABEL } from '../statusText';
import { checkNpi, checkTin } from '../identifiers';
import { longDate } from '../dates';

export type SymbolKind = 'object' | 'array' | 'number' | 'string' | 'boolean' | 'null' | 'field' | 'namespace';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

/** Symbols in one document's outline: more than a person can scan, and few enough to answer at once. */
export const MAX_OUTLINE_SYMBOLS = 2000;
/** Characters of a cell or value shown as a symbol's name or detail. */
const MAX_SYMBOL_TEXT = 80;

/** What is left of a document's symbol budget while its outline is built. */
interface SymbolBudget {
  left: number;
}

function shortText(text: string): string {
  return text.length > MAX_SYMBOL_TEXT ? `${text.slice(0, MAX_SYMBOL_TEXT - 1)}…` : text;
}

/** One symbol for the `count` items from `start` to `end` that the budget left out. */
function moreSymbol(count: number, what: string, start: number, end: number): OutlineSymbol {
  return {
    name: `… ${count} more ${what}`,
    kind: 'namespace',
    start,
    end,
    selectionStart: start,
    selectionEnd: start,
    children: [],
  };
}

/** Array items that are objects are named by their most telling property. */
function itemName(item: JsonNode, index: number): string {
  for (const property of ['date', 'start', 'id']) {
    const match = item.children?.find((p) => p.children?.[0]?.value === property);
    const value = match?.children?.[1]?.value;
    if (typeof value === 'string') return value;
  }
  return String(index + 1);
}

function symbolOf(
  name: string,
  valueNode: JsonNode,
  whole: { start: number; end: number },
  selection: { start: number; end: number },
  budget: SymbolBudget,
): OutlineSymbol {
  budget.left--;
  const kind: SymbolKind = valueNode.type === 'property' ? 'object' : valueNode.type;
  const symbol: OutlineSymbol = {
    name: shortText(name),
    kind,
    start: whole.start,
    end: whole.end,
    selectionStart: selection.start,
    selectionEnd: selection.end,
    children: [],
  };
  if (valueNode.type === 'object' || valueNode.type === 'array') {
    const items = valueNode.children ?? [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (budget.left <= 0) {
        const last = items[items.length - 1];
        symbol.children.push(
          moreSymbol(
            items.length - i,
            valueNode.type === 'object' ? 'properties' : 'items',
            item.offset,
            last.offset + last.length,
          ),
        );
        break;
      }
      if (valueNode.type === 'object') {
        const [keyNode, child] = item.children ?? [];
        if (!keyNode || !child) continue;
        symbol.children.push(
          symbolOf(
            String(keyNode.value),
            child,
            { start: item.offset, end: item.offset + item.length },
            { start: keyNode.offset, end: keyNode.offset + keyNode.length },
            budget,
          ),
        );
      } else {
        const span = { start: item.offset, end: item.offset + item.length };
        symbol.children.push(
          symbolOf(item.type === 'object' ? itemName(item, i) : String(item.value ?? i + 1), item, span, span, budget),
        );
      }
    }
  } else {
    symbol.detail = shortText(String(valueNode.value));
  }
  return symbol;
}

/** The entity file's properties as a tree, at most MAX_OUTLINE_SYMBOLS of them (then one "… N more" per level);
 * keys and values are masked. */
export function entitySymbols(text: string): OutlineSymbol[] {
  const { model } = parseEntityFile(text);
  const root = model.root;
  if (root?.type !== 'object') return [];
  // The root itself is not shown: its budget unit is given back.
  const budget = { left: MAX_OUTLINE_SYMBOLS + 1 };
  return maskStrings(
    symbolOf(
      'entity',
      root,
      { start: root.offset, end: root.offset + root.length },
      { start: root.offset, end: root.offset + 1 },
      budget,
    ).children,
  );
}

/** The header and one symbol per APM Entity id (at its first row); header names and ids are masked. */
export function listSymbols(
  text: string,
  options: { revealTins?: boolean; columnNames?: ColumnNames } = {},
): OutlineSymbol[] {
  const outline = listOutline(text, options);
  // Every name is masked where it is built (TINs only unless revealed); this catches a TIN in any other column.
  return options.revealTins ? outline : maskStrings(outline);
}

/** Rows of one outline group: its first and last row and how many. */
interface RowGroup<C> {
  first: number;
  last: number;
  rows: number;
  children: Map<string, C>;
}
type NpiGroup = RowGroup<never>;
type TinGroup = RowGroup<NpiGroup> & { name: string };

function addRow<C>(groups: Map<string, RowGroup<C>>, key: string, row: number): RowGroup<C> {
  let group = groups.get(key);
  if (group) {
    group.last = row;
    group.rows++;
  } else {
    group = { first: row, last: row, rows: 1, children: new Map() };
    groups.set(key, group);
  }
  return group;
}

/**
 * The header's columns, then one symbol per APM Entity id (not per row, so a 100,000-row list stays navigable),
 * inside it one per TIN (masked unless revealed) and inside that one per NPI. At most MAX_OUTLINE_SYMBOLS in all:
 * the columns take at most half, the entity ids come next, TINs and NPIs fill what is left in file order, and what
 * does not fit is one "… N more" symbol at its level.
 */
function listOutline(text: string, options: { revealTins?: boolean; columnNames?: ColumnNames }): OutlineSymbol[] {
  const table = listTable(text);
  if (table.rowCount === 0) return [];
  const header = headerSymbol(table);
  const symbols: OutlineSymbol[] = [header];
  const left = MAX_OUTLINE_SYMBOLS - 1 - Math.min(table.fieldsInRow(0), MAX_OUTLINE_SYMBOLS / 2);
  const known = knownColumns(table, options.columnNames);
  if (known.apm_entity_id === undefined) return symbols;
  const groups = rowsByEntityTinNpi(table, known, options.revealTins ?? false);
  const groupSymbol = (name: string, group: RowGroup<unknown>, kind: OutlineSymbol['kind']): OutlineSymbol => {
    const start = table.rowStart(group.first);
    const firstEnd = table.rowEnd(group.first);
    return {
      name: shortText(name),
      detail: `${group.rows} row${group.rows === 1 ? '' : 's'}`,
      kind,
      start,
      end: Math.max(firstEnd, table.rowEnd(group.last)),
      selectionStart: start,
      selectionEnd: firstEnd,
      children: [],
    };
  };
  const entities: [OutlineSymbol, RowGroup<TinGroup>][] = [];
  for (const [id, group] of groups) {
    if (entities.length === left) {
      const rest = table.rowStart(group.first);
      symbols.push(moreSymbol(groups.size - entities.length, 'APM Entity ids', rest, table.rowEnd(table.rowCount - 1)));
      break;
    }
    entities.push([groupSymbol(id, group, 'object'), group]);
  }
  const budget = { left: left - entities.length };
  for (const [symbol, group] of entities) {
    symbols.push(symbol);
    addChildren(table, symbol, group.children, budget, 'TINs', (tin) => {
      const tinSymbol = groupSymbol(tin.name, tin, 'field');
      addChildren(table, tinSymbol, tin.children, budget, 'NPIs', (npi, key) => groupSymbol(key, npi, 'number'));
      return tinSymbol;
    });
  }
  return symbols;
}

/** The header and its columns: at most half the symbol budget, so a wide header does not crowd the entity ids out. */
function headerSymbol(table: ListTable): OutlineSymbol {
  const headerStart = table.rowStart(0);
  const headerEnd = table.rowEnd(0);
  const header: OutlineSymbol = {
    name: 'header',
    kind: 'namespace',
    start: headerStart,
    end: headerEnd,
    selectionStart: headerStart,
    selectionEnd: headerEnd,
    children: [],
  };
  const columns = table.fieldsInRow(0);
  const shownColumns = Math.min(columns, MAX_OUTLINE_SYMBOLS / 2);
  for (let c = 0; c < shownColumns; c++) {
    const s = table.fieldStart(0, c);
    const e = table.fieldEnd(0, c);
    header.children.push({
      name: shortText(table.value(0, c)) || `column ${c + 1}`,
      kind: 'field',
      start: s,
      end: e,
      selectionStart: s,
      selectionEnd: e,
      children: [],
    });
  }
  if (shownColumns < columns)
    header.children.push(moreSymbol(columns - shownColumns, 'columns', table.fieldStart(0, shownColumns), headerEnd));
  return header;
}

/** The rows grouped by APM Entity id, then TIN (masked unless revealed), then NPI, each group in file order. */
function rowsByEntityTinNpi(
  table: ListTable,
  known: ReturnType<typeof knownColumns>,
  revealTins: boolean,
): Map<string, RowGroup<TinGroup>> {
  const cell = (row: number, column: number | undefined): string =>
    column !== undefined && column < table.fieldsInRow(row) ? table.value(row, column).trim() : '';
  const groups = new Map<string, RowGroup<TinGroup>>();
  for (let r = 1; r < table.rowCount; r++) {
    const id = cell(r, known.apm_entity_id);
    if (id === '') continue;
    const entity = addRow(groups, id, r);
    const tin = cell(r, known.tin);
    const tinKey = checkTin(tin).normalized ?? tin;
    const tinGroup = addRow(entity.children, tinKey, r) as TinGroup;
    tinGroup.name ??= tin === '' ? '(no TIN)' : revealTins ? tinKey : maskTinShaped(tin);
    const npi = cell(r, known.npi);
    addRow(tinGroup.children, npi === '' ? '(no NPI)' : npi, r);
  }
  return groups;
}

/** The children the budget has room for (each takes its own children's share), then one "… N more" for the rest. */
function addChildren<C extends RowGroup<unknown>>(
  table: ListTable,
  parent: OutlineSymbol,
  children: Map<string, C>,
  budget: { left: number },
  what: string,
  symbolOf: (child: C, key: string) => OutlineSymbol,
): void {
  let shown = 0;
  for (const [key, child] of children) {
    if (budget.left === 0) return;
    if (budget.left === 1 && shown < children.size - 1) {
      parent.children.push(moreSymbol(children.size - shown, what, table.rowStart(child.first), parent.end));
      budget.left--;
      return;
    }
    budget.left--;
    shown++;
    parent.children.push(symbolOf(child, key));
  }
}

export interface InlayHintData {
  offset: number;
  label: string;
  tooltip: string;
}

/** Inlay hints in one answer: more than a screen shows. */
export const MAX_INLAY_HINTS = 1000;

/** A percentage after every ratio object ({numerator, denominator}) of the QP snapshots, up to MAX_INLAY_HINTS. */
export function entityInlayHints(text: string, rangeStart: number, rangeEnd: number): InlayHintData[] {
  const { model } = parseEntityFile(text);
  const hints: InlayHintData[] = [];
  const add = (ratio: RatioModel | null, what: string): void => {
    if (hints.length >= MAX_INLAY_HINTS) return;
    if (!ratio?.numerator || !ratio.denominator || ratio.denominator.value <= 0) return;
    if (ratio.end < rangeStart || ratio.end > rangeEnd) return;
    hints.push({
      offset: ratio.end,
      label: ` = ${formatPercent(ratio.numerator.value, ratio.denominator.value)}`,
      tooltip: `${what} threshold score`,
    });
  };
  for (const snapshot of model.qp?.snapshots ?? []) {
    add(snapshot.payments, 'Payment amount');
    add(snapshot.patients, 'Patient count');
    add(snapshot.allPayer?.payments ?? null, 'All-payer payment amount');
    add(snapshot.allPayer?.patients ?? null, 'All-payer patient count');
  }
  return hints;
}

export interface CodeLensData {
  offset: number;
  title: string;
}

/** Code lenses in one list: one a row is more than a screen shows, and a long list would send them all. */
export const MAX_CLINICIAN_LENSES = 500;

export interface ClinicianLensData {
  offset: number;
  npi: string;
}

/** An "Explain clinician" lens above each of the first MAX_CLINICIAN_LENSES rows whose NPI is valid. */
export function listClinicianLenses(text: string, columnNames?: ColumnNames): ClinicianLensData[] {
  const table = parseCsv(text);
  const npiColumn = knownColumns(table, columnNames).npi;
  const lenses: ClinicianLensData[] = [];
  if (npiColumn === undefined) return lenses;
  for (let r = 1; r < table.rowCount && lenses.length < MAX_CLINICIAN_LENSES; r++) {
    if (npiColumn >= table.fieldsInRow(r)) continue;
    const npi = table.value(r, npiColumn).trim();
    if (checkNpi(npi) === null) lenses.push({ offset: table.rowStart(r), npi });
  }
  return lenses;
}

/** The determination above the file, and the LVT and QP results above their sections; the entity id is masked. */
export function entityCodeLenses(text: string, determination: EntityDetermination | null): CodeLensData[] {
  return determinationLenses(text, determination).map((lens) => ({ ...lens, title: maskTinShaped(lens.title) }));
}

function determinationLenses(text: string, determination: EntityDetermination | null): CodeLensData[] {
  if (!determination) return [];
  const { model } = parseEntityFile(text);
  const top = model.root?.offset ?? 0;
  const lenses: CodeLensData[] = [
    {
      offset: top,
      title:
        `${determination.entityId} PY${determination.performanceYear} (payment year ${determination.paymentYear}): MIPS ${MIPS_STATUS_LABEL[determination.mips.status]}` +
        ` · APP ${determination.app.available ? (determination.app.required ? 'required' : 'available') : 'not available'}` +
        ` · EUC ${determination.euc.status.replace(/-/g, ' ')}`,
    },
  ];
  const lvt = determination.lowVolume;
  if (lvt && model.lowVolume) {
    lenses.push({
      offset: model.lowVolume.key.start,
      title: `Low-volume threshold: ${lvt.status}${lvt.optInEligible ? ', opt-in eligible' : ''}${lvt.election !== 'none' ? ` (election: ${lvt.election})` : ''}`,
    });
  }
  const qp = determination.qp;
  if (qp && model.qp) {
    const where = qp.snapshot ? ` at ${longDate(qp.snapshot)}` : '';
    const how = qp.method ? ` by ${qp.method}${qp.option === 'all-payer' ? ' (All-Payer)' : ''}` : '';
    lenses.push({
      offset: model.qp.key.start,
      title: `QP status: ${QP_STATUS_LABEL[qp.status]}${where}${how}${qp.provisional ? ' (provisional thresholds)' : ''}`,
    });
  }
  return lenses;
}

export const CSV_CELL_ROLES = ['header', 'apmId', 'entityId', 'npi', 'tin', 'ccn', 'code', 'date', 'unknown'] as const;
export type CsvCellRole = (typeof CSV_CELL_ROLES)[number];

export interface CellToken {
  start: number;
  length: number;
  role: CsvCellRole;
}

const ROLE_OF_COLUMN: Record<string, CsvCellRole> = {
  apm_id: 'apmId',
  apm_entity_id: 'entityId',
  npi: 'npi',
  tin: 'tin',
  ccn: 'ccn',
  list_type: 'code',
  participant_type: 'code',
  start_date: 'date',
  end_date: 'date',
};

/** The first row that ends at or after `offset` (rowCount when none does). */
function firstRowEndingAtOrAfter(table: ListTable, offset: number): number {
  let lo = 0;
  let hi = table.rowCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table.rowEnd(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every non-empty cell with its column's role, in document order, up to `maxTokens`; only the cells that end after
 * `from` and start before `to` when a range is given.
 */
export function csvCellTokens(text: string, maxTokens: number, from = 0, to = text.length): CellToken[] {
  // A JSON list's cells are not in document order row by row; its tokens are JSON's.
  if (isJsonList(text)) return [];
  const table = parseCsv(text);
  if (table.rowCount === 0) return [];
  const roles: CsvCellRole[] = [];
  const columns = table.fieldsInRow(0);
  for (let c = 0; c < columns && c < maxTokens; c++)
    roles.push(ROLE_OF_COLUMN[normalizeHeader(table.value(0, c))] ?? 'unknown');
  const tokens: CellToken[] = [];
  for (
    let r = firstRowEndingAtOrAfter(table, from);
    r < table.rowCount && tokens.length < maxTokens && table.rowStart(r) < to;
    r++
  ) {
    for (let c = 0; c < table.fieldsInRow(r) && tokens.length < maxTokens; c++) {
      const start = table.fieldStart(r, c);
      const end = table.fieldEnd(r, c);
      if (end <= start || end <= from || start >= to) continue;
      tokens.push({ start, length: end - start, role: r === 0 ? 'header' : (roles[c] ?? 'unknown') });
    }
  }
  return tokens;
}
