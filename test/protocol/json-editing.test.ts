// Protocol tests of JSON editing in entity files (completion of schema keys, formatting, folding and selection
// ranges) for editors without a JSON service of their own, and their absence when the client says it has one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CompletionItem,
  CompletionList,
  FoldingRange,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { type LspTestClient, applyEdits, positionOf, withClient } from './lspClient';
import { ENTITY, LIST } from './fixtures';

const FILES = { 'a1234.participation.csv': LIST, 'a1234.entity.json': ENTITY };

/** An entity file where the cursor sits at an empty key inside `apm`. */
const KEY_AT_CURSOR = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "" },
  "entity": { "id": "A1234" }
}
`;
const keyCursor = positionOf(KEY_AT_CURSOR, '"" }', 1);

const SQUASHED = '{"performanceYear":2024,"apm":{"id":"SSP","track":"ENHANCED"},"entity":{"id":"A1234"}}\n';

const labelsOf = (answer: CompletionItem[] | CompletionList | null): string[] =>
  (Array.isArray(answer) ? answer : (answer?.items ?? [])).map((item) => item.label);

async function openEntity(client: LspTestClient, uri: string, text: string): Promise<void> {
  client.open(uri, text);
  await client.waitForDiagnostics(uri);
}

test('key completion in an entity file offers the schema properties of the object at the cursor', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('draft.entity.json');
    await openEntity(client, uri, KEY_AT_CURSOR);
    const labels = labelsOf(
      await client.request('textDocument/completion', { textDocument: { uri }, position: keyCursor }),
    );
    assert.ok(labels.includes('track'), `track among ${labels.join(', ')}`);
    assert.ok(!labels.includes('id'), 'a key already present is not offered again');
    assert.ok(!labels.includes('performanceYear'), 'only the keys of the object at the cursor');
  });
});

test('completion without snippet support inserts plain text', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('draft.entity.json');
    await openEntity(client, uri, KEY_AT_CURSOR);
    const answer = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: keyCursor,
    });
    const items = Array.isArray(answer) ? answer : answer.items;
    const track = items.find((item) => item.label === 'track');
    assert.ok(track, 'a track item');
    assert.notEqual(track.insertTextFormat, 2, 'not a snippet');
    const newText = track.textEdit && 'newText' in track.textEdit ? track.textEdit.newText : track.insertText;
    assert.ok(newText?.includes('"track"'), `inserts the key: ${newText}`);
    assert.ok(!/\$\d|\$\{/.test(newText ?? ''), `no snippet placeholders: ${newText}`);
  });
});

test('value completion keeps QPP Lens items first (APM ids with their names)', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('draft.entity.json');
    const text = '{\n  "performanceYear": 2024,\n  "apm": { "id": "" }\n}\n';
    await openEntity(client, uri, text);
    const answer = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(text, '"" }', 1),
    });
    const items = Array.isArray(answer) ? answer : answer.items;
    assert.equal(items[0]?.label, 'SSP');
    assert.match(String(items[0]?.detail), /Shared Savings/);
    assert.equal(items.filter((item) => item.label === 'SSP').length, 1, 'no duplicate from the schema examples');
  });
});

test('formatting an entity file returns edits that lay it out, and formatting it again returns none', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('squashed.entity.json');
    await openEntity(client, uri, SQUASHED);
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await client.request<TextEdit[] | null>('textDocument/formatting', {
      textDocument: { uri },
      options,
    });
    assert.ok(edits && edits.length > 0, 'edits');
    const formatted = applyEdits(SQUASHED, edits);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(SQUASHED), 'the same value');
    assert.match(formatted, /^ {2}"apm": \{\n {4}"id": "SSP",/m);
    client.change(uri, 2, [{ text: formatted }]);
    const again = await client.request<TextEdit[] | null>('textDocument/formatting', {
      textDocument: { uri },
      options,
    });
    assert.deepEqual(again ?? [], []);
    const list = await client.request<TextEdit[] | null>('textDocument/formatting', {
      textDocument: { uri: ws.uri('a1234.participation.csv') },
      options,
    });
    assert.deepEqual(list ?? [], [], 'lists are not formatted');
  });
});

test('folding ranges and selection ranges follow the JSON structure of an entity file', async () => {
  await withClient(FILES, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    await openEntity(client, uri, ENTITY);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const lowVolume = positionOf(ENTITY, '"lowVolume"').line;
    const qp = positionOf(ENTITY, '"qp"').line;
    assert.ok(
      folds.some((f) => f.startLine === lowVolume),
      `a fold at lowVolume (line ${lowVolume}) among ${JSON.stringify(folds)}`,
    );
    assert.ok(folds.some((f) => f.startLine === qp));
    const [selection] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri },
      positions: [positionOf(ENTITY, '"ENHANCED"', 2)],
    });
    const chain: SelectionRange['range'][] = [];
    for (let s: SelectionRange | undefined = selection; s; s = s.parent) chain.push(s.range);
    assert.ok(chain.length >= 4, `a chain from the string out to the document: ${JSON.stringify(chain)}`);
    assert.deepEqual(chain[0].start, positionOf(ENTITY, '"ENHANCED"', 1), 'the string content first');
    assert.deepEqual(chain.at(-1)!.start, { line: 0, character: 0 });
  });
});

test('with jsonServiceInClient the server offers no JSON editing: no capability, no key items, no edits', async () => {
  await withClient(
    FILES,
    async (client, ws) => {
      const capabilities = client.initializeResult.capabilities;
      assert.equal(capabilities.documentFormattingProvider, undefined);
      assert.equal(capabilities.foldingRangeProvider, undefined);
      assert.equal(capabilities.selectionRangeProvider, undefined);
      const uri = ws.uri('draft.entity.json');
      await openEntity(client, uri, KEY_AT_CURSOR);
      const labels = labelsOf(
        await client.request('textDocument/completion', { textDocument: { uri }, position: keyCursor }),
      );
      assert.deepEqual(labels, []);
      const squashedUri = ws.uri('squashed.entity.json');
      await openEntity(client, squashedUri, SQUASHED);
      const edits = await client.request<TextEdit[] | null>('textDocument/formatting', {
        textDocument: { uri: squashedUri },
        options: { tabSize: 2, insertSpaces: true },
      });
      assert.deepEqual(edits ?? [], []);
      assert.deepEqual(
        await client.request<FoldingRange[] | null>('textDocument/foldingRange', { textDocument: { uri } }),
        [],
      );
    },
    { initializationOptions: { jsonServiceInClient: true } },
  );
});

test('without the option the server announces formatting, folding and selection ranges', async () => {
  await withClient(FILES, async (client) => {
    const capabilities = client.initializeResult.capabilities;
    assert.ok(capabilities.documentFormattingProvider);
    assert.ok(capabilities.foldingRangeProvider);
    assert.ok(capabilities.selectionRangeProvider);
  });
});
