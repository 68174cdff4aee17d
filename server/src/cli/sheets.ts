// .xlsx lists in qpp-check: the chosen sheet is read as CSV text (xlsx.ts) and checked like any list; positions are
// sheet cells (line = row - 1, character = column index) and each finding names its cell, `Participants!C5`.
import { readFileSync } from 'node:fs';
import type { QppSettings } from '../config';
import { maskTinShaped, type Position, type ReportJson } from '../core';
import { MAX_XLSX_BYTES, cellReference, readXlsxList, sheetCellAt, type SheetList } from '../xlsx';
import { NotReadable, formatBytes, reasonOf } from './inputs';

/** The list of an .xlsx file, in the sheet the settings name; throws NotReadable, whose message names XL005. */
export async function readSheet(file: string, bytes: number, settings: QppSettings): Promise<SheetList> {
  if (bytes > MAX_XLSX_BYTES)
    throw new NotReadable(
      `${file}: XL005 not read: ${formatBytes(bytes)} is more than a workbook may be (${formatBytes(MAX_XLSX_BYTES)})`,
    );
  let content: Uint8Array;
  try {
    content = readFileSync(file);
  } catch (e) {
    throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
  }
  const result = await readXlsxList(content, settings.xlsx.sheet, settings.columns);
  if ('problem' in result) throw new NotReadable(`${file}: XL005 ${result.problem}`);
  return result.list;
}

/** Offsets in a sheet's CSV text as cell positions, so "Ln 5, Col 3" is C5. */
export function cellPositions(list: SheetList, offsets: readonly number[]): Position[] {
  return offsets.map((offset) => {
    const { row, column } = sheetCellAt(list, offset);
    return { line: row - 1, character: column };
  });
}

/** A finding of an .xlsx list, named by its cell. */
export type CellDiagnostic = ReportJson['files'][number]['diagnostics'][number] & { cell?: string };

/** Adds the sheet to each .xlsx list of the report, and the cell (`Participants!C5`) to each of its findings. */
export function nameCells(
  report: ReportJson,
  sheets: ReadonlyMap<string, SheetList>,
  displayPath: (key: string) => string,
): void {
  const byPath = new Map([...sheets].map(([key, list]) => [displayPath(key), list.sheet]));
  for (const file of report.files as (ReportJson['files'][number] & { sheet?: string })[]) {
    const sheet = byPath.get(file.path);
    if (sheet === undefined) continue;
    // A sheet name is the user's text, and may be an SSN.
    file.sheet = maskTinShaped(sheet);
    for (const d of file.diagnostics as CellDiagnostic[])
      d.cell = maskTinShaped(cellReference(sheet, d.range.start.line + 1, d.range.start.character));
  }
}
