#!/usr/bin/env node
// End-to-end tests in real VS Code (code-server 1.139, see code-shim.mjs): bundles the mocha suite,
// copies the fixture workspace to a temp dir, runs @vscode/test-electron's runTests against the shim,
// and ends with one line: "N passed, N failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { ensureTools } from '../../scripts/ensure-tools.mjs';
import { requireBuiltBundles } from './code-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '../..');

requireBuiltBundles(ROOT);
await ensureTools();

const suitePath = path.join(ROOT, 'dist/test-e2e/suite.js');
await esbuild.build({
  entryPoints: [path.join(HERE, 'suite/index.ts')],
  outfile: suitePath,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-e2e-'));
const workspace = path.join(scratch, 'workspace');
fs.cpSync(path.join(HERE, 'workspace'), workspace, { recursive: true });
const resultsFile = path.join(scratch, 'results.json');

let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath: path.join(HERE, 'code-shim.mjs'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suitePath,
    extensionTestsEnv: { QPP_E2E_RESULTS: resultsFile },
    launchArgs: [workspace, `--user-data-dir=${scratch}/udd`, `--extensions-dir=${scratch}/extensions`],
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
}
let counts = { passed: 0, failed: 1 };
try {
  counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  console.error('The suite wrote no results: it did not run to the end.');
}
fs.rmSync(scratch, { recursive: true, force: true });
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(exitCode === 0 && counts.failed === 0 ? 0 : 1);
