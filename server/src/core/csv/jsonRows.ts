// Participation lists written as JSON: an array of row objects (`[{"apm_entity_id": …, "tin": …, "npi": …}]`, the
// APM-entity/TIN/NPI files of CMS's qpp-conversion-tool). This source turns them into the rows of cells the list
// rules read, each cell located in the JSON text; the rules themselves are the CSV list's (ListValidator).
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { CharCodes } from '../charCodes';
import { MAX_NESTING, SYNTAX_MESSAGES, tooDeeplyNestedAt } from '../entity/model';
import { FindingSink } from '../findings';
import { parseCsv, type ListTable } from './parse';
import { quoteUserText } from '../privacy';

/**
 * One row's cells as the list rules read them: per column, the cell in the text (`starts`/`ends`) and its value
 * (`valueStarts`/`valueEnds` into `valueText`, whose code units are `valueCodes`). CsvRecordScanner is one; a JSON
 * row is another. `bare`: per column, whether the cell is written as a bare JSON number (a fix that inserts a digit
 * before it must also quote it).
 */
export interface RowCells {
  fieldCount: number;
  starts: Int32Array;
  ends: Int32Array;
  valueText: string;
  valueCodes: CharCodes;
  valueStarts: Int32Array;
  valueEnds: Int32Array;
  bare?: Uint8Array;
}

/** Rows of cells from a source other than CSV text: its header first, then each row, in the same `cells`. */
export interface RowSource {
  readonly cells: RowCells;
  /** Where the current row starts in the text (findings about the whole row point there). */
  readonly rowStart: number;
  /** False when the source could not be read as a list at all (it said why): not even "no rows" is reported. */
  readonly readable: boolean;
  /** Fills the cells with the header; false when there is none. */
  header(): boolean;
  /** Fills the cells with the next row; false after the last. */
  nextRow(): boolean;
}

/** Whether a list's text is JSON (its first character other than white space is `[` or `{`), not CSV. */
export function isJsonList(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return false;
  }
  return false;
}

/**
 * The rows of a JSON list. The header is every key the row objects use, in order of first use (located at that
 * first use); each row's cell of a key is its value (the last one when a key repeats, as in JSON.parse), empty
 * when the row has no such key. Strings are read as their value, numbers as written; what cannot be a cell, or a
 * row, is JSON003.
 */
export class JsonRows implements RowSource {
  readonly cells: RowCells;
  /** Start and end of the current row (its object); the header's start is the list's `[`. */
  rowStart = 0;
  rowEnd = 0;
  private readonly rows: JsonNode[] = [];
  private readonly keys: string[] = [];
  private readonly keyNodes: JsonNode[] = [];
  private next = 0;
  /** Whether the text is an array (of rows or not): else a finding said why nothing is read. */
  readonly readable: boolean;

  constructor(
    private readonly text: string,
    private readonly sink: FindingSink,
  ) {
    this.cells = {
      fieldCount: 0,
      starts: new Int32Array(0),
      ends: new Int32Array(0),
      valueText: '',
      valueCodes: new Uint16Array(0),
      valueStarts: new Int32Array(0),
      valueEnds: new Int32Array(0),
      bare: new Uint8Array(0),
    };
    const root = this.parse();
    this.readable = root !== null;
    if (!root) return;
    this.rowStart = root.offset;
    const columns = new Map<string, number>();
    for (const element of root.children ?? []) {
      if (element.type !== 'object') {
        sink.add(
          'JSON003',
          element.offset,
          element.offset + element.length,
          'A list row must be an object of column → value; this element is not read',
        );
        continue;
      }
      this.rows.push(element);
      for (const property of element.children ?? []) {
        const key = property.children?.[0];
        if (!key || typeof key.value !== 'string' || columns.has(key.value)) continue;
        columns.set(key.value, this.keys.length);
        this.keys.push(key.value);
        this.keyNodes.push(key);
      }
    }
    const n = this.keys.length;
    this.cells.fieldCount = n;
    this.cells.starts = new Int32Array(n);
    this.cells.ends = new Int32Array(n);
    this.cells.valueStarts = new Int32Array(n);
    this.cells.valueEnds = new Int32Array(n);
    this.cells.bare = new Uint8Array(n);
    this.columnOfKey = columns;
  }

  private columnOfKey = new Map<string, number>();

  /** The JSON array of rows, or null (reported) when the text is not one. */
  private parse(): JsonNode | null {
    const text = this.text;
    const deepAt = tooDeeplyNestedAt(text);
    if (deepAt >= 0) {
      this.sink.add(
        'JSON001',
        deepAt,
        deepAt + 1,
        `Nested more than ${MAX_NESTING} levels deep: the file is not a participation list`,
      );
      return null;
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, {
      allowTrailingComma: true,
      disallowComments: false,
      allowEmptyContent: false,
    });
    if (errors.length > 0 || !root) {
      for (const e of errors) {
        const name = printParseErrorCode(e.error);
        this.sink.add(
          'JSON001',
          Math.min(e.offset, text.length),
          Math.min(text.length, e.offset + Math.max(e.length, 1)),
          `${SYNTAX_MESSAGES[name] ?? name}: the file is not valid JSON with comments`,
        );
      }
      return null;
    }
    if (root.type !== 'array') {
      this.sink.add(
        'JSON003',
        root.offset,
        root.offset + 1,
        'A JSON participation list must be an array of row objects, e.g. [{"apm_entity_id": "A1234", "tin": "…", "npi": "…"}]; nothing in this file is checked',
      );
      return null;
    }
    return root;
  }

