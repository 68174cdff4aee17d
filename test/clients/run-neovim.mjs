#!/usr/bin/env node
// Runs the QPP Lens server under a real third-party LSP client, headless Neovim, over the fixtures and compares what
// Neovim received (diagnostics, hover, code actions) with test/clients/expected/*.txt. Ends with "N passed, N failed".
// UPDATE_EXPECTED=1 rewrites the expected files from the current output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const server = path.join(root, 'dist', 'server.js');

const cases = [
  { name: 'entity-lvt-hover', file: 'a2345-2024.entity.json', line: 8, col: 72 },
  { name: 'entity-qp004-actions', file: 'a2345-2024.entity.json', line: 14, col: 20 },
  { name: 'list-npi-hover', file: 'a2345-2024.participation.csv', line: 2, col: 25 },
  { name: 'list-tin-actions', file: 'a2345-2024.participation.csv', line: 2, col: 12 },
];

function fail(message) {
  console.error(`run-neovim: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) fail('nvim is not installed (apt-get install neovim); this test needs a real Neovim');
if (!fs.existsSync(server)) fail(`${server} is missing: run npm run build first`);

// Copy the fixtures so the run never touches the repository and Neovim state stays in a temp dir.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-nvim-'));
const fixtures = path.join(work, 'fixtures');
fs.cpSync(path.join(here, 'fixtures'), fixtures, { recursive: true });

let passed = 0;
let failed = 0;
try {
  for (const c of cases) {
    const result = spawnSync(
      'nvim',
      ['--headless', '-n', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(here, 'lsp_check.lua')}`, '--', path.join(fixtures, c.file), String(c.line), String(c.col)],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, LSP_CMD: `${process.execPath} ${server} --stdio`, XDG_CACHE_HOME: work, XDG_DATA_HOME: work, XDG_STATE_HOME: work, XDG_CONFIG_HOME: work, NVIM_LOG_FILE: path.join(work, 'nvim.log') },
      },
    );
    const actual = (result.stdout ?? '').replaceAll(fixtures, '<fixtures>').replace(/\s+$/, '') + '\n';
    const expectedPath = path.join(here, 'expected', `${c.name}.txt`);
    if (process.env.UPDATE_EXPECTED) fs.writeFileSync(expectedPath, actual);
    const expected = fs.existsSync(expectedPath) ? fs.readFileSync(expectedPath, 'utf8') : null;
    if (result.status === 0 && expected === actual) {
      passed++;
      console.log(`ok ${c.name}`);
    } else {
      failed++;
      console.log(`FAIL ${c.name} (nvim exit ${result.status}${result.error ? `, ${result.error.message}` : ''})`);
      if (expected === null) console.log(`  no expected output at ${path.relative(root, expectedPath)}`);
      console.log('--- actual ---\n' + actual + (result.stderr ? `--- stderr ---\n${result.stderr}` : ''));
      if (expected !== null) console.log('--- expected ---\n' + expected);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
