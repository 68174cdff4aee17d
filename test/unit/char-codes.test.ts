// borrowCharCodes gives a text's UTF-16 code units at their offsets, whatever the text: ASCII through TextEncoder,
// anything else through the windowed decoder (test at scale: its windows are 1 Mi units).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { borrowCharCodes, returnCharCodes } from '../../server/src/core/charCodes';
import { seededRandom } from '../helpers/random';

function assertCodeUnits(text: string, from: number, label: string): void {
  const codes = borrowCharCodes(text, from);
  try {
    for (let i = from; i < text.length; i++) {
      if (codes[i] !== text.charCodeAt(i)) assert.fail(`${label}: unit ${i} is ${codes[i]}, not ${text.charCodeAt(i)}`);
    }
  } finally {
    returnCharCodes(codes);
  }
}

test('code units of ASCII, sparse and dense non-ASCII texts, with pairs and lone surrogates split across windows', () => {
  const random = seededRandom(7);
  const window = 1 << 20;
  const ascii = 'SSP,A1234,991234567,1234567893,,participation,clinician,2024-01-01,\n'.repeat(40_000);
  const sparse = ascii.split('');
  for (let k = 0; k < 300; k++)
    sparse[Math.floor(random() * sparse.length)] = ['é', '\u00a0', '\u3000', '\ud800', '\udfff', 'ñ'][k % 6];
  // A surrogate pair on each side of the first window boundary, and one split by it.
  sparse.splice(window - 2, 0, '😀');
  sparse.splice(window - 1 + 2, 0, '😀');
  const dense = Array.from({ length: 200_000 }, (_, i) =>
    i % 3 === 0 ? String.fromCharCode(0x4e00 + (i % 500)) : i % 7 === 0 ? '😀' : 'a',
  ).join('');
  for (const [label, text] of [
    ['ascii', ascii],
    ['sparse', sparse.join('')],
    ['dense', dense],
    ['short', 'a\u00e9\ud83d'],
    ['empty', ''],
  ] as const) {
    assertCodeUnits(text, 0, label);
    assertCodeUnits(text, Math.min(text.length, 1), `${label} from 1`);
  }
  // After a longer text, a shorter one is read right (the buffers are reused).
  assertCodeUnits('\ufeffx,y\n', 1, 'BOM');
});
