// The language server under many files: thousands of lists on disk in workspace scope, hundreds of didOpens at once
// and an edit storm over them. Interactive requests must be answered while the validation runs, each document must be
// published once per settled change, and the server must settle. The deadlines are hang guards for a loaded machine,
// not measurements (bench/lsp-load.mjs measures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { type LspTestClient, withClient } from '../protocol/lspClient';

/** A hover on a list this small takes a few milliseconds; two seconds means the server was busy with other work. */
const HOVER_HANG_GUARD_MS = 2000;
/** Hang guard for the whole validation of a test's workspace. */
const SETTLE_DEADLINE_MS = 90_000;
/** No publication for this long after every document was published: the server is idle. */
const QUIET_MS = 1500;

/** Luhn check digit over "80840" + 9 digits. */
function npiOf(sequence: number): string {
  const first9 = `1${String(sequence).padStart(8, '0')}`;
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    const d = first9.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return first9 + ((10 - (sum % 10)) % 10);
}

/** A header and one valid row of its own entity. */
function twoLineList(index: number): string {
  return `apm_id,apm_entity_id,tin,npi\nSSP,A${String(index % 10_000).padStart(4, '0')},99${String(index).padStart(7, '0')},${npiOf(index)}\n`;
}

const listName = (index: number): string => `list-${String(index).padStart(5, '0')}.participation.csv`;
/** The NPI cell of a two-line list's row. */
const NPI_POSITION = { line: 1, character: 22 };

/** Resolves once every uri has a publication and none came for QUIET_MS. */
async function settled(client: LspTestClient, uris: string[]): Promise<void> {
  const wanted = new Set(uris);
  await client.waitFor(
    'a publication for every document',
    () => {
      for (const p of client.published) wanted.delete(p.uri);
      return wanted.size === 0;
    },
    SETTLE_DEADLINE_MS,
  );
  for (;;) {
    const count = client.published.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    if (client.published.length === count) return;
  }
}

function publishesPerUri(published: PublishDiagnosticsParams[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of published) counts.set(p.uri, (counts.get(p.uri) ?? 0) + 1);
  return counts;
}

/** Hovers `uri` until `state.done`; returns the slowest answer's time. */
async function hoverUntilDone(client: LspTestClient, uri: string, state: { done: boolean }): Promise<number> {
  let slowest = 0;
  while (!state.done) {
    const started = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: NPI_POSITION });
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return slowest;
}

test('workspace scope over 5,000 lists: hover is answered throughout the validation, each list is published once', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 5000; i++) files[listName(i)] = twoLineList(i);
  await withClient(
    files,
    async (client, ws) => {
      const hovered = ws.uri(listName(0));
      client.open(hovered, files[listName(0)], 1);
      const hovering = { done: false };
      const slowestHover = hoverUntilDone(client, hovered, hovering);
      await settled(
        client,
        Object.keys(files).map((name) => ws.uri(name)),
      );
      hovering.done = true;
      assert.ok(
        (await slowestHover) < HOVER_HANG_GUARD_MS,
        `slowest hover ${(await slowestHover).toFixed(0)} ms during the validation`,
      );
      const repeated = [...publishesPerUri(client.published)].filter(([, count]) => count > 1);
      assert.deepEqual(repeated, [], 'lists published more than once');
    },
    { settings: { validation: { scope: 'workspace' } } },
  );
});

test('300 didOpens at once: each document is published once, and hover is answered meanwhile', async () => {
  await withClient({}, async (client, ws) => {
    const uris = Array.from({ length: 300 }, (_, i) => ws.uri(listName(i)));
    for (const [i, uri] of uris.entries()) client.open(uri, twoLineList(i), 1);
    const hovering = { done: false };
    const slowestHover = hoverUntilDone(client, uris[0], hovering);
    await settled(client, uris);
    hovering.done = true;
    assert.ok(
      (await slowestHover) < HOVER_HANG_GUARD_MS,
      `slowest hover ${(await slowestHover).toFixed(0)} ms during the validation`,
    );
    const counts = publishesPerUri(client.published);
    assert.deepEqual(
      [...counts].filter(([, count]) => count > 1),
      [],
      'documents published more than once',
    );
    assert.ok(client.published.every((p) => p.version === 1));
  });
});

test('an edit storm over 200 open lists settles on the last version of each, no version published twice', async () => {
  await withClient({}, async (client, ws) => {
    const count = 200;
    const uris = Array.from({ length: count }, (_, i) => ws.uri(listName(i)));
    for (const [i, uri] of uris.entries()) client.open(uri, twoLineList(i), 1);
    await settled(client, uris);
    const mark = client.published.length;
    // Five rounds of edits to every list; the last round gives each row a wrong NPI check digit.
    const rounds = 5;
    for (let round = 1; round <= rounds; round++) {
      uris.forEach((uri, i) => {
        const text = twoLineList(i);
        const npi = npiOf(i);
        const edited = round === rounds ? text.replace(npi, npi.slice(0, 9) + ((Number(npi[9]) + 1) % 10)) : text;
        client.change(uri, round + 1, [{ text: edited }]);
      });
    }
    await settled(client, uris);
    const after = client.published.slice(mark);
    for (const uri of uris) {
      const last = after.filter((p) => p.uri === uri).at(-1);
      assert.equal(last?.version, rounds + 1, `${path.basename(uri)} ends on the last version`);
      assert.ok(
        last!.diagnostics.some((d) => d.code === 'ID002'),
        `${path.basename(uri)} shows the wrong NPI`,
      );
    }
    // A version may settle (and be published) before the next round reaches the server on a loaded machine, but no
    // version of a document is sent twice: its diagnostics depend on no other list.
    const sent = after.map((p) => `${path.basename(p.uri)} v${p.version}`);
    assert.deepEqual(
      sent.filter((version, i) => sent.indexOf(version) !== i),
      [],
      'versions published more than once',
    );
  });
});
