// Participation list (docs/file-formats.md#participation-lists): header mapping, per-cell checks, and the membership rows that
// the cross-file rules use. One record at a time, straight from the scanner's field offsets: a cell is
// sliced into a string only for a message, so whole lists and streamed chunks go through the same code.
import { COLUMN_ALIASES, entityIdMatches, findApm, type ApmCatalogEntry } from '../data';
import { parseTrimmedDateAt } from '../dates';
import { asciiCodes, scratchCharCodes } from '../charCodes';
import { detachedSlice } from '../text';
import { FindingSink } from '../findings';
import type { Finding, QuickFix, TextReplacement } from '../types';
import { maskTinShaped, QUOTE_LIMIT, QUOTE_SLICE, quoteUserText } from '../privacy';
import {
  BAD_CHECK_DIGIT,
  ccnValidAt,
  eightDigitsAt,
  hasEinPrefix,
  maskTin,
  NOT_TEN_DIGITS,
  npiFirstDigitValid,
  npiKeyAt,
  pointZerosAfterDigits,
  scientificNotationAt,
  tinDigitsAt,
  tinHyphenated,
  tinPlausible,
  tinString,
} from '../identifiers';
import { SpanInterner, spanEquals } from './interner';
import {
  bodyStart,
  CsvRecordScanner,
  delimiterOf,
  delimiterReadable,
  firstLineBreak,
  grown,
  lineEndFrom,
  MAX_RECORD_CHARS,
  parseCsv,
  type CsvTable,
} from './parse';
import { MembershipRows, type StoredCell } from './rows';
import { isJsonList, JsonRows, type RowCells, type RowSource } from './jsonRows';

export type { MembershipRow } from './rows';

export const LIST_COLUMNS = [
  'apm_id',
  'apm_entity_id',
  'tin',
  'npi',
  'ccn',
  'list_type',
  'participant_type',
  'start_date',
  'end_date',
] as const;
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
  start_date: 'YYYY-MM-DD or M/D/YYYY (MM/DD/YYYY); empty = from the start of the performance year',
  end_date: 'YYYY-MM-DD or M/D/YYYY (MM/DD/YYYY); empty = to the end of the performance year',
};

/** Header names match case-insensitively with spaces, '-' and '_' alike. */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}

/**
 * What a header name is matched by: lower case, without spaces, '-', '_' and '.', so `APM Entity ID`,
 * `apm_entity_id`, `apmEntityId` and `APM.Entity.ID` are one name.
 */
export function headerKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-_.]+/g, '');
}

/** The user's own header names per list column (`.qpp-lens.json` "columns"). */
export type ColumnNames = Partial<Record<ListColumn, readonly string[]>>;

/** How a header cell was matched to a column; a lower rank wins when two cells match one column. */
enum MatchRank {
  User = 0,
  OwnName = 1,
  Alias = 2,
}

const OWN_NAMES = new Map<string, ListColumn>(LIST_COLUMNS.map((c) => [headerKey(c), c]));
const ALIAS_NAMES = new Map<string, ListColumn>();
for (const alias of COLUMN_ALIASES)
  if (!OWN_NAMES.has(headerKey(alias.name))) ALIAS_NAMES.set(headerKey(alias.name), alias.column);

/** Every name a column is known by (its own first), as written in the sources. */
const KNOWN_NAMES: Record<ListColumn, string[]> = Object.fromEntries(LIST_COLUMNS.map((c) => [c, [c]])) as Record<
  ListColumn,
  string[]
>;
for (const alias of COLUMN_ALIASES) {
  const names = KNOWN_NAMES[alias.column];
  if (!names.some((n) => headerKey(n) === headerKey(alias.name))) names.push(alias.name);
}

/** Words in a header that suggest a required column (for the mapping a CSV003 message proposes). */
const COLUMN_HINTS: Partial<Record<ListColumn, string[]>> = {
  npi: ['npi'],
  tin: ['tin', 'taxid', 'ein'],
  apm_entity_id: ['entity', 'aco'],
};

/** The user's names as a key → column map (names the built-in names already give are kept: the user's wins). */
function userNameMap(names: ColumnNames | undefined): Map<string, ListColumn> | null {
  if (!names) return null;
  const map = new Map<string, ListColumn>();
  for (const column of LIST_COLUMNS) for (const name of names[column] ?? []) map.set(headerKey(name), column);
  return map.size > 0 ? map : null;
}

