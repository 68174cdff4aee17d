// Document outline, inlay hints, code lenses and CSV cell roles, as plain data with offsets.
import type { Node as JsonNode } from 'jsonc-parser';
import { normalizeHeader } from '../csv/list';
import { parseCsv } from '../csv/parse';
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

/** Array items that are objects are named by their most telling property. */
function itemName(item: JsonNode, index: number): string {
  for (const property of ['date', 'start', 'id']) {
    const match = item.children?.find((p) => p.children?.[0]?.value === property);
    const value = match?.children?.[1]?.value;
    if (typeof value === 'string') return value;
  }
  return String(index + 1);
}

function symbolOf(name: string, valueNode: JsonNode, whole: { start: number; end: number }, selection: { start: number; end: number }): OutlineSymbol {
  const kind: SymbolKind = valueNode.type === 'property' ? 'object' : valueNode.type;
  const symbol: OutlineSymbol = { name, kind, start: whole.start, end: whole.end, selectionStart: selection.start, selectionEnd: selection.end, children: [] };
  if (valueNode.type === 'object') {
    for (const property of valueNode.children ?? []) {
      const [keyNode, child] = property.children ?? [];
      if (!keyNode || !child) continue;
      symbol.children.push(
        symbolOf(String(keyNode.value), child, { start: property.offset, end: property.offset + property.length }, { start: keyNode.offset, end: keyNode.offset + keyNode.length }),
      );
    }
  } else if (valueNode.type === 'array') {
    (valueNode.children ?? []).forEach((item, index) => {
      const span = { start: item.offset, end: item.offset + item.length };
      symbol.children.push(symbolOf(item.type === 'object' ? itemName(item, index) : String(item.value ?? index + 1), item, span, span));
    });
  } else {
    symbol.detail = String(valueNode.value);
  }
  return symbol;
}

/** The outline names keys and values of the file, so TIN-shaped runs in them are masked. */
export function entitySymbols(text: string): OutlineSymbol[] {
  const { model } = parseEntityFile(text);
  const root = model.root;
  if (!root || root.type !== 'object') return [];
  return maskStrings(symbolOf('entity', root, { start: root.offset, end: root.offset + root.length }, { start: root.offset, end: root.offset + 1 }).children);
}

/** The header and one symbol per APM Entity id (at its first row); header names and ids are masked. */
export function listSymbols(text: string): OutlineSymbol[] {
  return maskStrings(listOutline(text));
}

/** One symbol per entity id rather than per row, so a 100,000-row list stays navigable. */
function listOutline(text: string): OutlineSymbol[] {
  const table = parseCsv(text);
  if (table.rowCount === 0) return [];
  const symbols: OutlineSymbol[] = [];
  const headerStart = table.rowStart(0);
  const headerEnd = table.rowEnd(0);
  const header: OutlineSymbol = { name: 'header', kind: 'namespace', start: headerStart, end: headerEnd, selectionStart: headerStart, selectionEnd: headerEnd, children: [] };
  for (let c = 0; c < table.fieldsInRow(0); c++) {
    const s = table.fieldStart(0, c);
    const e = table.fieldEnd(0, c);
    header.children.push({ name: table.value(0, c) || `column ${c + 1}`, kind: 'field', start: s, end: e, selectionStart: s, selectionEnd: e, children: [] });
  }
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
  for (const [id, group] of groups) {
    const start = table.rowStart(group.first);
    const firstEnd = table.rowEnd(group.first);
    symbols.push({ name: id, detail: `${group.rows} row${group.rows === 1 ? '' : 's'}`, kind: 'object', start, end: Math.max(firstEnd, table.rowEnd(group.last)), selectionStart: start, selectionEnd: firstEnd, children: [] });
  }
  return symbols;
}

export interface InlayHintData {
  offset: number;
  label: string;
  tooltip: string;
}

/** A percentage after every ratio object ({numerator, denominator}) of the QP snapshots. */
export function entityInlayHints(text: string, rangeStart: number, rangeEnd: number): InlayHintData[] {
  const { model } = parseEntityFile(text);
  const hints: InlayHintData[] = [];
  const add = (ratio: RatioModel | null, what: string): void => {
    if (!ratio?.numerator || !ratio.denominator || ratio.denominator.value <= 0) return;
    if (ratio.end < rangeStart || ratio.end > rangeEnd) return;
    hints.push({ offset: ratio.end, label: ` = ${formatPercent(ratio.numerator.value, ratio.denominator.value)}`, tooltip: `${what} threshold score` });
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
      title: `${determination.entityId} PY${determination.performanceYear} (payment year ${determination.paymentYear}): MIPS ${MIPS_STATUS_LABEL[determination.mips.status]}` +
        ` · APP ${determination.app.available ? (determination.app.required ? 'required' : 'available') : 'not available'}` +
        ` · EUC ${determination.euc.status.replace(/-/g, ' ')}`,
    },
  ];
  const lvt = determination.lowVolume;
  if (lvt && model.lowVolume) {
    lenses.push({ offset: model.lowVolume.key.start, title: `Low-volume threshold: ${lvt.status}${lvt.optInEligible ? ', opt-in eligible' : ''}${lvt.election !== 'none' ? ` (election: ${lvt.election})` : ''}` });
  }
  const qp = determination.qp;
  if (qp && model.qp) {
    const where = qp.snapshot ? ` at ${longDate(qp.snapshot)}` : '';
    const how = qp.method ? ` by ${qp.method}${qp.option === 'all-payer' ? ' (All-Payer)' : ''}` : '';
    lenses.push({ offset: model.qp.key.start, title: `QP status: ${QP_STATUS_LABEL[qp.status]}${where}${how}${qp.provisional ? ' (provisional thresholds)' : ''}` });
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

/** Every non-empty cell with its column's role, in document order, up to `maxTokens`. */
export function csvCellTokens(text: string, maxTokens: number): CellToken[] {
  const table = parseCsv(text);
  if (table.rowCount === 0) return [];
  const roles: CsvCellRole[] = [];
  for (let c = 0; c < table.fieldsInRow(0); c++) roles.push(ROLE_OF_COLUMN[normalizeHeader(table.value(0, c))] ?? 'unknown');
  const tokens: CellToken[] = [];
  for (let r = 0; r < table.rowCount && tokens.length < maxTokens; r++) {
    for (let c = 0; c < table.fieldsInRow(r); c++) {
      const start = table.fieldStart(r, c);
      const end = table.fieldEnd(r, c);
      if (end <= start) continue;
      tokens.push({ start, length: end - start, role: r === 0 ? 'header' : roles[c] ?? 'unknown' });
    }
  }
  return tokens;
}
