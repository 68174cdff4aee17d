// Participation lists kept as Excel workbooks (.xlsx): the hosts read the bytes, turn the chosen sheet into CSV text
// (one record per sheet row, so record N is sheet row N) and give that text to the core as the list. Findings come
// back as offsets into the CSV, which `sheetCellAt` turns into a sheet cell.
import readXlsxFile from 'read-excel-file/universal';
import { REQUIRED_COLUMNS, mapHeader, type ColumnNames } from './core/csv/list';
import { maskTinShaped } from './core/privacy';

/** Workbooks larger than this on disk are not read: a real participation list is a few megabytes. */
export const MAX_XLSX_BYTES = 64 * 1024 * 1024;
/**
 * The most the workbook's parts may unzip to, by the sizes the zip declares (the unzipper never writes past a
 * declared size). A 100k-row list unzips to about 35 MB; a zip bomb declares gigabytes.
 */
export const MAX_XLSX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** Whether a path names an Excel workbook (read as a sheet, never as text). */
export const isXlsxPath = (path: string) => /\.xlsx$/i.test(path);

export interface SheetList {
  /** The sheet as CSV text: record N (1-based) is sheet row N. */
  csv: string;
  sheet: string;
  /** Where each record starts in `csv`, by sheet row - 1. */
  rowStarts: Int32Array;
}

export type XlsxResult = { list: SheetList } | { problem: string };

/**
 * Reads the list of a workbook: the sheet named by `sheetOption`, else the first sheet whose first row names a
 * required list column, else the first sheet. A file that is not a workbook, is too large or lacks the named sheet
 * gives a problem, never a throw.
 */
export async function readXlsxList(
  bytes: Uint8Array,
  sheetOption?: string,
  columnNames?: ColumnNames,
): Promise<XlsxResult> {
  if (bytes.length > MAX_XLSX_BYTES) return { problem: tooLargeProblem(bytes.length) };
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped > MAX_XLSX_UNZIPPED_BYTES)
    return {
      problem: `not read: the workbook unzips to ${megabytes(unzipped)}, more than a participation list may (${megabytes(MAX_XLSX_UNZIPPED_BYTES)})`,
    };
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Numbers stay as the workbook writes them: a 10-digit NPI must not pass through a float and back.
    sheets = (await readXlsxFile(buffer, { parseNumber: (text: string) => text })) as typeof sheets;
  } catch (e) {
    return { problem: unreadableReason(e) };
  }
  const names = sheets.map((s) => s.sheet);
  let chosen: (typeof sheets)[number] | undefined;
  if (sheetOption !== undefined) {
    chosen = sheets.find((s) => s.sheet === sheetOption) ?? sheets.find((s) => sameName(s.sheet, sheetOption));
    if (!chosen)
      return { problem: `no sheet ${quote(sheetOption)} in the workbook; its sheets: ${names.map(quote).join(', ')}` };
  } else {
    chosen = sheets.find((s) => namesListColumns(s.data[0], columnNames)) ?? sheets[0];
  }
  if (!chosen) return { problem: 'the workbook has no sheets' };
  return { list: { ...sheetCsv(chosen.data), sheet: chosen.sheet } };
}

/** Why a workbook of this many bytes is not read. */
export const tooLargeProblem = (bytes: number) =>
  `not read: ${megabytes(bytes)} is more than a workbook may be (${megabytes(MAX_XLSX_BYTES)})`;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** A sheet name as messages show it: a name is user text and may hold an SSN. */
const quote = (name: string) => `"${maskTinShaped(name)}"`;
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

function namesListColumns(header: unknown[] | undefined, columnNames?: ColumnNames): boolean {
  if (!header) return false;
  const { columns } = mapHeader(header.map(cellText), columnNames);
  return REQUIRED_COLUMNS.some((c) => columns[c] >= 0);
}

/** What a reader error means to the user. */
function unreadableReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'XLS_FILE_NOT_SUPPORTED')
    return 'not an .xlsx workbook: a password-protected workbook or an old .xls file (save it unprotected as .xlsx, or as CSV)';
  if (code === 'FILE_NOT_SUPPORTED' || code === 'NO_DATA')
    return 'not an .xlsx workbook (is it a CSV or text file with an .xlsx name?)';
  if (code === 'INVALID_ZIP') return 'the workbook is damaged (its zip archive cannot be read)';
  return `the workbook is damaged: ${(e as Error).message}`;
}

/**
 * The total size the zip's central directory declares for the workbook's parts, or 0 when there is none (the
 * reader then reports the damage). A Zip64 size counts as too large.
 */
export function declaredUnzippedBytes(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return 0;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let n = 0; n < entries && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const size = view.getUint32(at + 24, true);
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** A cell as the text a CSV export would hold: numbers in plain digits, dates as YYYY-MM-DD, TRUE/FALSE. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return plainNumber(String(value));
}

/** A number the workbook wrote (`12345678`, `1.99E9`, `-2.5e-3`) in plain digits, never exponent notation. */
export function plainNumber(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(text.trim());
  if (!m) return text.trim();
  const [, sign, whole, fraction = '', exponentText] = m;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > 400) return text.trim();
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const plain =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const trimmed = plain
    .replace(/^0+(?=\d)/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  return sign + trimmed;
}

/** A field quoted as CSV needs it (separators, quotes, line breaks, or spaces a CSV reader would trim). */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const isEmpty = (cell: unknown) => cell === null || cell === undefined || cell === '';

/** The index of a row's last cell with a value, or -1. */
function lastFilled(row: unknown[]): number {
  let last = row.length - 1;
  while (last >= 0 && isEmpty(row[last])) last--;
  return last;
}

/**
 * The sheet's rows as CSV records, with where each starts. Rows end in \n; empty rows stay as empty records. Each
 * other row has at least the header's fields (Excel stores no empty cells at a row's end) and no empty ones past them.
 */
function sheetCsv(data: unknown[][]): { csv: string; rowStarts: Int32Array } {
  const parts: string[] = [];
  const rowStarts = new Int32Array(data.length);
  const width = data.length > 0 ? lastFilled(data[0]) + 1 : 0;
  let length = 0;
  for (let r = 0; r < data.length; r++) {
    rowStarts[r] = length;
    const row = data[r];
    const filled = lastFilled(row);
    const last = filled < 0 ? -1 : Math.max(filled, width - 1);
    let line = '';
    for (let c = 0; c <= last; c++) line += (c > 0 ? ',' : '') + csvField(cellText(row[c]));
    line += '\n';
    parts.push(line);
    length += line.length;
  }
  return { csv: parts.join(''), rowStarts };
}

/** The sheet cell (1-based row, 0-based column) of an offset into the list's CSV text. */
export function sheetCellAt(list: SheetList, offset: number): { row: number; column: number } {
  let low = 0;
  let high = list.rowStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (list.rowStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  let column = 0;
  let quoted = false;
  for (let i = list.rowStarts[low] ?? 0; i < offset && i < list.csv.length; i++) {
    const c = list.csv[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) column++;
  }
  return { row: low + 1, column };
}

/** A column index as Excel names it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** An Excel cell reference: `Participants!C5`, the sheet name quoted when it needs it and masked (it is user text). */
export function cellReference(sheet: string, row: number, column: number): string {
  const shown = maskTinShaped(sheet);
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(shown) ? shown : `'${shown.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}
