// `npm run check`: the inner loop, for every edit. Builds the bundles (so no test runs a stale one), type-checks
// every tsconfig in the repository (incrementally, two compilers at a time), then runs the unit and golden suites. The long
// suites (CLI streaming, protocol, faults, editors, VS Code end-to-end) are `npm test`'s.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';

const TSCONFIGS = ['tsconfig.json', 'server/src/core/tsconfig.json', 'client/tsconfig.json', 'test/e2e/tsconfig.json'];
const TSC = path.join('node_modules', 'typescript', 'bin', 'tsc');
// Incremental build info outside the tree: an unchanged project is re-checked in a fraction of the time.
const buildInfoOf = (config) => path.join('node_modules', '.cache', 'qpp-lens-tsc', `${config.replace(/[/\\]/g, '_')}.tsbuildinfo`);

function run(label, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? '✔' : '✖'} ${label} (${seconds} s)`);
      if (code !== 0) process.stdout.write(output);
      resolve(code === 0);
    });
  });
}

async function inParallel(tasks, width) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      results.push(await task());
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results.every(Boolean);
}

const testFiles = (dir) => readdirSync(dir).filter((name) => name.endsWith('.test.js')).map((name) => path.join(dir, name));

const started = Date.now();
let ok = await run('build', process.execPath, ['scripts/build.mjs']);
if (ok) {
  const typechecks = TSCONFIGS.map((config) => () => run(`typecheck ${config}`, process.execPath, [TSC, '-p', config, '--noEmit', '--incremental', '--tsBuildInfoFile', buildInfoOf(config)]));
  const tests = () => run('unit and golden tests', process.execPath, ['--test', ...testFiles('dist/test/unit'), ...testFiles('dist/test/golden')]);
  ok = await inParallel([...typechecks, tests], Math.max(2, Math.min(availableParallelism(), 4)));
}
console.log(`${ok ? 'check passed' : 'check FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = ok ? 0 : 1;
