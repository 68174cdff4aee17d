import * as vscode from 'vscode';
import {
  ValidateWorkspaceRequest,
  type ValidateWorkspaceParams,
  type ValidateWorkspaceResult,
} from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';

export async function validateWorkspace(client: QppClient): Promise<ValidateWorkspaceResult> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'QPP: validating workspace' },
    (): Promise<ValidateWorkspaceResult> =>
      client.sendRequest<ValidateWorkspaceResult>(ValidateWorkspaceRequest, {} satisfies ValidateWorkspaceParams),
  );
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(
    `QPP: checked ${plural(result.files, 'file')}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${result.information} information.`,
  );
  return result;
}
