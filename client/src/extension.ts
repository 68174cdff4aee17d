// QPP Lens client: starts the language server and wires the QPP commands, the report view and the
// language status item to its custom requests (server/src/protocol.ts).
import * as vscode from 'vscode';
import { createLanguageClient, type QppClient } from './languageClient';
import { registerCommands } from './commands';
import { FileStatusItem } from './status';
import { associateFileKinds } from './fileKinds';
import { showWalkthroughOnce } from './walkthrough';

/** Set on the bundle's first line (scripts/build.mjs), before any of the extension's modules is evaluated. */
declare const __qppBundleLoadStarted: number | undefined;

export interface ActivationTimes {
  /** From the bundle's first line to activate(): evaluating the extension's code. */
  loadMs: number;
  /** activate() until the language server has started. */
  activateMs: number;
}

export interface QppLensApi {
  /** The running language client (tests wait on it instead of sleeping). */
  client(): QppClient;
  /** What activation cost; the end-to-end suite reports and bounds it. */
  activation: ActivationTimes;
}

let current: QppClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<QppLensApi> {
  const activateStarted = performance.now();
  const output = vscode.window.createOutputChannel('QPP Lens', { log: true });
  context.subscriptions.push(output);
  current = createLanguageClient(context, output);
  const status = new FileStatusItem(() => current);
  context.subscriptions.push(status);

  const restart = async () => {
    output.info('Restarting the QPP language server');
    await current?.restart();
    status.refresh();
  };
  registerCommands(context, { client: () => current!, output, restart });
  // The server reads trust once, at start (it decides whether .qpp-lens.json may reveal TINs).
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()));

  try {
    await current.start();
  } catch (error) {
    // Keep the commands (Show Output, Restart Server) usable so the user can see why and retry.
    const message = error instanceof Error ? error.message : String(error);
    output.error(`The QPP language server did not start: ${message}`);
    void vscode.window
      .showErrorMessage(`QPP: the language server did not start: ${message}`, 'Show Output')
      .then((choice) => {
        if (choice) output.show(true);
      });
  }
  status.refresh();
  context.subscriptions.push(associateFileKinds(() => current, output));
  void showWalkthroughOnce(context).catch((error) =>
    output.warn(`The walkthrough did not open: ${error instanceof Error ? error.message : error}`),
  );
  const activation = {
    loadMs: typeof __qppBundleLoadStarted === 'number' ? activateStarted - __qppBundleLoadStarted : 0,
    activateMs: performance.now() - activateStarted,
  };
  output.info(
    `Activated: code loaded in ${Math.round(activation.loadMs)} ms, language server started in ${Math.round(activation.activateMs)} ms`,
  );
  return { client: () => current!, activation };
}

export async function deactivate(): Promise<void> {
  await current?.stop();
  current = undefined;
}
