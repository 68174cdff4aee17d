// RFC 4180 CSV in one pass over character codes. Field boundaries are kept as offsets in typed
// arrays; values are sliced only when a rule asks for them.

import {
  borrowCharCodes,
  returnCharCodes,
  scratchCharCodes,
  trimmedEnd,
  trimmedStart,
  type CharCodes,
} from '../charCodes';

export interface CsvSyntaxError {
  start: number;
  end: number;
  message: string;
}

/** A list's records as cells located in its text: the header is row 0. CSV text and JSON lists give one each. */
export interface ListTable {
  readonly rowCount: number;
  fieldsInRow(row: number): number;
  /** Raw span of a field (quotes included). */
  fieldStart(row: number, col: number): number;
  fieldEnd(row: number, col: number): number;
  rowStart(row: number): number;
  rowEnd(row: number): number;
  value(row: number, col: number): string;
  /** Row containing the offset, or -1. */
  rowAt(offset: number): number;
  /** Column containing the offset in `row`, or -1. */
  columnAt(row: number, offset: number): number;
}

export class CsvTable implements ListTable {
  /** Number of records, the header included (blank lines are not records). */
  rowCount = 0;
  private fieldCount = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private quotedFlags = new Uint8Array(1024);
  private rowFirst = new Int32Array(256);
  readonly errors: CsvSyntaxError[] = [];
  /** Set when an unterminated quote swallowed the rest of the file. */
  truncatedAt: number | null = null;

  constructor(readonly text: string) {}

  fieldsInRow(row: number): number {
    return this.rowFirst[row + 1] - this.rowFirst[row];
  }
  private index(row: number, col: number): number {
    return this.rowFirst[row] + col;
  }
  /** Raw span of a field, quotes included. */
  fieldStart(row: number, col: number): number {
    return this.starts[this.index(row, col)];
  }
  fieldEnd(row: number, col: number): number {
    return this.ends[this.index(row, col)];
  }
  rowStart(row: number): number {
    return this.starts[this.rowFirst[row]];
  }
  rowEnd(row: number): number {
    return this.ends[this.rowFirst[row + 1] - 1];
  }
  isQuoted(row: number, col: number): boolean {
    return this.quotedFlags[this.index(row, col)] === 1;
  }
  /** The field's value (see readFieldValue). */
  value(row: number, col: number): string {
    const k = this.index(row, col);
    const raw = this.text.slice(this.starts[k], this.ends[k]);
    readFieldValue(raw, scratchCharCodes(raw), 0, raw.length, this.quotedFlags[k] === 1, tableValue);
    return tableValue.text.slice(tableValue.start, tableValue.end);
  }
  /** Row containing the offset, or -1. */
  rowAt(offset: number): number {
    let lo = 0;
    let hi = this.rowCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < this.rowStart(mid)) hi = mid - 1;
      else if (offset > this.rowEnd(mid)) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
  /** Column containing the offset in `row`, or -1. */
  columnAt(row: number, offset: number): number {
    const n = this.fieldsInRow(row);
    for (let c = 0; c < n; c++) if (offset >= this.fieldStart(row, c) && offset <= this.fieldEnd(row, c)) return c;
    return -1;
  }

  /** Appends the scanner's current record. */
  addRecord(scanner: CsvRecordScanner): void {
    const count = scanner.fieldCount;
    if (this.fieldCount + count > this.starts.length) {
      let size = this.starts.length * 2;
      while (size < this.fieldCount + count) size *= 2;
      this.starts = grown(this.starts, size);
      this.ends = grown(this.ends, size);
      this.quotedFlags = grown(this.quotedFlags, size);
    }
    if (this.rowCount + 2 > this.rowFirst.length) this.rowFirst = grown(this.rowFirst, this.rowFirst.length * 2);
    this.rowFirst[this.rowCount] = this.fieldCount;
    // A loop, not TypedArray.set over subarrays: records have a handful of fields, and three views per
    // record cost more than the copy.
    const at = this.fieldCount;
    for (let f = 0; f < count; f++) {
      this.starts[at + f] = scanner.starts[f];
      this.ends[at + f] = scanner.ends[f];
      this.quotedFlags[at + f] = scanner.isQuoted(f) ? 1 : 0;
    }
    this.fieldCount += count;
    this.rowCount++;
    this.rowFirst[this.rowCount] = this.fieldCount;
    for (const e of scanner.errors) this.errors.push(e);
    if (scanner.truncated) this.truncatedAt = scanner.starts[count - 1];
  }
}

