import * as vscode from 'vscode';
import { ReportRequest, type ReportParams } from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';
import { reportToCsv, reportToMarkdown } from '../report/exportFormats';
import type { ReportView } from '../report/model';

/**
 * Saves the report as Markdown or CSV (chosen by the file extension). Without `target` the save dialog
 * asks, and confirms any overwrite itself; a given `target` that already exists is never overwritten.
 */
export async function exportReport(client: QppClient, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let uri = target;
  if (uri) {
    if (await exists(uri)) throw new Error(`${uri.fsPath} already exists; choose another file.`);
  } else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    uri = await vscode.window.showSaveDialog({
      title: 'QPP: Export Report',
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'qpp-report.md') : undefined,
      filters: { Markdown: ['md'], 'CSV (clinicians)': ['csv'] },
    });
    if (!uri) return undefined;
  }
  const report = await client.sendRequest<ReportView>(ReportRequest, {} satisfies ReportParams);
  const text = uri.path.toLowerCase().endsWith('.csv') ? reportToCsv(report) : reportToMarkdown(report);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`QPP: report saved to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
