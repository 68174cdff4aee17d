// The language server reads closed lists from disk with the same decoding as qpp-check: UTF-16 with a BOM is checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codesOf, withClient } from './lspClient';
import { ENTITY, LIST } from './fixtures';

test('a closed UTF-16 LE list with a BOM is decoded and checked in workspace scope', async () => {
  const utf16 = Buffer.from(`\uFEFF${LIST}`, 'utf16le');
  await withClient(
    { 'a1234.entity.json': ENTITY, 'a1234.participation.csv': utf16 as unknown as string },
    async (client, ws) => {
      const published = await client.waitForDiagnostics(ws.uri('a1234.participation.csv'));
      const codes = codesOf(published.diagnostics);
      assert.ok(codes.includes('ID012'), `the hyphenated TIN row is checked: ${codes.join(', ')}`);
      assert.ok(!codes.includes('CSV003'), `the header is read: ${codes.join(', ')}`);
    },
    { settings: { validation: { scope: 'workspace' } } },
  );
});