/** A field's value as a span of `text` (the record's text, or the value itself when doubled quotes were undone). */
interface ValueSpan {
  text: string;
  start: number;
  end: number;
}

const tableValue: ValueSpan = { text: '', start: 0, end: 0 };
const quotedValue: ValueSpan = { text: '', start: 0, end: 0 };

/**
 * The value of the raw field text[start, end) (code units `codes`) into `out`: a quoted field without its quotes and
 * with doubled quotes undone, an unquoted one trimmed as String.trim does. Sliced only when quotes must be undone.
 */
function readFieldValue(
  text: string,
  codes: CharCodes,
  start: number,
  end: number,
  quoted: boolean,
  out: ValueSpan,
): void {
  let s = start;
  let e = end;
  out.text = text;
  if (quoted) {
    s++;
    if (e - 1 >= s && codes[e - 1] === QUOTE) e--;
    for (let i = s; i < e; i++) {
      if (codes[i] === QUOTE) {
        out.text = text.slice(s, e).replace(/""/g, '"');
        s = 0;
        e = out.text.length;
        break;
      }
    }
  } else {
    s = trimmedStart(codes, s, e);
    e = trimmedEnd(codes, s, e);
  }
  out.start = s;
  out.end = e;
}

/**
 * The longest record read as one: a list row is a few hundred characters, and a longer "record" (a file with no line
 * breaks, a quote never closed, megabytes of NUL bytes) is reported, not read, so scanning and the text held while
 * streaming stay bounded by it.
 */
export const MAX_RECORD_CHARS = 1 << 20;
const INCOMPLETE = -1;
const OVERLONG = -2;

const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
/** How far into a list its first line is read for its delimiter: a header is a few hundred characters. */
const DELIMITER_SNIFF_CHARS = 4096;

/**
 * The field delimiter of a list, from its first line: a tab when that line has a tab and no comma outside quotes (a
 * list saved as Excel's "Unicode Text"), else a comma. Both are below every other character that delimits nothing,
 * so the scanner's fast path stays one comparison per character.
 */
export function delimiterOf(text: string, from = 0): number {
  const end = Math.min(text.length, from + DELIMITER_SNIFF_CHARS);
  let quoted = false;
  let tab = false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === COMMA) return COMMA;
    else if (c === TAB) tab = true;
    else if (c === LF || c === CR) break;
  }
  return tab ? TAB : COMMA;
}

/** Whether `text` holds enough of a list's first line for delimiterOf: all of it, or as much as it reads. */
export function delimiterReadable(text: string, from = 0): boolean {
  if (text.length - from >= DELIMITER_SNIFF_CHARS) return true;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return true;
  }
  return false;
}
const LF = 10;
const CR = 13;
const NO_CODES = new Uint8Array(0);

/** The first LF or CR at or after `from`, or `end`. */
function lineBreakFrom(codes: CharCodes, from: number, end: number): number {
  let i = from;
  while (i < end && codes[i] !== LF && codes[i] !== CR) i++;
  return i;
}

/** The first LF or CR in `text`, or text.length. */
export function firstLineBreak(text: string): number {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  return lf < 0 ? (cr < 0 ? text.length : cr) : cr < 0 ? lf : Math.min(lf, cr);
}

/** End of the line that contains `offset` (for one-line ranges). */
export function lineEndFrom(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
  return i;
}

/**
 * Finds records one at a time in text that may arrive in chunks: `scan` stops before a record that the
 * next chunk could still change (no line end yet, an open quote, a CR that may be half of CRLF), so
 * chunked and whole-text scans find the same records. The current record's fields sit in reusable
 * typed arrays (offsets into the scanned text), so scanning allocates nothing per record.
 */
