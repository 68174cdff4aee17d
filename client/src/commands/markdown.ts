import * as vscode from 'vscode';

/** Opens generated Markdown as an untitled document (never saved by us) and previews it. */
export async function showMarkdownPreview(markdown: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  return document;
}
