// qpp-check against a hostile file system: unreadable paths, FIFOs, symlink loops, binary files, absurd nesting.
// Each case must end by itself (a guard kills a hung child, and the test then fails), with the documented exit
// code (1 findings with errors, 2 unreadable input) and a one-line message, never a stack trace.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import Ajv4 from 'ajv-draft-04';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli.js');
/** Hang guard only: a healthy run over these tiny inputs takes well under a second. */
const HANG_GUARD_MS = 3000;
/** Above the largest report here (100,000 clinicians in JSON): spawnSync kills a child whose output passes it. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const work = realpathSync(mkdtempSync(path.join(tmpdir(), 'qpp-cli-faults-')));
after(() => {
  // A non-root run locked a directory: unlock it so the tree can be removed (rmSync does not follow the symlinks).
  spawnSync('chmod', ['-R', 'u+rwx', work]);
  rmSync(work, { recursive: true, force: true });
});

function dir(name: string): string {
  const d = path.join(work, name);
  mkdirSync(d, { recursive: true });
  return d;
}

function runCli(args: string[], cwd = work, guardMs = HANG_GUARD_MS) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: guardMs,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  assert.equal(
    r.signal,
    null,
    `qpp-check ${args.join(' ')} did not exit by itself within ${guardMs} ms (killed): it hangs`,
  );
  const output = `${r.stdout}${r.stderr}`;
  assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in the output:\n${output}`);
  assert.doesNotMatch(output, /internal error/, `the CLI failed internally:\n${output}`);
  return r;
}

const ENTITY = (lists: string[]) =>
  JSON.stringify({
    performanceYear: 2024,
    apm: { id: 'SSP', track: 'ENHANCED' },
    entity: { id: 'A1234' },
    participationLists: lists,
  });

test('a directory it cannot read: exit 2 and a message naming it', () => {
  if (process.getuid?.() !== 0) {
    const locked = dir('locked');
    writeFileSync(path.join(locked, 'a.entity.json'), ENTITY([]));
    chmodSync(locked, 0o000);
    const r = runCli([locked]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^qpp-check: cannot read directory .*locked: EACCES\n$/);
    return;
  }
  // Root reads through chmod 000, so that cannot make a directory unreadable. A path whose parent is a regular file
  // (ENOTDIR) can be read by nobody, root included.
  const file = path.join(dir('notdir'), 'x.entity.json');
  writeFileSync(file, ENTITY([]));
  const r = runCli([path.join(file, 'y')]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^qpp-check: .*x\.entity\.json\/y: .*ENOTDIR.*\n$/);
});

test('a FIFO given by name is rejected as not a regular file', () => {
  const fifo = path.join(dir('fifo-named'), 'a.participation.csv');
  execFileSync('mkfifo', [fifo]);
  const r = runCli([fifo]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /a\.participation\.csv: not a regular file/);
});

test('a FIFO, a dangling link and an unreadable path among good files: each reported, never opened, the rest checked, exit 2', () => {
  const d = dir('fifo-walked');
  execFileSync('mkfifo', [path.join(d, 'a.participation.csv')]);
  symlinkSync('nowhere.participation.csv', path.join(d, 'dangling.participation.csv'));
  writeFileSync(path.join(d, 'b.participation.csv'), 'apm_entity_id,tin,npi\nA1234,991000101,1999000015\n');
  const notDir = path.join(dir('fifo-walked-notdir'), 'file.entity.json');
  writeFileSync(notDir, ENTITY([]));
  for (const format of ['text', 'json', 'sarif']) {
    const r = runCli([d, path.join(notDir, 'below'), 'fifo-walked/*.csv', '--format', format]);
    assert.equal(r.status, 2, r.stderr);
    const stderr = r.stderr.trim().split('\n');
    assert.ok(
      stderr.some((l) => /a\.participation\.csv: not a regular file$/.test(l)),
      r.stderr,
    );
    assert.ok(
      stderr.some((l) => /^qpp-check: cannot read .*dangling\.participation\.csv: ENOENT$/.test(l)),
      r.stderr,
    );
    assert.ok(
      stderr.some((l) => /file\.entity\.json\/below: .*ENOTDIR/.test(l)),
      r.stderr,
    );
    // The good list is still checked: its row's entity has no entity file (XF004).
    assert.match(r.stdout, /b\.participation\.csv/);
    assert.match(r.stdout, /XF004/);
    if (format === 'sarif') {
      const sarif = JSON.parse(r.stdout) as {
        runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
      };
      const schema = JSON.parse(
        readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
      );
      const validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
      assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
      const run = sarif.runs[0];
      assert.equal(run.invocations[0].executionSuccessful, false);
      assert.equal(run.invocations[0].toolExecutionNotifications.length, stderr.length);
    }
    if (format === 'json')
      assert.deepEqual(
        JSON.parse(r.stdout).notRead,
        stderr.map((l) => l.replace(/^qpp-check: /, '')),
      );
  }
});

test("a FIFO named as an entity file's participation list is not read (reading it blocks forever)", () => {
  const d = dir('fifo-referenced');
  execFileSync('mkfifo', [path.join(d, 'list.participation.csv')]);
  writeFileSync(path.join(d, 'e.entity.json'), ENTITY(['list.participation.csv']));
  const r = runCli([path.join(d, 'e.entity.json')]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /list\.participation\.csv: not a regular file \(named by .*e\.entity\.json\)/);
});

/** Generous: after the fix these take about a second; a list streamed in time quadratic in its line takes minutes. */
const LARGE_INPUT_GUARD_MS = 20_000;

