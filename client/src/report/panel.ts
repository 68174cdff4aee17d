// The eligibility report webview. Data goes to the page by postMessage only; the page builds its DOM
// with textContent, under a CSP that allows nothing but our nonce'd script and the webview's styles.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ReportRequest, type ReportParams } from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';
import type { ReportMessage, ReportView } from './model';

const QPP_FILE = /\.(entity\.json|participation\.csv)$/i;

let pageScript: string | undefined;
/**
 * The page's script, inlined under the nonce rather than loaded as a webview resource: a resource goes through the
 * webview's service worker, one more round trip before the first report shows.
 */
function reportPageScript(extensionUri: vscode.Uri): string {
  pageScript ??= readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'report-webview.js').fsPath, 'utf8').replaceAll(
    '</script',
    '<\\/script',
  );
  return pageScript;
}

/** Messages the page sends back. */
type PageMessage = { type: 'ready' } | { type: 'refresh' } | { type: 'export' } | { type: 'openFile'; path: string };

export interface ReportPanelState {
  visible: boolean;
  /** The entity file the report opened at, as the report names it. */
  focus: string | undefined;
  entities: number;
  clinicians: number;
}

export class ReportPanel {
  private static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReport: ReportView | undefined;
  /** The entity file the report was opened at (a code lens click), or none from the palette. */
  private focus: string | undefined;

  /** Opens (or reveals) the report, at the entity file `focus` if given, and resolves once it holds fresh data. */
  static async show(
    context: vscode.ExtensionContext,
    client: QppClient,
    focus?: vscode.Uri,
  ): Promise<ReportPanelState> {
    if (ReportPanel.current) ReportPanel.current.panel.reveal();
    else ReportPanel.current = new ReportPanel(context, client);
    // The report names files by their workspace-relative path.
    ReportPanel.current.focus = focus ? vscode.workspace.asRelativePath(focus, false) : undefined;
    return ReportPanel.current.refresh();
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: QppClient,
    private readonly panel = vscode.window.createWebviewPanel(
      'qpp.report',
      'QPP Eligibility Report',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      },
    ),
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: PageMessage) => this.onMessage(message)),
      // Live refresh: new diagnostics on a QPP file may mean new determinations.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => QPP_FILE.test(uri.path))) this.refreshSoon();
      }),
    );
  }

  private async onMessage(message: PageMessage): Promise<void> {
    if (message.type === 'ready') {
      if (this.lastReport) await this.post(this.lastReport);
    } else if (message.type === 'refresh') {
      await this.refresh();
    } else if (message.type === 'export') {
      await vscode.commands.executeCommand('qpp.exportReport');
    } else if (message.type === 'openFile' && typeof message.path === 'string') {
      await this.openFile(message.path);
    }
  }

  private async openFile(path: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder, path);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh().catch(() => undefined), 400);
  }

  private async refresh(): Promise<ReportPanelState> {
    const report = await this.client.sendRequest<ReportView>(ReportRequest, {} satisfies ReportParams);
    this.lastReport = report;
    await this.post(report);
    return {
      visible: this.panel.visible,
      focus: this.focus,
      entities: report.files.filter((file) => file.determination).length,
      clinicians: report.clinicians.length,
    };
  }

  private async post(report: ReportView): Promise<void> {
    const message: ReportMessage = { type: 'report', report, updated: new Date().toISOString(), focus: this.focus };
    await this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>QPP Eligibility Report</title>
<style nonce="${nonce}">${REPORT_CSS}</style>
</head>
<body>
<header><h1>QPP Eligibility Report</h1><div class="actions"><button id="refresh" type="button">Refresh</button><button id="export" type="button">Export…</button></div></header>
<p id="summary" class="summary">Loading…</p>
<section id="entities" class="cards" aria-label="APM Entities"></section>
<h2>Clinicians</h2>
<input id="filter" type="search" placeholder="Filter by NPI, TIN, entity or status" aria-label="Filter clinicians">
<div class="table-scroll"><table id="clinicians"><caption class="visually-hidden">Clinicians: NPI, TIN, entities, QP status, the entity and snapshot that decided it, and APP availability. Sort with the column buttons.</caption><thead></thead><tbody></tbody></table></div>
<script nonce="${nonce}">${reportPageScript(this.context.extensionUri)}</script>
</body>
</html>`;
  }

  private dispose(): void {
    ReportPanel.current = undefined;
    clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

const REPORT_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
header { display: flex; align-items: center; justify-content: space-between; }
h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.15em; margin-top: 24px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; margin-left: 6px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
.summary { color: var(--vscode-descriptionForeground); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); border-radius: 4px; padding: 10px 12px; background: var(--vscode-editorWidget-background); }
.card.focused { border-color: var(--vscode-focusBorder); outline: 1px solid var(--vscode-focusBorder); }
.card h3 { margin: 0 0 2px; font-size: 1.05em; } .card .file { color: var(--vscode-textLink-foreground); cursor: pointer; font-size: 0.9em; text-decoration: underline; background: none; padding: 0; margin: 0; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 8px 0; } .card dt { color: var(--vscode-descriptionForeground); } .card dd { margin: 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: 0.85em; }
.chart text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.chart .axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.chart .payments { stroke: var(--vscode-charts-blue); fill: var(--vscode-charts-blue); }
.chart .patients { stroke: var(--vscode-charts-green); fill: var(--vscode-charts-green); }
.chart polyline { fill: none; stroke-width: 2; }
.chart .threshold { stroke-dasharray: 4 3; stroke-width: 1; fill: none; }
.chart .qp-line.payments, .chart .qp-line.patients { opacity: 0.9; } .chart .pqp-line { opacity: 0.5; }
.legend { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
input[type=search] { width: 100%; max-width: 420px; padding: 4px 6px; margin-bottom: 8px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); }
th button.sort { background: none; color: inherit; font: inherit; font-weight: 600; padding: 0; margin: 0; cursor: pointer; }
th button.sort:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
th[aria-sort=ascending] button::after { content: ' ▲'; } th[aria-sort=descending] button::after { content: ' ▼'; }
td { overflow-wrap: anywhere; } td.mono { font-family: var(--vscode-editor-font-family); } td.nowrap { white-space: nowrap; overflow-wrap: normal; }
.table-scroll { overflow-x: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
