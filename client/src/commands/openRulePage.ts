import * as vscode from 'vscode';

const CODE = /^[A-Z]+\d{3}$/;

/** Opens a rule page (`docs/rules/CODE.md` shipped with the extension) in the Markdown preview. */
export async function openRulePage(
  context: vscode.ExtensionContext,
  target?: vscode.Uri | string,
): Promise<vscode.Uri> {
  const uri = rulePageUri(context, target);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    throw new Error(`no rule page at ${uri.fsPath}`);
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

function rulePageUri(context: vscode.ExtensionContext, target: vscode.Uri | string | undefined): vscode.Uri {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string' && CODE.test(target))
    return vscode.Uri.file(context.asAbsolutePath(`docs/rules/${target}.md`));
  if (typeof target === 'string' && target.startsWith('file:')) return vscode.Uri.parse(target, true);
  throw new Error('Open Rule Page needs a diagnostic code (e.g. "QP001") or the file URI of a rule page.');
}
