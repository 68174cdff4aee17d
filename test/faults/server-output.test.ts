// Answers of the language server stay bounded whatever the document: a header of 120,000 columns, an entity file
// with 100,000 array items, a 100,000-row list's semantic tokens, and a buffer over the size cap asked for features
// before any validation has looked at it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withClient } from '../protocol/lspClient';
import { ENTITY } from '../protocol/fixtures';

/** The outline cap of core/features/structure.ts (MAX_OUTLINE_SYMBOLS) with room for the "… N more" symbols. */
const MAX_SYMBOLS_ANSWERED = 2100;
/** Five numbers per token, at most 20,000 tokens (MAX_SEMANTIC_TOKENS of lsp/languageFeatures.ts). */
const MAX_TOKEN_NUMBERS = 5 * 20_000;

interface Outline {
  name: string;
  children?: Outline[];
}

function countSymbols(symbols: Outline[]): number {
  return symbols.reduce((n, s) => n + 1 + countSymbols(s.children ?? []), 0);
}

function names(symbols: Outline[]): string[] {
  return symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);
}

// 120,000 columns is about 0.8 MB: a header over 1 MiB is one CSV001 finding and no columns (long-records.test.ts).
test('documentSymbol on a header of 120,000 columns answers the first ones and one "… N more columns"', async () => {
  const columns = 120_000;
  const header = ['apm_entity_id', ...Array.from({ length: columns - 1 }, (_, i) => `c${i}`)].join(',');
  const list = `${header}\nA1234\nA1235\n`;
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('wide.participation.csv');
    client.open(uri, list, 1);
    const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(countSymbols(symbols) <= MAX_SYMBOLS_ANSWERED, `${countSymbols(symbols)} symbols`);
    const headerSymbol = symbols.find((s) => s.name === 'header')!;
    assert.equal(headerSymbol.children!.at(-1)!.name, `… ${columns - headerSymbol.children!.length + 1} more columns`);
    assert.ok(names(symbols).includes('A1234'), 'the entity ids are still in the outline');
  });
});

test('documentSymbol on an entity file with 100,000 measures answers a bounded outline', async () => {
  const measures = Array.from({ length: 100_000 }, (_, i) => `"${String(i).padStart(6, '0')}"`).join(', ');
  const entity = ENTITY.replace('"qualityMeasures": ["001", "134"]', `"qualityMeasures": [${measures}]`);
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('many.entity.json');
    client.open(uri, entity, 1);
    const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(countSymbols(symbols) <= MAX_SYMBOLS_ANSWERED, `${countSymbols(symbols)} symbols`);
    assert.ok(
      names(symbols).some((name) => /^… \d+ more items$/.test(name)),
      'the measures left out are folded into one symbol',
    );
    assert.deepEqual(symbols.map((s) => s.name).slice(0, 3), ['performanceYear', 'apm', 'entity']);
  });
});

test('semantic tokens of a 100,000-row list are bounded, and a range request answers that range', async () => {
  const rows = 100_000;
  const list = `apm_id,apm_entity_id,tin,npi\n${'SSP,A1234,991000101,1999000015\n'.repeat(rows)}`;
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('long.participation.csv');
    client.open(uri, list, 1);
    const full = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
      textDocument: { uri },
    });
    assert.ok(full.data.length <= MAX_TOKEN_NUMBERS, `${full.data.length} numbers`);
    const range = { start: { line: 50_000, character: 0 }, end: { line: 50_010, character: 0 } };
    const ranged = await client.request<{ data: number[] }>('textDocument/semanticTokens/range', {
      textDocument: { uri },
      range,
    });
    assert.equal(ranged.data.length, 10 * 4 * 5, 'four cells in each of ten rows');
    assert.equal(ranged.data[0], 50_000, 'the first token is on the first line of the range');
  });
});

test('a buffer over the size cap is answered no symbols or tokens, even before its validation', async () => {
  const maxFileSizeBytes = 10 * 1024;
  const list = `apm_id,apm_entity_id,tin,npi\n${'SSP,A1234,991000101,1999000015\n'.repeat(1000)}`;
  assert.ok(list.length > maxFileSizeBytes);
  await withClient(
    {},
    async (client, ws) => {
      const uri = ws.uri('big.participation.csv');
      client.open(uri, list, 1);
      const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols, []);
      const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
        textDocument: { uri },
      });
      assert.deepEqual(tokens.data, []);
    },
    { initializationOptions: { maxFileSizeBytes } },
  );
});

test('documentSymbol on a 100,000-row list answers a bounded outline of entities, TINs and NPIs', async () => {
  const rows = Array.from(
    { length: 100_000 },
    (_, i) => `SSP,A${String(i % 50).padStart(4, '0')},99${String(i % 700).padStart(7, '0')},${1000000000 + i}`,
  );
  const list = `apm_id,apm_entity_id,tin,npi\n${rows.join('\n')}\n`;
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('big.participation.csv');
    client.open(uri, list, 1);
    const symbols = await client.request<Outline[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(countSymbols(symbols) <= MAX_SYMBOLS_ANSWERED, `${countSymbols(symbols)} symbols`);
    assert.equal(symbols.length, 1 + 50, 'the header and every entity id');
    const first = symbols[1];
    assert.ok(first.children!.length > 0 && first.children![0].children!.length > 0, 'TINs and NPIs of the first');
    assert.match(names(symbols).join('\n'), /^… \d+ more (NPIs|TINs)$/m, 'what did not fit is counted');
  });
});
