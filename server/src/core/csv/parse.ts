// RFC 4180 CSV in one pass over character codes. Field boundaries are kept as offsets in typed
// arrays; values are sliced only when a rule asks for them.

export interface CsvSyntaxError {
  start: number;
  end: number;
  message: string;
}

export class CsvTable {
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
  /** The field's value, unquoted, with surrounding spaces of unquoted fields trimmed. */
  value(row: number, col: number): string {
    const k = this.index(row, col);
    const s = this.starts[k];
    const e = this.ends[k];
    if (this.quotedFlags[k] === 1) {
      const inner = this.text.slice(s + 1, this.text.charCodeAt(e - 1) === 34 && e - 1 > s ? e - 1 : e);
      return inner.indexOf('"') >= 0 ? inner.replace(/""/g, '"') : inner;
    }
    // Fast path: most cells have no surrounding spaces.
    if (e > s && this.text.charCodeAt(s) !== 32 && this.text.charCodeAt(e - 1) !== 32) return this.text.slice(s, e);
    return this.text.slice(s, e).trim();
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

  pushField(start: number, end: number, quoted: boolean): void {
    if (this.fieldCount === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.quotedFlags = grow(this.quotedFlags, (n) => new Uint8Array(n));
    }
    this.starts[this.fieldCount] = start;
    this.ends[this.fieldCount] = end;
    this.quotedFlags[this.fieldCount] = quoted ? 1 : 0;
    this.fieldCount++;
  }
  startRow(): void {
    if (this.rowCount + 2 > this.rowFirst.length) {
      const b = new Int32Array(this.rowFirst.length * 2);
      b.set(this.rowFirst);
      this.rowFirst = b;
    }
    this.rowFirst[this.rowCount] = this.fieldCount;
  }
  endRow(): void {
    this.rowCount++;
    this.rowFirst[this.rowCount] = this.fieldCount;
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** End of the line that contains `offset` (for one-line ranges). */
export function lineEndFrom(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
  return i;
}

export function parseCsv(text: string): CsvTable {
  const table = new CsvTable(text);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    // Skip blank lines between records.
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      i++;
      continue;
    }
    table.startRow();
    for (;;) {
      const fieldStart = i;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        i++;
        let closed = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
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
          table.errors.push({ start: fieldStart, end: lineEndFrom(text, fieldStart), message: 'Unterminated quoted field: the quote opened here is never closed, so the rest of the file is one field' });
          table.truncatedAt = fieldStart;
          table.pushField(fieldStart, n, true);
          table.endRow();
          return table;
        }
        const closeAt = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        if (i > closeAt && text.slice(closeAt, i).trim() !== '') {
          table.errors.push({ start: fieldStart, end: i, message: 'Text after the closing quote of a quoted field' });
        }
        table.pushField(fieldStart, closeAt, true);
      } else {
        let strayQuote = -1;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE && strayQuote < 0) strayQuote = i;
          i++;
        }
        if (strayQuote >= 0) table.errors.push({ start: fieldStart, end: i, message: 'A quote inside an unquoted field: quote the whole field and double the quote ("")' });
        table.pushField(fieldStart, i, false);
      }
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    table.endRow();
    if (i < n && text.charCodeAt(i) === CR) i++;
    if (i < n && text.charCodeAt(i) === LF) i++;
  }
  return table;
}
