// Protocol tests of hover, code actions, completion, outline, inlay hints, code lenses, semantic tokens, the custom
// requests and cancellation, against the real dist/server.js over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CancellationTokenSource,
  type CodeAction,
  type CompletionItem,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient, applyEdits, codesOf, makeWorkspace, positionOf, withClient } from './lspClient';
import { parseQppLensConfig } from '../../server/src/config';
import { ENTITY, LIST } from './fixtures';

async function withOpenEntity(
  run: (client: LspTestClient, uri: string, ws: ReturnType<typeof makeWorkspace>) => Promise<void>,
  settings: Record<string, unknown> = {},
): Promise<void> {
  const ws = makeWorkspace({ 'a1234.participation.csv': LIST });
  const client = await LspTestClient.start({ rootDir: ws.dir, settings });
  try {
    await client.waitFor('file watcher registration', () =>
      client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
    );
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    await client.waitForDiagnostics(uri);
    await run(client, uri, ws);
    assert.equal(await client.stop(), 0);
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

const hoverText = (hover: Hover | null): string => {
  assert.ok(hover, 'a hover');
  return typeof hover.contents === 'object' && 'value' in hover.contents
    ? hover.contents.value
    : JSON.stringify(hover.contents);
};

test('hover on an LVT amount gives the limit, the payment year and the regulation', async () => {
  await withOpenEntity(async (client, uri) => {
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(ENTITY, '90000.01', 2),
    });
    const text = hoverText(hover);
    assert.match(text, /payment year 2026/);
    assert.match(text, /42 CFR 414\.1310\(b\)/);
    assert.match(text, /\$90,000\.00/);
    assert.match(text, /\*\*exceeds\*\*/);
    assert.deepEqual(hover!.range!.start, positionOf(ENTITY, '90000.01'));
  });
});

test('hover on the APM id and on a measure id', async () => {
  await withOpenEntity(async (client, uri) => {
    const apm = hoverText(
      await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(ENTITY, '"SSP"', 1) }),
    );
    assert.match(apm, /Medicare Shared Savings Program/);
    assert.match(apm, /PY2024 track ENHANCED: Advanced APM; MIPS APM/);
    const measure = hoverText(
      await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(ENTITY, '"134"', 1) }),
    );
    assert.match(measure, /Allowed.* in `app1` for PY2024/);
  });
});

test('hover on a QP numerator gives the score and the PY thresholds', async () => {
  await withOpenEntity(async (client, uri) => {
    const text = hoverText(
      await client.request('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(ENTITY, '"numerator": 520', 14),
      }),
    );
    assert.match(text, /52\.00%/);
    assert.match(text, /QP 50%/);
    assert.match(text, /42 CFR 414\.1430/);
    assert.match(text, /payment year 2026/);
  });
});

test('hover on an NPI cell names its entity and status; TINs are masked', async () => {
  await withOpenEntity(async (client, _uri, ws) => {
    const listUri = ws.uri('a1234.participation.csv');
    client.open(listUri, LIST);
    await client.waitForDiagnostics(listUri);
    const npi = hoverText(
      await client.request('textDocument/hover', {
        textDocument: { uri: listUri },
        position: positionOf(LIST, '1999000023', 3),
      }),
    );
    assert.match(npi, /A1234/);
    assert.match(npi, /Mar 31: not on the list; Jun 30: not on the list; Aug 31: on the list/);
    // Added on 2024-07-15: judged on Aug 31 only, and the entity has no valid Aug 31 score.
    assert.match(npi, /QP status: not determined/);
    const allYear = hoverText(
      await client.request('textDocument/hover', {
        textDocument: { uri: listUri },
        position: positionOf(LIST, '1999000015', 3),
      }),
    );
    assert.match(allYear, /QP status: QP through A1234 at 2024-06-30/);
    const tin = hoverText(
      await client.request('textDocument/hover', {
        textDocument: { uri: listUri },
        position: positionOf(LIST, '991000101', 1),
      }),
    );
    assert.match(tin, /\*\*\*\*\*0101/);
    assert.ok(!tin.includes('991000101'), 'TIN masked');
  });
});

