#!/usr/bin/env node
// Measures edit → publishDiagnostics latency of dist/server.js with the debounce set to 0 (so it is excluded):
// on an entity file and on a generated N-row participation list (default 10,000). Not a test: it prints numbers.
// Usage: node test/protocol/measure-latency.mjs [rows]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rows = Number(process.argv[2] ?? 10_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-latency-'));

function npi(i) {
  // 9 digits + Luhn check digit over 80840 + the 9 digits.
  const base = String(100000000 + i);
  const digits = `80840${base}`.split('').map(Number);
  let sum = 0;
  for (let k = digits.length - 1, double = true; k >= 0; k--, double = !double) {
    let d = digits[k] * (double ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return base + ((10 - (sum % 10)) % 10);
}
const list = ['apm_id,apm_entity_id,tin,npi,start_date,end_date'];
for (let i = 0; i < rows; i++) list.push(`SSP,A1234,991000101,${npi(i)},,`);
const listText = `${list.join('\n')}\n`;
const entityText = fs.readFileSync(path.join(root, 'test/clients/fixtures/a2345-2024.entity.json'), 'utf8').replace('A2345', 'A1234').replace('"participationLists": ["a2345-2024.participation.csv"],', '');

const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio']);
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (p) => waiting.get(`${p.uri}#${p.version}`)?.(p));
connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
connection.onRequest('client/registerCapability', () => null);
connection.onNotification('window/logMessage', () => undefined);
connection.listen();
const published = (uri, version) => new Promise((resolve) => waiting.set(`${uri}#${version}`, resolve));

await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
await connection.sendNotification('initialized', {});

async function measure(name, uri, text, edit, samples = 15) {
  let wait = published(uri, 1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'x', version: 1, text } });
  await wait;
  const times = [];
  for (let v = 2; v < 2 + samples; v++) {
    wait = published(uri, v);
    const start = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [edit(v)] });
    const p = await wait;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (v === 2) console.log(`${name}: ${p.diagnostics.length} diagnostics`);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: edit → publish median ${times[times.length >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (${samples} edits, debounce excluded)`);
}

// Entity: alternate the allowed charges digits; list: retype one NPI in the middle of the list.
await measure('entity file', pathToFileURL(path.join(dir, 'a1234.entity.json')).href, entityText, (v) => {
  const line = entityText.split('\n').findIndex((l) => l.includes('allowedCharges'));
  const col = entityText.split('\n')[line].indexOf('90000.00');
  return { range: { start: { line, character: col }, end: { line, character: col + 8 } }, text: v % 2 ? '90000.00' : '90000.01' };
});
const middle = (rows >> 1) + 1;
const col = list[middle].lastIndexOf(',', list[middle].length - 2) - 10;
await measure(`${rows}-row list`, pathToFileURL(path.join(dir, 'big.participation.csv')).href, listText, (v) => ({
  range: { start: { line: middle, character: col + 9 }, end: { line: middle, character: col + 10 } },
  text: v % 2 ? list[middle][col + 9] : 'x',
}));
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
fs.rmSync(dir, { recursive: true, force: true });