/**
 * The header's cells as columns: the user's names first, then each column's own name, then the names CMS files use
 * (COLUMN_ALIASES); of the cells that name one column, the best-ranked first one is read. `matched[c]` is the column
 * cell c names (read or not), or null.
 */
export function mapHeader(
  raws: readonly string[],
  columnNames?: ColumnNames,
): { columns: Record<ListColumn, number>; matched: (ListColumn | null)[] } {
  const user = userNameMap(columnNames);
  const columns = Object.fromEntries(LIST_COLUMNS.map((c) => [c, -1])) as Record<ListColumn, number>;
  const matched: (ListColumn | null)[] = [];
  const ranks: number[] = [];
  for (let c = 0; c < raws.length; c++) {
    const key = headerKey(raws[c]);
    let column = user?.get(key);
    let rank: number = MatchRank.User;
    if (column === undefined) {
      column = OWN_NAMES.get(key);
      rank = MatchRank.OwnName;
    }
    if (column === undefined) {
      column = ALIAS_NAMES.get(key);
      rank = MatchRank.Alias;
    }
    matched.push(column ?? null);
    ranks.push(rank);
    if (column !== undefined && (columns[column] < 0 || rank < ranks[columns[column]])) columns[column] = c;
  }
  return { columns, matched };
}

