// One decoding of a file's bytes for qpp-check and the language server: UTF-8 as Node reads it, or UTF-16 with a BOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFileText, fileTextDecoder } from '../../server/src/core/decode';

const LIST = '\uFEFFapm_entity_id,tin,npi\nA1234,99-1000101,1999000015 Café 😀\n';

/** UTF-16 bytes of `text` (its BOM included), little- or big-endian. */
function utf16(text: string, bigEndian: boolean): Uint8Array {
  const bytes = Buffer.from(text, 'utf16le');
  if (bigEndian) bytes.swap16();
  return bytes;
}

test('UTF-8 with and without a BOM, and invalid UTF-8, decode as Node reads them', () => {
  for (const bytes of [Buffer.from(LIST), Buffer.from(LIST.slice(1)), Buffer.from([0x41, 0x2c, 0xc3, 0x28, 0xff, 0xe2, 0x82, 0x0a, 0xf0, 0x9f])]) {
    assert.equal(decodeFileText(bytes), bytes.toString('utf8'));
  }
});

test('UTF-16 LE and BE with a BOM decode to the text, BOM kept as U+FEFF', () => {
  assert.equal(decodeFileText(utf16(LIST, false)), LIST);
  assert.equal(decodeFileText(utf16(LIST, true)), LIST);
});

test('chunked decoding equals whole decoding wherever the chunks split a character', () => {
  for (const bytes of [Buffer.from(LIST), utf16(LIST, false), utf16(LIST, true)]) {
    for (let split = 1; split < bytes.length; split++) {
      const decode = fileTextDecoder(bytes.subarray(0, 2));
      const text = decode(bytes.subarray(0, split)) + decode(bytes.subarray(split)) + decode(new Uint8Array(0), true);
      assert.equal(text, decodeFileText(bytes), `split at byte ${split}`);
    }
  }
});
