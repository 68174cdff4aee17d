// Lists saved as UTF-16 with a BOM (Excel's "Unicode Text" and other Windows tools): decoded and checked by qpp-check,
// read whole or streamed, tab-separated ones as well as comma-separated ones.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const CLI = path.join(process.cwd(), 'dist/cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'qpp-encodings-'));
after(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 10_000 });

function utf16(text: string, bigEndian: boolean): Buffer {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return bigEndian ? bytes.swap16() : bytes;
}

const LIST = 'apm_id,apm_entity_id,tin,npi\r\nSSP,A1234,99-1000101,1999000015\r\nSSP,A1234,991000101,1999000016\r\n';

/** Text output with each message on one line again: paths of other lengths wrap a message elsewhere. */
const unwrapped = (text: string) => text.replace(/\n {4}/g, ' ');

test('UTF-16 LE and BE lists with a BOM are checked row by row, read whole or streamed', () => {
  const utf8 = path.join(work, 'utf8.participation.csv');
  writeFileSync(utf8, LIST);
  const expected = unwrapped(run([utf8]).stdout).replace(/utf8\.participation/g, 'LIST');
  assert.match(expected, /LIST\.csv:2:11 information ID012 /);
  assert.match(expected, /LIST\.csv:3:21 error ID002 /);
  for (const [name, bigEndian] of [
    ['le', false],
    ['be', true],
  ] as const) {
    writeFileSync(path.join(work, `${name}.participation.csv`), utf16(LIST, bigEndian));
    for (const stream of [[], ['--stream']]) {
      const r = run([`${name}.participation.csv`, ...stream]);
      assert.equal(
        unwrapped(r.stdout).replace(new RegExp(`${name}\\.participation`, 'g'), 'LIST'),
        expected,
        `UTF-16 ${name} ${stream.join()}`,
      );
    }
  }
});

test('a tab-separated list (Excel\'s "Unicode Text", UTF-16) is checked as its comma-separated twin is', () => {
  const utf8 = path.join(work, 'commas.participation.csv');
  writeFileSync(utf8, LIST);
  const expected = unwrapped(run([utf8]).stdout).replace(/commas\.participation/g, 'LIST');
  assert.match(expected, /LIST\.csv:3:21 error ID002 /, 'the comma-separated twin has row findings to compare');
  // One delimiter character for another: every finding is at the same line and column.
  writeFileSync(path.join(work, 'tabs.participation.csv'), utf16(LIST.replace(/,/g, '\t'), false));
  for (const stream of [[], ['--stream']]) {
    const r = run(['tabs.participation.csv', ...stream]);
    assert.equal(unwrapped(r.stdout).replace(/tabs\.participation/g, 'LIST'), expected, `tabs ${stream.join()}`);
  }
});
