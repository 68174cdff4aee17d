// Participation list (docs/file-formats.md#participation-lists): header mapping, per-cell checks, and the membership rows that
// the cross-file rules use. One record at a time, straight from the scanner's field offsets: a cell is
// sliced into a string only for a message, so whole lists and streamed chunks go through the same code.
import { entityIdMatches, findApm, type ApmCatalogEntry } from '../data';
import { parseTrimmedDateAt } from '../dates';
import { asciiCodes } from '../charCodes';
import { detachedSlice } from '../text';
import { FindingSink } from '../findings';
import type { Finding } from '../types';
import { QUOTE_LIMIT, QUOTE_SLICE, quoteUserText } from '../privacy';
import { BAD_CHECK_DIGIT, ccnValidAt, hasEinPrefix, maskTin, NOT_TEN_DIGITS, npiFirstDigitValid, npiKeyAt, tinDigitsAt, tinHyphenated, tinString } from '../identifiers';
import { SpanInterner, spanEquals } from './interner';
import { bodyStart, CsvRecordScanner, firstLineBreak, grown, lineEndFrom, MAX_RECORD_CHARS, parseCsv, type CsvTable } from './parse';
import { MembershipRows, type StoredCell } from './rows';

export type { MembershipRow } from './rows';

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

/** Header names match case-insensitively with spaces, '-' and '_' alike. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s\-_]+/g, '_');
}

/** What updateParticipationList needs of a list checked from its whole text. */
export interface UpdateBasis {
  /** Where each record starts, the header's included. */
  recordStarts: Int32Array;
  /** Fields in the header (a quoted header field may span lines, so it is kept, not found again). */
  headerFields: number;
  /** The membership rows taken out as duplicates. */
  duplicateRows: MembershipRows;
  entityIds: SpanInterner;
}

/** A checked participation list. */
export class ParsedList {
  private parsedTable: CsvTable | null = null;

  constructor(
    /** The list's text; null when it was streamed (too large to hold). */
    readonly text: string | null,
    /** Column index of each known column, or -1. */
    readonly columns: Record<ListColumn, number>,
    readonly rows: MembershipRows,
    readonly findings: FindingSink,
    /** Lists checked from their whole text: what an update after an edit starts from. */
    readonly updateBasis: UpdateBasis | null = null,
  ) {}

  /** Every record's fields, parsed again on first use (hovers and tests; the checks do not need it). */
  get table(): CsvTable | null {
    if (!this.parsedTable && this.text !== null) this.parsedTable = parseCsv(this.text);
    return this.parsedTable;
  }
}

/** The cells findings about a membership row point at. */
export type MembershipCell = StoredCell;

/** Start and end of a membership row's cell: found again in the text, or stored for a streamed list. */
export function cellRange(list: ParsedList, index: number, column: MembershipCell): [number, number] {
  return cellOfRow(list.text, list.columns, list.rows, index, column);
}

const cellScanner = new CsvRecordScanner();

function cellOfRow(text: string | null, columns: Record<ListColumn, number>, rows: MembershipRows, index: number, column: MembershipCell): [number, number] {
  if (text === null) return rows.storedCell(index, column);
  cellScanner.recordAt(text, rows.recordStart(index));
  const col = columns[column];
  return [cellScanner.starts[col], cellScanner.ends[col]];
}

export function parseParticipationList(text: string, maxFindings = Number.POSITIVE_INFINITY): ParsedList & { table: CsvTable; text: string } {
  const validator = new ListValidator({ maxFindings, expectedRows: estimatedRows(text), textKept: true });
  validator.push(text, true);
  return validator.result(text) as ParsedList & { table: CsvTable; text: string };
}

/**
 * Rows a list will have, from the line length of its first 64 KB and a margin: the row storage is sized once
 * (growing copies it) and not far beyond the need (a million-row list is 32 MB of rows, and freshly touched
 * memory costs page faults).
 */
function estimatedRows(text: string): number {
  const sampleEnd = Math.min(text.length, ROW_SAMPLE_CHARS);
  let lines = 1;
  for (let lf = text.indexOf('\n'); lf >= 0 && lf < sampleEnd; lf = text.indexOf('\n', lf + 1)) lines++;
  return Math.ceil((text.length / sampleEnd) * lines * 1.1) + 16;
}

const ROW_SAMPLE_CHARS = 65_536;

