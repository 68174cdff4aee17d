import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SheetCsvRequest, type SheetCsvParams, type SheetCsvResult } from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';

/** Names tried after `<name>.participation.csv` before giving up: a folder does not hold this many copies. */
const MAX_COPIES = 100;

/**
 * Writes the sheet of an .xlsx list that the checks read, as the CSV text they check (the server's `qpp/sheetCsv`,
 * so the conversion is the one the diagnostics come from), to `<name>.participation.csv` beside the workbook, never
 * over an existing file (`<name> (2).participation.csv`, …), and opens it. Without `workbook` (the explorer's
 * selection) a quick pick asks among the workspace's workbooks.
 */
export async function saveSheetAsCsv(client: QppClient, workbook?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = workbook ?? (await pickWorkbook());
  if (!source) return undefined;
  if (source.scheme !== 'file' || !/\.xlsx$/i.test(source.path))
    throw new Error(`${path.basename(source.path)} is not an .xlsx workbook on disk.`);
  const answer = await client.sendRequest<SheetCsvResult>(SheetCsvRequest, {
    uri: source.toString(),
  } satisfies SheetCsvParams);
  if ('problem' in answer) throw new Error(`${vscode.workspace.asRelativePath(source)}: ${answer.problem}`);
  const target = await writeBeside(source.fsPath, answer.csv);
  await vscode.window.showTextDocument(target);
  void vscode.window.showInformationMessage(
    `QPP: sheet "${answer.sheet}" saved as ${vscode.workspace.asRelativePath(target)}.`,
  );
  return target;
}

async function pickWorkbook(): Promise<vscode.Uri | undefined> {
  const workbooks = await vscode.workspace.findFiles('**/*.xlsx', '**/node_modules/**');
  if (workbooks.length === 0) {
    void vscode.window.showInformationMessage('QPP: no .xlsx workbook in the workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    workbooks
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'QPP: Save Sheet as CSV', placeHolder: 'The workbook whose checked sheet to save as CSV' },
  );
  return picked?.uri;
}

/** Creates the first free `<name>.participation.csv`, `<name> (2).participation.csv`, … beside the workbook. */
async function writeBeside(workbookPath: string, csv: string): Promise<vscode.Uri> {
  const name = path.basename(workbookPath).replace(/(\.participation)?\.xlsx$/i, '');
  for (let copy = 1; copy <= MAX_COPIES; copy++) {
    const candidate = path.join(
      path.dirname(workbookPath),
      `${name}${copy === 1 ? '' : ` (${copy})`}.participation.csv`,
    );
    try {
      // 'wx' fails when the file exists: no other writer can slip in between a check and the write.
      await fs.writeFile(candidate, csv, { flag: 'wx' });
      return vscode.Uri.file(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${name}.participation.csv and ${MAX_COPIES - 1} numbered copies exist already beside the workbook.`);
}
