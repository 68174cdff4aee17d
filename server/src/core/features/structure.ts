// Document outline, inlay hints, code lenses and CSV cell roles, as plain data with offsets.
import type { Node as JsonNode } from 'jsonc-parser';
import { normalizeHeader } from '../csv/list';
import { parseCsv, type ListTable } from '../csv/parse';
import { isJsonList, listTable } from '../csv/jsonRows';
import { parseEntityFile, type RatioModel } from '../entity/model';
import { maskStrings, maskTinShaped } from '../privacy';
import { formatPercent } from '../text';
import type { EntityDetermination } from '../types';
import { knownColumns } from './listHover';
import { MIPS_STATUS_LABEL, QP_STATUS_LABEL } from '../statusText';
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
export function listSymbols(text: string): OutlineSymbol[] {
  return maskStrings(listOutline(text));
}

/**
 * One symbol per entity id rather than per row, so a 100,000-row list stays navigable; at most MAX_OUTLINE_SYMBOLS in
 * all, the columns and ids beyond that each folded into one "… N more" symbol.
 */
function listOutline(text: string): OutlineSymbol[] {
  const table = listTable(text);
  if (table.rowCount === 0) return [];
  const symbols: OutlineSymbol[] = [];
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
  let left = MAX_OUTLINE_SYMBOLS - 1;
  const columns = table.fieldsInRow(0);
  // Half the budget at most for the columns, so a wide header does not crowd the entity ids out.
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
  left -= shownColumns;
  if (shownColumns < columns)
    header.children.push(moreSymbol(columns - shownColumns, 'columns', table.fieldStart(0, shownColumns), headerEnd));
  symbols.push(header);
  const entityColumn = knownColumns(table).apm_entity_id;
  if (entityColumn === undefined) return symbols;
  const groups = new Map<string, { first: number; last: number; rows: number }>();
  for (let r = 1; r < table.rowCount; r++) {
    if (entityColumn >= table.fieldsInRow(r)) continue;
    const id = table.value(r, entityColumn);
    if (id === '') continue;
    const group = groups.get(id);
    if (group) {
      group.last = r;
      group.rows++;
    } else groups.set(id, { first: r, last: r, rows: 1 });
  }
  let shownGroups = 0;
  let firstLeftOut = -1;
  for (const [id, group] of groups) {
    const start = table.rowStart(group.first);
    if (shownGroups === left) {
      firstLeftOut = start;
      break;
    }
    shownGroups++;
    const firstEnd = table.rowEnd(group.first);
    symbols.push({
      name: shortText(id),
      detail: `${group.rows} row${group.rows === 1 ? '' : 's'}`,
      kind: 'object',
      start,
      end: Math.max(firstEnd, table.rowEnd(group.last)),
      selectionStart: start,
      selectionEnd: firstEnd,
      children: [],
    });
  }
  if (firstLeftOut >= 0)
    symbols.push(
      moreSymbol(groups.size - shownGroups, 'APM Entity ids', firstLeftOut, table.rowEnd(table.rowCount - 1)),
    );
  return symbols;
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