export interface ListValidatorOptions {
  maxFindings?: number;
  /** Rows to size the tables for (an estimate; they grow when it is short). */
  expectedRows?: number;
  /**
   * The whole text comes in one push(text, true), and the caller keeps it and gives it to result(): cells are
   * found again there, not stored per row.
   */
  textKept?: boolean;
  /**
   * Streaming use: which valid rows to keep as membership rows (the rest are checked and dropped).
   * A row must be kept when another row may share its NPI, or duplicates would go unseen.
   */
  keepRow?: (npiKey: number, entityId: string, firstOfEntity: boolean) => boolean;
}

const NO_APM = -1;
/** Enough of a one-field header to find column names separated by tabs. */
const MAX_TAB_SEPARATED_HEADER = 4096;

/** Whether column `col` is present and its value not empty, given the record's value spans. */
function hasValueIn(valueStarts: Int32Array, valueEnds: Int32Array, col: number): boolean {
  return col >= 0 && valueEnds[col] > valueStarts[col];
}

const AFFILIATED = asciiCodes('affiliated');
const PARTICIPATION = asciiCodes('participation');

/** Duplicate rows (CSV005): the one finding known only once the whole list is in. */
export const DUPLICATE_CODE = 'CSV005';

/** What ListValidator.recheck found: the records it checked, and the old record from which nothing changed. */
export interface RecheckedRecords {
  starts: number[];
  /** Index of the first old record that follows unchanged (the old record count when none does). */
  resumesAt: number;
  findings: readonly Finding[];
  rows: MembershipRows;
}

/**
 * Checks a participation list record by record. Text arrives whole (`push(text, true)`) or in chunks
 * (`push(chunk)` … `push('', true)`); offsets in findings always count from the start of the list.
 */
export class ListValidator {
  readonly findings: FindingSink;
  readonly columns = Object.fromEntries(LIST_COLUMNS.map((c) => [c, -1])) as Record<ListColumn, number>;
  rows: MembershipRows;
  private readonly scanner = new CsvRecordScanner();
  private readonly keepRow: ListValidatorOptions['keepRow'];
  /** Text not yet scanned (the start of an incomplete record, then the chunks after it) and its offset in the list. */
  private pending: string[] = [];
  private pendingLength = 0;
  /**
   * pendingLength at which the incomplete record is scanned again: twice its length when last scanned, so a record
   * that spans many chunks is scanned a few times in all, not once per chunk (quadratic in its length).
   */
  private rescanAt = 0;
  /** The text ended inside an overlong record: what comes next is skipped up to its first line break. */
  private inOverlongRecord = false;
  private base = 0;
  private headerUnreadable = false;
  private started = false;
  private records = 0;
  private headerFields = 0;
  private missingRequired = false;
  private entityIds = new SpanInterner();
  /** textKept: where each record starts (for updates after an edit). */
  private recordStarts: Int32Array | null;
  /** textKept: the membership rows taken out as duplicates. */
  private duplicateRows: MembershipRows | null = null;
  // Per entity id (typed arrays: JS arrays made fresh per list changed element kinds under optimized code, which
  // then deoptimized once per list): whether it has a membership row yet (the first one carries XF004), and
  // the APM its pattern was last checked against (index + 1; 0 = none) and the answer.
  private entityHasMember = new Uint8Array(64);
  private patternCheckedFor = new Int32Array(64);
  private patternOk = new Uint8Array(64);
  private readonly apmIndex = new Map<string, number>();
  // Lists repeat the same APM row after row: the last answer is kept.
  private lastApmRaw: string | null = null;
  private lastApm: ApmCatalogEntry | undefined;
  private lastApmIndex = NO_APM;
  /** Streaming: the current row's cells that rows store (rows.setCells). */
  private readonly storedCells = new Float64Array(6);

  constructor(options: ListValidatorOptions = {}) {
    this.findings = new FindingSink(options.maxFindings ?? Number.POSITIVE_INFINITY);
    this.keepRow = options.keepRow;
    this.rows = new MembershipRows(this.entityIds.strings, !options.textKept, options.expectedRows);
    this.recordStarts = options.textKept ? new Int32Array((options.expectedRows ?? 256) + 1) : null;
  }

