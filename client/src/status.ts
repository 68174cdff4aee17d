// The language status item: the active QPP file's determination, from `qpp/fileStatus`.
import * as vscode from 'vscode';
import { FileStatusRequest, type FileStatusParams, type FileStatusResult } from '../../server/src/protocol';
import type { QppClient } from './languageClient';
import { QPP_LANGUAGES } from './languageClient';

const SEVERITY: Record<FileStatusResult['severity'], vscode.LanguageStatusSeverity> = {
  error: vscode.LanguageStatusSeverity.Error,
  warning: vscode.LanguageStatusSeverity.Warning,
  information: vscode.LanguageStatusSeverity.Information,
};

export class FileStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('qpp.fileStatus', [...QPP_LANGUAGES]);
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(private readonly client: () => QppClient | undefined) {
    this.item.name = 'QPP determination';
    this.item.text = 'QPP';
    this.item.command = { command: 'qpp.showReport', title: 'Show Eligibility Report' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      // Diagnostics arrive after each validation: the determination may have changed with them.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.refreshSoon();
      }),
    );
  }

  refreshSoon(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.refresh(), 150);
  }

  async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!document || !client?.isRunning() || !(QPP_LANGUAGES as readonly string[]).includes(document.languageId))
      return;
    const generation = ++this.generation;
    this.item.busy = true;
    try {
      const params: FileStatusParams = { uri: document.uri.toString() };
      const status = await client.sendRequest<FileStatusResult>(FileStatusRequest, params);
      if (generation !== this.generation) return; // a newer request owns the item
      this.item.text = status.text;
      this.item.detail = plainText(status.detail);
      this.item.severity = SEVERITY[status.severity] ?? vscode.LanguageStatusSeverity.Information;
    } catch (error) {
      if (generation !== this.generation) return;
      this.item.text = 'QPP: no status';
      this.item.detail = error instanceof Error ? error.message : String(error);
      this.item.severity = vscode.LanguageStatusSeverity.Warning;
    } finally {
      if (generation === this.generation) this.item.busy = false;
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** The status item shows plain text: keep the first line of the server's Markdown, without emphasis or code marks. */
function plainText(markdown: string): string {
  const firstLine = markdown.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return firstLine.replace(/\*\*|`/g, '').trim();
}
