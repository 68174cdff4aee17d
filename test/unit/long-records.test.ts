// Lines far longer than any list row (one 100 MB line, megabytes of NUL bytes, a quote never closed): checked in
// time linear in their length whether streamed or read whole, with one finding that quotes a short, masked excerpt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeEntity, ListValidator, parseParticipationList, updateParticipationList } from '../../server/src/core';
import { CsvRecordScanner } from '../../server/src/core/csv/parse';

const HEADER = 'apm_id,apm_entity_id,tin,npi';
const CHUNK = 1 << 16;

/** Findings of a list fed in 64 KB chunks, as qpp-check streams it. */
function streamedFindings(text: string) {
  const validator = new ListValidator({ keepRow: () => true });
  for (let at = 0; at < text.length; at += CHUNK) validator.push(text.slice(at, at + CHUNK));
  validator.push('', true);
  return validator.result().findings.items.map(({ code, start, end, message }) => ({ code, start, end, message }));
}

const wholeFindings = (text: string) => parseParticipationList(text).findings.items.map(({ code, start, end, message }) => ({ code, start, end, message }));

/** Characters the record scanner is handed while a list with one line of `length` characters is streamed. */
function charactersScanned(length: number): number {
  const scan = CsvRecordScanner.prototype.scan;
  let scanned = 0;
  CsvRecordScanner.prototype.scan = function (this: CsvRecordScanner, text, from, final, onRecord) {
    scanned += text.length - from;
    return scan.call(this, text, from, final, onRecord);
  };
  try {
    streamedFindings(`${HEADER}\n${'x'.repeat(length)}\n`);
  } finally {
    CsvRecordScanner.prototype.scan = scan;
  }
  return scanned;
}

test('streaming a single long line scans each character a bounded number of times, not once per chunk', () => {
  const oneMegabyte = charactersScanned(1 << 20);
  const eightMegabytes = charactersScanned(8 << 20);
  // Rescanning the pending line on every 64 KB chunk makes 8x the bytes cost 64x the work.
  assert.ok(eightMegabytes < 16 * oneMegabyte, `1 MB line: ${oneMegabyte} characters scanned, 8 MB line: ${eightMegabytes}`);
  assert.ok(eightMegabytes < 4 * (8 << 20), `8 MB line: ${eightMegabytes} characters scanned`);
});

test('an absurdly long line gets one finding quoting a short, masked excerpt, streamed or read whole', () => {
  const line = `SSP,A1234,078051120,${'9'.repeat(3 << 20)}`;
  const text = `${HEADER}\n${line}\nSSP,A1234,07-8051120,1999000015\n`;
  const findings = wholeFindings(text);
  assert.deepEqual(streamedFindings(text), findings);
  const long = findings.filter((f) => f.code === 'CSV001');
  assert.equal(long.length, 1, JSON.stringify(findings.map((f) => f.message.slice(0, 120))));
  assert.equal(long[0].start, HEADER.length + 1);
  assert.ok(long[0].message.length < 300, long[0].message.slice(0, 400));
  assert.doesNotMatch(long[0].message, /078051120/);
  assert.match(long[0].message, /SSP,A1234,\*{5}1120/);
  // The next line is checked again (its TIN is hyphenated: ID012).
  assert.ok(findings.some((f) => f.code === 'ID012'), JSON.stringify(findings));
});

test('long lines in every place give the same findings streamed and read whole', () => {
  const mb = 1 << 20;
  const cases = {
    header: `${'h'.repeat(2 * mb)}\nSSP,A1234,991000101,1999000015\n`,
    'NUL bytes': '\0'.repeat(3 * mb),
    'unterminated quote': `${HEADER}\nSSP,A1234,991000101,"${'q\n'.repeat(mb)}`,
    'quoted field': `${HEADER}\nSSP,A1234,991000101,"${'q'.repeat(2 * mb)}"\nSSP,A1234,991000101,1999000015\n`,
    'lines just under and over the limit': `${HEADER}\r\n${'x'.repeat(mb - 2)}\r\n${'y'.repeat(mb + 5)}\r\nSSP,A1234,991000101,1999000015\r\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    const whole = wholeFindings(text);
    assert.deepEqual(streamedFindings(text), whole, name);
    for (const f of whole) {
      assert.ok(f.message.length < 300, `${name}: ${f.message.slice(0, 400)}`);
      assert.doesNotMatch(f.message, /[\x00-\x1f]/, `${name}: a control character in "${f.message.slice(0, 400)}"`);
    }
  }
});

test('after an edit, a list with an unreadable header or an overlong line updates to what a whole check gives', () => {
  const cases = {
    'tab-separated header': 'apm_id\tapm_entity_id\ttin\tnpi\nSSP\tA1234\t991000101\t1999000015\nSSP\tA1234\t991000101\t1999000023\n',
    'overlong header': `${'h'.repeat(2 << 20)}\nSSP,A1234,991000101,1999000015\nSSP,A1234,991000101,1999000023\n`,
    'overlong row': `${HEADER}\nSSP,A1234,991000101,1999000015\n${'x'.repeat(2 << 20)}\nSSP,A1234,991000101,1999000023\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    // The last row's NPI check digit changes: 1999000023 becomes 1999000027 (ID002).
    const edited = `${text.slice(0, -2)}7\n`;
    const updated = updateParticipationList(parseParticipationList(text), edited);
    assert.deepEqual(updated.findings.items, parseParticipationList(edited).findings.items, name);
  }
});

test('entity file messages quote at most 80 characters of a key or value, 9-digit runs masked', () => {
  const long = `078051120 ${'k'.repeat(5000)}`;
  const text = JSON.stringify({
    performanceYear: 2024, apm: { id: long, track: long }, entity: { id: long }, [long]: 1,
    app: { measures: [long] },
  });
  const { findings } = analyzeEntity(`${text.slice(0, -1)}, ${JSON.stringify(long)}: 2}`);
  const quoting = findings.items.filter((f) => f.message.includes('kkkk'));
  assert.ok(quoting.length >= 3, JSON.stringify(findings.items.map((f) => f.code)));
  for (const f of quoting) {
    assert.ok(f.message.length < 300, `${f.code}: ${f.message.length} characters`);
    assert.doesNotMatch(f.message, /078051120/, f.code);
  }
});