  push(chunk: string, final = false): void {
    if (!this.rows.keepCells && (this.started || !final)) throw new Error('A textKept list validator takes the whole text in one push(text, true)');
    if (chunk.length > 0) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
    }
    if (!final && this.pendingLength < this.rescanAt) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending.length = 0;
    this.pendingLength = 0;
    let from = 0;
    if (this.inOverlongRecord) {
      from = firstLineBreak(text);
      this.inOverlongRecord = from === text.length && !final;
    } else if (!this.started) {
      if (text.length === 0 && !final) return;
      this.started = true;
      from = bodyStart(text);
    }
    const stop = this.inOverlongRecord ? text.length : this.scanner.scan(text, from, final, (recordStart) => this.record(text, recordStart));
    if (this.scanner.endedInOverlongRecord) this.inOverlongRecord = true;
    this.base += stop;
    if (stop < text.length) {
      const rest = text.slice(stop);
      this.pending.push(rest);
      this.pendingLength = rest.length;
    }
    this.rescanAt = 2 * this.pendingLength;
    if (final) this.finish(text);
  }

  /**
   * Checks the records of `text` from `from` (record `first`, the header unchanged) for an update after an edit,
   * with the previous check's columns, entity ids and APM ids, until `lineUp(recordStart)` gives the index of the
   * old record that starts there (from then on the text is the old one).
   */
  static recheck(previous: ParsedList, basis: UpdateBasis, text: string, first: number, from: number, lineUp: (recordStart: number) => number): RecheckedRecords {
    const v = new ListValidator({ textKept: true, expectedRows: 64 });
    v.recordStarts = null;
    v.entityIds = basis.entityIds;
    v.rows = new MembershipRows(basis.entityIds.strings, false, 64, previous.rows.apmIds);
    previous.rows.apmIds.forEach((id, index) => v.apmIndex.set(id, index));
    Object.assign(v.columns, previous.columns);
    v.headerFields = basis.headerFields;
    v.missingRequired = REQUIRED_COLUMNS.some((col) => previous.columns[col] < 0);
    v.started = true;
    v.records = first;
    const starts: number[] = [];
    let resumesAt = basis.recordStarts.length;
    v.scanner.scan(text, from, true, (recordStart) => {
      const old = lineUp(recordStart);
      if (old >= 0) {
        resumesAt = old;
        return true;
      }
      starts.push(recordStart);
      v.record(text, recordStart);
      return false;
    });
    return { starts, resumesAt, findings: v.findings.items, rows: v.rows };
  }

  /** The checked list; `text` is the whole text (textKept), else null. */
  result(text: string | null = null): ParsedList {
    if (this.rows.keepCells || !this.recordStarts || !this.duplicateRows) return new ParsedList(null, this.columns, this.rows, this.findings);
    // Rows under an unreadable header are not checked, which a re-check of a few rows cannot know: an edit checks the
    // whole text again.
    if (this.headerUnreadable) return new ParsedList(text, this.columns, this.rows, this.findings);
    const basis = { recordStarts: this.recordStarts.subarray(0, this.records), headerFields: this.headerFields, duplicateRows: this.duplicateRows, entityIds: this.entityIds };
    return new ParsedList(text, this.columns, this.rows, this.findings, basis);
  }

  /** `text`: the last text scanned (the whole text when textKept). */
  private finish(text: string): void {
    this.duplicateRows = removeDuplicates(this.rows, this.findings, this.rows.keepCells ? null : text, this.columns);
    if (this.records === 0) this.findings.add('CSV003', 0, 0, `The list is empty: it needs a header row with at least ${REQUIRED_COLUMNS.join(', ')}`);
  }

  private record(text: string, recordStart: number): void {
    const scanner = this.scanner;
    const base = this.base;
    const first = this.records === 0;
    if (this.recordStarts) {
      if (this.records === this.recordStarts.length) this.recordStarts = grown(this.recordStarts, this.records * 2);
      this.recordStarts[this.records] = base + recordStart;
    }
    this.records++;
    if (this.headerUnreadable) return;
    if (scanner.overlong) {
      this.overlongRecord(text, recordStart, first);
      return;
    }
    for (const e of scanner.errors) this.findings.add('CSV001', base + e.start, base + e.end, e.message);
    if (first) {
      this.header();
      return;
    }
    // The record an unterminated quote swallowed is already reported as CSV001.
    if (scanner.truncated) return;
    if (scanner.fieldCount !== this.headerFields) {
      // Misaligned cells would only produce noise: report the row once and skip its cells.
      const fields = scanner.fieldCount;
      this.findings.add('CSV002', base + recordStart, base + lineEndFrom(text, recordStart), `Row has ${fields} field${fields === 1 ? '' : 's'} but the header has ${this.headerFields}`);
      return;
    }
    this.row(text, this.records - 1, base + recordStart);
  }

  /** One finding for a record too long to be a list row; after an overlong header, no row can be read. */
  private overlongRecord(text: string, recordStart: number, isHeader: boolean): void {
    const start = this.base + recordStart;
    const excerpt = quoteUserText(text.slice(recordStart, recordStart + QUOTE_SLICE));
    const what = isHeader ? 'The header row' : 'This line';
    const consequence = isHeader ? 'no row of this list is checked' : 'it is not checked, and checking goes on after its next line break';
    this.findings.add('CSV001', start, start + MAX_RECORD_CHARS, `${what} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (it starts "${excerpt}"); a list row is a few hundred, so ${consequence}`);
    if (isHeader) {
      this.headerUnreadable = true;
      this.missingRequired = true;
    }
  }

  private header(): void {
    const scanner = this.scanner;
    const sink = this.findings;
    const base = this.base;
    if (this.isTabSeparatedHeader()) {
      sink.add('CSV001', base + scanner.starts[0], base + scanner.ends[0],
        'The header row is separated by tabs, not commas (as Excel\'s "Unicode Text" saves it): save the list as CSV (comma-separated); no row of this list is checked');
      this.headerUnreadable = true;
      this.missingRequired = true;
      return;
    }
    this.headerFields = scanner.fieldCount;
    for (let c = 0; c < scanner.fieldCount; c++) {
      const raw = this.valueString(c);
      const name = normalizeHeader(raw);
      const s = base + scanner.starts[c];
      const e = base + scanner.ends[c];
      if ((LIST_COLUMNS as readonly string[]).includes(name)) {
        const col = name as ListColumn;
        if (this.columns[col] >= 0) sink.add('CSV009', s, e, `Column "${quoteUserText(name)}" appears twice; only the first one is read`);
        else this.columns[col] = c;
      } else {
        sink.add('CSV004', s, e, `Unknown column "${quoteUserText(raw)}"; known columns: ${LIST_COLUMNS.join(', ')}`);
      }
    }
    const headerStart = base + scanner.starts[0];
    const headerEnd = base + scanner.ends[scanner.fieldCount - 1];
    for (const col of REQUIRED_COLUMNS) {
      if (this.columns[col] < 0) {
        this.missingRequired = true;
        sink.add('CSV003', headerStart, headerEnd, `Required column "${col}" is missing from the header`, {
          column: col,
          fixes: [{ title: `Add column "${col}"`, edits: [{ start: headerEnd, end: headerEnd, text: `,${col}` }] }],
        });
      }
    }
  }

  /** A header of one field whose tab-separated parts name list columns: a tab-separated file, not a CSV one. */
  private isTabSeparatedHeader(): boolean {
    if (this.scanner.fieldCount !== 1) return false;
    const parts = this.valueString(0, MAX_TAB_SEPARATED_HEADER).split('\t');
    return parts.length > 1 && parts.some((part) => (LIST_COLUMNS as readonly string[]).includes(normalizeHeader(part)));
  }

  /** The value of column `col` in the current record (at most `maxLength` characters of it), as a string of its own. */
  private valueString(col: number, maxLength = Number.POSITIVE_INFINITY): string {
    if (col < 0) return '';
    const scanner = this.scanner;
    const start = scanner.valueStarts[col];
    return detachedSlice(scanner.valueText, start, Math.min(scanner.valueEnds[col], start + maxLength));
  }

  /** The value of column `col` as a message quotes it. */
  private valueExcerpt(col: number): string {
    return quoteUserText(this.valueString(col, QUOTE_SLICE));
  }

  /** Whether the value of column `col` is `word` (lower-case ASCII codes), in any case (no other character lower-cases into one). */
  private valueIsWord(col: number, word: Uint8Array): boolean {
    const scanner = this.scanner;
    const codes = scanner.valueCodes;
    const start = scanner.valueStarts[col];
    if (scanner.valueEnds[col] - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) {
      const c = codes[start + i];
      const w = word[i];
      if (c !== w && (c < 65 || c > 90 || c + 32 !== w)) return false;
    }
    return true;
  }

  private row(text: string, record: number, recordStart: number): void {
    const sink = this.findings;
    const columns = this.columns;
    const scanner = this.scanner;
    const starts = scanner.starts;
    const ends = scanner.ends;
    // Values are spans of valueText and its code units valueCodes (the text itself unless a quoted cell had doubled
    // quotes); findings point at the raw cells in the text.
    const valueCodes = scanner.valueCodes;
    const valueStarts = scanner.valueStarts;
    const valueEnds = scanner.valueEnds;
    const base = this.base;
    let valid = true;

    const entityCol = columns.apm_entity_id;
    let entity = -1;
    if (hasValueIn(valueStarts, valueEnds, entityCol)) {
      entity = this.entityIds.intern(valueCodes, scanner.valueText, valueStarts[entityCol], valueEnds[entityCol]);
      if (entity >= this.entityHasMember.length) {
        // Ids come one at a time, except in a re-check, whose interner already holds the list's ids.
        const size = Math.max(entity + 1, this.entityHasMember.length * 2);
        this.entityHasMember = grown(this.entityHasMember, size);
        this.patternCheckedFor = grown(this.patternCheckedFor, size);
        this.patternOk = grown(this.patternOk, size);
      }
    } else if (entityCol >= 0) {
      sink.add('CSV007', base + starts[entityCol], base + ends[entityCol], 'apm_entity_id is empty');
      valid = false;
    }

    const entityIds = this.entityIds.strings;
    let apm = NO_APM;
    const apmCol = columns.apm_id;
    if (hasValueIn(valueStarts, valueEnds, apmCol)) {
      if (this.lastApmRaw === null || !spanEquals(valueCodes, valueStarts[apmCol], valueEnds[apmCol], this.lastApmRaw)) {
        this.lastApmRaw = this.valueString(apmCol);
        this.lastApm = findApm(this.lastApmRaw);
        const id = this.lastApm?.id;
        this.lastApmIndex = id === undefined ? NO_APM : this.apmIndex.get(id) ?? this.rows.apmIds.push(id) - 1;
        if (id !== undefined) this.apmIndex.set(id, this.lastApmIndex);
      }
      const found = this.lastApm;
      if (!found) sink.add('ID031', base + starts[apmCol], base + ends[apmCol], `APM id "${quoteUserText(this.lastApmRaw)}" is not in the APM catalog`);
      else {
        apm = this.lastApmIndex;
        if (entity >= 0 && this.patternCheckedFor[entity] !== apm + 1) {
          this.patternCheckedFor[entity] = apm + 1;
          this.patternOk[entity] = entityIdMatches(found, entityIds[entity]) ? 1 : 0;
        }
        if (entity >= 0 && this.patternOk[entity] === 0) {
          sink.add('ID030', base + starts[entityCol], base + ends[entityCol], `APM Entity id "${quoteUserText(entityIds[entity])}" does not match the ${found.name} pattern (e.g. ${found.entityIdExample})`);
        }
      }
    }

    const tinCol = columns.tin;
    let tin = -1;
    if (tinCol >= 0) {
      const s = base + starts[tinCol];
      const e = base + ends[tinCol];
      if (!hasValueIn(valueStarts, valueEnds, tinCol)) {
        sink.add('CSV007', s, e, 'TIN is empty');
        valid = false;
      } else {
        tin = tinDigitsAt(valueCodes, valueStarts[tinCol], valueEnds[tinCol]);
        if (tin < 0) {
          sink.add('ID010', s, e, `TIN ${maskTin(this.valueString(tinCol, QUOTE_LIMIT))} is not 9 digits`);
          valid = false;
        } else {
          if (tinHyphenated(valueCodes, valueStarts[tinCol], valueEnds[tinCol])) {
            sink.add('ID012', s, e, `TIN ${maskTin(tinString(tin))} is written with a hyphen; lists use the 9 digits`, {
              // Delete the hyphens rather than write the digits: the fix then never carries a TIN (it travels in
              // Diagnostic.data with every publish).
              fixes: [{ title: 'Normalise TIN to 9 digits', edits: hyphenDeletions(text, s - base, e - base, base) }],
            });
          }
          if (!hasEinPrefix(tin)) sink.add('ID011', s, e, `TIN ${maskTin(tinString(tin))} does not start with a valid IRS EIN prefix; it may be an SSN`);
        }
      }
    }

    const npiCol = columns.npi;
    let npiKey = -1;
    if (npiCol >= 0) {
      const s = base + starts[npiCol];
      const e = base + ends[npiCol];
      if (!hasValueIn(valueStarts, valueEnds, npiCol)) {
        sink.add('CSV007', s, e, 'NPI is empty');
        valid = false;
      } else {
        npiKey = npiKeyAt(valueCodes, valueStarts[npiCol], valueEnds[npiCol]);
        if (npiKey === NOT_TEN_DIGITS) sink.add('ID001', s, e, `NPI "${this.valueExcerpt(npiCol)}" is not 10 digits`);
        else if (npiKey === BAD_CHECK_DIGIT) sink.add('ID002', s, e, `NPI ${this.valueString(npiCol)} fails the Luhn check digit (with the 80840 prefix)`);
        else if (!npiFirstDigitValid(npiKey)) sink.add('ID003', s, e, `NPI ${this.valueString(npiCol)} does not start with 1 or 2`);
        if (npiKey < 0) valid = false;
      }
    }

    const ccnCol = columns.ccn;
    if (hasValueIn(valueStarts, valueEnds, ccnCol) && !ccnValidAt(valueCodes, valueStarts[ccnCol], valueEnds[ccnCol])) {
      sink.add('ID020', base + starts[ccnCol], base + ends[ccnCol], `CCN "${this.valueExcerpt(ccnCol)}" is not 2 digits of state code and 4 characters (e.g. 051300)`);
    }

    let affiliated = false;
    const listTypeCol = columns.list_type;
    if (hasValueIn(valueStarts, valueEnds, listTypeCol)) {
      if (this.valueIsWord(listTypeCol, AFFILIATED)) affiliated = true;
      else if (!this.valueIsWord(listTypeCol, PARTICIPATION)) {
        sink.add('CSV008', base + starts[listTypeCol], base + ends[listTypeCol], `list_type "${this.valueExcerpt(listTypeCol)}" must be participation or affiliated`);
      }
    }

    const startDay = this.day(columns.start_date, 'start_date');
    const endDay = this.day(columns.end_date, 'end_date');
    if (startDay === undefined || endDay === undefined) valid = false;
    else if (startDay !== null && endDay !== null && endDay < startDay) {
      const endCol = columns.end_date;
      sink.add('CSV006', base + starts[endCol], base + ends[endCol], `end_date ${this.valueExcerpt(endCol)} is before start_date ${this.valueExcerpt(columns.start_date)}`);
      valid = false;
    }

    if (!valid || this.missingRequired) return;
    const firstOfEntity = this.entityHasMember[entity] === 0;
    this.entityHasMember[entity] = 1;
    if (this.keepRow && !this.keepRow(npiKey, entityIds[entity], firstOfEntity)) return;
    const rows = this.rows;
    const index = rows.add(record, recordStart, npiKey, tin, entity, apm, startDay as number | null, endDay as number | null, affiliated);
    if (rows.keepCells) {
      const cells = this.storedCells;
      cells[0] = base + starts[apmCol];
      cells[1] = base + ends[apmCol];
      cells[2] = base + starts[entityCol];
      cells[3] = base + ends[entityCol];
      cells[4] = base + starts[npiCol];
      cells[5] = base + ends[npiCol];
      rows.setCells(index, cells);
    }
  }

  /** A date cell as a day number; null when empty, undefined when invalid (reported). */
  private day(col: number, name: string): number | null | undefined {
    const scanner = this.scanner;
    if (!hasValueIn(scanner.valueStarts, scanner.valueEnds, col)) return null;
    const d = parseTrimmedDateAt(scanner.valueCodes, scanner.valueStarts[col], scanner.valueEnds[col]);
    if (d === null) {
      this.findings.add('CSV006', this.base + scanner.starts[col], this.base + scanner.ends[col], `${name} "${this.valueExcerpt(col)}" is not a valid date (YYYY-MM-DD or MM/DD/YYYY)`);
      return undefined;
    }
    return d;
  }
}

