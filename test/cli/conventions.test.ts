// qpp-check behaves as ESLint does where the two meet: --quiet, stdin with --stdin-filename, -o, colour only on a
// terminal, exit 2 for a path or glob that matches nothing, the nearest .qpp-lens.json per file, a quiet EPIPE.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli.js');
const run = (args: string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', ...options });
const workspace = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpp-conventions-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
};
const ESC = '\u001b[';
/** A line as the terminal shows it: each colour code (ESC [ n m) taken out whole. */
const withoutColour = (line: string) =>
  line
    .split('\u001b')
    .map((part, i) => (i === 0 ? part : part.replace(/^\[\d+m/, '')))
    .join('');

// An error (ID002, bad check digit), a warning (CSV009, a second npi column) and a hint (CSV004, an unread column).
const LIST = 'apm_entity_id,tin,npi,NPI,notes\nA1234,991000101,1999000016,1999000016,x\n';

test('--quiet reports errors only, in the findings and the summary', () => {
  const dir = workspace({ 'a.participation.csv': LIST });
  const all = run([], dir);
  assert.match(all.stdout, /warning CSV009/);
  const quiet = run(['--quiet'], dir);
  assert.deepEqual(
    quiet.stdout.split('\n').filter((line) => / (error|warning|information|hint) [A-Z]+\d+ /.test(line)).length,
    1,
  );
  assert.match(quiet.stdout, /error ID002/);
  assert.match(quiet.stdout, /1 file checked: 1 error, 0 warnings, 0 information\n$/);
  assert.equal(quiet.status, 1);
});

test('stdin: "-" with --stdin-filename checks the text as that file, with its folder\'s settings', () => {
  const dir = workspace({ 'lists/.qpp-lens.json': '{ "severity": { "CSV009": "off" } }' });
  const r = run(['-', '--stdin-filename', 'lists/a.participation.csv', '--format', 'json'], dir, { input: LIST });
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.files.map((f: { path: string }) => f.path),
    ['lists/a.participation.csv'],
  );
  assert.ok(!report.files[0].diagnostics.some((d: { code: string }) => d.code === 'CSV009'), 'settings applied');
  assert.ok(!existsSync(path.join(dir, 'lists/a.participation.csv')), 'nothing written');
  for (const [args, message] of [
    [['-'], /"-" needs --stdin-filename/],
    [['-', '--stdin-filename', 'list.csv'], /must name a participation list or entity file/],
    [['-', '.', '--stdin-filename', 'a.participation.csv'], /cannot be mixed with other paths/],
    [['--stdin-filename', 'a.participation.csv'], /add "-" to the paths/],
  ] as const) {
    const bad = run([...args], dir, { input: LIST });
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr, message);
  }
});

test('-o writes the output to a file (creating its folder) and nothing to stdout', () => {
  const dir = workspace({ 'a.participation.csv': LIST });
  const r = run(['-o', 'out/report.sarif', '--format', 'sarif'], dir);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')).version, '2.1.0');
  const text = run(['--output-file=report.txt'], dir);
  assert.equal(text.stdout, '');
  assert.match(readFileSync(path.join(dir, 'report.txt'), 'utf8'), /error ID002/, 'no colour into a file');
});