  /** Fills the cells with the header's key names; false when no row has a key (nothing to check). */
  header(): boolean {
    if (this.keys.length === 0) return false;
    const cells = this.cells;
    let valueText = '';
    for (let c = 0; c < this.keys.length; c++) {
      const node = this.keyNodes[c];
      cells.starts[c] = node.offset;
      cells.ends[c] = node.offset + node.length;
      cells.valueStarts[c] = valueText.length;
      valueText += this.keys[c];
      cells.valueEnds[c] = valueText.length;
    }
    this.setValueText(valueText);
    return true;
  }

  /** Fills the cells with the next row; false after the last. */
  nextRow(): boolean {
    if (this.next >= this.rows.length) return false;
    const row = this.rows[this.next++];
    const cells = this.cells;
    const bare = cells.bare!;
    this.rowStart = row.offset;
    this.rowEnd = row.offset + row.length;
    // A key the row lacks is an empty cell at the row's opening brace.
    cells.starts.fill(row.offset);
    cells.ends.fill(row.offset + 1);
    cells.valueStarts.fill(0);
    cells.valueEnds.fill(0);
    bare.fill(0);
    let valueText = '';
    for (const property of row.children ?? []) {
      const [key, value] = property.children ?? [];
      const c = key && typeof key.value === 'string' ? this.columnOfKey.get(key.value) : undefined;
      if (c === undefined || !value) continue;
      cells.starts[c] = value.offset;
      cells.ends[c] = value.offset + value.length;
      cells.valueStarts[c] = cells.valueEnds[c] = valueText.length;
      bare[c] = 0;
      if (value.type === 'string') valueText += value.value as string;
      else if (value.type === 'number') {
        valueText += this.text.slice(value.offset, value.offset + value.length);
        bare[c] = 1;
      } else if (value.type !== 'null') {
        this.sink.add(
          'JSON003',
          value.offset,
          value.offset + value.length,
          `"${quoteUserText(key.value as string)}" must be a string or a number, not ${value.type === 'boolean' ? 'true or false' : `an ${value.type}`}; it is read as empty`,
        );
      }
      cells.valueEnds[c] = valueText.length;
    }
    this.setValueText(valueText);
    return true;
  }

  private setValueText(valueText: string): void {
    const codes = new Uint16Array(valueText.length);
    for (let i = 0; i < valueText.length; i++) codes[i] = valueText.charCodeAt(i);
    this.cells.valueText = valueText;
    this.cells.valueCodes = codes;
  }
}

/** A list's table: its CSV records, or a JSON list's header (the keys, at the `[`) and rows (each object). */
export function listTable(text: string): ListTable {
  return isJsonList(text) ? new JsonListTable(text) : parseCsv(text);
}

/** A JSON list as a table for hovers and navigation. A row's missing keys have no cell in the text (-1). */
class JsonListTable implements ListTable {
  rowCount = 0;
  private readonly columns: number;
  private readonly rowSpans: number[] = [];
  private readonly cellSpans: number[] = [];
  private readonly values: string[] = [];

  constructor(text: string) {
    const rows = new JsonRows(text, new FindingSink(0));
    this.columns = rows.cells.fieldCount;
    if (!rows.header()) return;
    this.add(rows, rows.rowStart, rows.rowStart + 1, false);
    while (rows.nextRow()) this.add(rows, rows.rowStart, rows.rowEnd, true);
  }

  private add(rows: JsonRows, start: number, end: number, isRow: boolean): void {
    const { cells } = rows;
    this.rowSpans.push(start, end);
    for (let c = 0; c < this.columns; c++) {
      const present = !isRow || cells.starts[c] !== start || cells.ends[c] !== start + 1;
      this.cellSpans.push(present ? cells.starts[c] : -1, present ? cells.ends[c] : -1);
      this.values.push(cells.valueText.slice(cells.valueStarts[c], cells.valueEnds[c]));
    }
    this.rowCount++;
  }

  fieldsInRow(): number {
    return this.columns;
  }
  fieldStart(row: number, col: number): number {
    return this.cellSpans[2 * (row * this.columns + col)];
  }
  fieldEnd(row: number, col: number): number {
    return this.cellSpans[2 * (row * this.columns + col) + 1];
  }
  rowStart(row: number): number {
    return this.rowSpans[2 * row];
  }
  rowEnd(row: number): number {
    return this.rowSpans[2 * row + 1];
  }
  value(row: number, col: number): string {
    return this.values[row * this.columns + col];
  }
  rowAt(offset: number): number {
    for (let r = this.rowCount - 1; r >= 0; r--) if (offset >= this.rowStart(r) && offset <= this.rowEnd(r)) return r;
    return -1;
  }
  columnAt(row: number, offset: number): number {
    for (let c = 0; c < this.columns; c++)
      if (this.fieldStart(row, c) >= 0 && offset >= this.fieldStart(row, c) && offset <= this.fieldEnd(row, c))
        return c;
    return -1;
  }
}