/**
 * Reports and drops rows that repeat an earlier row's APM, entity, TIN, NPI, list and dates; returns the dropped
 * rows when the text is kept (an update after an edit may bring them back), else null. Found once the whole list
 * is in: sorting the rows by NPI reads memory in order, where a hash look-up per row waited on a cache miss per
 * row (a quarter of the time on a million rows).
 */
export function removeDuplicates(rows: MembershipRows, findings: FindingSink, text: string | null, columns: Record<ListColumn, number>): MembershipRows | null {
  const n = rows.length;
  const keys = rows.npiKeyColumn();
  const order = stableOrderByKey(keys);
  let duplicateOf: Int32Array | null = null;
  for (let first = 0; first < n; ) {
    let end = first + 1;
    while (end < n && keys[order[end]] === keys[order[first]]) end++;
    if (end - first > 1) duplicateOf = markRepeatedMemberships(rows, order, first, end, duplicateOf);
    first = end;
  }
  const dropped: number[] = [];
  if (!duplicateOf) return rows.keepCells ? null : rows.picked(dropped);
  for (let j = 0; j < n; j++) {
    const original = duplicateOf[j];
    if (original < 0) continue;
    dropped.push(j);
    const [s, e] = cellOfRow(text, columns, rows, j, 'npi');
    findings.addLate(DUPLICATE_CODE, s, e, `Duplicate of row ${rows.recordOf(original) + 1}: same APM, entity, TIN, NPI, list and dates`, {
      duplicateOfRecord: rows.recordOf(original),
    });
  }
  const droppedRows = rows.keepCells ? null : rows.picked(dropped);
  rows.removeRows(duplicateOf);
  return droppedRows;
}

