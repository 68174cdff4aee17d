// Participation list (SPEC §2.1): header mapping, per-cell checks, and the membership rows that
// the cross-file rules use.
import { entityIdMatches, findApm } from '../data';
import { parseDate } from '../dates';
import { FindingSink } from '../findings';
import { checkCcn, checkNpi, checkTin, maskTin } from '../identifiers';
import { NpiTable, npiNumber } from './npiTable';
import { lineEndFrom, parseCsv, type CsvTable } from './parse';

export const LIST_COLUMNS = ['apm_id', 'apm_entity_id', 'tin', 'npi', 'ccn', 'list_type', 'participant_type', 'start_date', 'end_date'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ListColumn[] = ['apm_entity_id', 'tin', 'npi'];

export const COLUMN_DESCRIPTIONS: Record<ListColumn, string> = {
  apm_id: 'APM (model) id from the APM catalog, e.g. SSP; must agree with the entity file',
  apm_entity_id: 'APM Entity id, e.g. A1234 for a Shared Savings Program ACO (required)',
  tin: 'Taxpayer Identification Number, 9 digits; may be an EIN or an SSN (required, sensitive)',
  npi: 'National Provider Identifier, 10 digits with a Luhn check digit (required)',
  ccn: 'CMS Certification Number, 6 characters (facility participants)',
  list_type: 'participation (default) or affiliated (Affiliated Practitioner List)',
  participant_type: 'free text, e.g. clinician, FQHC, RHC, CAH',
  start_date: 'YYYY-MM-DD or MM/DD/YYYY; empty = from the start of the performance year',
  end_date: 'YYYY-MM-DD or MM/DD/YYYY; empty = to the end of the performance year',
};

function hyphenDeletions(text: string, start: number, end: number): { start: number; end: number; text: string }[] {
  const edits = [];
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 45) edits.push({ start: i, end: i + 1, text: '' });
  return edits;
}

/** Header names match case-insensitively with spaces, '-' and '_' alike. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s\-_]+/g, '_');
}

export interface MembershipRow {
  /** Record index in the table (the header is record 0). */
  row: number;
  apmId: string | null;
  entityId: string;
  tin: string;
  npi: string;
  affiliated: boolean;
  /** Day numbers; null = open (start / end of the performance year). */
  startDay: number | null;
  endDay: number | null;
}

export interface ParsedList {
  table: CsvTable;
  /** Column index of each known column, or -1. */
  columns: Record<ListColumn, number>;
  rows: MembershipRow[];
  findings: FindingSink;
}

