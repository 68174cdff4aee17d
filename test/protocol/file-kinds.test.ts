// Which files are lists and entity files: the language id the editor gives a document, else the `files` globs of
// the settings and .qpp-lens.json, whatever the file's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codesOf, withClient } from './lspClient';
import { LIST } from './fixtures';

test("a list of any name gets diagnostics when the editor gives it our language (VS Code's files.associations)", async () => {
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('ACO_Participant_List_2025.csv');
    client.open(uri, LIST, 1, 'qpp-participation');
    const published = await client.waitForDiagnostics(uri);
    assert.ok(codesOf(published.diagnostics).includes('ID012'), codesOf(published.diagnostics).join(', '));
  });
});

test('a document of another language is a list when the "files" globs of .qpp-lens.json say so', async () => {
  await withClient(
    { '.qpp-lens.json': JSON.stringify({ files: { participationLists: ['roster-*.txt'] } }) },
    async (client, ws) => {
      const uri = ws.uri('roster-2025.txt');
      client.open(uri, LIST, 1, 'plaintext');
      const published = await client.waitForDiagnostics(uri);
      assert.ok(codesOf(published.diagnostics).includes('ID012'), codesOf(published.diagnostics).join(', '));
    },
  );
});

test('in workspace scope, closed files the qpp.files setting names are read and checked; others are not', async () => {
  await withClient(
    { 'lists/ACO_Participant_List_2025.csv': LIST, 'lists/notes.csv': LIST, 'a.participation.json': '{}' },
    async (client, ws) => {
      const published = await client.waitForDiagnostics(ws.uri('lists/ACO_Participant_List_2025.csv'));
      assert.ok(codesOf(published.diagnostics).includes('ID012'), codesOf(published.diagnostics).join(', '));
      await client.waitForDiagnostics(ws.uri('a.participation.json'));
      assert.equal(client.publishedFor(ws.uri('lists/notes.csv')).length, 0, 'a CSV no glob names is not ours');
    },
    { settings: { validation: { scope: 'workspace' }, files: { participationLists: ['lists/ACO_*.csv'] } } },
  );
});

test('qpp/fileKind answers the kind of a file by the globs, for the client to set its language', async () => {
  await withClient(
    { '.qpp-lens.json': JSON.stringify({ files: { entityFiles: ['entities/*.json'] } }) },
    async (client, ws) => {
      const kind = (name: string) => client.request('qpp/fileKind', { uri: ws.uri(name) });
      assert.deepEqual(await kind('entities/a1234.json'), { kind: 'entity' });
      assert.deepEqual(await kind('x.participation.csv'), { kind: 'participation' });
      assert.deepEqual(await kind('x.participation.json'), { kind: 'participation' });
      assert.deepEqual(await kind('notes.json'), { kind: null });
    },
  );
});

test('a JSON list: diagnostics at its values and a hover that explains the column', async () => {
  const text = '[\n  {"apm_entity_id": "A1234", "tin": "991000101", "npi": "1999000016"}\n]\n';
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('roster.participation.json');
    client.open(uri, text);
    const published = await client.waitForDiagnostics(uri);
    const luhn = published.diagnostics.find((d) => d.code === 'ID002');
    assert.ok(luhn, codesOf(published.diagnostics).join(', '));
    assert.deepEqual(luhn.range, {
      start: { line: 1, character: 56 },
      end: { line: 1, character: 68 },
    });
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 60 },
    });
    assert.match(hover?.contents.value ?? '', /NPI/);
  });
});

test('when the globs change, files they now name are read and checked, and files they no longer name are dropped', async () => {
  await withClient(
    { 'roster.txt': LIST, 'other.txt': LIST },
    async (client, ws) => {
      await client.waitFor('settings read', () => client.serverRequests.includes('workspace/configuration'));
      client.settings = { validation: { scope: 'workspace' }, files: { participationLists: ['roster.txt'] } };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      const published = await client.waitForDiagnostics(ws.uri('roster.txt'));
      assert.ok(codesOf(published.diagnostics).includes('ID012'), codesOf(published.diagnostics).join(', '));
      const mark = client.published.length;
      client.settings = { validation: { scope: 'workspace' }, files: { participationLists: ['other.txt'] } };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.waitForDiagnostics(ws.uri('other.txt'), (p) => p.diagnostics.length > 0, mark);
      await client.waitForDiagnostics(ws.uri('roster.txt'), (p) => p.diagnostics.length === 0, mark);
    },
    { settings: { validation: { scope: 'workspace' } } },
  );
});

test('the server reads a *.participation.xlsx as a workbook, never as text, even when an editor opens it', async () => {
  // A CSV saved under an .xlsx name: read as text it would give ID012.
  await withClient({ 'roster.participation.xlsx': LIST }, async (client, ws) => {
    const uri = ws.uri('roster.participation.xlsx');
    client.open(uri, LIST, 1, 'qpp-participation');
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(codesOf(published.diagnostics), ['XL005']);
    const status = await client.request('qpp/fileStatus', { uri });
    assert.equal(status, null, 'no list was read from the text');
  });
});
