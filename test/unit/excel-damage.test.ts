// What Excel does to a list, named (issue 20, part 5): findings that say what happened and how to undo it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES, parseDate, parseParticipationList, type Finding } from '../../server/src/core';

const HEADER = 'apm_id,apm_entity_id,tin,npi';
const findingsOf = (text: string) => parseParticipationList(text).findings.items;
const applied = (text: string, f: Finding) => {
  const edits = [...f.data!.fixes![0].edits].sort((a, b) => b.start - a.start);
  return edits.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
};

test('an 8-digit TIN is XL001 (leading zero lost); the fix pads it only when the result is a valid TIN', () => {
  const text = `${HEADER}\nSSP,A1234,12345678,1234567893\n`;
  const [f] = findingsOf(text);
  assert.equal(f.code, 'XL001');
  assert.equal(CODES.XL001.severity, 'error');
  assert.match(f.message, /leading zero/);
  assert.match(f.message, /\*{5}5678/);
  assert.ok(!/12345678/.test(f.message), 'the 8 digits are masked too');
  assert.equal(f.data!.fixes![0].edits[0].text, '0', 'the fix inserts a zero, it never carries the TIN');
  const fixed = applied(text, f);
  assert.equal(fixed, `${HEADER}\nSSP,A1234,012345678,1234567893\n`);
  assert.deepEqual(findingsOf(fixed), []);
  // Quoted: the zero goes inside the quotes.
  const quoted = `${HEADER}\nSSP,A1234,"12345678",1234567893\n`;
  assert.equal(applied(quoted, findingsOf(quoted)[0]), `${HEADER}\nSSP,A1234,"012345678",1234567893\n`);
  // 0 + 00345678 is neither an EIN (prefix 00) nor an SSN (area 000): named, but no fix.
  const noFix = findingsOf(`${HEADER}\nSSP,A1234,00345678,1234567893\n`)[0];
  assert.equal(noFix.code, 'XL001');
  assert.equal(noFix.data?.fixes, undefined);
});

test('an NPI in scientific notation is XL002: digits are lost, and the message says how to re-export as text', () => {
  for (const npi of ['1.99E+09', '1.23457e+9', '2E+09']) {
    const [f] = findingsOf(`${HEADER}\nSSP,A1234,991234567,${npi}\n`);
    assert.equal(f.code, 'XL002', npi);
    assert.match(f.message, /scientific notation/);
    assert.match(f.message, /lost/);
    assert.match(f.message, /Text/);
    assert.equal(f.data?.fixes, undefined);
  }
  assert.equal(findingsOf(`${HEADER}\nSSP,A1234,9.91235E+08,1234567893\n`)[0].code, 'XL002', 'a TIN too');
});

test('an NPI or TIN with a trailing .0 is XL003 with a fix that removes the .0', () => {
  const text = `${HEADER}\nSSP,A1234,991234567.0,1234567893.0\n`;
  const found = findingsOf(text);
  assert.deepEqual(
    found.map((f) => f.code),
    ['XL003', 'XL003'],
  );
  let fixed = text;
  for (const f of [...found].reverse()) fixed = applied(fixed, f);
  assert.equal(fixed, `${HEADER}\nSSP,A1234,991234567,1234567893\n`);
  assert.deepEqual(findingsOf(fixed), []);
  assert.ok(!found[0].message.includes('991234567'), 'TIN masked');
  assert.match(found[1].message, /^NPI 1234567893 ends in "\.0"/);
});

test('other malformed identifiers keep their codes', () => {
  assert.deepEqual(
    findingsOf(`${HEADER}\nSSP,A1234,1234567,12345\n`).map((f) => f.code),
    ['ID010', 'ID001'],
  );
});

test('M/D/YYYY dates, as Excel writes them, are accepted', () => {
  assert.equal(parseDate('1/1/2025'), parseDate('2025-01-01'));
  assert.equal(parseDate('12/5/2025'), parseDate('2025-12-05'));
  assert.equal(parseDate('3/14/2025'), parseDate('2025-03-14'));
  for (const text of ['1/1/25', '/1/2025', '1//2025', '13/1/2025', '2/30/2025', '1/1/20255'])
    assert.equal(parseDate(text), null, text);
  assert.deepEqual(
    findingsOf(`${HEADER},start_date,end_date\nSSP,A1234,991234567,1234567893,1/1/2025,12/31/2025\n`),
    [],
  );
});

test('a CCN of 5 digits is XL004 (leading zero lost) with a fix that restores it', () => {
  const text = 'apm_entity_id,tin,npi,ccn\nA1234,991234567,1234567893,51300\nA1234,991234567,1999000015,"5130"\n';
  const found = findingsOf(text);
  assert.deepEqual(
    found.map((f) => f.code),
    ['XL004', 'ID020'],
  );
  assert.match(found[0].message, /CCN "51300" has 5 digits/);
  assert.equal(applied(text, found[0]), text.replace(',51300', ',051300'));
  assert.deepEqual(
    findingsOf(applied(text, found[0])).map((f) => f.code),
    ['ID020'],
  );
  assert.deepEqual(
    findingsOf('apm_entity_id,tin,npi,ccn\nA1234,991234567,1234567893,05130\n').map((f) => f.code),
    ['ID020'],
    'state code 00 does not exist',
  );
});