test('a missing column offers to map the header that looks like it in .qpp-lens.json: a new file, or an edit of the one there', async () => {
  const listText = 'apm_entity_id,tin,Clinician NPI\nA1234,991234567,1234567893\n';
  const mappingAction = async (client: LspTestClient, uri: string): Promise<CodeAction> => {
    client.open(uri, listText);
    const published = await client.waitForDiagnostics(uri, (p) => codesOf(p.diagnostics).includes('CSV003'));
    const csv003 = published.diagnostics.find((d) => d.code === 'CSV003')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: csv003.range,
      context: { diagnostics: [csv003] },
    });
    const action = actions.find((a) => a.title.includes('.qpp-lens.json'));
    assert.ok(action, `a mapping action among ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(action.title, /Clinician NPI/);
    assert.equal(action.diagnostics?.[0]?.code, 'CSV003');
    return action;
  };
  const resourceOperations = {
    workspace: {
      configuration: true,
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceFolders: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] },
    },
  };
  // No .qpp-lens.json yet: the action creates it (applied only when the user picks it).
  await withClient(
    {},
    async (client, ws) => {
      const action = await mappingAction(client, ws.uri('mine.participation.csv'));
      const changes = action.edit!.documentChanges! as unknown as [
        { kind: string; uri: string },
        { textDocument: { uri: string }; edits: { newText: string }[] },
      ];
      assert.equal(changes[0].kind, 'create');
      assert.equal(changes[0].uri, ws.uri('.qpp-lens.json'));
      assert.equal(changes[1].textDocument.uri, ws.uri('.qpp-lens.json'));
      const created = parseQppLensConfig(changes[1].edits[0].newText);
      assert.deepEqual(created, { config: { columns: { npi: ['Clinician NPI'] } }, errors: [] });
      assert.ok(!fs.existsSync(ws.file('.qpp-lens.json')), 'nothing written before the user applies it');
    },
    { capabilities: resourceOperations },
  );
  // A .qpp-lens.json with other settings and a mapping for npi: the name is added to it, the rest kept.
  const existing =
    '{\n  // team settings\n  "severity": { "ID011": "off" },\n  "columns": { "npi": ["Rendering NPI"] }\n}\n';
  await withClient({ '.qpp-lens.json': existing }, async (client, ws) => {
    client.open(ws.uri('mine.participation.csv'), listText.replace('Clinician NPI', 'Rendering NPI'));
    const action = await mappingAction(client, ws.uri('other.participation.csv'));
    const edited = applyEdits(existing, action.edit!.changes![ws.uri('.qpp-lens.json')]);
    assert.match(edited, /\/\/ team settings/);
    assert.deepEqual(parseQppLensConfig(edited), {
      config: { severity: { ID011: 'off' }, columns: { npi: ['Rendering NPI', 'Clinician NPI'] } },
      errors: [],
    });
  });
});

test('code action round trip: the QP004 fix moves the date and the finding goes away', async () => {
  await withOpenEntity(async (client, uri) => {
    const published = client.publishedFor(uri).at(-1)!;
    const qp004 = published.diagnostics.find((d) => d.code === 'QP004')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: qp004.range,
      context: { diagnostics: [qp004] },
    });
    const fix = actions.find((a) => a.edit);
    assert.ok(fix, `a fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0]?.code, 'QP004');
    const explain = actions.find((a) => a.title === 'Explain rule QP004');
    assert.equal(explain?.command?.command, 'qpp.openRulePage');
    assert.match(String(explain?.command?.arguments?.[0]), /docs\/rules\/QP004\.md$/);

    const fixed = applyEdits(ENTITY, fix.edit!.changes![uri]);
    assert.ok(fixed.includes('"2024-06-30", "payments": { "numerator": 1'), 'date replaced by the nearest snapshot');
    const mark = client.published.length;
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, mark);
    assert.ok(!codesOf(after.diagnostics).includes('QP004'), `QP004 gone: ${codesOf(after.diagnostics).join(', ')}`);
  });
});