export class CsvRecordScanner {
  fieldCount = 0;
  /** The field delimiter: a comma, or a tab for a tab-separated list (delimiterOf). */
  delimiter = COMMA;
  /** Raw span of each field, quotes included. */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /**
   * Each field's value (see readFieldValue) as a span of valueText. For a record of an ASCII text with no space or
   * control character, where no value needs trimming, these are starts and ends themselves.
   */
  valueStarts: Int32Array;
  valueEnds: Int32Array;
  private trimmedStarts = new Int32Array(64);
  private trimmedEnds = new Int32Array(64);
  /** The scanned text, or for a record with doubled quotes in a quoted field, a string of its values. */
  valueText = '';
  /** valueText's code units; readable only inside onRecord (the scanned text's are lent for the scan). */
  valueCodes: CharCodes = NO_CODES;
  /** Per field, 1 when quoted; written only for records with a quote (see isQuoted). */
  private quoted = new Uint8Array(64);
  /** Per field of the current record, its value when doubled quotes had to be undone (else unset). */
  private readonly unescaped: (string | undefined)[] = [];
  // Code units of the values gathered for a record with doubled quotes (valueCodes then), in an array of the same
  // kind as the text's: the checks that read valueCodes then see one kind of array in an ASCII list, which V8
  // compiles for that kind alone.
  private gatheredBytes = new Uint8Array(64);
  private gatheredUnits = new Uint16Array(64);
  /** Whether the current record has a quote: the records without one skip writing `quoted`. */
  private hasQuote = false;
  /** Syntax errors of the current record (CSV001), in order. */
  readonly errors: CsvSyntaxError[] = [];
  /** Set on the last record when an unterminated quote swallowed the rest of the text. */
  truncated = false;
  /**
   * Set on a record longer than MAX_RECORD_CHARS: its one field is the record's first MAX_RECORD_CHARS characters,
   * and scanning resumes at the first line break after them.
   */
  overlong = false;
  /** Set when a scan ended inside an overlong record whose line break is not in the text yet (more text may bring it). */
  endedInOverlongRecord = false;

  constructor() {
    this.valueStarts = this.trimmedStarts;
    this.valueEnds = this.trimmedEnds;
  }

  /**
   * Calls `onRecord(recordStart)` for each complete record in text[from, end); returns where the first
   * incomplete record starts (text.length when `final`), or the start of the record onRecord answered `true`
   * for (it stops there). Blank lines are skipped.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on"
  scan(text: string, from: number, final: boolean, onRecord: (recordStart: number) => boolean | void): number {
    this.endedInOverlongRecord = false;
    const codes = borrowCharCodes(text, from);
    try {
      return this.scanRecords(text, codes, from, final, onRecord);
    } finally {
      this.valueCodes = NO_CODES;
      returnCharCodes(codes);
    }
  }

  /** Fills the raw spans (starts, ends) of the one record that starts at `at` in a text held whole. */
  recordAt(text: string, at: number): void {
    // Only the record's own text is read: from its first line, doubled until the record is complete (a quoted
    // field may hold line breaks), not to the end of the text, once per call.
    for (let size = lineEndFrom(text, at) + 1 - at; ; size *= 2) {
      const end = Math.min(text.length, at + size);
      let found = false;
      this.scan(text.slice(at, end), 0, end === text.length, () => (found = true));
      if (found || end === text.length) break;
    }
    for (let f = 0; f < this.fieldCount; f++) {
      this.starts[f] += at;
      this.ends[f] += at;
    }
  }

  private scanRecords(
    text: string,
    codes: CharCodes,
    from: number,
    final: boolean,
    // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on"
    onRecord: (recordStart: number) => boolean | void,
  ): number {
    const n = text.length;
    // Only an ASCII text's code units are all below 128, where every character String.trim removes is below 33.
    const ascii = codes instanceof Uint8Array;
    let i = from;
    while (i < n) {
      const c0 = codes[i];
      if (c0 === LF || c0 === CR) {
        i++;
        continue;
      }
      const recordStart = i;
      const next = this.scanRecord(text, codes, ascii, i, final);
      if (next === INCOMPLETE) return recordStart;
      if (onRecord(recordStart) === true) return recordStart;
      if (next === OVERLONG) {
        i = lineBreakFrom(codes, recordStart + MAX_RECORD_CHARS, n);
        if (i === n && !final) this.endedInOverlongRecord = true;
        continue;
      }
      i = next;
      if (this.truncated) return n;
      if (i < n && codes[i] === CR) i++;
      if (i < n && codes[i] === LF) i++;
    }
    return n;
  }

