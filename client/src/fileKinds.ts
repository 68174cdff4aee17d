// Files of any name that the settings' `files` globs make lists or entity files get our language, as VS Code's
// files.associations would: the server answers which files are ours (qpp/fileKind), so the editor, the server and
// qpp-check follow the same globs.
import * as vscode from 'vscode';
import { FileKindRequest, type FileKindParams, type FileKindResult } from '../../server/src/protocol';
import { QPP_LANGUAGES, type QppClient } from './languageClient';

/** CMS eligibility records stay JSON to the editor: QPP Lens reads them, it does not edit them. */
const LANGUAGE_OF_KIND: Partial<Record<NonNullable<FileKindResult['kind']>, string>> = {
  participation: 'qpp-participation',
  entity: 'qpp-entity',
};

export function associateFileKinds(
  client: () => QppClient | undefined,
  output: vscode.LogOutputChannel,
): vscode.Disposable {
  // Each document is given our language once: a user who then picks another language keeps it.
  const asked = new Set<string>();
  const associate = async (document: vscode.TextDocument): Promise<void> => {
    const uri = document.uri.toString();
    if (document.uri.scheme !== 'file' || (QPP_LANGUAGES as readonly string[]).includes(document.languageId)) return;
    const running = client();
    if (!running?.isRunning() || asked.has(uri)) return;
    asked.add(uri);
    const params: FileKindParams = { uri };
    const { kind } = await running.sendRequest<FileKindResult>(FileKindRequest, params);
    const language = kind && LANGUAGE_OF_KIND[kind];
    if (language) await vscode.languages.setTextDocumentLanguage(document, language);
  };
  const attempt = (document: vscode.TextDocument) =>
    void associate(document).catch((error) =>
      output.warn(
        `Could not set the language of ${document.uri.fsPath}: ${error instanceof Error ? error.message : error}`,
      ),
    );
  vscode.workspace.textDocuments.forEach(attempt);
  return vscode.workspace.onDidOpenTextDocument(attempt);
}
