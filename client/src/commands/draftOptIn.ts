import * as vscode from 'vscode';
import { DraftOptInRequest, type DraftOptInParams, type DraftOptInResult } from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';

/** Drafts the LVT opt-in election for an entity file as an untitled Markdown document the user may edit and save. */
export async function draftOptIn(client: QppClient, given?: vscode.Uri): Promise<DraftOptInResult | undefined> {
  const uri = given ?? entityFileInEditor();
  if (!uri) {
    void vscode.window.showWarningMessage('QPP: open an *.entity.json file to draft its opt-in election.');
    return undefined;
  }
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