test('an entity file naming 20 MB of NUL bytes as its list: one CSV001 finding quoting a short excerpt, in time', () => {
  const d = dir('nul-list');
  writeFileSync(path.join(d, 'nul.participation.csv'), Buffer.alloc(20 * 1024 * 1024));
  writeFileSync(path.join(d, 'e.entity.json'), ENTITY(['nul.participation.csv']));
  const r = runCli(['nul-list', '--format', 'json'], work, LARGE_INPUT_GUARD_MS);
  assert.equal(r.status, 1, r.stderr);
  const list = (
    JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; message: string }[] }[] }
  ).files.find((f) => f.path.endsWith('nul.participation.csv'))!;
  assert.deepEqual(
    list.diagnostics.map((f) => f.code),
    ['CSV001'],
  );
  assert.match(
    list.diagnostics[0].message,
    /^The header row is longer than 1,048,576 characters \(it starts "␀{80}…"\)/,
  );
});

test('a 3 GB sparse list named by an entity file and a 3 GB entity file: not read, each reported, exit 2, in time', () => {
  const d = dir('huge');
  execFileSync('truncate', ['-s', '3G', path.join(d, 'huge.participation.csv')]);
  execFileSync('truncate', ['-s', '3G', path.join(d, 'huge.entity.json')]);
  writeFileSync(path.join(d, 'e.entity.json'), ENTITY(['huge.participation.csv']));
  const r = runCli([path.join(d, 'e.entity.json'), path.join(d, 'huge.entity.json')], work, LARGE_INPUT_GUARD_MS);
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /huge\.participation\.csv: not read: 3\.0 GiB is more than qpp-check reads for a participation list \(1\.0 GiB\) \(named by .*e\.entity\.json\)/,
  );
  assert.match(
    r.stderr,
    /huge\.entity\.json: not read: 3\.0 GiB is more than qpp-check reads for an entity file \(16\.0 MiB\)/,
  );
  assert.match(r.stdout, /^1 file checked/m);
});