/** Runs qpp-check on a pseudo-terminal `columns` wide (util-linux script), returning what the terminal showed. */
function onTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, columns = 80): string {
  const command = `stty cols ${columns}; ${[process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ')}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
  });
  assert.equal(r.error, undefined);
  return r.stdout;
}

test('colour on a terminal only: not into a pipe, not with NO_COLOR or --no-color; --color forces it', () => {
  const dir = workspace({ 'a.participation.csv': LIST });
  assert.ok(onTerminal([], dir).includes(`${ESC}31merror`), 'red errors on a terminal');
  assert.ok(!onTerminal([], dir, { NO_COLOR: '1' }).includes(ESC), 'NO_COLOR');
  assert.ok(!onTerminal(['--no-color'], dir).includes(ESC), '--no-color');
  assert.ok(!run([], dir).stdout.includes(ESC), 'a pipe');
  assert.ok(run(['--color'], dir).stdout.includes(`${ESC}31merror`), '--color');
});

test('long messages wrap at the terminal width, and at 100 columns into a pipe; JSON keeps them whole', () => {
  const dir = path.join(ROOT, 'samples');
  const widest = (text: string) => Math.max(...text.split(/\r?\n/).map((line) => withoutColour(line).length));
  const piped = run(['ssp-aco'], dir).stdout;
  assert.ok(widest(piped) <= 100, `${widest(piped)} columns`);
  assert.match(piped, /\n {4}\S/, 'continuation lines are indented');
  const narrow = onTerminal(['ssp-aco'], dir, {}, 72);
  assert.ok(widest(narrow) <= 72, `${widest(narrow)} columns`);
  const json = JSON.parse(run(['ssp-aco', '--format', 'json'], dir).stdout);
  const lvt = json.files.flatMap((f: { diagnostics: { code: string; message: string }[] }) => f.diagnostics);
  assert.ok(lvt.some((d: { message: string }) => d.message.length > 300 && !d.message.includes('\n')));
});

test('a path or glob that matches no file exits 2 and says which; the others are still checked', () => {
  const dir = workspace({
    'a.participation.csv': LIST,
    'empty/readme.txt': 'no lists here',
    'test/b.participation.csv': LIST,
    '.qpp-lens.json': '{ "ignore": ["test/**"] }',
  });
  const glob = run(['a.participation.csv', 'lists/*.participation.csv'], dir);
  assert.equal(glob.status, 2);
  assert.match(
    glob.stderr,
    /^qpp-check: no entity file or participation list matches "lists\/\*\.participation\.csv"$/m,
  );
  assert.match(glob.stdout, /error ID002/, 'the file that exists is still checked');
  const folder = run(['empty'], dir);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /no entity file or participation list is in "empty"/);
  const ignored = run(['test/*.csv'], dir);
  assert.equal(ignored.status, 2);
  assert.match(ignored.stderr, /matches "test\/\*\.csv" \(1 ignored by the "ignore" globs of \.qpp-lens\.json\)/);
});

test('each file is checked with the .qpp-lens.json nearest to it, found upward; --config overrides for all', () => {
  const dir = workspace({
    '.qpp-lens.json': '{ "severity": { "ID002": "warning" } }',
    'a.participation.csv': LIST,
    'team/.qpp-lens.json': '{ "severity": { "ID002": "off" } }',
    'team/deep/b.participation.csv': LIST,
    'other/c.participation.csv': LIST,
  });
  const severities = (stdout: string) =>
    Object.fromEntries(
      JSON.parse(stdout).files.map((f: { path: string; diagnostics: { code: string; severity: string }[] }) => [
        f.path,
        f.diagnostics.find((d) => d.code === 'ID002')?.severity ?? 'none',
      ]),
    );
  // Run from a sub-folder: the lookup starts at each file, not at the working directory.
  const r = run(['..', '--format', 'json'], path.join(dir, 'other'));
  assert.deepEqual(severities(r.stdout), {
    '../a.participation.csv': 'warning',
    'c.participation.csv': 'warning',
    '../team/deep/b.participation.csv': 'none',
  });
  writeFileSync(path.join(dir, 'strict.json'), '{}');
  const explicit = run(['.', '--format', 'json', '--config', 'strict.json'], dir);
  assert.deepEqual(Object.values(severities(explicit.stdout)), ['error', 'error', 'error']);
});

test('a reader that closes the pipe early (| head -1) ends qpp-check without a stack trace', () => {
  for (const format of ['text', 'json', 'sarif']) {
    const r = spawnSync('sh', ['-c', `'${process.execPath}' '${CLI}' samples --format ${format} | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.stderr, '', format);
    assert.equal(r.stdout.split('\n').length, 2, format);
  }
});

test('-o into a path that cannot be written is bad usage before anything is fixed', () => {
  const dir = workspace({ 'a.participation.csv': 'apm_entity_id,tin,npi\nA1234,99-1000101,1999000015\n', file: 'x' });
  const r = run(['--fix', '-o', 'file/report.txt'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^qpp-check: cannot write file\/report\.txt: /);
  assert.match(readFileSync(path.join(dir, 'a.participation.csv'), 'utf8'), /99-1000101/, 'not fixed');
});
