// Language-server request latency, in one server process. Two cases:
//   completion: a 1,000-line entity file open; times key completion inside its last object (the JSON service with
//     the shipped schema, after QPP Lens's own items).
//   references: a workspace folder holding the 1M-row list on disk and a small open list naming some of its NPIs;
//     times textDocument/references on those NPIs. The first request builds the list's NPI index (reported on its
//     own); the rest are what a user sees after it.
// Prints JSON: firstMs, medianMs, maxMs, requests and what each answer held.
//
// Usage: node bench/lsp-requests.mjs completion|references
import { linkSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { initializeBench, startBenchServer, withDeadline } from './server.mjs';
import { OUT, ensureList, listPath, npiOf } from './generate.mjs';

const DEADLINE_MS = 300_000;
const WARM_REQUESTS = 3;
const MEASURED_REQUESTS = 20;
/** The 1M-row list is about 60 MB, over the server's 50 MB default: the bench lifts the cap, as a user may. */
const MAX_FILE_SIZE_BYTES = 512 * 1024 * 1024;

const [mode] = process.argv.slice(2);
if (!['completion', 'references'].includes(mode)) {
  console.error('usage: node bench/lsp-requests.mjs completion|references');
  process.exit(2);
}

/** An entity file of `lines` lines: one low-volume segment per 7 lines, the last one missing a key at the cursor. */
function entityFileOfLines(lines) {
  const head = ['{', '  "performanceYear": 2024,', '  "apm": { "id": "SSP", "track": "ENHANCED" },'];
  head.push('  "entity": { "id": "A0000" },', '  "lowVolume": {', '    "segments": [');
  const segment = [
    '      {',
    '        "start": "2023-10-01",',
    '        "end": "2024-09-30",',
    '        "allowedCharges": 90000.01,',
    '        "beneficiaries": 300,',
    '        "services": 300',
    '      },',
  ];
  const body = [];
  while (head.length + body.length + segment.length + 6 < lines) body.push(...segment);
  const last = ['      {', '        "start": "2023-10-01",', '        ""', '      }', '    ]', '  }', '}', ''];
  return [...head, ...body, ...last].join('\n');
}

const root = join(OUT, `lsp-${mode}-workspace`);
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });

let open;
let position;
let count;
if (mode === 'completion') {
  const text = entityFileOfLines(1000);
  const lines = text.split('\n');
  const line = lines.indexOf('        ""');
  open = { uri: pathToFileURL(join(root, 'big.entity.json')).href, languageId: 'qpp-entity', text };
  position = () => ({ line, character: '        "'.length });
  count = (answer) => (Array.isArray(answer) ? answer : (answer?.items ?? [])).length;
} else {
  ensureList('1m');
  linkSync(listPath('1m'), join(root, 'list-1m.participation.csv'));
  // Rows of the 1M list spread over the list: each probe row's NPI is named there once (twice with a duplicate).
  const probes = Array.from({ length: WARM_REQUESTS + MEASURED_REQUESTS + 1 }, (_, i) => npiOf(i * 40_009 + 7));
  const text = `apm_id,apm_entity_id,tin,npi\n${probes.map((npi) => `SSP,A0000,990000000,${npi}`).join('\n')}\n`;
  open = { uri: pathToFileURL(join(root, 'probe.participation.csv')).href, languageId: 'qpp-participation', text };
  position = (i) => ({ line: 1 + i, character: 'SSP,A0000,990000000,'.length + 2 });
  count = (answer) => answer?.length ?? 0;
}

const { child, exited, connection } = startBenchServer();
let workspaceLoaded = () => undefined;
const loaded = new Promise((resolve) => (workspaceLoaded = resolve));
let published = () => undefined;
const firstPublish = new Promise((resolve) => (published = resolve));
connection.onNotification('window/logMessage', (params) => {
  if (/entity files and lists in the workspace/.test(params.message)) workspaceLoaded();
});
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri === open.uri) published();
});
connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('window/workDoneProgress/create', () => null);
connection.listen();

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

try {
  await initializeBench(connection, root, { maxFileSizeBytes: MAX_FILE_SIZE_BYTES });
  await connection.sendNotification('initialized', {});
  await withDeadline(loaded, DEADLINE_MS, 'the workspace did not load');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { ...open, version: 1 } });
  await withDeadline(firstPublish, DEADLINE_MS, 'no diagnostics for the open document');
  const method = mode === 'completion' ? 'textDocument/completion' : 'textDocument/references';
  const times = [];
  const sizes = [];
  for (let i = 0; i <= WARM_REQUESTS + MEASURED_REQUESTS; i++) {
    const started = performance.now();
    const answer = await withDeadline(
      connection.sendRequest(method, {
        textDocument: { uri: open.uri },
        position: position(i),
        context: { includeDeclaration: true },
      }),
      DEADLINE_MS,
      `${method} did not answer`,
    );
    times.push(performance.now() - started);
    sizes.push(count(answer));
  }
  if (sizes.some((n) => n === 0)) throw new Error(`an empty answer among ${sizes.join(', ')}`);
  const measured = times.slice(1 + WARM_REQUESTS);
  process.stdout.write(
    `${JSON.stringify({ mode, firstMs: times[0], medianMs: median(measured), maxMs: Math.max(...measured), requests: measured.length, answerSizes: [...new Set(sizes)] })}\n`,
  );
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await withDeadline(exited, DEADLINE_MS, 'the server did not exit after shutdown');
} finally {
  connection.dispose();
  if (child.exitCode === null) child.kill();
}
