// `npm test`: build, type-check, install the tools the suites need (scripts/ensure-tools.mjs: Debian packages
// as root, node 24, code-server), then every suite in order, its output streamed as it runs. A suite whose tools
// cannot be installed fails; nothing is skipped. Ends with one "N passed, N failed" line.
// `node scripts/test-all.mjs unit cli` runs only the suites named.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ensureTools, isInstalled } from './ensure-tools.mjs';
import { timedStep } from './steps.mjs';

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []);
}

function lastNumber(out, re) {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all.at(-1)[1]) : 0;
}

// Test files are listed when the suite runs, not when this script starts: the build step writes them.
const nodeTests = (listFiles, where) => ({
  args: () => ['--test', '--test-reporter=spec', ...listFiles()],
  count: (out) => ({ passed: lastNumber(out, /ℹ pass (\d+)/g), failed: lastNumber(out, /ℹ fail (\d+)/g) }),
  ready: () => {
    const files = listFiles();
    return (files.length > 0 && files.every((f) => existsSync(f))) || `no tests found in ${where}: did the build run?`;
  },
});
const nodeSuite = (dir) => nodeTests(() => testFiles(dir), dir);
const plainSuite = (script) => ({
  args: () => [script],
  count: (out) => {
    const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
    return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
  },
  ready: () => existsSync(script) || `missing ${script}`,
});

// expectedSeconds: measured on the CI machine kind (2 shared cores). tools: keys of ensure-tools.mjs's TOOL_SETS.
const SUITES = [
  { name: 'unit', expectedSeconds: 5, tools: [], ...nodeSuite('dist/test/unit') },
  { name: 'golden', expectedSeconds: 1, tools: [], ...nodeSuite('dist/test/golden') },
  { name: 'cli', expectedSeconds: 20, tools: [], ...nodeSuite('dist/test/cli') },
  { name: 'protocol', expectedSeconds: 9, tools: [], ...nodeSuite('dist/test/protocol') },
  { name: 'fuzz', expectedSeconds: 4, tools: [], ...nodeSuite('dist/test/fuzz') },
  { name: 'faults', expectedSeconds: 12, tools: [], ...nodeSuite('dist/test/faults') },
  { name: 'neovim', expectedSeconds: 1, tools: ['neovim'], ...plainSuite('test/clients/run-neovim.mjs') },
  { name: 'emacs', expectedSeconds: 4, tools: ['emacs'], ...plainSuite('test/clients/run-emacs.mjs') },
  { name: 'vim', expectedSeconds: 1, tools: ['vim'], ...plainSuite('test/clients/run-vim.mjs') },
  { name: 'vscode-e2e', expectedSeconds: 100, tools: ['vscode'], ...plainSuite('test/e2e/run.mjs') },
  { name: 'grammar', expectedSeconds: 2, tools: ['vscode'], ...nodeTests(() => ['test/e2e/grammar.test.mjs'], 'test/e2e/grammar.test.mjs') },
  { name: 'vscode-ui', expectedSeconds: 45, tools: ['vscode'], ...plainSuite('test/e2e/ui-smoke.mjs') },
  { name: 'first-screen', expectedSeconds: 30, tools: ['vscode'], ...plainSuite('test/e2e/first-screen.mjs') },
];

/** Runs a command with its output shown as it comes; resolves with the exit code (and stdout, when asked). */
function run(command, args, { captureStdout = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', captureStdout ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.once('error', (error) => resolve({ status: null, stdout: `${command} could not run: ${error.message}` }));
    child.once('close', (status) => resolve({ status, stdout }));
  });
}

async function mustSucceed(command, args) {
  const { status } = await run(command, args);
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}`);
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !SUITES.some((suite) => suite.name === name));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((suite) => suite.name).join(', ')}`);
  process.exit(2);
}
const selected = SUITES.filter((suite) => !only.length || only.includes(suite.name));
const started = Date.now();
try {
  await timedStep('build (npm run build)', 3, () => mustSucceed('npm', ['run', '--silent', 'build']));
  await timedStep('typecheck (npm run typecheck: server, core, client, e2e suite)', 40, () => mustSucceed('npm', ['run', '--silent', 'typecheck']));
} catch (error) {
  console.error(error.message);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const toolSets = [...new Set(selected.flatMap((suite) => suite.tools))];
if (toolSets.length) {
  // One install for all the suites (one apt-get update); each suite also checks its own tools when run alone.
  await ensureTools(toolSets).then(
    () => console.log(`✔ tools ready: ${toolSets.join(', ')}`),
    (error) => console.error(`✖ tools could not be installed:\n${error.message}`),
  );
}

let passed = 0;
let failed = 0;
const broken = [];
for (const suite of selected) {
  const missingTools = suite.tools.filter((name) => !isInstalled(name));
  const ready = missingTools.length ? `not run: its tools (${missingTools.join(', ')}) are not installed (see above)` : suite.ready();
  if (ready !== true) {
    console.error(`\n✖ suite ${suite.name}: ${ready}`);
    broken.push(suite.name);
    failed++;
    continue;
  }
  console.log('');
  const outcome = await timedStep(`suite ${suite.name}`, suite.expectedSeconds, async () => {
    const { status, stdout } = await run(process.execPath, suite.args(), { captureStdout: true });
    const counts = suite.count(stdout);
    const ok = counts !== null && status === 0 && counts.failed === 0 && counts.passed > 0;
    // A suite that crashed or printed no count still counts as one failure.
    const failures = (counts?.failed ?? 0) + (!ok && !counts?.failed ? 1 : 0);
    return { ok, passed: counts?.passed ?? 0, failed: failures, detail: counts ? `${counts.passed} passed, ${counts.failed} failed${status === 0 ? '' : `, exit ${status}`}` : `no count, exit ${status}` };
  }, (o) => o);
  if (!outcome.ok) broken.push(suite.name);
  passed += outcome.passed;
  failed += outcome.failed;
}
if (broken.length) console.error(`\nfailed suites: ${broken.join(', ')}`);
console.log(`\nall steps took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = broken.length ? 1 : 0;