  /**
   * Fills the fields of the record at `i`; returns the offset of its line end, INCOMPLETE, or OVERLONG when the
   * record goes on past MAX_RECORD_CHARS.
   */
  private scanRecord(text: string, codes: CharCodes, ascii: boolean, i: number, final: boolean): number {
    // Past `end` the record would be overlong: scanning stops there, so no record costs more than its limit.
    const end = Math.min(text.length, i + MAX_RECORD_CHARS + 1);
    const recordStart = i;
    this.fieldCount = 0;
    this.truncated = false;
    this.overlong = false;
    this.hasQuote = false;
    // Compared before written: a record's pointers are nearly always the last record's, and a store costs more.
    if (this.valueCodes !== codes) this.valueCodes = codes;
    if (this.valueText !== text) this.valueText = text;
    if (this.unescaped.length > 0) this.unescaped.length = 0; // left by a record found incomplete
    if (this.errors.length > 0) this.errors.length = 0;
    // The common record: one line without quotes, split at its commas in the same pass that finds its end, which also
    // notes whether a character String.trim could remove is in it.
    const starts = this.starts;
    const ends = this.ends;
    const delimiter = this.delimiter;
    const capacity = starts.length - 1; // the last field is written after the loop
    let f = 0;
    let fieldStart = i;
    let lineEnd = i;
    let blank = !ascii;
    for (; lineEnd < end; lineEnd++) {
      const c = codes[lineEnd];
      if (c > COMMA) continue;
      if (c === delimiter) {
        if (f === capacity) break; // more fields than the arrays hold: the general path below grows them
        starts[f] = fieldStart;
        ends[f] = lineEnd;
        f++;
        fieldStart = lineEnd + 1;
      } else if (c === LF || c === CR || c === QUOTE) break;
      else if (c <= 32) blank = true;
    }
    if (lineEnd === end && end < text.length) return this.overlongRecord(recordStart);
    if (lineEnd === end || codes[lineEnd] === LF || codes[lineEnd] === CR) {
      starts[f] = fieldStart;
      ends[f] = lineEnd;
      this.fieldCount = f + 1;
      if (blank) this.trimValues(codes);
      else if (this.valueStarts !== starts) {
        this.valueStarts = starts;
        this.valueEnds = ends;
      }
      return final || (lineEnd < end && !(lineEnd + 1 === end && codes[lineEnd] === CR)) ? lineEnd : INCOMPLETE;
    }
    // A quote, or more fields than the arrays hold: the record is read again field by field.
    this.valueStarts = this.trimmedStarts;
    this.valueEnds = this.trimmedEnds;
    this.hasQuote = true;
    for (;;) {
      const fieldStart = i;
      if (i < end && codes[i] === QUOTE) {
        i++;
        let closed = false;
        while (i < end) {
          if (codes[i] === QUOTE) {
            if (i + 1 === end) {
              // The quote may be doubled by the next character: beyond the limit, or in the next chunk.
              if (end < text.length) return this.overlongRecord(recordStart);
              if (!final) return INCOMPLETE;
            }
            if (i + 1 < end && codes[i + 1] === QUOTE) {
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) {
          if (end < text.length) return this.overlongRecord(recordStart);
          if (!final) return INCOMPLETE;
          this.errors.push({
            start: fieldStart,
            end: lineEndFrom(text, fieldStart),
            message:
              'Unterminated quoted field: the quote opened here is never closed, so the rest of the file is one field',
          });
          this.truncated = true;
          this.pushQuotedField(text, codes, fieldStart, end);
          if (this.valueText !== text) this.gatherValues(text, codes);
          return end;
        }
        const closeAt = i;
        let trailing = false;
        while (i < end) {
          const c = codes[i];
          if (c === delimiter || c === LF || c === CR) break;
          if (c !== 32 && !trailing) trailing = trimmedStart(codes, i, i + 1) === i;
          i++;
        }
        if (trailing)
          this.errors.push({ start: fieldStart, end: i, message: 'Text after the closing quote of a quoted field' });
        this.pushQuotedField(text, codes, fieldStart, closeAt);
      } else {
        let strayQuote = false;
        while (i < end) {
          const c = codes[i];
          if (c === delimiter || c === LF || c === CR) break;
          if (c === QUOTE) strayQuote = true;
          i++;
        }
        if (strayQuote)
          this.errors.push({
            start: fieldStart,
            end: i,
            message: 'A quote inside an unquoted field: quote the whole field and double the quote ("")',
          });
        this.pushUnquotedField(codes, fieldStart, i);
        this.quoted[this.fieldCount - 1] = 0;
      }
      if (i === end && end < text.length) return this.overlongRecord(recordStart);
      if (i < end && codes[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (!final && (i === end || (codes[i] === CR && i + 1 === end))) return INCOMPLETE;
    if (this.valueText !== text) this.gatherValues(text, codes);
    return i;
  }

  /** The record at `start` is overlong: one field, its first MAX_RECORD_CHARS characters, with an empty value. */
  private overlongRecord(start: number): number {
    this.overlong = true;
    this.truncated = false;
    this.hasQuote = false;
    this.errors.length = 0;
    this.unescaped.length = 0;
    this.fieldCount = 1;
    this.starts[0] = start;
    this.ends[0] = start + MAX_RECORD_CHARS;
    this.valueStarts = this.trimmedStarts;
    this.valueEnds = this.trimmedEnds;
    this.valueStarts[0] = start;
    this.valueEnds[0] = start;
    return OVERLONG;
  }

  /**
   * A record with doubled quotes in a quoted field: its values, those undone, are copied into one string (valueText)
   * and the value spans moved into it, so every value is still a span of one text.
   */
  private gatherValues(text: string, codes: CharCodes): void {
    const pieces: string[] = [];
    let length = 0;
    for (let f = 0; f < this.fieldCount; f++) {
      const piece = this.unescaped[f] ?? text.slice(this.valueStarts[f], this.valueEnds[f]);
      pieces.push(piece);
      this.valueStarts[f] = length;
      length += piece.length;
      this.valueEnds[f] = length;
    }
    this.valueText = pieces.join('');
    this.unescaped.length = 0;
    if (codes instanceof Uint8Array) {
      if (length > this.gatheredBytes.length) this.gatheredBytes = new Uint8Array(length * 2);
      this.valueCodes = this.gatheredBytes;
    } else {
      if (length > this.gatheredUnits.length) this.gatheredUnits = new Uint16Array(length * 2);
      this.valueCodes = this.gatheredUnits;
    }
    // The values are parts of the text, so an ASCII text's values fit bytes.
    for (let i = 0; i < length; i++) this.valueCodes[i] = this.valueText.charCodeAt(i);
  }

  /** Values for the fields of a plain record: each span trimmed. */
  private trimValues(codes: CharCodes): void {
    for (let f = 0; f < this.fieldCount; f++) this.trimValue(codes, f);
    this.valueStarts = this.trimmedStarts;
    this.valueEnds = this.trimmedEnds;
  }

  /** Field `f`'s value in the trimmed arrays: its raw span trimmed as String.trim does. */
  private trimValue(codes: CharCodes, f: number): void {
    const valueStart = trimmedStart(codes, this.starts[f], this.ends[f]);
    this.trimmedStarts[f] = valueStart;
    this.trimmedEnds[f] = trimmedEnd(codes, valueStart, this.ends[f]);
  }

  /** Whether field `f` of the current record is quoted. */
  isQuoted(f: number): boolean {
    return this.hasQuote && this.quoted[f] === 1;
  }

  private pushQuotedField(text: string, codes: CharCodes, start: number, end: number): void {
    readFieldValue(text, codes, start, end, true, quotedValue);
    const f = this.pushRawField(start, end);
    this.quoted[f] = 1;
    if (quotedValue.text !== text) {
      this.unescaped[f] = quotedValue.text;
      this.valueText = quotedValue.text; // marks the record for gatherValues
    } else {
      this.valueStarts[f] = quotedValue.start;
      this.valueEnds[f] = quotedValue.end;
    }
  }

  /** An unquoted field of a record read field by field (its values are the trimmed arrays). */
  private pushUnquotedField(codes: CharCodes, start: number, end: number): void {
    this.trimValue(codes, this.pushRawField(start, end));
  }

  private pushRawField(start: number, end: number): number {
    if (this.fieldCount === this.starts.length) {
      const size = this.starts.length * 2;
      this.starts = grown(this.starts, size);
      this.ends = grown(this.ends, size);
      this.valueStarts = this.trimmedStarts = grown(this.trimmedStarts, size);
      this.valueEnds = this.trimmedEnds = grown(this.trimmedEnds, size);
      this.quoted = grown(this.quoted, size);
    }
    const f = this.fieldCount++;
    this.starts[f] = start;
    this.ends[f] = end;
    return f;
  }
}

/** A copy of a typed array in a larger one. */
export function grown<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** Skips a leading byte-order mark. */
export function bodyStart(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

export function parseCsv(text: string): CsvTable {
  const table = new CsvTable(text);
  const scanner = new CsvRecordScanner();
  scanner.delimiter = delimiterOf(text, bodyStart(text));
  scanner.scan(text, bodyStart(text), true, () => table.addRecord(scanner));
  return table;
}