test('completion offers APM ids, snapshot dates of the PY and CSV header names', async () => {
  await withOpenEntity(async (client, uri, ws) => {
    const apm = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(ENTITY, '"SSP"', 1),
    });
    assert.ok(apm.some((i) => i.label === 'REACH'));
    assert.ok(apm.some((i) => i.label === 'SSP'));
    const dates = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(ENTITY, '"2024-07-01"', 1),
    });
    assert.deepEqual(
      dates.map((i) => i.label),
      ['2024-03-31', '2024-06-30', '2024-08-31', '2024-12-31'],
    );
    const measures = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(ENTITY, '"134"', 1),
    });
    assert.ok(measures.some((i) => i.label === '236'));

    const listUri = ws.uri('a1234.participation.csv');
    client.open(listUri, LIST);
    const headers = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: listUri },
      position: { line: 0, character: LIST.indexOf('\n') },
    });
    const labels = headers.map((i) => i.label);
    assert.ok(labels.includes('ccn') && labels.includes('list_type'), labels.join(', '));
    assert.ok(!labels.includes('tin'), 'columns already present are not offered');
  });
});

test('outline, inlay hints, code lens and semantic tokens', async () => {
  await withOpenEntity(async (client, uri, ws) => {
    type Outline = { name: string; children?: Outline[] };
    const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['performanceYear', 'apm', 'entity', 'participationLists', 'lowVolume', 'qp', 'app'],
    );
    const snapshots = symbols.find((s) => s.name === 'qp')!.children!.find((c) => c.name === 'snapshots')!;
    assert.deepEqual(
      snapshots.children!.map((c) => c.name),
      ['2024-06-30', '2024-07-01'],
    );

    const hints = await client.request<{ label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    assert.deepEqual(
      hints.map((h) => h.label),
      [' = 52.00%', ' = 30.00%', ' = 10.00%'],
    );

    type Lens = {
      range: { start: { line: number } };
      command: { title: string; command: string; arguments?: unknown[] };
    };
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => l.command.title).join('\n');
    assert.deepEqual(
      [...new Set(lenses.map((l) => JSON.stringify([l.command.command, l.command.arguments])))],
      [JSON.stringify(['qpp.showReport', [uri]])],
      'a click opens the report at this entity file',
    );
    assert.match(titles, /A1234 PY2024 \(payment year 2026\)/);
    assert.match(titles, /QP status: QP at Jun 30, 2024/);

    const listUri = ws.uri('a1234.participation.csv');
    client.open(listUri, LIST);
    const listLenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: listUri } });
    assert.deepEqual(
      listLenses.map((l) => [l.range.start.line, l.command.title, l.command.command, l.command.arguments]),
      [
        [1, 'Explain clinician', 'qpp.explainClinician', ['1999000015']],
        [2, 'Explain clinician', 'qpp.explainClinician', ['1999000023']],
      ],
      'a click on a row explains its clinician',
    );
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
      textDocument: { uri: listUri },
    });
    // 6 header cells + 4 cells in row 1 + 5 in row 2 (empty cells have no token); 5 numbers per token.
    assert.equal(tokens.data.length, (6 + 4 + 5) * 5);
  });
});

