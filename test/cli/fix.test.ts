// qpp-check --fix: every safe fix (the editor's source.fixAll.qpp, fixAllEdits) written back to disk, atomically,
// only where the text changed and never over a file with a syntax error or bytes that would not survive the rewrite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const CLI = path.join(process.cwd(), 'dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
const workspace = (files: Record<string, string | Buffer>) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-fix-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
};

// Excel's hyphenated TINs (ID012) and a row pasted twice (CSV005): every fix of it is safe.
const CARELESS_LIST =
  'apm_entity_id,tin,npi\r\nA1234,99-1000101,1999000015\r\nA1234,99-1000102,1999000023\r\nA1234,99-1000101,1999000015\r\n';
const FIXED_LIST = 'apm_entity_id,tin,npi\r\nA1234,991000101,1999000015\r\nA1234,991000102,1999000023\r\n';

test('--fix rewrites a careless list with every safe fix, says what it fixed, and reports what is left', () => {
  const dir = workspace({ 'a.participation.csv': CARELESS_LIST });
  chmodSync(path.join(dir, 'a.participation.csv'), 0o640);
  const r = run(['--fix', '.'], dir);
  assert.equal(readFileSync(path.join(dir, 'a.participation.csv'), 'utf8'), FIXED_LIST);
  assert.equal(statSync(path.join(dir, 'a.participation.csv')).mode & 0o777, 0o640, 'the mode is kept');
  assert.deepEqual(readdirSync(dir), ['a.participation.csv'], 'no temporary file is left behind');
  assert.match(r.stderr, /^qpp-check: fixed a\.participation\.csv: CSV005 ×1, ID012 ×2$/m);
  // Only the findings left in the fixed text are reported (XF004: no entity file for A1234).
  assert.doesNotMatch(r.stdout, /ID012|CSV005/);
  assert.match(r.stdout, /XF004/);
  assert.match(r.stdout.trim().split('\n').at(-1)!, /, 3 fixed in 1 file$/);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // A second run has nothing to fix and does not write.
  const before = statSync(path.join(dir, 'a.participation.csv'));
  const again = run(['--fix', '.'], dir);
  assert.doesNotMatch(again.stderr, /fixed/);
  assert.equal(statSync(path.join(dir, 'a.participation.csv')).mtimeMs, before.mtimeMs);
  assert.equal(statSync(path.join(dir, 'a.participation.csv')).ino, before.ino);
});

test('--fix never touches a file with a syntax error, or one whose bytes are not UTF-8', () => {
  const unclosedQuote = 'apm_entity_id,tin,npi\nA1234,99-1000101,1999000015\nA1234,"99-1000102,1999000023\n';
  // Windows-1252 from Excel: "José" as one byte 0xE9, which UTF-8 decoding would turn into U+FFFD on a rewrite.
  const cp1252 = Buffer.concat([
    Buffer.from('apm_entity_id,tin,npi,notes\nA1234,99-1000101,1999000015,Jos'),
    Buffer.from([0xe9]),
    Buffer.from('\n'),
  ]);
  const entity = '{ "performanceYear": 2024, "apm": { "id": "SSP" }, "entity": { "id": "A1234" ';
  const dir = workspace({
    'q.participation.csv': unclosedQuote,
    'w.participation.csv': cp1252,
    'e.entity.json': entity,
  });
  const r = run(['--fix', '.'], dir);
  assert.equal(readFileSync(path.join(dir, 'q.participation.csv'), 'utf8'), unclosedQuote);
  assert.deepEqual(readFileSync(path.join(dir, 'w.participation.csv')), cp1252);
  assert.equal(readFileSync(path.join(dir, 'e.entity.json'), 'utf8'), entity);
  assert.match(r.stderr, /^qpp-check: not fixed q\.participation\.csv: it has a syntax error \(CSV001\)/m);
  assert.match(r.stderr, /^qpp-check: not fixed w\.participation\.csv: it is not valid UTF-8/m);
  assert.doesNotMatch(r.stderr, /e\.entity\.json/, 'an entity file with nothing to fix is not mentioned');
  assert.equal(r.status, 1);
});

test('--fix keeps a UTF-16 list (Excel "Unicode Text" saved as CSV) in UTF-16 with its byte-order mark', () => {
  const utf16 = Buffer.from(`\ufeff${CARELESS_LIST}`, 'utf16le');
  const dir = workspace({ 'u.participation.csv': utf16 });
  run(['--fix', '.'], dir);
  assert.deepEqual(readFileSync(path.join(dir, 'u.participation.csv')), Buffer.from(`\ufeff${FIXED_LIST}`, 'utf16le'));
});

test('--fix with JSON output lists the fixes; with stdin it is bad usage', () => {
  const dir = workspace({ 'a.participation.csv': CARELESS_LIST });
  const r = run(['--fix', '--format', 'json', '.'], dir);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.fixed, [{ path: 'a.participation.csv', codes: { CSV005: 1, ID012: 2 } }]);
  const stdin = spawnSync(process.execPath, [CLI, '--fix', '-', '--stdin-filename', 'a.participation.csv'], {
    cwd: dir,
    input: CARELESS_LIST,
    encoding: 'utf8',
  });
  assert.equal(stdin.status, 2);
  assert.match(stdin.stderr, /^qpp-check: --fix cannot write to stdin/);
});
