// Code actions beyond one finding's quick fixes: Draft Opt-In Election on LVT003 (docs/rules/LVT003.md and
// samples/README.md promise it) and source.fixAll.qpp, every safe fix of a file in one edit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, codesOf, withClient } from './lspClient';

const ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" },
  "participationLists": ["a.participation.csv"]
}
`;
const FILES = { 'a.participation.csv': 'apm_entity_id,tin,npi\nA1234,991000101,1999000015\n' };

test('LVT003 (opt-in eligible) offers the Draft Opt-In Election action with the entity file', async () => {
  const optInEligible = ENTITY.replace(
    '"participationLists"',
    '"lowVolume": { "segments": [{ "start": "2022-10-01", "end": "2023-09-30", "allowedCharges": 150000.00, "beneficiaries": 200, "services": 500 }, { "start": "2023-10-01", "end": "2024-09-30", "allowedCharges": 150000.00, "beneficiaries": 200, "services": 500 }] },\n  "participationLists"',
  );
  await withClient({ ...FILES, 'a1234.entity.json': optInEligible }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, optInEligible);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'LVT003'));
    const lvt003 = published.diagnostics.find((d) => d.code === 'LVT003')!;
    const actions = await client.request<{ title: string; command?: { command: string; arguments?: unknown[] } }[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri },
        range: lvt003.range,
        context: { diagnostics: [lvt003] },
      },
    );
    const draft = actions.find((a) => a.title === 'Draft Opt-In Election');
    assert.deepEqual(
      draft?.command && [draft.command.command, draft.command.arguments],
      ['qpp.draftOptIn', [uri]],
      actions.map((a) => a.title).join(' | '),
    );
  });
});

test('source.fixAll.qpp applies every safe fix of a list at once, and the findings go away', async () => {
  const list = 'apm_entity_id,tin,npi\nA1234,99-1000101,1999000015\nA1234,99-1000102,1999000023\n';
  await withClient({ ...FILES, 'a.participation.csv': list }, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(codesOf(published.diagnostics).filter((c) => c === 'ID012').length, 2);
    const actions = await client.request<{ kind: string; edit: { changes: Record<string, never[]> } }[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      },
    );
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.qpp');
    const fixed = applyEdits(list, actions[0].edit.changes[uri]);
    assert.equal(fixed, 'apm_entity_id,tin,npi\nA1234,991000101,1999000015\nA1234,991000102,1999000023\n');
    const mark = client.published.length;
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, mark);
    assert.ok(!codesOf(after.diagnostics).includes('ID012'), codesOf(after.diagnostics).join(', '));
    const none = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.qpp'] },
    });
    assert.deepEqual(none, [], 'nothing left to fix');
  });
});

interface CodeActionAnswer {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: unknown; newText: string }[]> };
}

/** The quick fixes the server offers on the first diagnostic with `code`. */
async function quickFixesOn(
  client: Parameters<Parameters<typeof withClient>[1]>[0],
  uri: string,
  diagnostics: { code?: unknown; range: { start: unknown; end: unknown } }[],
  code: string,
): Promise<CodeActionAnswer[]> {
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} among ${codesOf(diagnostics as never).join(', ')}`);
  const actions = await client.request<CodeActionAnswer[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  return actions.filter((a) => a.edit);
}

const fixAllOf = (client: Parameters<Parameters<typeof withClient>[1]>[0], uri: string) =>
  client.request<CodeActionAnswer[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.qpp'] },
  });

test('CSV005: an exact duplicate row is removed by a quick fix and by fix-all; a duplicate that differs is not', async () => {
  // Rows 2 and 4 are the same text (a row pasted twice); row 5 is the same membership with other spacing.
  const list =
    'apm_entity_id,tin,npi\nA1234,991000101,1999000015\nA1234,991000102,1999000023\nA1234,991000101,1999000015\nA1234, 991000101 ,1999000015\n';
  await withClient({ ...FILES, 'a.participation.csv': list }, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    const duplicates = published.diagnostics.filter((d) => d.code === 'CSV005');
    assert.equal(duplicates.length, 2);
    const fixes = await quickFixesOn(client, uri, [duplicates[0]], 'CSV005');
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Remove row 4 (the same text as row 2)'],
    );
    const expected =
      'apm_entity_id,tin,npi\nA1234,991000101,1999000015\nA1234,991000102,1999000023\nA1234, 991000101 ,1999000015\n';
    assert.equal(applyEdits(list, fixes[0].edit!.changes[uri] as never), expected);
    assert.deepEqual(await quickFixesOn(client, uri, [duplicates[1]], 'CSV005'), [], 'row 5 differs in its text');
    const all = await fixAllOf(client, uri);
    assert.equal(applyEdits(list, all[0].edit!.changes[uri] as never), expected);
  });
});

test('CSV005: the last row duplicated without a final line break is removed with the line break before it', async () => {
  const list = 'apm_entity_id,tin,npi\r\nA1234,991000101,1999000015\r\nA1234,991000101,1999000015';
  await withClient({ ...FILES, 'a.participation.csv': list }, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    const [fix] = await quickFixesOn(client, uri, published.diagnostics, 'CSV005');
    assert.equal(
      applyEdits(list, fix.edit!.changes[uri] as never),
      'apm_entity_id,tin,npi\r\nA1234,991000101,1999000015',
    );
  });
});

test('CSV006: swapping start and end dates is a quick fix, not part of fix-all (one of the dates may be the typo)', async () => {
  const list = 'apm_entity_id,tin,npi,start_date,end_date\nA1234,991000101,1999000015,2024-12-31,2024-01-01\n';
  await withClient({ ...FILES, 'a.participation.csv': list }, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    const fixes = await quickFixesOn(client, uri, published.diagnostics, 'CSV006');
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Swap start_date and end_date'],
    );
    assert.equal(
      applyEdits(list, fixes[0].edit!.changes[uri] as never),
      'apm_entity_id,tin,npi,start_date,end_date\nA1234,991000101,1999000015,2024-01-01,2024-12-31\n',
    );
    assert.deepEqual(await fixAllOf(client, uri), []);
  });
});

test('ENT002: removing an unknown property is a quick fix that keeps the JSON valid, not part of fix-all', async () => {
  const entity = ENTITY.replace(
    '"entity": { "id": "A1234" },',
    '"entity": { "id": "A1234", "nmae": "x" },\n  "notes": "keep?",',
  );
  await withClient({ ...FILES, 'a1234.entity.json': entity }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, entity);
    const published = await client.waitForDiagnostics(uri);
    const unknown = published.diagnostics.filter((d) => d.code === 'ENT002');
    assert.equal(unknown.length, 2);
    const results: string[] = [];
    for (const d of unknown) {
      const [fix] = await quickFixesOn(client, uri, [d], 'ENT002');
      assert.match(fix.title, /^Remove property "(nmae|notes)"$/);
      const fixed = applyEdits(entity, fix.edit!.changes[uri] as never);
      JSON.parse(fixed);
      results.push(fixed);
    }
    assert.equal(
      results[0],
      ENTITY.replace('"entity": { "id": "A1234" },', '"entity": { "id": "A1234" },\n  "notes": "keep?",'),
    );
    assert.equal(
      results[1],
      ENTITY.replace('"entity": { "id": "A1234" },', '"entity": { "id": "A1234", "nmae": "x" },'),
    );
    assert.deepEqual(await fixAllOf(client, uri), []);
  });
});
