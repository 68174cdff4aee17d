#!/usr/bin/env node
// End-to-end tests in real VS Code (code-server 1.139, see code-shim.mjs): bundles the mocha suite and runs it
// in two sessions, and ends with one line: "N passed, N failed".
// 1. trusted: @vscode/test-electron's runTests against the shim, over a temp copy of test/e2e/workspace.
// 2. untrusted: the shim itself (runTests always passes --disable-workspace-trust) with workspace trust on and no
//    trust prompt, over a temp copy of samples/ and test/fixtures/untrusted-workspace/ with scripts planted where a
//    careless product might look for code; the suite (QPP_E2E_SUITE=untrusted) checks restricted mode, diagnostics
//    equal to qpp-check's, and that nothing planted ran.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { ensureTools } from '../../scripts/ensure-tools.mjs';
import { requireBuiltBundles, WORKBENCH_LOG } from './code-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '../..');
const SHIM = path.join(HERE, 'code-shim.mjs');

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

/** The counts the suite wrote, or one failure when it did not run to the end. */
function readCounts(resultsFile, session) {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    console.error(`The ${session} suite wrote no results: it did not run to the end.`);
    return { passed: 0, failed: 1 };
  }
}

async function trustedSession(scratch) {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(HERE, 'workspace'), workspace, { recursive: true });
  // An Excel list (XL001 at Participants!C5), kept once in samples/ as the binary make-samples writes.
  fs.copyFileSync(
    path.join(ROOT, 'samples/real-layouts/excel-workbook.participation.xlsx'),
    path.join(workspace, 'roster.participation.xlsx'),
  );
  const resultsFile = path.join(scratch, 'results.json');
  let exitCode = 1;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suitePath,
      extensionTestsEnv: { QPP_E2E_RESULTS: resultsFile },
      launchArgs: [workspace, `--user-data-dir=${scratch}/udd`, `--extensions-dir=${scratch}/extensions`],
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
  return { exitCode, counts: readCounts(resultsFile, 'trusted') };
}

/** Scripts at the paths the extension uses for its own code, and the usual entry points: each writes the marker if run. */
const PLANTED_SCRIPTS = [
  'dist/server.js',
  'dist/extension.js',
  'server.js',
  'extension.js',
  'index.js',
  'node_modules/qpp-lens/dist/server.js',
];

async function untrustedSession(scratch) {
  const workspace = path.join(scratch, 'untrusted');
  const marker = path.join(scratch, 'RAN-FROM-WORKSPACE');
  fs.cpSync(path.join(ROOT, 'samples'), workspace, { recursive: true, filter: (source) => !source.endsWith('.md') });
  fs.cpSync(path.join(ROOT, 'test/fixtures/untrusted-workspace'), workspace, { recursive: true });
  for (const script of PLANTED_SCRIPTS) {
    fs.mkdirSync(path.dirname(path.join(workspace, script)), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, script),
      `require('fs').appendFileSync(${JSON.stringify(marker)}, 'ran ${script}: ' + process.argv.join(' ') + '\\n');\n`,
    );
  }
  // What the editor must show, file by file: the CLI's findings for the same folder.
  const expectedFile = path.join(scratch, 'expected.json');
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), '--format', 'json', '.'], {
    cwd: workspace,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (cli.status !== 0 && cli.status !== 1) {
    console.error(`qpp-check over the untrusted workspace failed (exit ${cli.status}):\n${cli.stderr}`);
    return { exitCode: 1, counts: { passed: 0, failed: 1 } };
  }
  fs.writeFileSync(expectedFile, cli.stdout);

  const resultsFile = path.join(scratch, 'untrusted-results.json');
  const args = [
    workspace,
    `--extensionDevelopmentPath=${ROOT}`,
    `--extensionTestsPath=${suitePath}`,
    `--user-data-dir=${scratch}/udd-untrusted`,
    `--extensions-dir=${scratch}/extensions-untrusted`,
  ];
  const env = {
    ...process.env,
    QPP_E2E_RESULTS: resultsFile,
    QPP_E2E_SUITE: 'untrusted',
    QPP_E2E_EXPECTED: expectedFile,
    QPP_E2E_MARKER: marker,
  };
  const child = spawn(process.execPath, [SHIM, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exitCode = await new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const counts = readCounts(resultsFile, 'untrusted');
  // Checked again once code-server is gone: a script started late would have escaped the suite's own check.
  if (fs.existsSync(marker)) {
    console.error(`Something ran a planted workspace script:\n${fs.readFileSync(marker, 'utf8')}`);
    counts.failed++;
  }
  return { exitCode, counts };
}

fs.mkdirSync(path.dirname(WORKBENCH_LOG), { recursive: true });
fs.writeFileSync(WORKBENCH_LOG, '');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-e2e-'));
const total = { passed: 0, failed: 0 };
let allExitedCleanly = true;
try {
  for (const session of [trustedSession, untrustedSession]) {
    const { exitCode, counts } = await session(scratch);
    total.passed += counts.passed;
    total.failed += counts.failed;
    allExitedCleanly &&= exitCode === 0;
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(
  `The workbench's connection messages and failed lookups of hosts this machine cannot reach: ${path.relative(process.cwd(), WORKBENCH_LOG)}`,
);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(allExitedCleanly && total.failed === 0 ? 0 : 1);
