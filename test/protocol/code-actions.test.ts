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
    const actions = await client.request<{ title: string; command?: { command: string; arguments?: unknown[] } }[]>('textDocument/codeAction', {
      textDocument: { uri }, range: lvt003.range, context: { diagnostics: [lvt003] },
    });
    const draft = actions.find((a) => a.title === 'Draft Opt-In Election');
    assert.deepEqual(draft?.command && [draft.command.command, draft.command.arguments], ['qpp.draftOptIn', [uri]], actions.map((a) => a.title).join(' | '));
  });
});

test('source.fixAll.qpp applies every safe fix of a list at once, and the findings go away', async () => {
  const list = 'apm_entity_id,tin,npi\nA1234,99-1000101,1999000015\nA1234,99-1000102,1999000023\n';
  await withClient({ ...FILES, 'a.participation.csv': list }, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(codesOf(published.diagnostics).filter((c) => c === 'ID012').length, 2);
    const actions = await client.request<{ kind: string; edit: { changes: Record<string, never[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.qpp');
    const fixed = applyEdits(list, actions[0].edit.changes[uri]);
    assert.equal(fixed, 'apm_entity_id,tin,npi\nA1234,991000101,1999000015\nA1234,991000102,1999000023\n');
    const mark = client.published.length;
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, mark);
    assert.ok(!codesOf(after.diagnostics).includes('ID012'), codesOf(after.diagnostics).join(', '));
    const none = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.qpp'] },
    });
    assert.deepEqual(none, [], 'nothing left to fix');
  });
});
