// Findings hidden on purpose: ignore rules in .qpp-lens.json (by code, narrowed by NPI, entity id or files, each
// with a reason) and a baseline file for CI (--write-baseline, then --baseline), both counted in the summary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const CLI = path.join(process.cwd(), 'dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
const workspace = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-suppress-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
};
const shown = (stdout: string) =>
  (JSON.parse(stdout).files as { path: string; diagnostics: { code: string; range: { start: { line: number } } }[] }[])
    .flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.range.start.line + 1} ${d.code}`))
    .sort();

// Two entities' rows with failing NPI check digits (ID002, errors) and a column QPP Lens does not read (CSV004).
const LIST =
  'apm_entity_id,tin,npi,notes\nA1234,991000101,1999000016,\nA1234,991000102,1999000024,\nB5678,991000103,1999000032,\n';

test('ignore rules hide findings by code, NPI, entity id and files; the summary counts them', () => {
  const dir = workspace({ 'lists/a.participation.csv': LIST, 'other/b.participation.csv': LIST });
  const all = shown(run(['--format', 'json'], dir).stdout);
  assert.equal(all.filter((f) => f.endsWith('ID002')).length, 6);
  writeFileSync(
    path.join(dir, '.qpp-lens.json'),
    JSON.stringify({
      ignore: [
        { code: 'CSV004', reason: 'the notes column is ours' },
        { code: 'ID002', npi: '1999000016', reason: 'placeholder NPI, enrolment pending' },
        { code: 'ID002', entityId: 'b5678', files: 'lists/**', reason: 'B5678 rows are re-issued by CMS' },
      ],
    }),
  );
  const json = run(['--format', 'json'], dir);
  assert.deepEqual(shown(json.stdout), [
    'lists/a.participation.csv:3 ID002',
    'other/b.participation.csv:3 ID002',
    'other/b.participation.csv:4 ID002',
  ]);
  assert.deepEqual(JSON.parse(json.stdout).summary.suppressed, { byRules: 5, byBaseline: 0 });
  // Streamed lists read each finding's row in one more pass: the same findings are hidden.
  assert.equal(run(['--format', 'json', '--stream'], dir).stdout, json.stdout);
  const text = run([], dir);
  assert.match(text.stdout, /; 5 suppressed \(5 by ignore rules, 0 by the baseline\)\n$/);
  assert.equal(text.status, 1);
});

test('an ignore rule without a reason, with an unknown code or key, is bad usage; path globs still work', () => {
  const dir = workspace({ 'a.participation.csv': LIST, 'test/b.participation.csv': LIST });
  for (const [rule, message] of [
    [{ code: 'ID002' }, /"ignore\[0\]" needs a "reason"/],
    [{ code: 'ID002', reason: '  ' }, /"ignore\[0\]" needs a "reason"/],
    [{ code: 'ID999', reason: 'x' }, /"ignore\[0\]" "code": no such diagnostic code "ID999"/],
    [{ code: 'ID002', reason: 'x', npis: ['1'] }, /"ignore\[0\]" has unknown key "npis"/],
  ] as const) {
    writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ ignore: [rule] }));
    const r = run([], dir);
    assert.equal(r.status, 2, JSON.stringify(rule));
    assert.match(r.stderr, message);
  }
  writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ ignore: ['test/**'] }));
  assert.deepEqual(
    JSON.parse(run(['--format', 'json'], dir).stdout).files.map((f: { path: string }) => f.path),
    ['a.participation.csv'],
  );
});

test("--write-baseline records today's findings; --baseline reports only new ones, wherever rows moved", () => {
  const dir = workspace({ 'a.participation.csv': LIST });
  const written = run(['--write-baseline', 'qpp-baseline.json'], dir);
  assert.equal(written.status, 0, written.stdout + written.stderr);
  assert.match(written.stdout, /0 errors.*; 4 suppressed \(0 by ignore rules, 4 by the baseline\)/);
  const baseline = JSON.parse(readFileSync(path.join(dir, 'qpp-baseline.json'), 'utf8'));
  assert.equal(baseline.version, 1);
  assert.deepEqual(Object.keys(baseline.findings), ['a.participation.csv']);
  // Someone adds a row with a bad NPI at the top and reorders the rest: only the new row is reported.
  const rows = LIST.trim().split('\n');
  writeFileSync(
    path.join(dir, 'a.participation.csv'),
    `${[rows[0], 'A1234,991000104,1999000040,', rows[3], rows[1], rows[2]].join('\r\n')}\r\n`,
  );
  const checked = run(['--baseline', 'qpp-baseline.json', '--format', 'json'], dir);
  assert.deepEqual(shown(checked.stdout), ['a.participation.csv:2 ID002']);
  assert.deepEqual(JSON.parse(checked.stdout).summary.suppressed, { byRules: 0, byBaseline: 4 });
  assert.equal(checked.status, 1);
  // From another working directory the baseline's paths (relative to its own folder) still match.
  const elsewhere = run([dir, '--baseline', path.join(dir, 'qpp-baseline.json'), '--format', 'json'], tmpdir());
  assert.equal(JSON.parse(elsewhere.stdout).summary.suppressed.byBaseline, 4);
  for (const [content, message] of [
    ['{ not json', /cannot read baseline/],
    ['{"version": 1}', /is not a qpp-check baseline/],
  ] as const) {
    writeFileSync(path.join(dir, 'bad.json'), content);
    const bad = run(['--baseline', 'bad.json'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, message);
  }
});
