// The LVT003 finding's action: Draft Opt-In Election, as docs/rules/LVT003.md and samples/README.md promise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withClient } from './lspClient';

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
