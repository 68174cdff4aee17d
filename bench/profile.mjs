// CPU profile of one measurement and a summary of the functions with the most self time, attributed to their
// source files through the `// server/src/…` module markers esbuild writes into its bundles, plus the hottest
// lines of the hottest functions. Needs the inputs and bench/out/core.cjs of an earlier `npm run bench`.
//
// Usage: node bench/profile.mjs [measure.mjs arguments…]   default: parse core 1m (the core on the 1M-row list)
//        node bench/profile.mjs lsp <list-size>            the language server while it answers edits (bench/lsp.mjs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT } from './generate.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const TOP_FUNCTIONS = 15;
const HOT_FUNCTIONS = 3;
const HOT_LINES = 6;

const args = process.argv.slice(2);
const dir = join(OUT, 'profile');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let what;
if (args[0] === 'lsp') {
  const size = args[1] ?? '10k';
  what = `dist/server.js answering 20 one-cell edits of the ${size} list`;
  execFileSync(process.execPath, [join(HERE, 'lsp.mjs'), size, '20'], { stdio: 'inherit', env: { ...process.env, BENCH_SERVER_PROFILE_DIR: dir } });
} else {
  const measureArgs = args.length > 0 ? args : ['parse', 'core', '1m'];
  what = `measure.mjs ${measureArgs.join(' ')}`;
  execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--max-old-space-size=4096', join(HERE, 'measure.mjs'), ...measureArgs], { stdio: 'inherit' });
}
const profileFile = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!profileFile) throw new Error(`no .cpuprofile was written to ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, profileFile), 'utf8'));

/** Per bundle: its lines and, per line, the source module it came from. */
const bundles = new Map();
function bundle(url) {
  let b = bundles.get(url);
  if (!b) {
    const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
    const moduleOfLine = [];
    let current = '(bundle)';
    for (const line of lines) {
      const marker = /^\/\/ ((?:server|client|node_modules)\/\S+)$/.exec(line);
      if (marker) current = marker[1];
      moduleOfLine.push(current);
    }
    b = { lines, moduleOfLine };
    bundles.set(url, b);
  }
  return b;
}
const isBundle = (url) => url.endsWith('/bench/out/core.cjs') || url.endsWith('/dist/server.js');
function where(frame) {
  if (isBundle(frame.url)) return bundle(frame.url).moduleOfLine[frame.lineNumber] ?? frame.url;
  return frame.url ? frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '') : '(native)';
}
const keyOf = (frame) => `${frame.functionName || '(anonymous)'}  ${where(frame)}`;

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map();
let totalMs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const key = keyOf(nodes.get(profile.samples[i]).callFrame);
  selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  totalMs += ms;
}
const top = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS);
console.log(`CPU profile of ${what}: ${totalMs.toFixed(0)} ms sampled (${profileFile})`);
console.log('| self ms | self % | function | where |');
console.log('|---:|---:|---|---|');
for (const [key, ms] of top) {
  const [name, file] = key.split('  ');
  console.log(`| ${ms.toFixed(0)} | ${((ms * 100) / totalMs).toFixed(1)} | ${name} | ${file} |`);
}

const byFile = new Map();
for (const [key, ms] of selfMs) {
  const file = key.split('  ')[1];
  byFile.set(file, (byFile.get(file) ?? 0) + ms);
}
console.log('\n| self ms | self % | source file |');
console.log('|---:|---:|---|');
for (const [file, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`| ${ms.toFixed(0)} | ${((ms * 100) / totalMs).toFixed(1)} | ${file} |`);

// V8 records ticks per source line (positionTicks) of each profile node.
const lineTicks = new Map(); // function key → Map(line → ticks), with the bundle it came from
for (const node of profile.nodes) {
  if (!isBundle(node.callFrame.url) || !node.positionTicks) continue;
  const key = keyOf(node.callFrame);
  const entry = lineTicks.get(key) ?? { url: node.callFrame.url, lines: new Map() };
  lineTicks.set(key, entry);
  for (const { line, ticks } of node.positionTicks) entry.lines.set(line, (entry.lines.get(line) ?? 0) + ticks);
}
for (const [key] of top.filter(([key]) => lineTicks.has(key)).slice(0, HOT_FUNCTIONS)) {
  const { url, lines } = lineTicks.get(key);
  const sorted = [...lines].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((n, [, ticks]) => n + ticks, 0);
  console.log(`\nHot lines of ${key.replace('  ', ' (')}), share of its self samples:`);
  for (const [line, ticks] of sorted.slice(0, HOT_LINES)) {
    console.log(`  ${((ticks * 100) / total).toFixed(1).padStart(5)}%  ${bundle(url).lines[line - 1].trim().slice(0, 150)}`);
  }
}
