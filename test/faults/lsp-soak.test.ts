// A seeded random soak of one language server: opens, edits (some with out-of-order versions), closes, feature
// requests at random positions (some cancelled at once), disk changes with didChangeWatchedFiles and workspace
// validations. Every request must be answered (or answered as cancelled), no handler may fail (the server logs a
// failed handler and answers a default, so the log is checked), the server must survive, and after a settle its
// diagnostics must equal those of a fresh server given the same final texts.
// Two runs: a push client (publishDiagnostics only: the server offers no textDocument/diagnostic), and a pull client
// that announces textDocument.diagnostic and mixes textDocument/diagnostic requests (for open, closed and never
// existing files, some cancelled) into the stream; its final pulled diagnostics must equal a fresh server's.
// QPP_SOAK_SEED=<n> replays a run; the seed in use is printed.
import { test, type TestContext } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CancellationTokenSource,
  LSPErrorCodes,
  ResponseError,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_CAPABILITIES, LspTestClient, makeWorkspace } from '../protocol/lspClient';
import { ENTITY, LIST } from '../protocol/fixtures';
import { seededRandom } from '../helpers/random';

const DEFAULT_SEED = 20261125;
/** Requests in flight are awaited once this many are outstanding, so the soak keeps a bounded backlog. */
const BATCH = 20;
/** Hang guard for one batch of requests: on this tiny workspace each is answered in milliseconds. */
const BATCH_DEADLINE_MS = 8000;
/** A short debounce makes publications interleave with the edits instead of collapsing into one at the end. */
const INIT_OPTIONS = { debounceMs: 5 };
const SETTINGS = { validation: { scope: 'workspace' } };

const ENTITY_NAME = 'a1234.entity.json';
const LIST_NAME = 'a1234.participation.csv';
/** Named by the entity but never opened: it only changes (and disappears) on disk. */
const EXTRA_LIST_NAME = 'extra.participation.csv';
/** Never on disk and never opened: the pull client asks for its diagnostics anyway. */
const MISSING_LIST_NAME = 'missing.participation.csv';
const EXTRA_LIST = `apm_id,apm_entity_id,tin,npi
SSP,A1234,991000202,1999000031
`;
const SOAK_ENTITY = ENTITY.replace('["a1234.participation.csv"]', `["${LIST_NAME}", "${EXTRA_LIST_NAME}"]`);

