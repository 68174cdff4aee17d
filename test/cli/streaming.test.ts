// qpp-check's streaming path (lists too large to hold) against its in-memory path: the same output, byte
// for byte, on inputs built to split records, quotes and characters across the 64 KB read chunks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { npiCheckDigit } from '../../server/src/core';
import { seededRandom } from '../helpers/random';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli.js');
const run = (args: string[], cwd = ROOT, nodeOptions: string[] = []) =>
  spawnSync(process.execPath, [...nodeOptions, CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
const FORMATS = ['text', 'json', 'sarif'] as const;
const HEADER = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';

const work = mkdtempSync(path.join(tmpdir(), 'qpp-stream-'));
after(() => rmSync(work, { recursive: true, force: true }));

function npi(sequence: number): string {
  const first9 = `1${String(sequence).padStart(8, '0')}`;
  return first9 + npiCheckDigit(first9);
}

/**
 * SARIF without the fixes of CSV005 results: removing a row pasted twice needs both rows' text, which a streamed
 * list does not keep (docs/cli.md#large-lists); every other part must be the same.
 */
function withoutRowRemovals(sarif: string): string {
  const log = JSON.parse(sarif);
  for (const result of log.runs[0].results) if (result.ruleId === 'CSV005') delete result.fixes;
  return JSON.stringify(log, null, 2);
}

function assertSameOutputs(args: string[], cwd: string): Record<(typeof FORMATS)[number], string> {
  const outputs = {} as Record<(typeof FORMATS)[number], string>;
  for (const format of FORMATS) {
    const whole = run([...args, '--format', format], cwd);
    const streamed = run([...args, '--format', format, '--stream'], cwd);
    assert.equal(whole.stderr, '', whole.stderr);
    assert.equal(streamed.status, whole.status, streamed.stderr);
    assert.equal(
      format === 'sarif' ? withoutRowRemovals(streamed.stdout) : streamed.stdout,
      format === 'sarif' ? withoutRowRemovals(whole.stdout) : whole.stdout,
      `--stream changed the ${format} output`,
    );
    outputs[format] = whole.stdout;
  }
  return outputs;
}

test('--stream gives the same output as reading whole files, over the samples', () => {
  assertSameOutputs(['samples'], ROOT);
});

test('--stream gives the same output on lists built to split records and characters across chunks', () => {
  const seed = Number(process.env.QPP_STREAM_SEED ?? 20261125);
  console.log(`seed ${seed} (QPP_STREAM_SEED replays it)`);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const newline = () => pick(['\n', '\r\n', '\r', '\n\n']);
  const names = [
    'clinician',
    '"Clinic, Inc."',
    '"Dr. ""Q"" Group"',
    '"two\nlines"',
    'Café ü',
    'emoji 😀 here',
    '"quoted 😀\r\nbreak"',
    'x'.repeat(70),
  ];
  const lines: string[] = [];
  const rowsA: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    const entity = i % 7 === 0 ? 'A9999' : 'A1234'; // A9999 has no entity file (XF004)
    const fields = [
      'SSP',
      entity,
      `99100${String(i % 1000).padStart(4, '0')}`,
      npi(i),
      '',
      'participation',
      pick(names),
      '',
      '',
    ];
    const mistake = random();
    if (mistake < 0.004)
      fields[3] = npi(i).slice(0, 9) + ((Number(npi(i)[9]) + 1) % 10); // ID002
    else if (mistake < 0.008)
      fields[2] = `99-1${String(i % 100000).padStart(6, '0')}`; // ID012
    else if (mistake < 0.012)
      fields[7] = '2024-02-30'; // CSV006
    else if (mistake < 0.016)
      fields[0] = 'REACH'; // XF002 against the SSP entity file
    else if (mistake < 0.018)
      fields.pop(); // CSV002
    else if (mistake < 0.02)
      fields[6] = 'Dr "Q" stray'; // CSV001
    else if (mistake < 0.024 && rowsA.length > 0) {
      rowsA.push(pick(rowsA)); // CSV005, usually far from the first row (several chunks away)
      continue;
    }
    rowsA.push(fields.join(','));
  }
  for (const row of rowsA) lines.push(row, newline());
  const listA = `\uFEFF${HEADER}\n${lines.join('')}`;
  // Bytes that are not UTF-8 (decoded as U+FFFD by both paths) in a free-text cell.
  const invalidUtf8 = Buffer.from([0x53, 0x53, 0x50, 0x2c, 0x41, 0x31, 0x32, 0x33, 0x34, 0x2c, 0xc3, 0x28, 0xff, 0x0a]);
  writeFileSync(
    path.join(work, 'a.participation.csv'),
    Buffer.concat([
      Buffer.from(listA),
      invalidUtf8,
      Buffer.from(`SSP,A1234,991000001,${npi(1)},,participation,"never closed\n`),
    ]),
  );
  // List B: another SSP entity whose rows share NPIs with list A on overlapping dates (XF003).
  const rowsB = [HEADER];
  for (let i = 0; i < 3000; i += 3)
    rowsB.push(`SSP,A5678,991000002,${npi(i)},,participation,clinician,2024-01-01,2024-12-31`);
  writeFileSync(path.join(work, 'b.participation.csv'), `${rowsB.join('\r\n')}\r\n`);
  const entity = readFileSync(path.join(ROOT, 'samples/ssp-aco/a1234-2024.entity.json'), 'utf8')
    .replace('"a1234-2024.participation.csv"', '"a.participation.csv"')
    .replace('"$schema": "../../schemas/qpp-entity.schema.json",', '');
  writeFileSync(path.join(work, 'a1234.entity.json'), entity);
  writeFileSync(
    path.join(work, 'a5678.entity.json'),
    entity.replace(/"A1234"/g, '"A5678"').replace('"a.participation.csv"', '"b.participation.csv"'),
  );

  const outputs = assertSameOutputs(['.'], work);
  const codes = new Set([...outputs.text.matchAll(/ (?:error|warning|information) ([A-Z]+\d+) /g)].map((m) => m[1]));
  for (const code of ['CSV001', 'CSV002', 'CSV005', 'CSV006', 'ID002', 'ID012', 'XF002', 'XF003', 'XF004']) {
    assert.ok(codes.has(code), `the input was meant to produce ${code}; codes seen: ${[...codes].join(' ')}`);
  }
  const report = JSON.parse(outputs.json);
  assert.ok(
    report.clinicians.length > 30_000,
    'rows linked to the entity files give clinician summaries in both paths',
  );
});

test('a list over 16 MB streamed next to a list read whole: the same output as streaming both (XF003 and duplicates between them)', () => {
  const dir = path.join(work, 'mixed');
  mkdirSync(dir);
  // 170k rows of ~100 bytes: over the 16 MB line, so qpp-check streams it without being asked.
  const big = [HEADER];
  for (let i = 0; i < 170_000; i++)
    big.push(
      `SSP,A1234,991000101,${npi(i)},,participation,clinician in a long free-text cell of the big list,2024-01-01,2024-12-31`,
    );
  big.push(big[5]); // a duplicate of row 5, 170k rows later
  writeFileSync(path.join(dir, 'big.participation.csv'), `${big.join('\n')}\n`);
  assert.ok(statSync(path.join(dir, 'big.participation.csv')).size > 16 * 1024 * 1024);
  // The small list, read whole, names some of the same NPIs for another SSP entity on overlapping dates.
  const small = [HEADER];
  for (let i = 0; i < 170_000; i += 1000)
    small.push(`SSP,A5678,991000002,${npi(i)},,participation,clinician,2024-06-01,2024-06-30`);
  writeFileSync(path.join(dir, 'small.participation.csv'), `${small.join('\n')}\n`);
  const outputs = assertSameOutputs(['.'], dir);
  assert.match(outputs.text, /big.participation.csv:170002:21 warning CSV005 Duplicate of row 6:/);
  assert.equal(
    outputs.text.match(/ XF003 /g)?.length,
    170,
    'every shared NPI is reported once, on the list read later',
  );
});

test('a 200 MB list is checked by streaming in a heap far smaller than the file', () => {
  const file = path.join(work, 'big.participation.csv');
  const fd = openSync(file, 'w');
  const rows = 2_000_000; // 212 MB
  const planted = new Map<number, string>([
    [1_000_000, 'ID002'],
    [rows - 2, 'CSV006'],
  ]);
  try {
    writeSync(fd, `${HEADER}\n`);
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      let id = npi(i);
      if (planted.get(i) === 'ID002') id = id.slice(0, 9) + ((Number(id[9]) + 1) % 10);
      const start = planted.get(i) === 'CSV006' ? '2024-13-01' : '2024-01-01';
      chunk += `SSP,A1234,991000101,${id},,participation,clinician in a long free-text cell,${start},2024-12-31\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  // 64 MB of V8 heap could not hold the file's text (one string of ~260 M characters).
  const r = run([file, '--format', 'text'], work, ['--max-old-space-size=64']);
  assert.equal(r.status, 1, r.stderr);
  // Long messages wrap onto indented continuation lines: one line a finding is kept.
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith(' '));
  assert.deepEqual(
    lines.slice(0, -1).map((l) => l.replace(/ .*? (\w+\d+) .*/, ' $1')),
    [
      `big.participation.csv:${1_000_000 + 2}:21 ID002`,
      `big.participation.csv:${rows - 2 + 2}:82 CSV006`,
      // XF004: no entity file for A1234 here, reported once at its first row.
      'big.participation.csv:2:5 XF004',
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])),
  );
  assert.match(lines.at(-1)!, /^1 file checked: 2 errors, 0 warnings, 1 information$/);
});
