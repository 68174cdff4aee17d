import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellRange, ListValidator, parseCsv, parseParticipationList, type ParsedList } from '../../server/src/core';

const values = (text: string) => {
  const t = parseCsv(text);
  return Array.from({ length: t.rowCount }, (_, r) =>
    Array.from({ length: t.fieldsInRow(r) }, (_, c) => t.value(r, c)),
  );
};
const codesOf = (text: string) => parseParticipationList(text).findings.items.map((f) => f.code);
const HEADER = 'apm_id,apm_entity_id,tin,npi';

test('quoted commas, doubled quotes and newlines inside quotes', () => {
  assert.deepEqual(values('a,b\n"x,1","say ""hi""\nthere"\n'), [
    ['a', 'b'],
    ['x,1', 'say "hi"\nthere'],
  ]);
});

test('CRLF, a BOM, blank lines and a trailing comma', () => {
  assert.deepEqual(values('\ufeffa,b\r\n\r\n1,2\r\n3,\r\n'), [
    ['a', 'b'],
    ['1', '2'],
    ['3', ''],
  ]);
});

test('offsets point at the raw cells', () => {
  const t = parseCsv('ab,"cd"\n');
  assert.equal(t.fieldStart(0, 1), 3);
  assert.equal(t.fieldEnd(0, 1), 7);
  assert.equal(t.rowAt(5), 0);
  assert.equal(t.columnAt(0, 5), 1);
});

test('an unterminated quote is CSV001 on one line, without a cascade of CSV002', () => {
  const list = parseParticipationList(`${HEADER}\nSSP,A1234,991234567,"1234567893\nSSP,A1234,991234567,1234567893\n`);
  const codes = list.findings.items.map((f) => f.code);
  assert.deepEqual(codes, ['CSV001']);
  const f = list.findings.items[0];
  assert.ok(!list.table!.text.slice(f.start, f.end).includes('\n'));
});

test('headers match case-insensitively with spaces, dashes and underscores alike', () => {
  const list = parseParticipationList('APM ID,APM-Entity ID, TIN ,Npi\nSSP,A1234,991234567,1234567893\n');
  assert.deepEqual(list.findings.items, []);
  assert.equal(list.rows.length, 1);
  assert.equal(list.rows.get(0).apmId, 'SSP');
});

test('a missing required column is CSV003 with an add-column fix; unknown columns are CSV004', () => {
  const list = parseParticipationList('apm_entity_id,tin,color\nA1234,991234567,red\n');
  const missing = list.findings.items.find((f) => f.code === 'CSV003')!;
  assert.match(missing.message, /"npi"/);
  assert.deepEqual(missing.data!.fixes![0].edits, [{ start: 23, end: 23, text: ',npi' }]);
  assert.ok(list.findings.items.some((f) => f.code === 'CSV004'));
});

test('a row with the wrong field count is CSV002 and its cells are not checked', () => {
  assert.deepEqual(codesOf(`${HEADER}\nSSP,A1234,12\n`), ['CSV002']);
});

test('identifier and date checks per cell', () => {
  const text =
    `${HEADER},ccn,list_type,start_date,end_date\n` +
    'SSP,A1234,99-1234567,1234567893,051300,participation,2024-01-01,12/31/2024\n' +
    'SSP,A1234,991234567,1234567890,05130,other,2024-02-30,\n' +
    'SSP,A1234,071234567,9876543213,,,2024-06-01,2024-03-01\n';
  assert.deepEqual(
    codesOf(text).sort(),
    ['CSV006', 'CSV006', 'CSV008', 'ID002', 'ID003', 'ID011', 'ID012', 'ID020'].sort(),
  );
});

test('TIN normalisation fix replaces the cell with the 9 digits; TINs are masked in messages', () => {
  const text = `${HEADER}\nSSP,A1234,99-1234567,1234567893\n`;
  const f = parseParticipationList(text).findings.items.find((x) => x.code === 'ID012')!;
  const fixed =
    text.slice(0, f.data!.fixes![0].edits[0].start) +
    f.data!.fixes![0].edits[0].text +
    text.slice(f.data!.fixes![0].edits[0].end);
  assert.equal(fixed, `${HEADER}\nSSP,A1234,991234567,1234567893\n`);
  assert.ok(!f.message.includes('1234567'), 'TIN must be masked');
  assert.deepEqual(codesOf(fixed), []);
});

test('duplicate membership rows are CSV005; the same clinician with other dates is not', () => {
  const rows = `${HEADER},start_date\nSSP,A1234,991234567,1234567893,\nSSP,A1234,991234567,1234567893,\nSSP,A1234,991234567,1234567893,2024-07-01\n`;
  assert.deepEqual(codesOf(rows), ['CSV005']);
});

test('one NPI on many rows (a placeholder copied down a list): each repeat of a membership is a duplicate of its first row', () => {
  const tins = ['991234561', '991234562', '991234563', '991234564', '991234565'];
  // 10 rows take the pairwise comparison, 200 the look-up by membership; both must find the same duplicates.
  for (const count of [10, 200]) {
    const rows = Array.from({ length: count }, (_, i) => `SSP,A1234,${tins[i % tins.length]},1234567893`);
    const list = parseParticipationList(`${HEADER}\n${rows.join('\n')}\n`);
    const duplicates = list.findings.items.filter((f) => f.code === 'CSV005');
    assert.equal(duplicates.length, count - tins.length, `${count} rows`);
    for (const f of duplicates) {
      const record = list.table!.rowAt(f.start);
      assert.equal(f.data!.duplicateOfRecord, ((record - 1) % tins.length) + 1, `${count} rows: record ${record}`);
    }
    assert.equal(list.rows.length, tins.length);
  }
});

