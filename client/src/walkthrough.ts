// The getting-started walkthrough opens by itself once, the first time QPP Lens starts, beside what the user opened:
// as VS Code does for an extension installed from the Marketplace, which an extension installed from a .vsix or
// the command line does not get. `qpp.openWalkthroughOnFirstStart` turns it off (VS Code's own
// workbench.welcomePage.walkthroughs.openOnInstall is application-scoped: a remote extension host does not see it).
import * as vscode from 'vscode';

const SHOWN_KEY = 'qpp.walkthroughShown';
const WALKTHROUGH = 'qpp-lens.qpp-lens#qpp.gettingStarted';

export async function showWalkthroughOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  await context.globalState.update(SHOWN_KEY, true);
  if (!vscode.workspace.getConfiguration('qpp').get<boolean>('openWalkthroughOnFirstStart', true)) return;
  const editor = vscode.window.activeTextEditor;
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, true);
  // Back to the file the user opened, so its editor (and its title actions) stay the active ones.
  if (editor) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}