/** The pull client's capabilities: the defaults plus `diagnostic` and `diagnostics.refreshSupport`. */
const PULL_CAPABILITIES: ClientCapabilities = {
  workspace: { ...DEFAULT_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...DEFAULT_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

type Mode = 'push' | 'pull';
const MESSAGE_COUNT: Record<Mode, number> = { push: 1500, pull: 1000 };
/** Hang guard for the pull client's convergence after the settle: each round is a few milliseconds of pulls. */
const CONVERGE_DEADLINE_MS = 8000;

/** Characters that matter to JSON and CSV parsing, plus digits and letters that make values change. */
const EDIT_ALPHABET = '0123456789,"{}[]:.-\n abAZ';

interface Position {
  line: number;
  character: number;
}

function endPosition(text: string): Position {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function diagnosticsSummary(diagnostics: Diagnostic[]): string[] {
  const at = (p: Position): string => `${p.line}:${p.character}`;
  return diagnostics.map((d) => `${String(d.code)} ${at(d.range.start)}-${at(d.range.end)}`).sort();
}

interface Buffer {
  uri: string;
  original: string;
  text: string;
  open: boolean;
}

test('soak, push diagnostics: ~1500 random messages, every request answered, final diagnostics equal a fresh server', (t) => soak(t, 'push'));

test('soak, pull diagnostics: ~1000 random messages with textDocument/diagnostic, final pulled diagnostics equal a fresh server', (t) => soak(t, 'pull'));

async function soak(t: TestContext, mode: Mode): Promise<void> {
  const seed = process.env.QPP_SOAK_SEED ? Number(process.env.QPP_SOAK_SEED) : DEFAULT_SEED;
  assert.ok(Number.isInteger(seed), `QPP_SOAK_SEED must be an integer, got ${process.env.QPP_SOAK_SEED}`);
  console.log(`lsp-soak (${mode}) seed ${seed} (QPP_SOAK_SEED=${seed} replays this run)`);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;

  const ws = makeWorkspace({ [ENTITY_NAME]: SOAK_ENTITY, [LIST_NAME]: LIST, [EXTRA_LIST_NAME]: EXTRA_LIST });
  const startOptions = {
    rootDir: ws.dir,
    initializationOptions: INIT_OPTIONS,
    settings: SETTINGS,
    capabilities: mode === 'pull' ? PULL_CAPABILITIES : undefined,
  };
  const soaked = await LspTestClient.start(startOptions);
  let fresh: LspTestClient | undefined;
  const started = Date.now();
  try {
    const offersPull = soaked.initializeResult.capabilities.diagnosticProvider !== undefined;
    assert.equal(offersPull, mode === 'pull', `the server offers textDocument/diagnostic exactly when the client announces it (${mode} client)`);
    const buffers: Buffer[] = [
      { uri: ws.uri(ENTITY_NAME), original: SOAK_ENTITY, text: SOAK_ENTITY, open: false },
      { uri: ws.uri(LIST_NAME), original: LIST, text: LIST, open: false },
    ];
    const disk = new Map<string, string | null>([
      [ENTITY_NAME, SOAK_ENTITY],
      [LIST_NAME, LIST],
      [EXTRA_LIST_NAME, EXTRA_LIST],
    ]);
    let version = 0;
    const counts: Record<string, number> = {};
    const count = (kind: string): void => {
      counts[kind] = (counts[kind] ?? 0) + 1;
    };
    const failures: string[] = [];
    let pending: Promise<void>[] = [];

    const mutate = (text: string): string => {
      const offset = Math.floor(random() * (text.length + 1));
      const char = pick([...EDIT_ALPHABET]);
      const kind = pick(['insert', 'delete', 'replace'] as const);
      if (kind === 'insert' || text.length === 0) return text.slice(0, offset) + char + text.slice(offset);
      const at = Math.min(offset, text.length - 1);
      return text.slice(0, at) + (kind === 'replace' ? char : '') + text.slice(at + 1);
    };

    const randomPosition = (text: string): Position => {
      const lines = text.split('\n');
      // Now and then a position past the end of the text: the server must clamp or ignore it, not fail.
      if (chance(0.05)) return { line: lines.length + Math.floor(random() * 5), character: Math.floor(random() * 200) };
      const line = Math.floor(random() * lines.length);
      return { line, character: Math.floor(random() * (lines[line].length + 2)) };
    };

    /** The diagnostics an editor would hand to codeAction: the last published, or in pull mode the last pulled. */
    const lastPulled = new Map<string, Diagnostic[]>();
    const lastKnownDiagnostics = (uri: string): Diagnostic[] =>
      mode === 'pull' ? lastPulled.get(uri) ?? [] : soaked.publishedFor(uri).at(-1)?.diagnostics ?? [];

    /** Sends a request, cancelled at once now and then; `check` looks at an answer, `label` names it in the counts. */
    const sendRequest = (method: string, params: unknown, check: (result: unknown) => void = () => undefined, label = method): void => {
      const cancel = chance(0.15);
      count(cancel ? `${label} (cancelled)` : label);
      const source = new CancellationTokenSource();
      const answered = soaked.connection.sendRequest(method, params, source.token).then(
        (result) => {
          try {
            check(result);
          } catch (error) {
            failures.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
        (error: unknown) => {
          const wasCancelled = error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled;
          if (!(cancel && wasCancelled)) failures.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
      if (cancel) {
        source.cancel();
        count('$/cancelRequest');
      }
      pending.push(answered.finally(() => source.dispose()));
    };

    const awaitPending = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), BATCH_DEADLINE_MS)));
      const outcome = await Promise.race([Promise.all(batch).then(() => 'answered' as const), deadline]);
      clearTimeout(timer);
      assert.equal(outcome, 'answered', `some of ${batch.length} requests got no response within ${BATCH_DEADLINE_MS} ms`);
    };

    const operations: { weight: number; run: () => void }[] = [
      {
        weight: 30, // an edit to an open buffer, as a full-range replacement or a whole-text change
        run: () => {
          const buffer = buffers.find((b) => b.open && chance(0.5)) ?? buffers.find((b) => b.open);
          if (!buffer) return;
          const replacedRange = { start: { line: 0, character: 0 }, end: endPosition(buffer.text) };
          // Now and then the original text comes back (an undo-all or a paste), so the edits keep reaching the
          // rules past the parsers instead of drifting into noise.
          buffer.text = mutate(chance(0.1) ? buffer.original : buffer.text);
          // Out-of-order versions: the server applies (or drops) them; either way the final settle re-syncs.
          const stale = chance(0.08);
          const changeVersion = stale ? Math.max(1, version - 1 - Math.floor(random() * 3)) : ++version;
          count(stale ? 'didChange (stale version)' : 'didChange');
          const change = chance(0.5) ? { range: replacedRange, text: buffer.text } : { text: buffer.text };
          soaked.change(buffer.uri, changeVersion, [change]);
        },
      },
      {
        weight: 6,
        run: () => {
          const buffer = pick(buffers);
          if (buffer.open) {
            count('didClose');
            soaked.close(buffer.uri);
            buffer.open = false;
          } else {
            count('didOpen');
            soaked.open(buffer.uri, buffer.text, ++version);
            buffer.open = true;
          }
        },
      },
      {
        weight: 30,
        run: () => {
          const buffer = pick(buffers);
          const textDocument = { uri: buffer.uri };
          const position = randomPosition(buffer.text);
          switch (pick(['hover', 'completion', 'codeAction', 'documentSymbol'] as const)) {
            case 'hover':
              return sendRequest('textDocument/hover', { textDocument, position });
            case 'completion':
              return sendRequest('textDocument/completion', { textDocument, position, context: { triggerKind: 1 } });
            case 'documentSymbol':
              return sendRequest('textDocument/documentSymbol', { textDocument });
            case 'codeAction': {
              // The last published diagnostics, possibly stale by now, as an editor would send them.
              const diagnostics = lastKnownDiagnostics(buffer.uri);
              const end = randomPosition(buffer.text);
              const range = position.line <= end.line ? { start: position, end } : { start: end, end: position };
              return sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics } });
            }
          }
        },
      },
      {
        weight: 5, // a file changed, deleted or re-created on disk, announced like a file watcher would
        run: () => {
          const name = pick([ENTITY_NAME, LIST_NAME, EXTRA_LIST_NAME]);
          const current = disk.get(name)!;
          let type: 1 | 2 | 3;
          if (current === null) {
            disk.set(name, EXTRA_LIST);
            fs.writeFileSync(ws.file(name), EXTRA_LIST);
            type = 1;
          } else if (name === EXTRA_LIST_NAME && chance(0.4)) {
            disk.set(name, null);
            fs.rmSync(ws.file(name));
            type = 3;
          } else {
            const text = mutate(current);
            disk.set(name, text);
            fs.writeFileSync(ws.file(name), text);
            type = 2;
          }
          count(`didChangeWatchedFiles (${['', 'created', 'changed', 'deleted'][type]})`);
          void soaked.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(name), type }] });
        },
      },
      { weight: 2, run: () => sendRequest('qpp/validateWorkspace', {}) },
    ];
    if (mode === 'pull') {
      operations.push({
        weight: 15, // a pull for an open buffer, a closed one, the list that only lives on disk, or a file that never existed
        run: () => {
          const uri = chance(0.8) ? pick(buffers).uri : ws.uri(pick([EXTRA_LIST_NAME, MISSING_LIST_NAME]));
          const state = uri.endsWith(MISSING_LIST_NAME) ? 'never existed' : buffers.some((b) => b.uri === uri && b.open) ? 'open' : 'closed';
          const check = (result: unknown): void => {
            const items = fullReportItems(result);
            lastPulled.set(uri, items);
            if (state === 'never existed') assert.deepEqual(items, [], 'no diagnostics for a file that never existed');
          };
          sendRequest('textDocument/diagnostic', { textDocument: { uri } }, check, `textDocument/diagnostic (${state})`);
        },
      });
    }
    const totalWeight = operations.reduce((sum, o) => sum + o.weight, 0);
    const runRandomOperation = (): void => {
      let roll = random() * totalWeight;
      for (const operation of operations) {
        roll -= operation.weight;
        if (roll < 0) {
          operation.run();
          return;
        }
      }
    };

    // The first message opens the entity so edits have a buffer from the start.
    soaked.open(buffers[0].uri, buffers[0].text, ++version);
    buffers[0].open = true;
    count('didOpen');
    const messagesSent = (): number => Object.values(counts).reduce((sum, n) => sum + n, 0);
    while (messagesSent() < MESSAGE_COUNT[mode]) {
      runRandomOperation();
      if (pending.length >= BATCH) await awaitPending();
    }
    await awaitPending();
    assert.deepEqual(failures, [], 'requests answered with an error other than a cancellation we asked for');

    // A watcher catching up: every file announced once more with its real state. Overlapping handlers of earlier
    // announcements can leave a stale disk view (an older read landing after a later delete); from this one
    // announcement, with no disk change racing it, the server must converge.
    void soaked.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [...disk].map(([name, text]) => ({ uri: ws.uri(name), type: text === null ? 3 : 2 })),
    });
    // Settle: every buffer gets its final text at a new version (a whole-text change if open, an open if closed).
    const settleVersion = version + 1;
    for (const buffer of buffers) {
      if (buffer.open) soaked.change(buffer.uri, settleVersion, [{ text: buffer.text }]);
      else soaked.open(buffer.uri, buffer.text, settleVersion);
    }
    const fileUris = [ENTITY_NAME, LIST_NAME, EXTRA_LIST_NAME].map((name) => ws.uri(name));
    let settled = '';
    if (mode === 'push') {
      const soakedFinal = await finalDiagnostics(soaked, buffers, settleVersion, fileUris);
      fresh = await LspTestClient.start(startOptions);
      for (const buffer of buffers) fresh.open(buffer.uri, buffer.text, 1);
      const freshFinal = await finalDiagnostics(fresh, buffers, 1, fileUris);
      assert.deepEqual(soakedFinal, freshFinal, 'final diagnostics (codes and ranges) of the soaked server and a fresh one');
    } else {
      const pulledUris = [...fileUris, ws.uri(MISSING_LIST_NAME)];
      fresh = await LspTestClient.start(startOptions);
      for (const buffer of buffers) fresh.open(buffer.uri, buffer.text, 1);
      const freshFinal = await pulledDiagnostics(fresh, pulledUris);
      // The catch-up announcement's disk reads finish at their own pace: pull again until the soaked server agrees.
      const deadline = Date.now() + CONVERGE_DEADLINE_MS;
      let rounds = 0;
      let soakedFinal: Record<string, string[]>;
      do {
        rounds++;
        soakedFinal = await pulledDiagnostics(soaked, pulledUris);
      } while (!isDeepStrictEqual(soakedFinal, freshFinal) && Date.now() < deadline);
      assert.deepEqual(soakedFinal, freshFinal, 'final pulled diagnostics (codes and ranges) of the soaked server and a fresh one');
      settled = `, equal to a fresh server after ${rounds} round(s) of pulls`;
    }
    assert.equal(soaked.child.exitCode, null, 'the soaked server is still running');
    assert.equal(soaked.child.signalCode, null, 'the soaked server was not killed');
    assert.deepEqual(soaked.logMessages.filter((m) => / failed: /.test(m)), [], 'no handler of the soaked server failed');

    const summary = Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `${kind}: ${n}`)
      .join(', ');
    t.diagnostic(`${mode}: ${messagesSent()} messages in ${Date.now() - started} ms${settled}: ${summary}`);
    assert.equal(await soaked.stop(), 0, 'soaked server exit code after shutdown/exit');
    assert.equal(await fresh.stop(), 0, 'fresh server exit code after shutdown/exit');
  } finally {
    soaked.kill();
    fresh?.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

/** The items of a full document diagnostic report; anything else (an unchanged report, a malformed answer) throws. */
function fullReportItems(result: unknown): Diagnostic[] {
  const report = result as DocumentDiagnosticReport | null;
  assert.ok(report && report.kind === 'full' && Array.isArray(report.items), `a full diagnostic report, got ${JSON.stringify(result)}`);
  return report.items;
}

/** Pulls every file's diagnostics, one request at a time, and summarises them by file name. */
async function pulledDiagnostics(client: LspTestClient, uris: string[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const uri of uris) {
    const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    result[uri.split('/').at(-1)!] = diagnosticsSummary(fullReportItems(report));
  }
  return result;
}

/**
 * Waits for the publication of every buffer at `version`, then validates the workspace and returns what that
 * publishes for each file: by then the handlers of earlier notifications have run, so this is the settled state.
 */
async function finalDiagnostics(client: LspTestClient, buffers: Buffer[], version: number, uris: string[]): Promise<Record<string, string[]>> {
  for (const buffer of buffers) await client.waitForDiagnostics(buffer.uri, (p) => p.version === version);
  const mark = client.published.length;
  await client.request('qpp/validateWorkspace', {});
  const result: Record<string, string[]> = {};
  for (const uri of uris) {
    const published = client.published.slice(mark).filter((p) => p.uri === uri).at(-1);
    const name = uri.split('/').at(-1)!;
    if (buffers.some((b) => b.uri === uri)) assert.equal(published?.version, version, `${name} published at the settle version`);
    result[name] = published ? diagnosticsSummary(published.diagnostics) : ['(not published: not on disk)'];
  }
  return result;
}
