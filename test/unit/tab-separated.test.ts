// Tab-separated lists (Excel's "Unicode Text"): the same checks as comma-separated ones. A tab is one character
// like a comma, so a list with its commas turned into tabs must give the same findings at the same offsets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { ListValidator, parseParticipationList, updateParticipationList, type ParsedList } from '../../server/src/core';
import { listCompletions } from '../../server/src/core/features/completion';
import { parseCsv } from '../../server/src/core/csv/parse';
import { propertyRuns } from '../helpers/runs';

/** The findings of a list as comparable data; fix edit texts differ by the delimiter they insert, so they are left out. */
const observed = (list: ParsedList) => ({
  findings: list.findings.items.map(({ code, start, end, severity, message }) => ({
    code,
    start,
    end,
    severity,
    message,
  })),
  rows: list.rows.length,
});

/** A careless list: a bad NPI check digit, a short TIN, dates out of order, a duplicate row, an unknown list type. */
const CARELESS = [
  'apm_id,apm_entity_id,tin,npi,list_type,start_date,end_date,note',
  'SSP,A1234,991000101,1999000015,participation,2025-01-01,2025-12-31,ok',
  'SSP,A1234,991000101,1999000016,participation,2025-01-01,2025-12-31,check digit',
  'SSP,A1234,99100010,1999000023,participation,2025-01-01,2025-12-31,short tin',
  'SSP,A1234,991000101,1999000031,participation,2025-12-31,2025-01-01,dates',
  'SSP,A1234,991000101,1999000015,participation,2025-01-01,2025-12-31,ok',
  'SSP,A1234,991000101,1999000049,sometimes,2025-01-01,,list type',
  '',
].join('\r\n');

/** Sample lists whose cells hold no comma, and the careless list: the tab twin of each has the same cells. */
const samples = [
  ...globSync('samples/**/*.participation.csv').map((file) => ({ file, text: readFileSync(file, 'utf8') })),
  { file: 'careless', text: CARELESS },
].filter(({ text }) => !text.includes('"') && !text.includes('\t'));

test('every sample list, its commas turned into tabs, gives the same findings at the same offsets', () => {
  assert.ok(samples.length >= 10, `${samples.length} sample lists`);
  let findings = 0;
  for (const { file, text } of samples) {
    const commas = observed(parseParticipationList(text));
    findings += commas.findings.length;
    assert.deepEqual(observed(parseParticipationList(text.replace(/,/g, '\t'))), commas, file);
  }
  assert.ok(findings >= 12, `the lists have findings to compare (${findings})`);
});

test('a tab-separated list read in chunks, edited, and parsed for hovers agrees with its comma twin', () => {
  const withRows = samples.filter(({ text }) => text.split('\n').length > 4);
  fc.assert(
    fc.property(fc.constantFrom(...withRows), fc.integer({ min: 1, max: 200 }), fc.nat(), ({ text }, chunk, at) => {
      const tabs = text.replace(/,/g, '\t');
      const whole = observed(parseParticipationList(tabs));
      const validator = new ListValidator();
      for (let i = 0; i < tabs.length; i += chunk) validator.push(tabs.slice(i, i + chunk));
      validator.push('', true);
      assert.deepEqual(observed(validator.result()), whole, `chunks of ${chunk}`);
      // An edit after the header: a digit inserted into a later row.
      const offset = text.indexOf('\n') + 1 + (at % Math.max(1, text.length - text.indexOf('\n') - 1));
      const edit = (t: string) => `${t.slice(0, offset)}7${t.slice(offset)}`;
      assert.deepEqual(
        observed(updateParticipationList(parseParticipationList(tabs), edit(tabs))),
        observed(parseParticipationList(edit(text))),
        'updated after an edit',
      );
      const table = parseCsv(tabs);
      const twin = parseCsv(text);
      assert.equal(table.rowCount, twin.rowCount);
      for (let row = 0; row < table.rowCount; row++)
        for (let col = 0; col < twin.fieldsInRow(row); col++)
          assert.equal(table.value(row, col), twin.value(row, col), `cell ${row},${col}`);
    }),
    { seed: 20261208, numRuns: propertyRuns(60) },
  );
});

test('header completion in a tab-separated list offers only the columns it lacks', () => {
  const text = 'apm_id\tapm_entity_id\ttin\t\n';
  const labels = listCompletions(text, text.indexOf('\n')).map((c) => c.label);
  assert.ok(labels.includes('npi'), labels.join());
  assert.ok(!labels.includes('tin'), labels.join());
});