test('a directory symlink loop is walked once: every sample file reported once', () => {
  const d = dir('loop');
  copyFileSync(path.join(ROOT, 'samples/ssp-aco/a1234-2024.entity.json'), path.join(d, 'a1234-2024.entity.json'));
  copyFileSync(
    path.join(ROOT, 'samples/ssp-aco/a1234-2024.participation.csv'),
    path.join(d, 'a1234-2024.participation.csv'),
  );
  symlinkSync('.', path.join(d, 'again'));
  symlinkSync('..', path.join(dir('loop/sub'), 'up'));
  const r = runCli(['loop', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr); // the sample list has deliberate error rows (ID002, ID010, CSV006…)
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
  assert.deepEqual(files.sort(), ['loop/a1234-2024.entity.json', 'loop/a1234-2024.participation.csv']);
});

test('a self-referencing symlink named like a list: exit 2 with a message naming it', () => {
  const d = dir('eloop');
  symlinkSync('self.participation.csv', path.join(d, 'self.participation.csv'));
  const r = runCli([d]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^qpp-check: .*self\.participation\.csv.*ELOOP.*\n$/);
});

/** Deterministic "random" bytes (a linear congruential generator) so a failure replays. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

test('binary files named as a list and as an entity file: findings with exit 1, no crash', () => {
  const d = dir('binary');
  writeFileSync(path.join(d, 'x.participation.csv'), pseudoRandomBytes(64 * 1024, 8));
  writeFileSync(path.join(d, 'x.entity.json'), pseudoRandomBytes(64 * 1024, 9));
  for (const format of ['text', 'json', 'sarif']) {
    const r = runCli(['binary', '--format', format]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    if (format === 'text') {
      assert.match(r.stdout, /^binary\/x\.entity\.json:\d+:\d+ error JSON001 /m);
      assert.match(r.stdout, /^binary\/x\.participation\.csv:\d+:\d+ error CSV/m);
    } else JSON.parse(r.stdout);
  }
});

test('an entity file nested 20,000 levels deep (a 40 KB file): JSON001 with exit 1, not a stack overflow', () => {
  const d = dir('deep');
  writeFileSync(path.join(d, 'deep.entity.json'), '['.repeat(20_000) + ']'.repeat(20_000));
  const r = runCli(['deep']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^deep\/deep\.entity\.json:1:\d+ error JSON001 /m);
});

test('one placeholder NPI copied down 100,000 rows, each with its own TIN: checked, not compared row with row', () => {
  const d = dir('placeholder-npi');
  const placeholder = '1234567893';
  const rows = Array.from({ length: 100_000 }, (_, i) => `SSP,A1234,99${String(i).padStart(7, '0')},${placeholder}`);
  rows.push(rows[41]);
  writeFileSync(path.join(d, 'a.participation.csv'), `apm_id,apm_entity_id,tin,npi\n${rows.join('\n')}\n`);
  // A second ACO lists the same NPI in the same APM: each of its two rows conflicts with the first ACO's first row.
  writeFileSync(
    path.join(d, 'b.participation.csv'),
    `apm_id,apm_entity_id,tin,npi\nSSP,A5678,991111111,${placeholder}\nSSP,A5678,992222222,${placeholder}\n`,
  );
  for (const id of ['A1234', 'A5678']) {
    writeFileSync(
      path.join(d, `${id}.entity.json`),
      JSON.stringify({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id } }),
    );
  }
  // 100,000 rows and a 100,000-clinician JSON report: over a second on a busy machine, so the larger hang guard.
  const r = runCli(['placeholder-npi', '--format', 'json'], work, LARGE_INPUT_GUARD_MS);
  const report = JSON.parse(r.stdout) as {
    files: { path: string; diagnostics: { code: string; range: { start: { line: number } } }[] }[];
    clinicians: { npi: string; entities: string[] }[];
  };
  const listFindings = (name: string) =>
    report.files.find((f) => f.path.endsWith(name))!.diagnostics.map((f) => `${f.code}@${f.range.start.line + 1}`);
  assert.deepEqual(listFindings('a.participation.csv'), ['CSV005@100002'], 'the one repeated row, nothing else');
  assert.deepEqual(listFindings('b.participation.csv'), ['XF003@2', 'XF003@3']);
  assert.equal(report.clinicians.length, 100_002, 'one per TIN/NPI');
  assert.ok(report.clinicians.every((c) => c.npi === placeholder && c.entities.join() === 'A1234,A5678'));
});

test('one NPI on 60,000 rows of two ACOs on alternate days: XF003 finds the one real overlap without comparing every pair', () => {
  const d = dir('alternate-days');
  const npi = '1234567893';
  const day = (n: number) => new Date(Date.UTC(1950, 0, 1 + n)).toISOString().slice(0, 10);
  const rowsOf = (entity: string, parity: number) =>
    Array.from(
      { length: 30_000 },
      (_, i) => `SSP,${entity},99${String(i).padStart(7, '0')},${npi},${day(2 * i + parity)},${day(2 * i + parity)}`,
    );
  const header = 'apm_id,apm_entity_id,tin,npi,start_date,end_date';
  writeFileSync(path.join(d, 'a.participation.csv'), `${header}\n${rowsOf('A1111', 0).join('\n')}\n`);
  // The last row has open dates, so it overlaps every row of the other ACO and is reported against the first.
  writeFileSync(
    path.join(d, 'b.participation.csv'),
    `${header}\n${rowsOf('A2222', 1).join('\n')}\nSSP,A2222,991111111,${npi},,\n`,
  );
  const r = runCli(['alternate-days', '--format', 'json']);
  const report = JSON.parse(r.stdout) as {
    files: { path: string; diagnostics: { code: string; message: string; range: { start: { line: number } } }[] }[];
  };
  const overlaps = report.files.flatMap((f) =>
    f.diagnostics.filter((x) => x.code === 'XF003').map((x) => `${path.basename(f.path)}:${x.range.start.line + 1}`),
  );
  assert.deepEqual(overlaps, ['b.participation.csv:30002']);
});

/** Bytes qpp-check writes for `args`, in each format, with its exit status. */
function outputSizes(args: string[], guardMs = LARGE_INPUT_GUARD_MS) {
  return (['text', 'json', 'sarif'] as const).map((format) => {
    const r = runCli([...args, '--format', format], work, guardMs);
    return { format, status: r.status, bytes: Buffer.byteLength(r.stdout), stdout: r.stdout };
  });
}

test('a header of 100,000 unknown columns: the first 200 CSV004 and one GEN001 with the count of the rest, in every format', () => {
  const d = dir('wide-header');
  const header = ['apm_entity_id', 'tin', 'npi', ...Array.from({ length: 100_000 }, (_, i) => `c${i}`)].join(',');
  writeFileSync(path.join(d, 'wide.participation.csv'), `${header}\n`);
  for (const { format, status, bytes, stdout } of outputSizes(['wide-header'])) {
    assert.equal(status, 0, format);
    assert.ok(bytes < 200_000, `${format}: ${bytes} bytes written`);
    // Text: long messages continue on indented lines; joined, each finding is one line again.
    const unwrapped = stdout.replace(/\n {4}/g, ' ');
    const codes =
      format === 'text'
        ? unwrapped.split('\n').map((l) => l.split(' ')[2])
        : format === 'json'
          ? JSON.parse(stdout).files[0].diagnostics.map((f: { code: string }) => f.code)
          : JSON.parse(stdout).runs[0].results.map((r: { ruleId: string }) => r.ruleId);
    assert.equal(codes.filter((c: string) => c === 'CSV004').length, 200, format);
    assert.equal(codes.filter((c: string) => c === 'GEN001').length, 1, format);
    assert.match(unwrapped, /…and 99800 more CSV004 like this \(Column not read .*\) in this file/);
  }
});

test('a header of a million columns (8.9 MB): one finding, a few kilobytes of output in every format', () => {
  const d = dir('million-columns');
  const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
  writeFileSync(path.join(d, 'wide.participation.csv'), `${header}\nA1234,991000101,1999000015\n`);
  for (const { format, bytes } of outputSizes(['million-columns']))
    assert.ok(bytes < (format === 'sarif' ? 100_000 : 10_000), `${format}: ${bytes} bytes written`);
});

test('maxFindingsPerFile caps every path: a list read whole and the same list streamed', () => {
  const d = dir('capped');
  const rows = ['apm_entity_id,tin,npi', ...Array.from({ length: 50 }, () => 'A1234,991000101,1999000016')];
  writeFileSync(path.join(d, 'bad.participation.csv'), `${rows.join('\n')}\n`);
  writeFileSync(path.join(d, '.qpp-lens.json'), '{ "maxFindingsPerFile": 5 }');
  for (const stream of [[], ['--stream']]) {
    const r = runCli(['.', '--format', 'json', ...stream], d);
    const diagnostics = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics;
    assert.deepEqual(
      diagnostics.map((f) => f.code),
      ['ID002', 'ID002', 'ID002', 'ID002', 'ID002', 'GEN001'],
      stream.join(),
    );
  }
});

test('four million bad rows in one list: checked in a small heap (findings kept are capped), output folded', () => {
  const d = dir('every-row-bad');
  // 8 MB, read whole: each row has 1 field where the header has 3 (CSV002).
  writeFileSync(path.join(d, 'bad.participation.csv'), `apm_entity_id,tin,npi\n${'a\n'.repeat(4_000_000)}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'every-row-bad'], {
    cwd: work,
    encoding: 'utf8',
    timeout: LARGE_INPUT_GUARD_MS * 3,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  assert.equal(
    r.signal,
    null,
    `ended by ${r.signal} (SIGABRT: out of memory; SIGKILL: the hang guard) ${r.stderr.slice(0, 300)}`,
  );
  assert.equal(r.status, 1, r.stderr.slice(0, 500));
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.filter((l) => / error CSV002 /.test(l)).length, 200);
  assert.ok(lines.length < 210, `${lines.length} lines`);
});