/**
 * Rows order[first, end) share an NPI and are in list order: each row whose membership an earlier row already has
 * is marked a duplicate of the first row that has it. Returns duplicateOf, created on the first duplicate.
 */
function markRepeatedMemberships(rows: MembershipRows, order: Int32Array, first: number, end: number, duplicateOf: Int32Array | null): Int32Array | null {
  const n = rows.length;
  if (end - first <= PAIRWISE_GROUP_MAX) {
    // An NPI on a few rows (one per entity or TIN it bills under): compared pairwise, without allocating.
    for (let b = first + 1; b < end; b++) {
      for (let a = first; a < b; a++) {
        if (duplicateOf && duplicateOf[order[a]] >= 0) continue;
        if (!rows.sameMembership(order[a], order[b])) continue;
        (duplicateOf ??= new Int32Array(n).fill(-1))[order[b]] = order[a];
        break;
      }
    }
    return duplicateOf;
  }
  // A placeholder NPI copied down a list: pairwise comparison would be quadratic (5e9 comparisons on 100k rows).
  const firstWith = new Map<string, number>();
  for (let k = first; k < end; k++) {
    const row = order[k];
    const membership = rows.membershipKey(row);
    const original = firstWith.get(membership);
    if (original === undefined) firstWith.set(membership, row);
    else (duplicateOf ??= new Int32Array(n).fill(-1))[row] = original;
  }
  return duplicateOf;
}

