// End-to-end tests in a folder the workbench does NOT trust (restricted mode): run.mjs starts code-server with
// workspace trust on and no trust prompt, over a temp copy of samples/ plus test/fixtures/untrusted-workspace/, with
// scripts planted where a careless product might look for code (dist/server.js, …). QPP_E2E_EXPECTED holds what
// `qpp-check --format json` finds in that folder; QPP_E2E_MARKER is the file any planted script would write.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'qpp-lens.qpp-lens';

interface CliFile {
  path: string;
  diagnostics: {
    code: string;
    severity: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the test run opens the untrusted folder');
  return first.uri;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is set by test/e2e/run.mjs`);
  return value;
}

const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'];
const at = (p: { line: number; character: number }) => `${p.line}:${p.character}`;

function editorSummary(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .map(
      (d) =>
        `${typeof d.code === 'object' ? d.code.value : d.code} ${SEVERITY_NAMES[d.severity]} ${at(d.range.start)}-${at(d.range.end)}`,
    )
    .sort();
}

const isWorkbook = (file: CliFile) => /\.xlsx$/i.test(file.path);

/** qpp-check's findings as the editor shows them: in a workbook, the editor's range spans the finding's cell. */
function cliSummary(file: CliFile): string[] {
  return file.diagnostics
    .map(({ code, severity, range: { start, end } }) => {
      const shownEnd = isWorkbook(file) ? { line: start.line, character: start.character + 1 } : end;
      return `${code} ${severity} ${at(start)}-${at(shownEnd)}`;
    })
    .sort();
}

/** Child processes of this extension host, with their command lines (Linux /proc). */
function childProcesses(): { pid: number; commandLine: string[] }[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) return [];
      return [
        {
          pid: Number(entry),
          commandLine: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean),
        },
      ];
    } catch {
      return []; // the process ended while we looked
    }
  });
}

export function defineUntrustedTests(): void {
  describe('QPP Lens in an untrusted workspace (restricted mode)', () => {
    it('runs in a folder the workbench does not trust', () => {
      assert.equal(
        vscode.workspace.isTrusted,
        false,
        'vscode.workspace.isTrusted: this run must be in restricted mode',
      );
    });

    it('activates in restricted mode and starts its own language server', async () => {
      const expected: { files: CliFile[] } = JSON.parse(fs.readFileSync(requiredEnv('QPP_E2E_EXPECTED'), 'utf8'));
      const entity = expected.files.find((f) => f.path.endsWith('.entity.json'));
      assert.ok(entity, 'the workspace has entity files');
      await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), entity.path)),
      );
      const extension = vscode.extensions.getExtension<{ client(): { isRunning(): boolean } }>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
      await waitFor('the language client to run', () => (extension.exports.client().isRunning() ? true : undefined));
    });

    it('publishes for every sample file the diagnostics qpp-check finds', async () => {
      const expected: { files: CliFile[] } = JSON.parse(fs.readFileSync(requiredEnv('QPP_E2E_EXPECTED'), 'utf8'));
      const withFindings = expected.files.filter((f) => f.diagnostics.length > 0);
      assert.ok(
        expected.files.length >= 20 && withFindings.length >= 10,
        `the samples were copied (${expected.files.length} files, ${withFindings.length} with findings)`,
      );
      // In tabs, as a user opens them: VS Code's client pulls diagnostics only for documents shown in a tab. A
      // workbook is not text: VS Code opens no document for it, and the server publishes it from disk.
      for (const file of expected.files.filter((f) => !isWorkbook(f))) {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), file.path));
        await vscode.window.showTextDocument(document, { preview: false });
      }
      for (const file of expected.files) {
        const uri = vscode.Uri.joinPath(folder(), file.path);
        const want = cliSummary(file);
        const got = await waitFor(`${file.path}: the diagnostics qpp-check reports`, () => {
          const summary = editorSummary(uri);
          return JSON.stringify(summary) === JSON.stringify(want) ? summary : undefined;
        }).catch(() => editorSummary(uri));
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        assert.deepEqual(
          got,
          want,
          `${file.path} (${open ? `open as ${open.languageId}` : 'no longer open'}): editor diagnostics (code severity range) equal qpp-check's`,
        );
      }
    });

    it('runs nothing from the workspace while its commands work', async () => {
      const validated = await vscode.commands.executeCommand<{ files: number }>('qpp.validateWorkspace');
      assert.ok(validated && validated.files >= 20, `Validate Workspace checked ${validated?.files} files`);
      const report = await vscode.commands.executeCommand<{ entities: number }>('qpp.showReport');
      assert.ok(report && report.entities >= 1, 'the report opens');
      const exported = await vscode.commands.executeCommand<vscode.Uri>(
        'qpp.exportReport',
        vscode.Uri.joinPath(folder(), 'restricted-report.md'),
      );
      assert.ok(exported && fs.existsSync(exported.fsPath), 'the export is written');
      await vscode.commands.executeCommand('qpp.restartServer');

      const marker = requiredEnv('QPP_E2E_MARKER');
      assert.ok(
        !fs.existsSync(marker),
        `a planted script or a string of workspace data ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`,
      );
      assert.equal(
        (Object.prototype as Record<string, unknown>).polluted,
        undefined,
        'workspace data polluted Object.prototype in the extension host',
      );

      // The language server this host runs is the extension's own bundle, not a file from the workspace.
      const workspacePath = folder().fsPath + path.sep;
      const servers = await waitFor('the restarted language server process', () => {
        const found = childProcesses().filter((p) => p.commandLine.some((arg) => arg.endsWith(`${path.sep}server.js`)));
        return found.length > 0 ? found : undefined;
      });
      const extensionServer = path.join(
        vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath,
        'dist',
        'server.js',
      );
      for (const server of servers)
        assert.ok(server.commandLine.includes(extensionServer), `server command line: ${server.commandLine.join(' ')}`);
      const fromWorkspace = childProcesses().filter((p) => p.commandLine.some((arg) => arg.startsWith(workspacePath)));
      assert.deepEqual(fromWorkspace, [], 'no child process of the extension host runs a file of the workspace');
      assert.equal(vscode.workspace.isTrusted, false, 'still restricted: nothing asked for trust');
    });
  });
}
