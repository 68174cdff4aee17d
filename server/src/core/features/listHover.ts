// Hover text for participation list cells: headers, NPIs (the clinician across the workspace), TINs (masked unless
// revealed), dates against the snapshots of the entity's performance year.
import {
  COLUMN_DESCRIPTIONS,
  LIST_COLUMNS,
  mapHeader,
  normalizeHeader,
  type ColumnNames,
  type ListColumn,
} from '../csv/list';
import type { ListTable } from '../csv/parse';
import { listTable } from '../csv/jsonRows';
import { findApm, paymentYearOf, snapshotDates } from '../data';
import { isoDate, parseDate } from '../dates';
import { checkNpi, checkTin, maskTin } from '../identifiers';
import { shownText } from '../privacy';
import { QP_STATUS_LABEL } from '../statusText';
import { escapeMarkdown } from '../text';
import type { ClinicianSummary } from '../types';
import type { HoverResult } from './entityHover';

export interface ListHoverContext {
  revealTins: boolean;
  /** Every (NPI, TIN) summary of the workspace for this NPI. */
  cliniciansWithNpi(npi: string): ClinicianSummary[];
  /** Performance year of the entity file for this APM Entity id, if the workspace has one. */
  performanceYearOf(entityId: string): number | null;
  /** The user's header names (`.qpp-lens.json` "columns"). */
  columnNames?: ColumnNames;
  /** False while the workspace has not been checked across files yet: then no clinician is known on any list. */
  workspaceChecked?: boolean;
}

export interface CellLocation {
  table: ListTable;
  row: number;
  column: number;
  /**
   * The list column the cell is in, by its header (`npi` for a cell under `ORG_NPI`); the normalised header name
   * when the header names no column; '' when the row is wider than the header.
   */
  header: string;
}

export function cellAt(text: string, offset: number, columnNames?: ColumnNames): CellLocation | null {
  const table = listTable(text);
  const row = table.rowAt(offset);
  if (row < 0) return null;
  const column = table.columnAt(row, offset);
  if (column < 0) return null;
  const header = column < table.fieldsInRow(0) ? columnOfCell(table, column, columnNames) : '';
  return { table, row, column, header };
}

/** The list column header cell `column` is read as, else its normalised name. */
function columnOfCell(table: ListTable, column: number, columnNames?: ColumnNames): string {
  const known = knownColumns(table, columnNames);
  const read = LIST_COLUMNS.find((c) => known[c] === column);
  return read ?? normalizeHeader(table.value(0, column));
}

/** Column index of each known column in the header row (as the list check maps it). */
export function knownColumns(table: ListTable, columnNames?: ColumnNames): Partial<Record<ListColumn, number>> {
  const columns: Partial<Record<ListColumn, number>> = {};
  if (table.rowCount === 0) return columns;
  const raws = Array.from({ length: table.fieldsInRow(0) }, (_, c) => table.value(0, c));
  const mapped = mapHeader(raws, columnNames).columns;
  for (const c of LIST_COLUMNS) if (mapped[c] >= 0) columns[c] = mapped[c];
  return columns;
}

export function listHover(context: ListHoverContext, text: string, offset: number): HoverResult | null {
  const cell = cellAt(text, offset, context.columnNames);
  if (!cell) return null;
  const { table, row, column } = cell;
  const lines = row === 0 ? headerHoverLines(cell) : cellHoverLines(context, cell);
  if (!lines) return null;
  return {
    markdown: shownText(lines.filter(Boolean).join('\n\n'), context.revealTins),
    start: table.fieldStart(row, column),
    end: table.fieldEnd(row, column),
  };
}

type HoveredCell = NonNullable<ReturnType<typeof cellAt>>;

/** A header cell: the column it is read as, or that it is not read. */
function headerHoverLines({ table, column, header }: HoveredCell): string[] {
  const description = (COLUMN_DESCRIPTIONS as Record<string, string>)[header];
  const raw = table.value(0, column);
  const readAs = normalizeHeader(raw) === header ? '' : ` (read from \`${escapeMarkdown(raw)}\`)`;
  return description
    ? [`**Column \`${header}\`**${readAs}`, escapeMarkdown(description)]
    : [
        `**Column not read** \`${escapeMarkdown(raw)}\``,
        `Its values are ignored. Columns read: ${LIST_COLUMNS.join(', ')}; other names for them in \`.qpp-lens.json\` "columns".`,
      ];
}

