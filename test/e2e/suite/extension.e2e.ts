// End-to-end tests in the real VS Code extension host, against a temp copy of test/e2e/workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { QppLensApi } from '../../../client/src/extension';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'qpp-lens.qpp-lens';
const ACTIVATION_BUDGET_MS = 5_000;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

const codeOf = (diagnostic: vscode.Diagnostic) =>
  typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');

function diagnosticsWithCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export function defineExtensionTests(): void {
  describe('QPP Lens in VS Code', () => {
    it('activates for participation lists and entity files', async () => {
      const list = await open('aco.participation.csv');
      assert.equal(list.languageId, 'qpp-participation');
      const entity = await open('aco.entity.json');
      assert.equal(entity.languageId, 'qpp-entity');
      const extension = vscode.extensions.getExtension<QppLensApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
      const { loadMs, activateMs } = extension.exports.activation;
      console.log(
        `      activation: code loaded in ${Math.round(loadMs)} ms, language server started in ${Math.round(activateMs)} ms`,
      );
      // A regression guard with room for CI's 2 shared cores, not a target: each part is well under a second there.
      assert.ok(
        loadMs + activateMs < ACTIVATION_BUDGET_MS,
        `activation took ${Math.round(loadMs + activateMs)} ms (budget ${ACTIVATION_BUDGET_MS} ms)`,
      );
    });

    it('gives a file the .qpp-lens.json "files" globs name the list language, and checks it', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceFile('ACO_Participant_List_2025.csv'));
      await vscode.window.showTextDocument(document);
      await waitFor('the list language', () =>
        vscode.workspace.textDocuments.find(
          (d) => d.uri.toString() === document.uri.toString() && d.languageId === 'qpp-participation',
        ),
      );
      await waitFor('ID002 in the list of another name', () => diagnosticsWithCode(document.uri, 'ID002')[0]);
    });

    it('publishes diagnostics for a participation list with bad rows', async () => {
      const document = await open('bad-rows.participation.csv');
      const badCheckDigit = await waitFor('ID002 on 1234567890', () => diagnosticsWithCode(document.uri, 'ID002')[0]);
      assert.equal(badCheckDigit.source, 'qpp');
      assert.equal(badCheckDigit.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(document.getText(badCheckDigit.range), '1234567890');
      const shortRow = await waitFor('CSV002 on the short row', () => diagnosticsWithCode(document.uri, 'CSV002')[0]);
      assert.equal(shortRow.range.start.line, 2);
    });

    it('explains an LVT figure on hover', async () => {
      const document = await open('aco.entity.json');
      const position = document.positionAt(document.getText().indexOf('125000.00') + 2);
      const text = await waitFor('a QPP hover on allowedCharges', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          position,
        );
        const joined = hoverText(hovers ?? []);
        return /90,000/.test(joined) ? joined : undefined;
      });
      assert.match(text, /414\.1310/, 'the hover cites the LVT regulation');
    });

    it('edits an entity file like JSON: schema keys offered once, formatting', async () => {
      const uri = workspaceFile('keys.entity.json');
      const text = '{"performanceYear": 2024, "apm": {"id": "SSP", ""}, "entity": {"id": "A1234"}}\n';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, 'qpp-entity');
      const position = document.positionAt(text.indexOf('""}') + 1);
      const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
      const items = await waitFor('schema key completion', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          position,
        );
        return list.items.some((item) => labelOf(item) === 'track') ? list.items : undefined;
      });
      assert.equal(items.filter((item) => labelOf(item) === 'track').length, 1, 'one provider offers keys');
      // A file with a comment formats (and the untrusted suite checks that nothing but QPP Lens reports on it).
      const squashed = workspaceFile('squashed.entity.json');
      const squashedText =
        '// a comment\n{"performanceYear": 2024, "apm": {"id": "SSP", "track": "ENHANCED"}, "entity": {"id": "Z9999"}}\n';
      await vscode.workspace.fs.writeFile(squashed, new TextEncoder().encode(squashedText));
      const formattable = await vscode.workspace.openTextDocument(squashed);
      await vscode.window.showTextDocument(formattable);
      await waitFor('formatting edits', async () => {
        const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
          'vscode.executeFormatDocumentProvider',
          formattable.uri,
          { tabSize: 2, insertSpaces: true },
        );
        return edits && edits.length > 0 ? edits : undefined;
      });
    });

    it('navigates from a list to its entity file, across the workspace, and renames an entity id', async () => {
      const list = await open('aco.participation.csv');
      const entity = await open('aco.entity.json');
      const text = list.getText();
      const entityCell = list.positionAt(text.indexOf('A1234') + 1);
      // Asked until answered: the server may still be reading the workspace when the first request arrives.
      const definitions = await waitFor('a definition of A1234', async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          list.uri,
          entityCell,
        );
        return found && found.length > 0 ? found : undefined;
      });
      const target = definitions.map((d) => ('targetUri' in d ? d.targetUri : d.uri).toString());
      assert.ok(target.includes(entity.uri.toString()), `A1234 leads to its entity file: ${target.join(', ')}`);
      const npiCell = list.positionAt(text.indexOf('1987654328') + 2);
      const references = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        list.uri,
        npiCell,
      );
      assert.ok(
        references.some((r) => r.uri.toString() === list.uri.toString()),
        `the NPI's row: ${references.map((r) => r.uri.toString()).join(', ')}`,
      );
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
        'vscode.executeWorkspaceSymbolProvider',
        'A1234',
      );
      assert.ok(symbols.length > 0, 'workspace symbols find the entity id');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        entity.uri,
      );
      assert.ok(
        links.some((l) => l.target?.path.endsWith('/aco.participation.csv')),
        'the participationLists entry links to the list',
      );
      const rename = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        list.uri,
        entityCell,
        'A7777',
      );
      const touched = rename.entries().map(([uri]) => uri.toString());
      assert.ok(
        touched.includes(list.uri.toString()) && touched.includes(entity.uri.toString()),
        `one rename edits the list and the entity file: ${touched.join(', ')}`,
      );
      // Offered, not applied: the fixture stays as it is for the other tests.
    });

    it('offers Fix All (source.fixAll.qpp) as one edit of every safe fix in a file', async () => {
      const document = await open('fix-me.entity.json');
      await waitFor('QP004 on 2024-06-29', () => diagnosticsWithCode(document.uri, 'QP004')[0]);
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        whole,
        'source.fixAll.qpp',
      );
      const fixAll = actions.find((action) => action.kind?.value === 'source.fixAll.qpp' && action.edit);
      assert.ok(fixAll, `a fix-all action among: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(' | ')}`);
      const edits = fixAll.edit!.get(document.uri);
      assert.ok(
        edits.some((e) => e.newText.includes('2024-06-30')),
        `the QP004 fix is in it: ${JSON.stringify(edits)}`,
      );
      // Offered, not applied: the next test applies the single quick fix to the same file.
    });

    it('applies the quick fix that moves a snapshot to a valid date', async () => {
      const document = await open('fix-me.entity.json');
      const diagnostic = await waitFor('QP004 on 2024-06-29', () => diagnosticsWithCode(document.uri, 'QP004')[0]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
        10, // resolve lazy edits
      );
      const fix = actions.find((action) => action.edit && /2024-06-30/.test(action.title));
      assert.ok(fix, `a QP004 quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
      assert.match(document.getText(), /"date": "2024-06-30"/);
      assert.doesNotMatch(document.getText(), /2024-06-29/);
      await waitFor('QP004 to go away', () =>
        diagnosticsWithCode(document.uri, 'QP004').length === 0 ? true : undefined,
      );
    });

    it('opens the rule page behind a diagnostic', async () => {
      const document = await open('bad-rows.participation.csv');
      const diagnostic = await waitFor('ID002', () => diagnosticsWithCode(document.uri, 'ID002')[0]);
      // A re-publish right after the open (the file's dependants) can cancel the first request: ask until answered.
      let actions: vscode.CodeAction[] = [];
      const explain = await waitFor(
        'an "explain this rule" action',
        async () => {
          actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            document.uri,
            diagnostic.range,
            vscode.CodeActionKind.QuickFix.value,
            10,
          );
          return actions.find((action) => action.command?.command === 'qpp.openRulePage');
        },
        10_000,
      ).catch(() => undefined);
      assert.ok(explain?.command, `an "explain this rule" action among: ${actions.map((a) => a.title).join(' | ')}`);
      const page = await vscode.commands.executeCommand<vscode.Uri>(
        explain.command.command,
        ...(explain.command.arguments ?? []),
      );
      assert.ok(page?.path.endsWith('/docs/rules/ID002.md'), `opened ${page?.toString()}`);
    });

    it('drafts an opt-in election only for an opt-in eligible entity', async () => {
      const draft = await vscode.commands.executeCommand<{ markdown: string | null }>(
        'qpp.draftOptIn',
        workspaceFile('opt-in.entity.json'),
      );
      assert.equal(typeof draft?.markdown, 'string');
      assert.match(draft!.markdown!, /A4321/);
      assert.ok(vscode.window.activeTextEditor?.document.isUntitled, 'the draft is an unsaved document');
      const refused = await vscode.commands.executeCommand<{ markdown: string | null; reason: string | null }>(
        'qpp.draftOptIn',
        workspaceFile('aco.entity.json'),
      );
      assert.equal(refused?.markdown, null);
      assert.ok(refused?.reason, 'says why there is nothing to draft');
    });

    it('Validate Workspace reports problems of files that are not open', async () => {
      const closed = workspaceFile('closed.participation.csv');
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()),
        'the file is not open',
      );
      const result = await vscode.commands.executeCommand<{ files: number; errors: number }>('qpp.validateWorkspace');
      assert.ok(result && result.files >= 5, `checked ${result?.files} files`);
      assert.ok(result.errors >= 1);
      await waitFor('ID002 in the closed list', () => diagnosticsWithCode(closed, 'ID002')[0]);
    });

    it('opens the eligibility report with the entities and clinicians', async () => {
      const state = await vscode.commands.executeCommand<{ entities: number; clinicians: number }>('qpp.showReport');
      assert.ok(state, 'the command resolves with the panel state');
      assert.ok(state.entities >= 3, `entities: ${state.entities}`);
      assert.ok(state.clinicians >= 3, `clinicians: ${state.clinicians}`);
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      assert.ok(
        tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === 'QPP Eligibility Report'),
      );
    });

    it("an entity file's code lens opens the report at that entity", async () => {
      const document = await open('aco.entity.json');
      const lenses = await waitFor('code lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          document.uri,
        );
        return found?.length ? found : undefined;
      });
      const command = lenses[0].command;
      assert.ok(command, 'the lens is clickable');
      const state = await vscode.commands.executeCommand<{ focus?: string }>(
        command.command,
        ...(command.arguments ?? []),
      );
      assert.equal(state?.focus, 'aco.entity.json');
    });

    it('exports the clinician table as CSV with masked TINs, and never overwrites', async () => {
      const target = workspaceFile('exported.csv');
      const saved = await vscode.commands.executeCommand<vscode.Uri>('qpp.exportReport', target);
      assert.equal(saved?.toString(), target.toString());
      const csv = fs.readFileSync(target.fsPath, 'utf8');
      assert.match(csv, /^npi,tin,/);
      assert.match(csv, /1234567893,\*{5}6789,/);
      assert.doesNotMatch(csv, /123456789[^0-9]/, 'no unmasked TIN');
      fs.writeFileSync(target.fsPath, 'keep me');
      assert.equal(await vscode.commands.executeCommand('qpp.exportReport', target), undefined);
      assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'keep me');
    });

    it('exports the whole report as Markdown with masked TINs, and never overwrites', async () => {
      const target = workspaceFile('exported.md');
      const saved = await vscode.commands.executeCommand<vscode.Uri>('qpp.exportReport', target);
      assert.equal(saved?.toString(), target.toString());
      const markdown = fs.readFileSync(target.fsPath, 'utf8');
      assert.match(markdown, /^# QPP eligibility report\n/);
      assert.match(markdown, /^## A1234 \(SSP, PY2024\)$/m, 'a section per entity');
      assert.match(markdown, /^\| 1234567893 \| \*{5}6789 \| A1234 \|/m, 'the clinician table, TIN masked');
      assert.doesNotMatch(markdown, /\b123456789\b|12-3456789/, 'no unmasked TIN');
      fs.writeFileSync(target.fsPath, 'keep me');
      assert.equal(await vscode.commands.executeCommand('qpp.exportReport', target), undefined);
      assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'keep me');
    });

    it('explains a clinician by NPI', async () => {
      const markdown = await vscode.commands.executeCommand<string | null>('qpp.explainClinician', '1234567893');
      assert.equal(typeof markdown, 'string');
      assert.match(markdown!, /1234567893/);
      assert.match(markdown!, /A1234/);
      assert.equal(
        await vscode.commands.executeCommand('qpp.explainClinician', '5555555555'),
        null,
        'an NPI on no list',
      );
    });

    it('restarts the language server and answers again', async () => {
      const api = vscode.extensions.getExtension<{ client(): { isRunning(): boolean } }>(EXTENSION_ID)!.exports;
      await vscode.commands.executeCommand('qpp.restartServer');
      await waitFor('the restarted client to run', () => (api.client().isRunning() ? true : undefined));
      const markdown = await vscode.commands.executeCommand<string | null>('qpp.explainClinician', '1987654328');
      assert.match(markdown ?? '', /1987654328/);
    });

    it('creates a year-aware entity template', async () => {
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('qpp.newEntityFile', 2025);
      assert.equal(document.languageId, 'qpp-entity');
      const text = document.getText();
      for (const date of [
        '2023-10-01',
        '2024-09-30',
        '2024-10-01',
        '2025-09-30',
        '2025-03-31',
        '2025-06-30',
        '2025-08-31',
      ]) {
        assert.ok(text.includes(`"${date}"`), `template has ${date}`);
      }
      assert.ok(!text.includes('2025-12-31'), 'Dec 31 does not count for QP');
      assert.ok(document.isUntitled, 'never saved by us');
    });

    it("shows an .xlsx list's problems at its cells without opening it, in the default scope", async () => {
      const workbook = workspaceFile('roster.participation.xlsx');
      const xl001 = await waitFor('XL001 in the workbook', () => diagnosticsWithCode(workbook, 'XL001')[0]);
      // Participants!C5: row 5, column C.
      assert.deepEqual([xl001.range.start.line, xl001.range.start.character, xl001.range.end.character], [4, 2, 3]);
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === workbook.toString()),
        'no text document was opened for the workbook',
      );
    });

    it('Save Sheet as CSV writes the checked sheet beside the workbook and opens it, never overwriting', async () => {
      const workbook = workspaceFile('roster.participation.xlsx');
      const first = await vscode.commands.executeCommand<vscode.Uri>('qpp.saveSheetAsCsv', workbook);
      assert.equal(first?.toString(), workspaceFile('roster.participation.csv').toString());
      const csv = fs.readFileSync(first.fsPath, 'utf8');
      assert.match(csv, /^APM ID,APM Entity ID,TIN,NPI,/, 'the Participants sheet, not the Read me sheet');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), first.toString(), 'the CSV is opened');
      const second = await vscode.commands.executeCommand<vscode.Uri>('qpp.saveSheetAsCsv', workbook);
      assert.equal(second?.toString(), workspaceFile('roster (2).participation.csv').toString());
      assert.equal(fs.readFileSync(first.fsPath, 'utf8'), csv, 'the first CSV is kept');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const written of [first, second]) fs.rmSync(written.fsPath);
    });
  });
}
