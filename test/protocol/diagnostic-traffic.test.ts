// How much the server says about diagnostics: pulled reports carry a resultId and answer `unchanged` when nothing
// changed, a refresh is asked for only when a document the client pulled would now show something else, and an edit
// publishes only the documents whose diagnostics changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { type LspTestClient, codesOf, positionOf, withClient } from './lspClient';

const ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" },
  "participationLists": ["a.participation.csv"]
}
`;
const LIST_A = 'apm_id,apm_entity_id,tin,npi\nSSP,A1234,991000101,1999000015\n';
// Rows of another entity with no entity file (XF004): B depends on nothing the edits below change.
const LIST_B = 'apm_id,apm_entity_id,tin,npi\nSSP,A5555,991000102,1999000023\n';
const FILES = { 'a1234.entity.json': ENTITY, 'a.participation.csv': LIST_A, 'b.participation.csv': LIST_B };

const PULL = {
  capabilities: {
    textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
    workspace: { configuration: true, diagnostics: { refreshSupport: true } },
  },
  // Validation right after each edit: an edit's validation is then over before the test's next message.
  initializationOptions: { debounceMs: 0 },
};

type Report = { kind: 'full'; resultId?: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string };

const pull = (client: LspTestClient, uri: string, previousResultId?: string): Promise<Report> =>
  client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });

/**
 * A round trip: a validation of these small files is one slice, and the server answers requests only between
 * slices, so everything the last validation sends has arrived once a request is answered.
 */
async function settled(client: LspTestClient, uri: string): Promise<void> {
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
}

/** Replaces the first `from` in `text` (as the client holds it) with `to`. */
function replaceIn(client: LspTestClient, uri: string, text: string, version: number, from: string, to: string) {
  const start = positionOf(text, from);
  client.change(uri, version, [
    { range: { start, end: { line: start.line, character: start.character + from.length } }, text: to },
  ]);
  return text.replace(from, to);
}

test('pulled diagnostics carry a resultId; the same id again answers unchanged until the findings change', async () => {
  await withClient(
    FILES,
    async (client, ws) => {
      const uri = ws.uri('a.participation.csv');
      client.open(uri, LIST_A);
      const first = await pull(client, uri);
      assert.equal(first.kind, 'full');
      assert.ok(first.resultId, 'a resultId');
      assert.deepEqual(await pull(client, uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
      // A new version with the same findings: still unchanged.
      const text = replaceIn(client, uri, LIST_A, 2, '991000101', '991000109');
      assert.deepEqual(await pull(client, uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
      // A bad NPI: a full report under a new id.
      replaceIn(client, uri, text, 3, '1999000015', '1999000016');
      const changed = await pull(client, uri, first.resultId);
      assert.equal(changed.kind, 'full');
      assert.notEqual(changed.resultId, first.resultId);
      assert.ok(changed.kind === 'full' && codesOf(changed.items).includes('ID002'));
      assert.equal(client.publishedFor(uri).length, 0, 'nothing pushed for a pulled document');
    },
    PULL,
  );
});

test('a diagnostic refresh is asked for only when a document the client pulled would now show something else', async () => {
  await withClient(
    FILES,
    async (client, ws) => {
      const entityUri = ws.uri('a1234.entity.json');
      const listUri = ws.uri('a.participation.csv');
      client.open(entityUri, ENTITY);
      client.open(listUri, LIST_A);
      await pull(client, entityUri);
      await pull(client, listUri);
      const refreshes = () => client.serverRequests.filter((r) => r === 'workspace/diagnostic/refresh').length;
      const before = refreshes();
      // The list's own findings stay, the entity's too: the client pulls the list as editors do, no refresh.
      let text = replaceIn(client, listUri, LIST_A, 2, '991000101', '991000109');
      await pull(client, listUri);
      assert.equal((await pull(client, entityUri)).kind, 'full');
      // The entity loses its only row (XF005): the client has shown it without, so it is asked to pull again.
      text = replaceIn(client, listUri, text, 3, 'A1234', 'A1235');
      await client.waitFor('a refresh', () => refreshes() > before);
      await settled(client, listUri);
      const report = await pull(client, entityUri);
      assert.ok(report.kind === 'full' && codesOf(report.items).includes('XF005'));
      assert.equal(refreshes() - before, 1, 'one refresh, for the change the client had not seen');
    },
    PULL,
  );
});

test('an edit to a list publishes only the documents whose diagnostics changed', async () => {
  await withClient(FILES, async (client, ws) => {
    const uris = Object.keys(FILES).map((name) => ws.uri(name));
    const [entityUri, listUri, otherUri] = uris;
    client.open(entityUri, ENTITY);
    client.open(listUri, LIST_A);
    client.open(otherUri, LIST_B);
    for (const uri of uris) await client.waitForDiagnostics(uri);
    const mark = client.published.length;
    // A TIN for another valid one: the list's version moves on, no document's findings change.
    let text = replaceIn(client, listUri, LIST_A, 2, '991000101', '991000109');
    await client.waitForDiagnostics(listUri, (p) => p.version === 2, mark);
    // The entity loses its only row: the entity (XF005) and the list (XF004) change, the other list does not.
    text = replaceIn(client, listUri, text, 3, 'A1234', 'A1235');
    await client.waitForDiagnostics(listUri, (p) => p.version === 3, mark);
    await client.waitForDiagnostics(entityUri, (p) => codesOf(p.diagnostics).includes('XF005'), mark);
    await settled(client, otherUri);
    const sent = client.published.slice(mark).map((p) => `${p.uri.split('/').pop()} v${p.version}`);
    assert.deepEqual(sent, ['a.participation.csv v2', 'a.participation.csv v3', 'a1234.entity.json v1']);
  });
});
