// Language-server latency and memory for one list, in one server process: spawns `node dist/server.js --stdio`,
// opens the list (didOpen), then edits one NPI cell several times (didChange), each time timing until the
// publishDiagnostics for that document version arrives. Prints raw times (the server's debounce included; run.mjs
// subtracts it) and the server's RSS from /proc after the open as JSON.
//
// Usage: node bench/lsp.mjs <list-size> [edits]
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { initializeBench, startBenchServer, withDeadline } from './server.mjs';
import { OUT, listPath } from './generate.mjs';

const DEADLINE_MS = 120_000;

const [size, editsArg] = process.argv.slice(2);
const edits = Number(editsArg ?? 5);
const text = readFileSync(listPath(size), 'utf8');

// An empty workspace folder: the list exists only as an open buffer, so nothing else is loaded from disk.
const root = join(OUT, 'lsp-workspace');
mkdirSync(root, { recursive: true });
const uri = pathToFileURL(join(root, `bench-${size}.participation.csv`)).href;

const { child, exited, connection } = startBenchServer();
const waiters = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri !== uri) return;
  const waiter = waiters.get(params.version);
  if (waiter) {
    waiters.delete(params.version);
    waiter(params);
  }
});
let workspaceLoaded = () => undefined;
const loaded = new Promise((resolve) => (workspaceLoaded = resolve));
// The server logs this once its startup scan is done; opening before that would race the startup validation.
connection.onNotification('window/logMessage', (params) => {
  if (/entity files and lists in the workspace/.test(params.message)) workspaceLoaded();
});
connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('window/workDoneProgress/create', () => null);
connection.listen();

/** Resolves with the diagnostics of `version`, or fails after the deadline. */
function diagnosticsFor(version) {
  return withDeadline(
    new Promise((resolve) => waiters.set(version, resolve)),
    DEADLINE_MS,
    `no diagnostics for version ${version} within ${DEADLINE_MS} ms`,
  );
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

/** Line and character of the 4th (npi) field of a row in the middle of the list; fields before it are never quoted. */
function npiCellOfMiddleRow() {
  const lines = text.split('\n');
  const line = lines.length >> 1;
  const cells = lines[line].split(',');
  const character = cells[0].length + cells[1].length + cells[2].length + 3;
  return { line, character, npi: cells[3] };
}

try {
  await initializeBench(connection, root);
  await connection.sendNotification('initialized', {});
  await withDeadline(loaded, DEADLINE_MS, 'the server never finished its startup scan');

  let version = 1;
  let started = performance.now();
  const opened = diagnosticsFor(version);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'qpp-participation', version, text },
  });
  const openDiagnostics = await opened;
  const openMs = performance.now() - started;
  const serverRssMb = rssMb(child.pid);

  const cell = npiCellOfMiddleRow();
  const wrongNpi = cell.npi.slice(0, 9) + ((Number(cell.npi[9]) + 1) % 10);
  const editMs = [];
  for (let i = 0; i < edits; i++) {
    version++;
    const published = diagnosticsFor(version);
    started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: cell, end: { line: cell.line, character: cell.character + 10 } },
          text: i % 2 === 0 ? wrongNpi : cell.npi,
        },
      ],
    });
    await published;
    editMs.push(performance.now() - started);
  }
  process.stdout.write(
    `${JSON.stringify({ openMs, serverRssMb, editMs, openDiagnostics: openDiagnostics.diagnostics.length })}\n`,
  );
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await withDeadline(exited, DEADLINE_MS, 'the server did not exit after shutdown');
} finally {
  connection.dispose();
  if (child.exitCode === null) child.kill();
}
