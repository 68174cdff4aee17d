// The language server under a bench: `node dist/server.js --stdio` in a child process with a protocol connection
// to it. BENCH_SERVER_PROFILE_DIR (set by bench/profile.mjs) CPU-profiles the server, written when it exits cleanly.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver-protocol/node');

const SERVER = new URL('../dist/server.js', import.meta.url).pathname;

/** The server process, a promise of its exit, and an unstarted connection (the caller adds handlers, then listens). */
export function startBenchServer() {
  const profileFlags = process.env.BENCH_SERVER_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profileFlags, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  return { child, exited, connection };
}

/** `promise`, or a rejection with `message` after `ms`: a bench that hangs says what it waited for. */
export function withDeadline(promise, ms, message) {
  let timer;
  const expired = new Promise((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** The initialize request every bench sends: one workspace folder at `root`, settings asked for by configuration. */
export function initializeBench(connection, root, initializationOptions) {
  return connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true } },
    ...(initializationOptions && { initializationOptions }),
  });
}
