// Navigation against the real server: definition, references, highlights, rename and workspace symbols, with one
// list open and the entity file and the other list only on disk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positionOf, withClient } from './lspClient';

const ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" },
  "participationLists": ["a.participation.csv", "b.participation.csv"]
}
`;
const LIST_A = 'apm_id,apm_entity_id,tin,npi\nSSP,A1234,991000101,1999000015\nSSP,A1234,991000101,1999000023\n';
const LIST_B = 'apm_entity_id,tin,npi\nA1234,991000102,1999000023\n';
const FILES = { 'a1234.entity.json': ENTITY, 'a.participation.csv': LIST_A, 'b.participation.csv': LIST_B };

interface Location {
  uri: string;
  range: { start: { line: number; character: number } };
}

test('definition, references and highlights of an entity id and an NPI reach closed files', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('a.participation.csv');
    client.open(uri, LIST_A);
    await client.waitForDiagnostics(uri);
    const textDocument = { uri };
    const onEntity = positionOf(LIST_A, 'A1234', 1);
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument, position: onEntity });
    assert.deepEqual(definition.map((l) => [l.uri, l.range.start]), [[ws.uri('a1234.entity.json'), positionOf(ENTITY, '"A1234"')]]);
    const references = await client.request<Location[]>('textDocument/references', { textDocument, position: onEntity, context: { includeDeclaration: true } });
    assert.deepEqual(references.map((l) => l.uri), [ws.uri('a1234.entity.json'), uri, uri, ws.uri('b.participation.csv')]);
    const onNpi = positionOf(LIST_A, '1999000023', 2);
    const npiReferences = await client.request<Location[]>('textDocument/references', { textDocument, position: onNpi, context: { includeDeclaration: true } });
    assert.deepEqual(npiReferences.map((l) => [l.uri, l.range.start.line]), [[uri, 2], [ws.uri('b.participation.csv'), 1]]);
    const highlights = await client.request<unknown[]>('textDocument/documentHighlight', { textDocument, position: onEntity });
    assert.equal(highlights.length, 2, 'both rows of this list');
  });
});

test('rename of an entity id is one workspace edit over the entity file and every list; other cells cannot be renamed', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    await client.waitForDiagnostics(uri);
    const position = positionOf(ENTITY, 'A1234');
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.equal(prepared.placeholder, 'A1234');
    const edit = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', { textDocument: { uri }, position, newName: 'A5678' });
    assert.deepEqual(
      Object.entries(edit.changes).map(([u, edits]) => [u, edits.map((e) => e.newText)]).sort(),
      [[ws.uri('a.participation.csv'), ['A5678', 'A5678']], [uri, ['"A5678"']], [ws.uri('b.participation.csv'), ['A5678']]].sort(),
    );
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position, newName: 'A 5,6' }), /letters, digits/);
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(ENTITY, '2024') }), /Only an APM Entity id/);
  });
});

test('workspace symbols find entity ids, and NPIs when the query is digits', async () => {
  await withClient(FILES, async (client) => {
    await client.waitFor('the startup scan', () => client.logMessages.some((m) => /entity files and lists in the workspace/.test(m)));
    const entities = await client.request<{ name: string }[]>('workspace/symbol', { query: 'a12' });
    assert.deepEqual(entities.map((s) => s.name), ['A1234']);
    const npis = await client.request<{ name: string }[]>('workspace/symbol', { query: '19990000' });
    assert.deepEqual(npis.map((s) => s.name).sort(), ['1999000015', '1999000023']);
  });
});

test('participationLists entries are links to their lists, with a hover that says what the list holds', async () => {
  await withClient({ ...FILES, 'a1234.entity.json': ENTITY.replace('"b.participation.csv"', '"b.participation.csv", "gone.participation.csv"') }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    const text = ENTITY.replace('"b.participation.csv"', '"b.participation.csv", "gone.participation.csv"');
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const links = await client.request<{ target: string }[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((l) => l.target), [ws.uri('a.participation.csv'), ws.uri('b.participation.csv')], 'no link to the missing list');
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'a.participation.csv', 2) });
    assert.match(hover.contents.value, /2 membership rows; 2 name this entity \(A1234\)/);
    const missing = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'gone.participation', 2) });
    assert.match(missing.contents.value, /Not in the workspace/);
  });
});
