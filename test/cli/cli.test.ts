// qpp-check as a user runs it: the built dist/cli.js in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv4 from 'ajv-draft-04';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli.js');
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

/** Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff. */
function golden(name: string, actual: string): void {
  const file = path.join(ROOT, 'test/golden/cli', name);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${name} (UPDATE_GOLDEN=1 to accept)`);
}

test('text output over samples matches the golden file and exits 1 (samples have errors)', () => {
  const r = run(['samples']);
  assert.equal(r.status, 1, r.stderr);
  golden('samples.txt', r.stdout);
  assert.match(r.stdout.trim().split('\n').at(-1)!, /^\d+ files checked: \d+ errors, \d+ warnings, \d+ information$/);
});

test('json output is the report object of docs/cli.md with determinations and masked TINs', () => {
  const r = run(['samples', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  golden('samples.json', r.stdout);
  const report = JSON.parse(r.stdout);
  assert.equal(report.version, 1);
  const aco = report.files.find((f: { path: string }) => f.path === 'samples/ssp-aco/a1234-2024.entity.json');
  assert.equal(aco.kind, 'entity');
  assert.equal(aco.determination.apmId, 'SSP');
  assert.equal(aco.determination.qp.status, 'qp');
  assert.equal(aco.determination.mips.status, 'exempt-qp');
  const list = report.files.find((f: { kind: string }) => f.kind === 'participation');
  assert.equal(list.determination, null);
  assert.ok(report.clinicians.length > 100);
  for (const c of report.clinicians) assert.match(c.tin, /^\*{5}\d{4}$/);
  assert.deepEqual(Object.keys(report.summary), ['files', 'errors', 'warnings', 'information']);
});

test("json and sarif outputs of many megabytes, written in pieces, are JSON.stringify's text with two-space indents", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-json-'));
  // Most NPIs fail their check digit: 100 lists of 200 such rows, some 18,000 diagnostics, megabytes of output
  // (one list with all of them would show only the first SHOWN_PER_CODE of one kind).
  for (let list = 0; list < 100; list++) {
    const rows = ['apm_id,apm_entity_id,tin,npi'];
    for (let i = 0; i < 200; i++) rows.push(`SSP,A1234,991234567,${100_000_000 + list * 200 + i}${i % 10}`);
    writeFileSync(path.join(dir, `many${list}.participation.csv`), `${rows.join('\n')}\n`);
  }
  const counts: number[] = [];
  for (const format of ['json', 'sarif']) {
    const r = spawnSync(process.execPath, [CLI, '.', '--format', format], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.length > 4 << 20, `${format}: ${r.stdout.length} characters`);
    const parsed = JSON.parse(r.stdout);
    assert.equal(r.stdout, `${JSON.stringify(parsed, null, 2)}\n`, format);
    counts.push(
      format === 'json'
        ? parsed.files.reduce((n: number, f: { diagnostics: unknown[] }) => n + f.diagnostics.length, 0)
        : parsed.runs[0].results.length,
    );
  }
  assert.ok(counts[0] > 15_000, String(counts[0]));
  assert.equal(counts[1], counts[0]);
});

test('sarif output validates against the SARIF 2.1.0 schema', () => {
  const r = run(['samples', '--format', 'sarif']);
  assert.equal(r.status, 1, r.stderr);
  const sarif = JSON.parse(r.stdout);
  const schema = JSON.parse(
    readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  // The schema's formats, checked here rather than ignored (Ajv prints a warning per format it does not know).
  const formats = {
    'date-time': (text: string) => !Number.isNaN(Date.parse(text)),
    uri: (text: string) => URL.canParse(text),
    'uri-reference': (text: string) => URL.canParse(text, 'file:///'),
  };
  const validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, formats }).compile(schema);
  assert.ok(validate({ ...sarif }), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.ok(sarif.runs[0].results.length > 10);
  assert.ok(sarif.runs[0].tool.driver.rules.every((rule: { helpUri: string }) => rule.helpUri.endsWith('.md')));
  golden('samples.sarif', r.stdout.replace(/file:\/\/[^"]*\/docs\/rules\//g, 'file:///…/docs/rules/'));
});

test('no output channel shows a sample TIN unmasked unless --reveal-tins', () => {
  const tins = new Set<string>();
  for (const line of readFileSync(path.join(ROOT, 'samples/ssp-aco/a1234-2024.participation.csv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const tin = line.split(',')[2]?.replace('-', '');
    if (tin && /^\d{9}$/.test(tin)) tins.add(tin);
  }
  assert.ok(tins.size > 10);
  for (const format of ['text', 'json', 'sarif']) {
    const out = run(['samples', '--format', format]).stdout;
    for (const tin of tins) assert.ok(!out.includes(tin), `${format} output shows TIN ${tin.slice(-4)} unmasked`);
  }
  const revealed = run(['samples', '--format', 'json', '--reveal-tins']).stdout;
  assert.ok([...tins].some((tin) => revealed.includes(tin)));
});

test('exit 0 for a clean file, 1 for --max-warnings exceeded', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-cli-'));
  writeFileSync(
    path.join(dir, 'a.entity.json'),
    '{ "performanceYear": 2024, "apm": { "id": "SSP", "track": "ENHANCED" }, "entity": { "id": "A1234" }, "app": { "reporting": true } }',
  );
  writeFileSync(path.join(dir, 'a.participation.csv'), 'apm_entity_id,tin,npi\nA1234,991234567,1234567893\n');
  const clean = run(['.'], dir);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  // A column QPP Lens does not read is only a hint (CSV004); a second npi column is a warning (CSV009).
  writeFileSync(path.join(dir, 'b.participation.csv'), 'apm_entity_id,tin,npi,color\nA1234,991234567,1234567893,red\n');
  assert.equal(run(['.', '--max-warnings', '0'], dir).status, 0);
  writeFileSync(
    path.join(dir, 'b.participation.csv'),
    'apm_entity_id,tin,npi,NPI\nA1234,991234567,1234567893,1234567893\n',
  );
  assert.equal(run(['.'], dir).status, 0);
  const strict = run(['.', '--max-warnings', '0'], dir);
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /exceed --max-warnings 0/);
});

test('.qpp-lens.json "columns" maps the user\'s header names, for whole and streamed lists; bad names exit 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-cli-columns-'));
  writeFileSync(
    path.join(dir, 'a.participation.csv'),
    'Entity,Billing TIN,Clinician NPI\nA1234,991234567,1234567893\n',
  );
  const unmapped = run(['a.participation.csv'], dir);
  assert.equal(unmapped.status, 1);
  assert.match(unmapped.stdout, /CSV003 Required column "npi" is missing/);
  writeFileSync(
    path.join(dir, '.qpp-lens.json'),
    '{ "columns": { "apm_entity_id": ["Entity"], "tin": ["Billing TIN"], "npi": ["Clinician NPI"] } }',
  );
  for (const args of [['a.participation.csv'], ['a.participation.csv', '--stream']]) {
    const mapped = run(args, dir);
    assert.equal(mapped.status, 0, `${args.join(' ')}: ${mapped.stdout}${mapped.stderr}`);
  }
  writeFileSync(path.join(dir, '.qpp-lens.json'), '{ "columns": { "nip": ["Clinician NPI"] } }');
  const bad = run(['a.participation.csv'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /"columns\.nip": no such column/);
});

test('globs select files', () => {
  const r = run(['samples/years/*.entity.json', '--format', 'json']);
  const report = JSON.parse(r.stdout);
  assert.ok(report.files.length > 5);
  assert.ok(report.files.every((f: { path: string }) => f.path.startsWith('samples/years/')));
});

test('bad usage and unreadable input exit 2 with one line on stderr and no stack trace', () => {
  for (const args of [
    ['--format', 'xml'],
    ['--bogus'],
    ['no/such/path'],
    ['--max-warnings', 'many'],
    ['package.json'],
  ]) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^qpp-check: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('--help and --version', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: qpp-check/);
  const version = run(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^qpp-check \d+\.\d+\.\d+\n$/);
});

test('.qpp-lens.json severity overrides apply as in the editor; a bad settings file exits 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-cli-'));
  writeFileSync(path.join(dir, 'l.participation.csv'), 'apm_entity_id,tin,npi\nA1234,991234567,1234567890\n');
  assert.equal(run(['.'], dir).status, 1);
  writeFileSync(path.join(dir, '.qpp-lens.json'), '{ "severity": { "ID002": "warning", "XF004": "off" } }');
  const relaxed = run(['.', '--format', 'json'], dir);
  assert.equal(relaxed.status, 0, relaxed.stderr);
  const codes = JSON.parse(relaxed.stdout).files[0].diagnostics.map(
    (d: { code: string; severity: string }) => `${d.code}:${d.severity}`,
  );
  assert.deepEqual(codes, ['ID002:warning']);
  writeFileSync(path.join(dir, '.qpp-lens.json'), '{ "severity": { "NOPE1": "off" } }');
  const bad = run(['.'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no such diagnostic code/);
});

test('"files" globs in .qpp-lens.json make any file name a list or an entity file; the defaults stay', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-files-'));
  const list = 'ACO_ID,ORG_TIN,ORG_NPI\nA1234,991000101,1999000016\n'; // ID002
  mkdirSync(path.join(dir, 'lists'));
  mkdirSync(path.join(dir, 'entities'));
  writeFileSync(path.join(dir, 'lists/ACO_Participant_List_2025.csv'), list);
  writeFileSync(path.join(dir, 'lists/notes.csv'), list);
  writeFileSync(path.join(dir, 'b.participation.csv'), list);
  writeFileSync(
    path.join(dir, 'entities/a1234.json'),
    readFileSync(path.join(ROOT, 'samples/real-layouts/a9103-2025.entity.json')),
  );
  const files = (r: ReturnType<typeof run>) =>
    (JSON.parse(r.stdout) as { files: { path: string; kind: string }[] }).files
      .map((f) => `${f.path} ${f.kind}`)
      .sort();
  assert.deepEqual(files(run(['--format', 'json'], dir)), ['b.participation.csv participation']);
  writeFileSync(
    path.join(dir, '.qpp-lens.json'),
    JSON.stringify({ files: { participationLists: ['ACO_Participant_List_*.csv'], entityFiles: ['entities/*.json'] } }),
  );
  assert.deepEqual(files(run(['--format', 'json'], dir)), [
    'b.participation.csv participation',
    'entities/a1234.json entity',
    'lists/ACO_Participant_List_2025.csv participation',
  ]);
  const named = run(['lists/ACO_Participant_List_2025.csv'], dir);
  assert.match(named.stdout, /ID002/);
  const notOurs = run(['lists/notes.csv'], dir);
  assert.equal(notOurs.status, 2);
  assert.match(notOurs.stderr, /notes\.csv: not a participation list or entity file/);
  for (const [files, message] of [
    [{ participationLists: 'x.csv' }, /"files.participationLists" must be a list of file globs/],
    [{ lists: [] }, /"files.lists": no such file kind; kinds: participationLists, entityFiles/],
  ] as const) {
    writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ files }));
    const bad = run([], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, message);
  }
});

test('ignore globs in .qpp-lens.json: a bare qpp-check skips them, a folder named on the command line is searched', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-ignore-'));
  const list = 'apm_entity_id,tin,npi\nA1234,991000101,1999000016\n'; // ID002: every checked copy is a finding
  for (const sub of ['lists', 'test/fixtures', 'test/fixtures/deep', 'bench/out'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  for (const file of [
    'lists/a.participation.csv',
    'test/fixtures/b.participation.csv',
    'test/fixtures/deep/c.participation.csv',
    'bench/out/d.participation.csv',
  ])
    writeFileSync(path.join(dir, file), list);
  writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ ignore: ['test/**', 'bench/out'] }));
  const files = (r: ReturnType<typeof run>) =>
    (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
  assert.deepEqual(files(run(['--format', 'json'], dir)), ['lists/a.participation.csv']);
  assert.deepEqual(files(run(['test/fixtures', '--format', 'json'], dir)), [
    'test/fixtures/b.participation.csv',
    'test/fixtures/deep/c.participation.csv',
  ]);
  assert.deepEqual(files(run(['**/*.participation.csv', '--format', 'json'], dir)), ['lists/a.participation.csv']);
  writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ ignore: 'test' }));
  const bad = run([], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /"ignore" must be a list of path globs/);
});

test('a JSON list too large to parse whole is not read (exit 2, a reason), a CSV list of that size is', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-json-size-'));
  const padding = ' '.repeat(33 * 1024 * 1024);
  writeFileSync(path.join(dir, 'big.participation.json'), `[${padding}]`);
  writeFileSync(
    path.join(dir, 'big.participation.csv'),
    `apm_entity_id,tin,npi\nA1234,991000101,1999000015\n${padding}`,
  );
  const r = run(['--format', 'json'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /big\.participation\.json: not read: .* a JSON participation list .* save it as CSV/);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path),
    ['big.participation.csv'],
  );
});