/** Levenshtein distance (header names are short; this runs once per missing column and header). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

const HEADERS_SHOWN = 12;
const CLOSEST_SHOWN = 4;

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
    /** The user's header names the list was checked with. */
    readonly columnNames: ColumnNames | undefined = undefined,
  ) {}

  /**
   * Every record's fields, parsed again on first use (hovers and tests; the checks do not need it). Null for lists
   * whose cells are stored (streamed, JSON).
   */
  get table(): CsvTable | null {
    if (!this.parsedTable && this.text !== null && !this.rows.keepCells) this.parsedTable = parseCsv(this.text);
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

function cellOfRow(
  text: string | null,
  columns: Record<ListColumn, number>,
  rows: MembershipRows,
  index: number,
  column: MembershipCell,
): [number, number] {
  if (rows.keepCells || text === null) return rows.storedCell(index, column);
  cellScanner.delimiter = delimiterOf(text, bodyStart(text));
  cellScanner.recordAt(text, rows.recordStart(index));
  const col = columns[column];
  return [cellScanner.starts[col], cellScanner.ends[col]];
}

export interface ListOptions {
  /** The user's own header names per column (`.qpp-lens.json` "columns"). */
  columnNames?: ColumnNames;
}

export function parseParticipationList(
  text: string,
  maxFindings = Number.POSITIVE_INFINITY,
  options: ListOptions = {},
): ParsedList & { text: string } {
  if (isJsonList(text)) return parseJsonParticipationList(text, maxFindings, options);
  const validator = new ListValidator({
    maxFindings,
    expectedRows: estimatedRows(text),
    textKept: true,
    columnNames: options.columnNames,
  });
  validator.push(text, true);
  return validator.result(text) as ParsedList & { text: string };
}

/** A list written as a JSON array of row objects: the same columns and checks, cells located in the JSON text. */
function parseJsonParticipationList(
  text: string,
  maxFindings: number,
  options: ListOptions,
): ParsedList & { text: string } {
  const validator = new ListValidator({ maxFindings, columnNames: options.columnNames });
  validator.checkRows(new JsonRows(text, validator.findings), text);
  return new ParsedList(
    text,
    validator.columns,
    validator.rows,
    validator.findings,
    null,
    options.columnNames,
  ) as ParsedList & { text: string };
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

export interface ListValidatorOptions extends ListOptions {
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
  /** The current record's cells: the CSV scanner's, or another source's (checkRows). */
  private cells: RowCells = this.scanner;
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
  private readonly columnNames: ColumnNames | undefined;
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
    this.columnNames = options.columnNames;
    this.rows = new MembershipRows(this.entityIds.strings, !options.textKept, options.expectedRows);
    this.recordStarts = options.textKept ? new Int32Array((options.expectedRows ?? 256) + 1) : null;
  }

  push(chunk: string, final = false): void {
    if (!this.rows.keepCells && (this.started || !final))
      throw new Error('A textKept list validator takes the whole text in one push(text, true)');
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
      from = bodyStart(text);
      // The delimiter is read off the first line: a chunk that ends inside it waits for the next.
      if (!final && !delimiterReadable(text, from)) {
        this.pending.push(text);
        this.pendingLength = text.length;
        return;
      }
      this.started = true;
      this.scanner.delimiter = delimiterOf(text, from);
    }
    const stop = this.inOverlongRecord
      ? text.length
      : this.scanner.scan(text, from, final, (recordStart) => this.record(text, recordStart));
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
  static recheck(
    previous: ParsedList,
    basis: UpdateBasis,
    text: string,
    first: number,
    from: number,
    lineUp: (recordStart: number) => number,
  ): RecheckedRecords {
    const v = new ListValidator({ textKept: true, expectedRows: 64 });
    v.recordStarts = null;
    v.entityIds = basis.entityIds;
    v.rows = new MembershipRows(basis.entityIds.strings, false, 64, previous.rows.apmIds);
    for (const [index, id] of previous.rows.apmIds.entries()) v.apmIndex.set(id, index);
    Object.assign(v.columns, previous.columns);
    v.headerFields = basis.headerFields;
    v.missingRequired = REQUIRED_COLUMNS.some((col) => previous.columns[col] < 0);
    v.started = true;
    v.records = first;
    v.scanner.delimiter = delimiterOf(text, bodyStart(text));
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

  /**
   * Checks the rows of a source other than CSV text, whose cells are located in `text`: the header's cells map the
   * columns, every later row is checked as a CSV record would be.
   */
  checkRows(source: RowSource, text: string): void {
    this.cells = source.cells;
    this.started = true;
    if (source.header()) {
      this.records++;
      this.header();
      while (source.nextRow()) {
        this.records++;
        this.row(text, this.records - 1, source.rowStart);
      }
    }
    if (source.readable) this.finish(text);
  }

  /** The checked list; `text` is the whole text (textKept), else null. */
  result(text: string | null = null): ParsedList {
    if (this.rows.keepCells || !this.recordStarts || !this.duplicateRows)
      return new ParsedList(null, this.columns, this.rows, this.findings, null, this.columnNames);
    // Rows under an unreadable header are not checked, which a re-check of a few rows cannot know: an edit checks the
    // whole text again.
    if (this.headerUnreadable)
      return new ParsedList(text, this.columns, this.rows, this.findings, null, this.columnNames);
    const basis = {
      recordStarts: this.recordStarts.subarray(0, this.records),
      headerFields: this.headerFields,
      duplicateRows: this.duplicateRows,
      entityIds: this.entityIds,
    };
    return new ParsedList(text, this.columns, this.rows, this.findings, basis, this.columnNames);
  }

  /** `text`: the last text scanned (the whole text when textKept). */
  private finish(text: string): void {
    this.duplicateRows = removeDuplicates(this.rows, this.findings, this.rows.keepCells ? null : text, this.columns);
    if (this.records === 0)
      this.findings.add(
        'CSV003',
        0,
        0,
        this.cells === this.scanner
          ? `The list is empty: it needs a header row with at least ${REQUIRED_COLUMNS.join(', ')}`
          : `The list has no rows with columns: it needs objects with at least ${REQUIRED_COLUMNS.join(', ')}`,
      );
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
      this.findings.add(
        'CSV002',
        base + recordStart,
        base + lineEndFrom(text, recordStart),
        `Row has ${fields} field${fields === 1 ? '' : 's'} but the header has ${this.headerFields}`,
      );
      return;
    }
    this.row(text, this.records - 1, base + recordStart);
  }

  /** One finding for a record too long to be a list row; after an overlong header, no row can be read. */
  private overlongRecord(text: string, recordStart: number, isHeader: boolean): void {
    const start = this.base + recordStart;
    const excerpt = quoteUserText(text.slice(recordStart, recordStart + QUOTE_SLICE));
    const what = isHeader ? 'The header row' : 'This line';
    const consequence = isHeader
      ? 'no row of this list is checked'
      : 'it is not checked, and checking goes on after its next line break';
    this.findings.add(
      'CSV001',
      start,
      start + MAX_RECORD_CHARS,
      `${what} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (it starts "${excerpt}"); a list row is a few hundred, so ${consequence}`,
    );
    if (isHeader) {
      this.headerUnreadable = true;
      this.missingRequired = true;
    }
  }

  /**
   * Maps the header's cells to columns, once per list: the user's names first, then each column's own name, then
   * the names CMS files use (COLUMN_ALIASES). Of the cells that name one column, the best-ranked first one is read.
   */
  private header(): void {
    const cells = this.cells;
    const sink = this.findings;
    const base = this.base;
    const fields = cells.fieldCount;
    this.headerFields = fields;
    const raws: string[] = [];
    for (let c = 0; c < fields; c++) raws.push(this.valueString(c));
    const { columns, matched } = mapHeader(raws, this.columnNames);
    Object.assign(this.columns, columns);
    for (let c = 0; c < fields; c++) {
      const s = base + cells.starts[c];
      const e = base + cells.ends[c];
      const column = matched[c];
      if (column === null) {
        sink.add(
          'CSV004',
          s,
          e,
          `Column "${quoteUserText(raws[c])}" is not one QPP Lens reads; its values are ignored`,
        );
      } else if (this.columns[column] !== c) {
        const read = raws[this.columns[column]];
        const message =
          headerKey(read) === headerKey(raws[c])
            ? `Column "${quoteUserText(raws[c])}" appears twice; only the first one is read`
            : `Column "${quoteUserText(raws[c])}" is another name for ${column}, which is read in column "${quoteUserText(read)}"; this one is ignored`;
        sink.add('CSV009', s, e, message);
      }
    }
    const headerStart = base + cells.starts[0];
    const headerEnd = base + cells.ends[fields - 1];
    for (const col of REQUIRED_COLUMNS) {
      if (this.columns[col] < 0) {
        this.missingRequired = true;
        const header = mappingCandidate(col, raws, matched);
        sink.add('CSV003', headerStart, headerEnd, missingColumnMessage(col, raws, matched, header), {
          column: col,
          // A CSV header takes the column at its end; a JSON list's rows would each need it.
          fixes:
            this.cells === this.scanner
              ? [
                  {
                    title: `Add column "${col}"`,
                    edits: [
                      {
                        start: headerEnd,
                        end: headerEnd,
                        text: `${String.fromCharCode(this.scanner.delimiter)}${col}`,
                      },
                    ],
                  },
                ]
              : [],
          // For editors: a .qpp-lens.json "columns" entry that reads this header as the column (never a TIN-shaped name).
          ...(header !== undefined && maskTinShaped(header) === header
            ? { columnMapping: { column: col, header: header.trim() } }
            : {}),
        });
      }
    }
  }

  /** The value of column `col` in the current record (at most `maxLength` characters of it), as a string of its own. */
  private valueString(col: number, maxLength = Number.POSITIVE_INFINITY): string {
    if (col < 0) return '';
    const cells = this.cells;
    const start = cells.valueStarts[col];
    return detachedSlice(cells.valueText, start, Math.min(cells.valueEnds[col], start + maxLength));
  }

  /** The value of column `col` as a message quotes it. */
  private valueExcerpt(col: number): string {
    return quoteUserText(this.valueString(col, QUOTE_SLICE));
  }

  /** Whether the value of column `col` is `word` (lower-case ASCII codes), in any case (no other character lower-cases into one). */
  private valueIsWord(col: number, word: Uint8Array): boolean {
    const cells = this.cells;
    const codes = cells.valueCodes;
    const start = cells.valueStarts[col];
    if (cells.valueEnds[col] - start !== word.length) return false;
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
    const cells = this.cells;
    const starts = cells.starts;
    const ends = cells.ends;
    // Values are spans of valueText and its code units valueCodes (the text itself unless a quoted cell had doubled
    // quotes); findings point at the raw cells in the text.
    const valueCodes = cells.valueCodes;
    const valueStarts = cells.valueStarts;
    const valueEnds = cells.valueEnds;
    const base = this.base;
    let valid = true;

    const entityCol = columns.apm_entity_id;
    let entity = -1;
    if (hasValueIn(valueStarts, valueEnds, entityCol)) {
      entity = this.entityIds.intern(valueCodes, cells.valueText, valueStarts[entityCol], valueEnds[entityCol]);
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
      if (
        this.lastApmRaw === null ||
        !spanEquals(valueCodes, valueStarts[apmCol], valueEnds[apmCol], this.lastApmRaw)
      ) {
        this.lastApmRaw = this.valueString(apmCol);
        this.lastApm = findApm(this.lastApmRaw);
        const id = this.lastApm?.id;
        this.lastApmIndex = id === undefined ? NO_APM : (this.apmIndex.get(id) ?? this.rows.apmIds.push(id) - 1);
        if (id !== undefined) this.apmIndex.set(id, this.lastApmIndex);
      }
      const found = this.lastApm;
      if (!found)
        sink.add(
          'ID031',
          base + starts[apmCol],
          base + ends[apmCol],
          `APM id "${quoteUserText(this.lastApmRaw)}" is not in the APM catalog`,
        );
      else {
        apm = this.lastApmIndex;
        if (entity >= 0 && this.patternCheckedFor[entity] !== apm + 1) {
          this.patternCheckedFor[entity] = apm + 1;
          this.patternOk[entity] = entityIdMatches(found, entityIds[entity]) ? 1 : 0;
        }
        if (entity >= 0 && this.patternOk[entity] === 0) {
          sink.add(
            'ID030',
            base + starts[entityCol],
            base + ends[entityCol],
            `APM Entity id "${quoteUserText(entityIds[entity])}" does not match the ${found.name} pattern (e.g. ${found.entityIdExample})`,
          );
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
          if (!this.excelDamage(text, tinCol, 'TIN', s, e))
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
          if (!hasEinPrefix(tin))
            sink.add(
              'ID011',
              s,
              e,
              `TIN ${maskTin(tinString(tin))} does not start with a valid IRS EIN prefix; it may be an SSN`,
            );
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
        if (npiKey === NOT_TEN_DIGITS) {
          if (!this.excelDamage(text, npiCol, 'NPI', s, e))
            sink.add('ID001', s, e, `NPI "${this.valueExcerpt(npiCol)}" is not 10 digits`);
        } else if (npiKey === BAD_CHECK_DIGIT)
          sink.add('ID002', s, e, `NPI ${this.valueString(npiCol)} fails the Luhn check digit (with the 80840 prefix)`);
        else if (!npiFirstDigitValid(npiKey))
          sink.add('ID003', s, e, `NPI ${this.valueString(npiCol)} does not start with 1 or 2`);
        if (npiKey < 0) valid = false;
      }
    }

    const ccnCol = columns.ccn;
    if (hasValueIn(valueStarts, valueEnds, ccnCol) && !ccnValidAt(valueCodes, valueStarts[ccnCol], valueEnds[ccnCol])) {
      const s = base + starts[ccnCol];
      const e = base + ends[ccnCol];
      const value = this.valueString(ccnCol);
      // Excel reads a CCN of state 01-09 as a number and drops its zero: 5 characters that are a CCN after a "0".
      if (value.length === 5 && value[0] >= '1' && value[0] <= '9' && ccnValidAt(scratchCharCodes(`0${value}`), 0, 6)) {
        const edits = this.leadingZeroEdits(text, ccnCol, s, e);
        sink.add(
          'XL004',
          s,
          e,
          `CCN "${quoteUserText(value)}" has 5 digits: Excel drops the leading zero of state codes 01-09 when it reads the column as numbers. The CCN is 0${quoteUserText(value)}; keep the column as text`,
          edits ? { fixes: [{ title: 'Restore the leading zero', edits }] } : undefined,
        );
      } else {
        sink.add(
          'ID020',
          s,
          e,
          `CCN "${quoteUserText(value)}" is not 2 digits of state code and 4 characters (e.g. 051300)`,
        );
      }
    }

    let affiliated = false;
    const listTypeCol = columns.list_type;
    if (hasValueIn(valueStarts, valueEnds, listTypeCol)) {
      if (this.valueIsWord(listTypeCol, AFFILIATED)) affiliated = true;
      else if (!this.valueIsWord(listTypeCol, PARTICIPATION)) {
        sink.add(
          'CSV008',
          base + starts[listTypeCol],
          base + ends[listTypeCol],
          `list_type "${this.valueExcerpt(listTypeCol)}" must be participation or affiliated`,
        );
      }
    }

    const startDay = this.day(columns.start_date, 'start_date');
    const endDay = this.day(columns.end_date, 'end_date');
    if (startDay === undefined || endDay === undefined) valid = false;
    else if (startDay !== null && endDay !== null && endDay < startDay) {
      const endCol = columns.end_date;
      const startCol = columns.start_date;
      sink.add(
        'CSV006',
        base + starts[endCol],
        base + ends[endCol],
        `end_date ${this.valueExcerpt(endCol)} is before start_date ${this.valueExcerpt(startCol)}`,
        {
          fixes: [
            {
              title: 'Swap start_date and end_date',
              edits: [
                {
                  start: base + starts[startCol],
                  end: base + ends[startCol],
                  text: text.slice(starts[endCol], ends[endCol]),
                },
                {
                  start: base + starts[endCol],
                  end: base + ends[endCol],
                  text: text.slice(starts[startCol], ends[startCol]),
                },
              ].sort((a, b) => a.start - b.start),
              manual: true,
            },
          ],
        },
      );
      valid = false;
    }

    if (!valid || this.missingRequired) return;
    const firstOfEntity = this.entityHasMember[entity] === 0;
    this.entityHasMember[entity] = 1;
    if (this.keepRow && !this.keepRow(npiKey, entityIds[entity], firstOfEntity)) return;
    const rows = this.rows;
    const index = rows.add(
      record,
      recordStart,
      npiKey,
      tin,
      entity,
      apm,
      startDay as number | null,
      endDay as number | null,
      affiliated,
    );
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

  /**
   * A TIN or NPI cell that is not 9 or 10 digits, checked for what Excel does to a number column (only cells that
   * already failed get here): a lost leading zero (XL001), scientific notation (XL002), a `.0` (XL003). Reports and
   * returns true when one is found. `s`, `e`: the raw cell in the list; `text` the text scanned (offsets `base` on).
   */
  private excelDamage(text: string, col: number, label: 'TIN' | 'NPI', s: number, e: number): boolean {
    const cells = this.cells;
    const codes = cells.valueCodes;
    const vs = cells.valueStarts[col];
    const ve = cells.valueEnds[col];
    const sink = this.findings;
    const base = this.base;
    if (label === 'TIN') {
      const eight = eightDigitsAt(codes, vs, ve);
      if (eight >= 0) {
        // Padded, the 9 digits are the 8 read as a number: the same value.
        const fixable = tinPlausible(eight);
        const edits = fixable ? this.leadingZeroEdits(text, col, s, e) : null;
        sink.add(
          'XL001',
          s,
          e,
          `TIN ${maskTin(this.valueString(col))} has 8 digits: Excel drops a TIN's leading zero when it reads the column as numbers. The TIN is 0 followed by these 8 digits${fixable ? '' : ', which is neither a valid EIN nor SSN: check it with the practice'}; keep the column as text`,
          // Insert the zero rather than write the 9 digits: the fix never carries a TIN.
          edits ? { fixes: [{ title: 'Restore the leading zero', edits }] } : undefined,
        );
        return true;
      }
    }
    if (scientificNotationAt(codes, vs, ve)) {
      const shown = label === 'TIN' ? 'TIN' : `NPI "${quoteUserText(this.valueString(col))}"`;
      sink.add(
        'XL002',
        s,
        e,
        `${shown} is in scientific notation: Excel wrote the number as it displayed it, so its last digits are lost and cannot be read back from this file. Format the ${label} column as Text (or as Number with 0 decimals) in the workbook and save as CSV again, or re-import the source with the column set to Text`,
      );
      return true;
    }
    const zeros = pointZerosAfterDigits(codes, vs, ve, label === 'TIN' ? 9 : 10);
    if (zeros > 0) {
      const point = lastIndexOfIn(text, 46, s - base, e - base);
      // Quoted without the decimals: 10 digits and a ".0" would read as a TIN-shaped run and be masked.
      const shown =
        label === 'TIN'
          ? `TIN ${maskTin(this.valueString(col).slice(0, 9))}`
          : `NPI ${quoteUserText(this.valueString(col).slice(0, 10))}`;
      sink.add(
        'XL003',
        s,
        e,
        `${shown} ends in "${'.'.padEnd(zeros, '0')}": Excel wrote the ${label} column as decimal numbers; the ${label} is the digits before the point. Keep the column as text`,
        point >= 0
          ? {
              fixes: [
                {
                  title: `Remove "${'.'.padEnd(zeros, '0')}"`,
                  edits: [{ start: base + point, end: base + point + zeros, text: '' }],
                },
              ],
            }
          : undefined,
      );
      return true;
    }
    return false;
  }

  /**
   * The edits that give the cell of column `col` (at `s`–`e` in the list) back its lost leading zero, or null. A bare
   * JSON number cannot start with 0: it becomes a string.
   */
  private leadingZeroEdits(text: string, col: number, s: number, e: number): TextReplacement[] | null {
    if (this.cells.bare?.[col])
      return [
        { start: s, end: s, text: '"0' },
        { start: e, end: e, text: '"' },
      ];
    const base = this.base;
    const firstDigit = firstDigitIn(text, s - base, e - base);
    return firstDigit < 0 ? null : [{ start: base + firstDigit, end: base + firstDigit, text: '0' }];
  }

  /** A date cell as a day number; null when empty, undefined when invalid (reported). */
  private day(col: number, name: string): number | null | undefined {
    const cells = this.cells;
    if (!hasValueIn(cells.valueStarts, cells.valueEnds, col)) return null;
    const d = parseTrimmedDateAt(cells.valueCodes, cells.valueStarts[col], cells.valueEnds[col]);
    // CMMI model files end a current participation on 12/31/9999: no end, as an empty end_date.
    if (d === null && name === 'end_date' && isOpenEnd(cells.valueCodes, cells.valueStarts[col], cells.valueEnds[col]))
      return null;
    if (d === null) {
      this.findings.add(
        'CSV006',
        this.base + cells.starts[col],
        this.base + cells.ends[col],
        `${name} "${this.valueExcerpt(col)}" is not a valid date (YYYY-MM-DD or M/D/YYYY)`,
      );
      return undefined;
    }
    return d;
  }
}

/** An unread header that looks like the missing column (`Clinician NPI` for npi), if any. */
function mappingCandidate(
  column: ListColumn,
  raws: readonly string[],
  matched: readonly (ListColumn | null)[],
): string | undefined {
  const hints = COLUMN_HINTS[column] ?? [];
  return raws.find((r, c) => matched[c] === null && r.trim() !== '' && hints.some((h) => headerKey(r).includes(h)));
}

/**
 * CSV003's message: the headers found, the names the column is known by (closest to the unread headers first), and
 * the `.qpp-lens.json` mapping for `candidate`, an unread header that looks like the column.
 */
function missingColumnMessage(
  column: ListColumn,
  raws: readonly string[],
  matched: readonly (ListColumn | null)[],
  candidate: string | undefined,
): string {
  const nonEmpty = raws.filter((r) => r.trim() !== '');
  const found =
    nonEmpty.length === 0
      ? 'the header has no names'
      : `the header has ${nonEmpty.slice(0, HEADERS_SHOWN).map(quoteUserText).join(', ')}${nonEmpty.length > HEADERS_SHOWN ? `, … (${nonEmpty.length} in all)` : ''}`;
  const unread = raws.filter((r, c) => matched[c] === null && r.trim() !== '');
  const unreadKeys = unread.map(headerKey);
  const known = KNOWN_NAMES[column].map((name, order) => ({
    name,
    order,
    distance: unreadKeys.length === 0 ? 0 : Math.min(...unreadKeys.map((k) => editDistance(k, headerKey(name)))),
  }));
  known.sort((a, b) => a.distance - b.distance || a.order - b.order);
  const closest = known
    .slice(0, CLOSEST_SHOWN)
    .map((k) => k.name)
    .join(', ');
  const mapping =
    candidate === undefined
      ? ''
      : `; if "${quoteUserText(candidate)}" is the ${column} column, add to .qpp-lens.json: "columns": {"${column}": [${JSON.stringify(quoteUserText(candidate))}]}`;
  return `Required column "${column}" is missing: ${found}; closest known names: ${closest}${mapping}`;
}

/**
 * Reports and drops rows that repeat an earlier row's APM, entity, TIN, NPI, list and dates; returns the dropped
 * rows when the text is kept (an update after an edit may bring them back), else null. Found once the whole list
 * is in: sorting the rows by NPI reads memory in order, where a hash look-up per row waited on a cache miss per
 * row (a quarter of the time on a million rows).
 */
export function removeDuplicates(
  rows: MembershipRows,
  findings: FindingSink,
  text: string | null,
  columns: Record<ListColumn, number>,
): MembershipRows | null {
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
    findings.addLate(
      DUPLICATE_CODE,
      s,
      e,
      `Duplicate of row ${rows.recordOf(original) + 1}: same APM, entity, TIN, NPI, list and dates`,
      {
        duplicateOfRecord: rows.recordOf(original),
        ...(text !== null && exactDuplicateRemoval(text, rows, original, j)),
      },
    );
  }
  const droppedRows = rows.keepCells ? null : rows.picked(dropped);
  rows.removeRows(duplicateOf);
  return droppedRows;
}

/**
 * The fix removing row `duplicate` when its text is the same as row `original`'s, character for character (a row
 * pasted twice): nothing the user wrote is lost. A row that differs (spacing, a note column) is left to the user.
 */
function exactDuplicateRemoval(
  text: string,
  rows: MembershipRows,
  original: number,
  duplicate: number,
): { fixes: QuickFix[] } | undefined {
  const [originalStart, originalEnd] = recordSpan(text, rows.recordStart(original));
  const [start, end] = recordSpan(text, rows.recordStart(duplicate));
  if (text.slice(start, end) !== text.slice(originalStart, originalEnd)) return undefined;
  const lineBreakEnd = end + (text.startsWith('\r\n', end) ? 2 : end < text.length ? 1 : 0);
  // The last record, with no line break after it, takes the one before it along.
  const edit =
    lineBreakEnd > end ? { start, end: lineBreakEnd, text: '' } : { start: lineBreakStart(text, start), end, text: '' };
  const rowNumber = (i: number) => rows.recordOf(i) + 1;
  return {
    fixes: [
      { title: `Remove row ${rowNumber(duplicate)} (the same text as row ${rowNumber(original)})`, edits: [edit] },
    ],
  };
}

/** The record starting at `start`, without its line break: a line break inside quotes belongs to the record. */
function recordSpan(text: string, start: number): [number, number] {
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE_CODE) quoted = !quoted;
    else if (!quoted && (c === LF_CODE || c === CR_CODE)) return [start, i];
  }
  return [start, text.length];
}