/** A row's cell, by the column it is in; null for a column nothing explains. */
function cellHoverLines(context: ListHoverContext, { table, row, column, header }: HoveredCell): string[] | null {
  const columns = knownColumns(table, context.columnNames);
  const valueIn = (name: ListColumn): string =>
    columns[name] !== undefined && columns[name]! < table.fieldsInRow(row) ? table.value(row, columns[name]!) : '';
  const value = table.value(row, column);
  const entityId = valueIn('apm_entity_id');
  const py = entityId ? context.performanceYearOf(entityId) : null;
  switch (header) {
    case 'npi':
      return npiHover(context, value, valueIn('start_date'), valueIn('end_date'), valueIn('list_type'), py);
    case 'tin':
      return tinHoverLines(value, context.revealTins);
    case 'start_date':
    case 'end_date':
      return dateHover(header, value, py);
    case 'apm_id': {
      const apm = findApm(value);
      return [
        apm
          ? `**${escapeMarkdown(apm.name)}** (\`${apm.id}\`)`
          : `**APM id** \`${escapeMarkdown(value)}\` is not in the APM catalog.`,
      ];
    }
    case 'apm_entity_id':
      return [
        `**APM Entity** \`${escapeMarkdown(value)}\``,
        py !== null
          ? `Entity file in the workspace: performance year ${py}, MIPS payment year ${paymentYearOf(py)}.`
          : 'No entity file in the workspace has this id.',
      ];
    case 'list_type':
      return [
        '**List type**',
        "`participation` (default): the Participation List, counted for QP. `affiliated`: the Affiliated Practitioner List, not in the entity's QP group.",
      ];
    default:
      return null;
  }
}

/** A TIN, masked unless revealed, and whether its prefix is an IRS EIN prefix (else it may be an SSN). */
function tinHoverLines(value: string, revealTins: boolean): string[] {
  const check = checkTin(value);
  const shown = revealTins ? escapeMarkdown(check.normalized ?? value) : maskTin(value);
  return [
    `**TIN** ${shown}`,
    check.normalized === null
      ? 'Not 9 digits.'
      : check.einPrefix
        ? 'Starts with a valid IRS EIN prefix.'
        : 'Does not start with a valid IRS EIN prefix: it may be an SSN.',
    revealTins ? '' : 'TINs are masked (setting `qpp.revealTins`).',
  ];
}

function npiHover(
  context: ListHoverContext,
  npi: string,
  start: string,
  end: string,
  listType: string,
  py: number | null,
): string[] {
  const lines = [`**NPI** ${escapeMarkdown(npi)}`];
  const problem = checkNpi(npi);
  if (problem === 'ID001') lines.push('Not 10 digits.');
  else if (problem === 'ID002') lines.push('Check digit is wrong (Luhn over 80840 + the first 9 digits).');
  else if (problem === 'ID003') lines.push('Does not start with 1 or 2.');
  if (py !== null) {
    const startDay = start ? parseDate(start) : null;
    const endDay = end ? parseDate(end) : null;
    const onList = snapshotDates(py).map((snapshot) => {
      const day = parseDate(snapshot.date)!;
      const member = (startDay === null || startDay <= day) && (endDay === null || day <= endDay);
      return `${snapshot.label}: ${member ? 'on the list' : 'not on the list'}`;
    });
    lines.push(
      `This row, PY${py} snapshots: ${onList.join('; ')}.${listType.toLowerCase() === 'affiliated' ? ' (Affiliated Practitioner List: not in the QP group.)' : ''}`,
    );
  }
  const summaries = context.cliniciansWithNpi(npi);
  for (const summary of summaries) {
    const tin = context.revealTins ? summary.tin : maskTin(summary.tin);
    const qp =
      summary.qp.status === 'qp' || summary.qp.status === 'partial-qp'
        ? `${QP_STATUS_LABEL[summary.qp.status]} through ${escapeMarkdown(summary.qp.entityId ?? '')} at ${summary.qp.snapshot ?? ''}${summary.qp.level ? `, decided at the ${summary.qp.level === 'individual' ? 'individual' : 'APM Entity group'} level (${summary.qp.rule})` : ''}`
        : QP_STATUS_LABEL[summary.qp.status];
    lines.push(
      `TIN ${tin}: entities ${summary.entities.map(escapeMarkdown).join(', ') || 'none'}; QP status: ${qp}; APP ${summary.appAvailable ? 'available' : 'not available'}.`,
    );
  }
  if (summaries.length === 0)
    lines.push(
      context.workspaceChecked === false
        ? 'The workspace is still being checked: where else this clinician is listed is not known yet.'
        : 'Not on any list in the workspace.',
    );
  return lines;
}

function dateHover(header: 'start_date' | 'end_date', value: string, py: number | null): string[] {
  const label = header === 'start_date' ? 'Start date' : 'End date';
  if (value === '')
    return [
      `**${label}** empty: ${header === 'start_date' ? 'from the start' : 'to the end'} of the performance year.`,
    ];
  if (header === 'end_date' && (value.trim() === '12/31/9999' || value.trim() === '9999-12-31'))
    return [
      `**${label}** ${escapeMarkdown(value.trim())}: no end (currently participating), to the end of the performance year.`,
    ];
  const day = parseDate(value);
  if (day === null) return [`**${label}** \`${escapeMarkdown(value)}\` is not a valid YYYY-MM-DD or M/D/YYYY date.`];
  const lines = [`**${label}** ${isoDate(day)}`];
  if (py !== null) {
    const snapshots = snapshotDates(py).filter((s) =>
      header === 'start_date' ? parseDate(s.date)! >= day : parseDate(s.date)! <= day,
    );
    lines.push(
      snapshots.length > 0
        ? `PY${py} snapshots ${header === 'start_date' ? 'on or after' : 'on or before'} this date: ${snapshots.map((s) => s.label).join(', ')}.`
        : `No PY${py} snapshot falls ${header === 'start_date' ? 'on or after' : 'on or before'} this date.`,
    );
  }
  return lines;
}