test('an unknown apm_id is ID031; an SSP entity id that is not A + 4 digits is ID030', () => {
  assert.deepEqual(codesOf(`${HEADER}\nACME,A1234,991234567,1234567893\nMSSP,1234,991234567,1234567893\n`), [
    'ID031',
    'ID030',
  ]);
});

test('an empty file asks for a header', () => {
  assert.deepEqual(codesOf(''), ['CSV003']);
});

test('duplicates are found after the whole list is read, yet a findings cap still keeps the earliest findings', () => {
  const row = 'SSP,A1234,991234567,1234567893';
  const badCheckDigits = ['1234567890', '1234567891', '1234567892', '1234567894', '1234567895'];
  const text = `${HEADER}\n${row}\n${row}\n${badCheckDigits.map((npi) => `SSP,A1234,991234567,${npi}`).join('\n')}\n`;
  const whole = parseParticipationList(text);
  assert.deepEqual(whole.findings.items.map((f) => f.code).sort(), [
    'CSV005',
    'ID002',
    'ID002',
    'ID002',
    'ID002',
    'ID002',
  ]);
  assert.equal(
    whole.findings.items.find((f) => f.code === 'CSV005')!.message,
    'Duplicate of row 2: same APM, entity, TIN, NPI, list and dates',
  );
  assert.equal(whole.rows.length, 1, 'the duplicate is not a membership row (the bad NPIs are none either)');
  const capped = parseParticipationList(text, 3);
  assert.deepEqual(
    capped.findings.items.map((f) => f.code),
    ['CSV005', 'ID002', 'ID002'],
    'the row 3 duplicate outranks later findings',
  );
  assert.equal(capped.findings.suppressed, 3);
});

test('a list pushed in chunks of every size from 1 to 9 gives the findings, rows and cell ranges of the whole text', () => {
  const text =
    `\uFEFF${HEADER},participant_type\r\n` +
    `SSP,A1234,99-1234567,1234567893,"Clinic, ""Q"" Inc."\r\n` +
    `SSP,A1234,991234567,1234567893,"two\nlines"\r` +
    `SSP,A1234,991234567,1234567893,plain\n\n` +
    `SSP,B1234,071234567,1234567810,x\n` +
    `REACH,D0123,991234567,2234567891,"never closed\n`;
  const whole = parseParticipationList(text);
  const cells = (list: ParsedList) =>
    Array.from({ length: list.rows.length }, (_, i) =>
      (['apm_id', 'apm_entity_id', 'npi'] as const).map((column) => cellRange(list, i, column)),
    );
  for (let size = 1; size <= 9; size++) {
    const validator = new ListValidator();
    for (let at = 0; at < text.length; at += size) validator.push(text.slice(at, at + size));
    validator.push('', true);
    const chunked = validator.result();
    assert.deepEqual(chunked.findings.items, whole.findings.items, `chunks of ${size}`);
    assert.deepEqual(chunked.rows.all(), whole.rows.all(), `chunks of ${size}`);
    assert.deepEqual(cells(chunked), cells(whole), `chunks of ${size}`);
  }
  assert.ok(whole.findings.items.length >= 4 && whole.rows.length >= 2, 'the text exercises findings and rows');
});

test('a list with characters beyond ASCII is read by code units: findings point at the same cells as in its ASCII twin', () => {
  const row = (type: string) => `SSP,A1234,991234567,1234567890,,participation,${type},2024-13-01,`;
  const header = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';
  for (const type of ['Clínica', 'Clinic 😀', '\u00a0clinic\u3000', '\ud800']) {
    const text = `\ufeff${header}\n${row(type)}\n`;
    const twin = `\ufeff${header}\n${row('x'.repeat(type.length))}\n`;
    const found = parseParticipationList(text).findings.items.map((f) => [f.code, text.slice(f.start, f.end)]);
    assert.deepEqual(
      found,
      [
        ['ID002', '1234567890'],
        ['CSV006', '2024-13-01'],
      ],
      type,
    );
    assert.deepEqual(
      found,
      parseParticipationList(twin).findings.items.map((f) => [f.code, twin.slice(f.start, f.end)]),
    );
    assert.equal(values(text)[1][6], type.trim());
  }
});

test('a short text read after a longer one ignores what the longer one left past its end', () => {
  // The byte after the short text's closing quote is a quote in the longer text: read as a doubled quote, the
  // field would never close.
  values('a\n"b"""\n');
  assert.deepEqual(values('a\n"b"'), [['a'], ['b']]);
  parseParticipationList(`${HEADER}\nSSP,A1234,991234567,1234567893,""""\n`);
  assert.deepEqual(codesOf(`${HEADER}\nSSP,A1234,991234567,"1234567893"`), []);
});

test('spaces, tabs and form feeds around the cells of an ASCII list are trimmed as String.trim trims them', () => {
  const header = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';
  const plain = `${header}\nSSP,A1234,991234567,1234567893,,affiliated,clinician,2024-01-01,\n`;
  const spaced = `${header}\n SSP\t, A1234 ,\t991234567,1234567893\f,\v,  affiliated ,clinician, 2024-01-01 ,\n`;
  const read = (text: string) => {
    const list = parseParticipationList(text);
    return { codes: list.findings.items.map((f) => f.code), rows: list.rows.all().map((r) => ({ ...r })) };
  };
  assert.deepEqual(read(spaced), read(plain));
  assert.deepEqual(read(plain).codes, []);
  assert.equal(read(plain).rows[0].affiliated, true);
  assert.deepEqual(values(spaced)[1], values(plain)[1]);
});
