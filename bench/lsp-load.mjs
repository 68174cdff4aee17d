// Language server under many files, in one server process. Two cases:
//   files <count>: `validation.scope: workspace` over bench/out/many-lists-<count>/ (two-line lists on disk); times
//     `initialized` → the last publishDiagnostics of the startup validation.
//   opens <count>: an empty folder, then <count> didOpens of two-line lists at once; times the first didOpen → the
//     last publishDiagnostics.
// Meanwhile one open list is hovered every HOVER_EVERY_MS, each hover timed. "Settled" is a publish for every
// document followed by QUIET_MS without one; the settle time ends at that last publish. Prints JSON: settleMs,
// publishes, documents, publishesPerDocument, hover latencies (count, median, max) and the server's peak RSS.
//
// Usage: node bench/lsp-load.mjs files|opens <count>
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { initializeBench, startBenchServer, withDeadline } from './server.mjs';
import { OUT, manyListsDir, twoLineList } from './generate.mjs';

const DEADLINE_MS = Number(process.env.BENCH_LOAD_DEADLINE_MS ?? 600_000);
const QUIET_MS = 2000;
const HOVER_EVERY_MS = 100;
/** The hovered cell: the NPI of the row of a two-line list (line 1, after "SSP,A0000,990000000,"). */
const HOVER_POSITION = { line: 1, character: 22 };

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!['files', 'opens'].includes(mode) || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bench/lsp-load.mjs files|opens <count>');
  process.exit(2);
}

let root;
if (mode === 'files') {
  root = manyListsDir(count);
} else {
  root = join(OUT, 'lsp-opens-workspace');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
}
const listUri = (i) => pathToFileURL(join(root, `list-${String(i).padStart(5, '0')}.participation.csv`)).href;

const { child, exited, connection } = startBenchServer();
const publishedUris = new Set();
let publishes = 0;
let lastPublishAt = 0;
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  publishes++;
  publishedUris.add(params.uri);
  lastPublishAt = performance.now();
});
const settings = { validation: { scope: mode === 'files' ? 'workspace' : 'openFiles' } };
connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('window/workDoneProgress/create', () => null);
connection.onNotification('window/logMessage', () => undefined);
connection.listen();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every document published, then QUIET_MS without a publish. */
async function settled() {
  for (;;) {
    await sleep(100);
    if (publishedUris.size >= count && performance.now() - lastPublishAt >= QUIET_MS) return;
  }
}

/** Hovers `uri` every HOVER_EVERY_MS until `done` is set; returns each hover's latency. */
async function hoverLoop(uri, state) {
  const latencies = [];
  while (!state.done) {
    const started = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: HOVER_POSITION });
    latencies.push(performance.now() - started);
    await sleep(HOVER_EVERY_MS);
  }
  return latencies;
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[sorted.length >> 1];
};

try {
  await initializeBench(connection, root);
  const hovered = listUri(0);
  const hover = { done: false };
  let started;
  let hovers;
  if (mode === 'files') {
    started = performance.now();
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: hovered, languageId: 'qpp-participation', version: 1, text: twoLineList(0) },
    });
    hovers = hoverLoop(hovered, hover);
  } else {
    await connection.sendNotification('initialized', {});
    started = performance.now();
    for (let i = 0; i < count; i++) {
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: listUri(i), languageId: 'qpp-participation', version: 1, text: twoLineList(i) },
      });
    }
    hovers = hoverLoop(hovered, hover);
  }
  await withDeadline(
    settled(),
    DEADLINE_MS,
    `not settled within ${DEADLINE_MS} ms (${publishedUris.size}/${count} documents published, ${publishes} publishes)`,
  );
  hover.done = true;
  const latencies = await hovers;
  const result = {
    mode,
    count,
    settleMs: lastPublishAt - started,
    publishes,
    documents: publishedUris.size,
    publishesPerDocument: publishes / publishedUris.size,
    hovers: latencies.length,
    hoverMedianMs: median(latencies),
    hoverMaxMs: latencies.length ? Math.max(...latencies) : null,
    serverPeakRssMb: peakRssMb(child.pid),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await withDeadline(exited, DEADLINE_MS, 'the server did not exit after shutdown');
} finally {
  connection.dispose();
  if (child.exitCode === null) child.kill();
}