/** Where the line break ending the line before `start` begins (CRLF, LF or CR). */
function lineBreakStart(text: string, start: number): number {
  if (text.charCodeAt(start - 1) === LF_CODE && text.charCodeAt(start - 2) === CR_CODE) return start - 2;
  return start - 1;
}

const QUOTE_CODE = 0x22;
const LF_CODE = 0x0a;
const CR_CODE = 0x0d;

/**
 * Rows order[first, end) share an NPI and are in list order: each row whose membership an earlier row already has
 * is marked a duplicate of the first row that has it. Returns duplicateOf, created on the first duplicate.
 */
function markRepeatedMemberships(
  rows: MembershipRows,
  order: Int32Array,
  first: number,
  end: number,
  duplicateOf: Int32Array | null,
): Int32Array | null {
  const n = rows.length;
  if (end - first <= PAIRWISE_GROUP_MAX) {
    // An NPI on a few rows (one per entity or TIN it bills under): compared pairwise, without allocating.
    for (let b = first + 1; b < end; b++) {
      for (let a = first; a < b; a++) {
        if (duplicateOf && duplicateOf[order[a]] >= 0) continue;
        if (!rows.sameMembership(order[a], order[b])) continue;
        duplicateOf ??= new Int32Array(n).fill(-1);
        duplicateOf[order[b]] = order[a];
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
    else {
      duplicateOf ??= new Int32Array(n).fill(-1);
      duplicateOf[row] = original;
    }
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
  // The radix passes cost two 32 K tables whatever n is: most of the check of a workspace of thousands of short
  // lists. A short list is sorted by comparison, ties by position: the order the radix passes give.
  if (n <= SHORT_LIST_ROWS)
    return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
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
const SHORT_LIST_ROWS = 256;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;

const OPEN_END_DATES = ['12/31/9999', '9999-12-31'].map(asciiCodes);

/** Whether codes[start, end) is 12/31/9999 or 9999-12-31, the end date CMMI model files give current participants. */
function isOpenEnd(codes: ArrayLike<number>, start: number, end: number): boolean {
  return OPEN_END_DATES.some((date) => date.length === end - start && date.every((c, i) => codes[start + i] === c));
}

/** Index of the first ASCII digit in text[from, to), or -1. */
function firstDigitIn(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return i;
  }
  return -1;
}

/** Index of the last `code` in text[from, to), or -1. */
function lastIndexOfIn(text: string, code: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === code) return i;
  return -1;
}

function hyphenDeletions(
  text: string,
  start: number,
  end: number,
  base: number,
): { start: number; end: number; text: string }[] {
  const edits = [];
  for (let i = start; i < end; i++)
    if (text.charCodeAt(i) === 45) edits.push({ start: base + i, end: base + i + 1, text: '' });
  return edits;
}