const PAIRWISE_GROUP_MAX = 16;

/**
 * Row indices in order of their keys (keys below 2^30), equal keys in index order: an LSD radix sort in two
 * passes of 15 bits, the first straight from the keys, the second carrying only the indices.
 */
function stableOrderByKey(keys: Int32Array): Int32Array {
  const n = keys.length;
  const byLow = new Int32Array(n);
  const lowSortedKeys = new Int32Array(n);
  const order = new Int32Array(n);
  const counts = new Int32Array(RADIX);
  for (let i = 0; i < n; i++) counts[keys[i] & RADIX_MASK]++;
  bucketStarts(counts);
  for (let i = 0; i < n; i++) {
    const to = counts[keys[i] & RADIX_MASK]++;
    byLow[to] = i;
    lowSortedKeys[to] = keys[i];
  }
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[lowSortedKeys[i] >>> RADIX_BITS]++;
  bucketStarts(counts);
  for (let i = 0; i < n; i++) order[counts[lowSortedKeys[i] >>> RADIX_BITS]++] = byLow[i];
  return order;
}

/** Turns per-bucket counts into each bucket's first position. */
function bucketStarts(counts: Int32Array): void {
  for (let b = 0, sum = 0; b < counts.length; b++) {
    const c = counts[b];
    counts[b] = sum;
    sum += c;
  }
}

const RADIX_BITS = 15;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;

function hyphenDeletions(text: string, start: number, end: number, base: number): { start: number; end: number; text: string }[] {
  const edits = [];
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 45) edits.push({ start: base + i, end: base + i + 1, text: '' });
  return edits;
}
