// qpp-check over .xlsx lists (issue 20, part 4): findings at sheet cells in text, JSON and SARIF; the sheet option;
// workbooks that cannot be read are named on stderr while the other files are still checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { workbookBytes, type Cell } from '../helpers/xlsx';

const CLI = path.join(process.cwd(), 'dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
const HEADER: Cell[] = ['APM ID', 'APM Entity ID', 'TIN', 'NPI', 'Start Date', 'End Date'];
const jan1 = new Date(Date.UTC(2025, 0, 1));

function folderWith(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-xlsx-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const damaged = workbookBytes([
  { name: 'Read me', rows: [['Synthetic list']] },
  {
    name: 'Participants',
    rows: [
      HEADER,
      ['08', 'A9103', 991009006, 1999090081, jan1, '12/31/2025'],
      [],
      ['08', 'A9103', 19990901, 1999090123, jan1, null],
    ],
  },
  { name: 'Old', rows: [HEADER, ['08', 'A9103', 991009006, 1234567890, jan1, null]] },
]);

test('text output names the sheet cell of each finding', () => {
  const dir = folderWith({ 'aco.participation.xlsx': damaged });
  const r = run(['.'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^aco\.participation\.xlsx: Participants!C4 error XL001 /m);
  assert.match(r.stdout, /^aco\.participation\.xlsx: Participants!B2 information XF004 /m);
  assert.ok(!r.stdout.includes('19990901'), 'the TIN is masked');
  assert.equal(r.stdout.trim().split('\n').at(-1), '1 file checked: 1 error, 0 warnings, 1 information');
});

test('JSON gives the sheet and each cell; SARIF the row and column as line and column', () => {
  const dir = folderWith({ 'aco.participation.xlsx': damaged });
  const json = JSON.parse(run(['.', '--format', 'json'], dir).stdout);
  const [file] = json.files;
  assert.equal(file.sheet, 'Participants');
  const xl = file.diagnostics.find((d: { code: string }) => d.code === 'XL001');
  assert.equal(xl.cell, 'Participants!C4');
  assert.deepEqual(xl.range.start, { line: 3, character: 2 });
  const sarif = JSON.parse(run(['.', '--format', 'sarif'], dir).stdout);
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'XL001');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
  assert.equal(result.locations[0].physicalLocation.region.startColumn, 3);
  assert.equal(result.locations[0].logicalLocations[0].fullyQualifiedName, 'Participants!C4');
});

test('"xlsx": {"sheet": …} in .qpp-lens.json picks the sheet; a missing one is named with the sheets found', () => {
  const dir = folderWith({ 'aco.participation.xlsx': damaged, '.qpp-lens.json': '{"xlsx": {"sheet": "Old"}}' });
  const r = run(['.'], dir);
  assert.match(r.stdout, /^aco\.participation\.xlsx: Old!D2 error ID002 /m);
  writeFileSync(path.join(dir, '.qpp-lens.json'), '{"xlsx": {"sheet": "2026"}}');
  const missing = run(['.'], dir);
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /aco\.participation\.xlsx: XL005 no sheet "2026" in the workbook; its sheets: "Read me", "Participants", "Old"/,
  );
});

test('a corrupt workbook and a text file named .xlsx are reported; the other lists are still checked', () => {
  const dir = folderWith({
    'broken.participation.xlsx': damaged.subarray(0, 200),
    'renamed.participation.xlsx': 'apm_id,apm_entity_id,tin,npi\nSSP,A1234,991234567,1234567893\n',
    'good.participation.xlsx': workbookBytes([
      { name: 'S', rows: [HEADER, ['08', 'A9103', 991009006, 1999090081, jan1, null]] },
    ]),
  });
  const r = run(['.'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /broken\.participation\.xlsx: XL005 (the workbook is damaged|not an \.xlsx workbook)/);
  assert.match(r.stderr, /renamed\.participation\.xlsx: XL005 not an \.xlsx workbook \(is it a CSV/);
  assert.match(r.stdout, /^1 file checked: 0 errors/m);
});

test('--fix leaves a workbook as it is, says so, and SARIF offers no fix for its cells', () => {
  const dir = folderWith({ 'aco.participation.xlsx': damaged });
  const r = run(['.', '--fix'], dir);
  assert.match(r.stderr, /not fixed aco\.participation\.xlsx: an Excel workbook is fixed in Excel/);
  assert.deepEqual(readFileSync(path.join(dir, 'aco.participation.xlsx')), Buffer.from(damaged));
  const sarif = JSON.parse(run(['.', '--format', 'sarif'], dir).stdout);
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'XL001');
  assert.equal(result.fixes, undefined);
});
