import * as vscode from 'vscode';
import { DraftOptInRequest, type DraftOptInParams, type DraftOptInResult } from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';

/**
 * Drafts the LVT opt-in election for an entity file as an untitled Markdown document the user may edit and save:
 * the given file, else the active entity file, else one the user picks from the workspace.
 */
export async function draftOptIn(client: QppClient, given?: vscode.Uri): Promise<DraftOptInResult | undefined> {
  const uri = given ?? entityFileInEditor() ?? (await pickEntityFile());
  if (!uri) return undefined;
  const result = await client.sendRequest<DraftOptInResult>(DraftOptInRequest, { uri: uri.toString() } satisfies DraftOptInParams);
  if (result.markdown === null) {
    void vscode.window.showWarningMessage(`QPP: no opt-in election to draft: ${result.reason ?? 'the entity is not opt-in eligible.'}`);
    return result;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  return result;
}

function entityFileInEditor(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'qpp-entity' ? document.uri : undefined;
}

async function pickEntityFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.entity.json', '**/node_modules/**', 500);
  if (files.length === 0) {
    void vscode.window.showWarningMessage('QPP: the workspace has no *.entity.json file to draft an opt-in election for.');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: 'QPP: Draft Opt-In Election', placeHolder: 'Which APM Entity?' });
  return picked?.uri;
}
