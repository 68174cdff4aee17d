import * as vscode from 'vscode';
import type { QppClient } from '../languageClient';
import { ReportPanel } from '../report/panel';
import { exportReport } from './exportReport';
import { explainClinician } from './explainClinician';
import { draftOptIn } from './draftOptIn';
import { newEntityFile } from './newEntityFile';
import { openRulePage } from './openRulePage';
import { saveSheetAsCsv } from './saveSheetAsCsv';
import { validateWorkspace } from './validateWorkspace';

export interface CommandContext {
  client(): QppClient;
  output: vscode.LogOutputChannel;
  restart(): Promise<void>;
}

/** Registers every QPP command. Commands return a value the end-to-end tests can check. */
export function registerCommands(context: vscode.ExtensionContext, qpp: CommandContext): void {
  // biome-ignore lint/suspicious/noExplicitAny: each command declares its own argument types; VS Code passes unknown values
  const register = (id: string, run: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          qpp.output.error(`${id}: ${message}`);
          void vscode.window.showErrorMessage(`QPP: ${message}`);
          return undefined;
        }
      }),
    );

  // From the palette: no argument; from an entity file's code lens: its URI as a string.
  register('qpp.showReport', (uri?: vscode.Uri | string) =>
    ReportPanel.show(context, qpp.client(), typeof uri === 'string' ? vscode.Uri.parse(uri) : uri),
  );
  register('qpp.exportReport', (target?: vscode.Uri) => exportReport(qpp.client(), target));
  register('qpp.explainClinician', (npi?: string) => explainClinician(qpp.client(), npi));
  register('qpp.validateWorkspace', () => validateWorkspace(qpp.client()));
  register('qpp.newEntityFile', (year?: number) => newEntityFile(year));
  // From the palette: no argument; from the LVT003 code action: the entity file's URI as a string.
  register('qpp.draftOptIn', (uri?: vscode.Uri | string) =>
    draftOptIn(qpp.client(), typeof uri === 'string' ? vscode.Uri.parse(uri) : uri),
  );
  // From the explorer's context menu: the workbook's URI; from the palette: none (a quick pick asks).
  register('qpp.saveSheetAsCsv', (uri?: vscode.Uri | string) =>
    saveSheetAsCsv(qpp.client(), typeof uri === 'string' ? vscode.Uri.parse(uri) : uri),
  );
  register('qpp.restartServer', () => qpp.restart());
  register('qpp.showOutput', () => qpp.output.show(true));
  register('qpp.openRulePage', (target?: vscode.Uri | string) => openRulePage(context, target));
}