test('custom requests: report, file status, clinician, opt-in draft, validate workspace', async () => {
  await withOpenEntity(async (client, uri) => {
    const report = await client.request<{
      files: { path: string }[];
      clinicians: { tin: string }[];
      summary: { files: number };
    }>('qpp/report', {});
    assert.deepEqual(report.files.map((f) => f.path).sort(), ['a1234.entity.json', 'a1234.participation.csv']);
    assert.ok(
      report.clinicians.every((c) => c.tin.startsWith('*****')),
      'TINs masked in the report',
    );

    const status = await client.request<{ text: string; severity: string }>('qpp/fileStatus', { uri });
    assert.match(status.text, /^A1234 PY2024: QP \(Jun 30\)/);
    assert.equal(status.severity, 'error');

    const clinician = await client.request<{ markdown: string | null }>('qpp/explainClinician', { npi: '1999000015' });
    assert.match(clinician.markdown ?? '', /QP status: \*\*QP\*\*/);
    assert.equal(
      (await client.request<{ markdown: string | null }>('qpp/explainClinician', { npi: '1000000004' })).markdown,
      null,
    );

    const notEligible = await client.request<{ markdown: string | null; reason: string | null }>('qpp/draftOptIn', {
      uri,
    });
    assert.equal(notEligible.markdown, null);
    assert.match(notEligible.reason ?? '', /not opt-in eligible/);
    const start = positionOf(ENTITY, '90000.01');
    client.change(uri, 2, [
      { range: { start, end: { line: start.line, character: start.character + 8 } }, text: '90000.00' },
    ]);
    const draft = await client.request<{ markdown: string | null }>('qpp/draftOptIn', { uri });
    assert.match(draft.markdown ?? '', /APM Entity ID \| A1234/);
    assert.match(draft.markdown ?? '', /MIPS payment year \| 2026/);
    assert.match(draft.markdown ?? '', /Printed name: _+/);
    assert.match(draft.markdown ?? '', /\$90,000\.00 \(does not exceed\)/);

    const counts = await client.request<{ files: number; errors: number }>('qpp/validateWorkspace', {});
    assert.equal(counts.files, 2);
    assert.ok(counts.errors >= 1);
  });
});

test('Validate Workspace sent while the startup scan is still reading files counts every file', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[`e${i}.participation.csv`] = LIST;
  const ws = makeWorkspace(files);
  const client = await LspTestClient.start({ rootDir: ws.dir });
  try {
    // The scan starts once the watcher is registered; the request goes out at once, before it can have finished.
    await client.waitFor('file watcher registration', () =>
      client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
    );
    const counts = await client.request<{ files: number }>('qpp/validateWorkspace', {});
    assert.equal(counts.files, 60);
    assert.equal(await client.stop(), 0);
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('a cancelled request is answered with RequestCancelled', async () => {
  // Enough work (20 lists of 3,000 rows) that the cancellation arrives while the server is still validating.
  const files: Record<string, string> = {};
  const bigList = LIST + 'SSP,A1234,991000101,1999000015,,\n'.repeat(3000);
  for (let i = 0; i < 20; i++) files[`e${i}.participation.csv`] = bigList;
  const ws = makeWorkspace(files);
  const client = await LspTestClient.start({ rootDir: ws.dir });
  try {
    await client.waitFor('file watcher registration', () =>
      client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
    );
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('qpp/validateWorkspace', {}, source.token);
    source.cancel();
    await assert.rejects(pending, (error: { code?: number }) => error.code === -32800);
    assert.equal(await client.stop(), 0);
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test("a list's outline groups rows by entity, then TIN (masked unless revealed), then NPI", async () => {
  const list = [
    'apm_id,apm_entity_id,tin,npi',
    'SSP,A1234,991000101,1999000015',
    'SSP,A1234,99-1000101,1999000023',
    'SSP,A1234,991000102,1999000015',
    'SSP,A5555,991000101,1999000031',
    '',
  ].join('\n');
  type Outline = { name: string; detail?: string; children?: Outline[] };
  const tree = (symbols: Outline[]): unknown =>
    symbols.map((s) => (s.children?.length ? { [s.name]: tree(s.children) } : s.name));
  for (const revealTins of [false, true]) {
    await withClient(
      {},
      async (client, ws) => {
        const uri = ws.uri('grouped.participation.csv');
        client.open(uri, list);
        await client.waitForDiagnostics(uri);
        const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
        const tin = (digits: string) => (revealTins ? digits : `*****${digits.slice(-4)}`);
        assert.deepEqual(tree(symbols.slice(1)), [
          { A1234: [{ [tin('991000101')]: ['1999000015', '1999000023'] }, { [tin('991000102')]: ['1999000015'] }] },
          { A5555: [{ [tin('991000101')]: ['1999000031'] }] },
        ]);
        assert.equal(symbols[1].detail, '3 rows');
        assert.equal(symbols[1].children![0].detail, '2 rows', 'the hyphenated TIN is the same TIN');
      },
      { settings: { revealTins } },
    );
  }
});