export function parseParticipationList(text: string, maxFindings = Number.POSITIVE_INFINITY): ParsedList {
  const table = parseCsv(text);
  const sink = new FindingSink(maxFindings);
  const columns = Object.fromEntries(LIST_COLUMNS.map((c) => [c, -1])) as Record<ListColumn, number>;
  const rows: MembershipRow[] = [];
  for (const e of table.errors) sink.add('CSV001', e.start, e.end, e.message);
  if (table.rowCount === 0) {
    sink.add('CSV003', 0, 0, `The list is empty: it needs a header row with at least ${REQUIRED_COLUMNS.join(', ')}`);
    return { table, columns, rows, findings: sink };
  }

  const headerFields = table.fieldsInRow(0);
  for (let c = 0; c < headerFields; c++) {
    const name = normalizeHeader(table.value(0, c));
    const s = table.fieldStart(0, c);
    const e = table.fieldEnd(0, c);
    if ((LIST_COLUMNS as readonly string[]).includes(name)) {
      const col = name as ListColumn;
      if (columns[col] >= 0) sink.add('CSV009', s, e, `Column "${name}" appears twice; only the first one is read`);
      else columns[col] = c;
    } else {
      sink.add('CSV004', s, e, `Unknown column "${table.value(0, c)}"; known columns: ${LIST_COLUMNS.join(', ')}`);
    }
  }
  const headerEnd = table.rowEnd(0);
  for (const col of REQUIRED_COLUMNS) {
    if (columns[col] < 0) {
      sink.add('CSV003', table.rowStart(0), headerEnd, `Required column "${col}" is missing from the header`, {
        column: col,
        fixes: [{ title: `Add column "${col}"`, edits: [{ start: headerEnd, end: headerEnd, text: `,${col}` }] }],
      });
    }
  }

  // Duplicate detection keyed by NPI (almost always unique), comparing the other key fields only on a hit:
  // the table holds the newest row of each NPI, `earlierOfSameNpi` chains back through older ones.
  const byNpi = new NpiTable();
  const earlierOfSameNpi: number[] = [];
  // Lists repeat the same APM, entity id and dates row after row: remember the last answer.
  let lastApmRaw: string | null = null;
  let lastApm: ReturnType<typeof findApm>;
  let lastPatternKey = '';
  let lastPatternOk = true;
  const dayCache = new Map<string, number | null>();
  const get = (row: number, col: ListColumn): string => (columns[col] >= 0 ? table.value(row, columns[col]) : '');
  for (let r = 1; r < table.rowCount; r++) {
    const fields = table.fieldsInRow(r);
    // The record an unterminated quote swallowed is already reported as CSV001.
    if (table.truncatedAt !== null && r === table.rowCount - 1) continue;
    if (fields !== headerFields) {
      // Misaligned cells would only produce noise: report the row once and skip its cells.
      const s = table.rowStart(r);
      sink.add('CSV002', s, lineEndFrom(text, s), `Row has ${fields} field${fields === 1 ? '' : 's'} but the header has ${headerFields}`);
      continue;
    }
    const cell = (col: ListColumn): [number, number] => [table.fieldStart(r, columns[col]), table.fieldEnd(r, columns[col])];
    let valid = true;

    const entityId = get(r, 'apm_entity_id');
    if (columns.apm_entity_id >= 0 && entityId === '') {
      sink.add('CSV007', ...cell('apm_entity_id'), 'apm_entity_id is empty');
      valid = false;
    }

    let apmId: string | null = null;
    const rawApm = get(r, 'apm_id');
    if (rawApm !== '') {
      if (rawApm !== lastApmRaw) {
        lastApmRaw = rawApm;
        lastApm = findApm(rawApm);
      }
      const apm = lastApm;
      if (!apm) sink.add('ID031', ...cell('apm_id'), `APM id "${rawApm}" is not in the APM catalog`);
      else {
        apmId = apm.id;
        const patternKey = `${apm.id}|${entityId}`;
        if (patternKey !== lastPatternKey) {
          lastPatternKey = patternKey;
          lastPatternOk = entityId === '' || entityIdMatches(apm, entityId);
        }
        if (!lastPatternOk) {
          sink.add('ID030', ...cell('apm_entity_id'), `APM Entity id "${entityId}" does not match the ${apm.name} pattern (e.g. ${apm.entityIdExample})`);
        }
      }
    }

    const rawTin = get(r, 'tin');
    let tin = '';
    if (columns.tin >= 0) {
      if (rawTin === '') {
        sink.add('CSV007', ...cell('tin'), 'TIN is empty');
        valid = false;
      } else {
        const t = checkTin(rawTin);
        if (t.normalized === null) {
          sink.add('ID010', ...cell('tin'), `TIN ${maskTin(rawTin)} is not 9 digits`);
          valid = false;
        } else {
          tin = t.normalized;
          if (t.hyphenated) {
            const [s, e] = cell('tin');
            sink.add('ID012', s, e, `TIN ${maskTin(tin)} is written with a hyphen; lists use the 9 digits`, {
              // Delete the hyphens rather than write the digits: the fix then never carries a TIN (it travels in
              // Diagnostic.data with every publish).
              fixes: [{ title: 'Normalise TIN to 9 digits', edits: hyphenDeletions(text, s, e) }],
            });
          }
          if (!t.einPrefix) sink.add('ID011', ...cell('tin'), `TIN ${maskTin(tin)} does not start with a valid IRS EIN prefix; it may be an SSN`);
        }
      }
    }

    const npi = get(r, 'npi');
    if (columns.npi >= 0) {
      if (npi === '') {
        sink.add('CSV007', ...cell('npi'), 'NPI is empty');
        valid = false;
      } else {
        const problem = checkNpi(npi);
        if (problem === 'ID001') sink.add('ID001', ...cell('npi'), `NPI "${npi}" is not 10 digits`);
        else if (problem === 'ID002') sink.add('ID002', ...cell('npi'), `NPI ${npi} fails the Luhn check digit (with the 80840 prefix)`);
        else if (problem === 'ID003') sink.add('ID003', ...cell('npi'), `NPI ${npi} does not start with 1 or 2`);
        if (problem === 'ID001' || problem === 'ID002') valid = false;
      }
    }

    const ccn = get(r, 'ccn');
    if (ccn !== '' && !checkCcn(ccn)) sink.add('ID020', ...cell('ccn'), `CCN "${ccn}" is not 2 digits of state code and 4 characters (e.g. 051300)`);

    let affiliated = false;
    const listType = get(r, 'list_type').toLowerCase();
    if (listType === 'affiliated') affiliated = true;
    else if (listType !== '' && listType !== 'participation') {
      sink.add('CSV008', ...cell('list_type'), `list_type "${get(r, 'list_type')}" must be participation or affiliated`);
    }

    const day = (col: 'start_date' | 'end_date'): number | null | undefined => {
      const raw = get(r, col);
      if (raw === '') return null;
      let d = dayCache.get(raw);
      if (d === undefined) {
        d = parseDate(raw);
        if (dayCache.size < 4096) dayCache.set(raw, d);
      }
      if (d === null) {
        sink.add('CSV006', ...cell(col), `${col} "${raw}" is not a valid date (YYYY-MM-DD or MM/DD/YYYY)`);
        return undefined;
      }
      return d;
    };
    const startDay = day('start_date');
    const endDay = day('end_date');
    if (startDay === undefined || endDay === undefined) valid = false;
    else if (startDay !== null && endDay !== null && endDay < startDay) {
      sink.add('CSV006', ...cell('end_date'), `end_date ${get(r, 'end_date')} is before start_date ${get(r, 'start_date')}`);
      valid = false;
    }

    if (!valid || columns.apm_entity_id < 0 || columns.tin < 0 || columns.npi < 0) continue;
    const member: MembershipRow = { row: r, apmId, entityId, tin, npi, affiliated, startDay: startDay as number | null, endDay: endDay as number | null };
    const npiKey = npiNumber(npi);
    const newest = byNpi.get(npiKey);
    let first: MembershipRow | undefined;
    for (let j = newest; j >= 0 && !first; j = earlierOfSameNpi[j]) if (sameMembership(rows[j], member)) first = rows[j];
    if (first) {
      sink.add('CSV005', ...cell('npi'), `Duplicate of row ${first.row + 1}: same APM, entity, TIN, NPI, list and dates`, {
        duplicateOfRecord: first.row,
      });
      continue;
    }
    byNpi.set(npiKey, rows.length);
    earlierOfSameNpi.push(newest);
    rows.push(member);
  }
  return { table, columns, rows, findings: sink };
}

function sameMembership(a: MembershipRow, b: MembershipRow): boolean {
  return a.apmId === b.apmId && a.entityId === b.entityId && a.tin === b.tin && a.affiliated === b.affiliated && a.startDay === b.startDay && a.endDay === b.endDay;
}
