// `npm test`: every suite in order (after `pretest` has built and type-checked). A suite whose tool is
// missing installs it or fails; nothing is skipped. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []);
}

const nodeTests = (files, where) => ({
  command: process.execPath,
  args: ['--test', '--test-reporter=spec', ...files],
  count: (out) => ({ passed: lastNumber(out, /ℹ pass (\d+)/g), failed: lastNumber(out, /ℹ fail (\d+)/g) }),
  ensure: () => (files.length > 0 && files.every((f) => existsSync(f))) || `no tests found in ${where}: did the build run?`,
});
const nodeSuite = (dir) => nodeTests(testFiles(dir), dir);
const plainSuite = (script) => ({
  command: process.execPath,
  args: [script],
  count: (out) => {
    const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
    return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
  },
  ensure: () => existsSync(script) || `missing ${script}`,
});

const SUITES = [
  ['unit', nodeSuite('dist/test/unit')],
  ['golden', nodeSuite('dist/test/golden')],
  ['cli', nodeSuite('dist/test/cli')],
  ['protocol', nodeSuite('dist/test/protocol')],
  ['fuzz', nodeSuite('dist/test/fuzz')],
  ['faults', nodeSuite('dist/test/faults')],
  ['neovim', plainSuite('test/clients/run-neovim.mjs')],
  ['emacs', plainSuite('test/clients/run-emacs.mjs')],
  ['vim', plainSuite('test/clients/run-vim.mjs')],
  ['vscode-e2e', plainSuite('test/e2e/run.mjs')],
  ['grammar', nodeTests(['test/e2e/grammar.test.mjs'], 'test/e2e/grammar.test.mjs')],
  ['vscode-ui', plainSuite('test/e2e/ui-smoke.mjs')],
  ['first-screen', plainSuite('test/e2e/first-screen.mjs')],
];

function lastNumber(out, re) {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all.at(-1)[1]) : 0;
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const broken = [];
for (const [name, suite] of SUITES) {
  if (only.length && !only.includes(name)) continue;
  const ready = suite.ensure();
  if (ready !== true) {
    console.error(`\n✖ suite ${name}: ${ready}`);
    broken.push(name);
    continue;
  }
  console.log(`\n▶ suite ${name}`);
  const started = Date.now();
  const r = spawnSync(suite.command, suite.args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  const counts = suite.count(r.stdout ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!counts || r.status !== 0 || counts.failed > 0 || counts.passed === 0) {
    broken.push(name);
    console.error(`✖ suite ${name} failed (exit ${r.status}, ${counts ? `${counts.passed} passed, ${counts.failed} failed` : 'no count'}) in ${seconds}s`);
  } else {
    console.log(`✔ suite ${name}: ${counts.passed} passed in ${seconds}s`);
  }
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (!counts || counts.failed === 0) failed += r.status !== 0 || !counts ? 1 : 0;
}
if (broken.length) console.error(`\nfailed suites: ${broken.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = broken.length ? 1 : 0;
