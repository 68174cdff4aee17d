// TINs may be Social Security Numbers: no output channel may carry one unmasked. Runs the CLI in every format over
// samples/ and the real language server (open every list, hover on TIN cells, qpp/report), and searches stdout,
// stderr, every server notification (diagnostics, window/logMessage, …) and the hover and report answers for any
// TIN of the sample lists, in its 9-digit or hyphenated form.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { checkTin, lineStarts, parseParticipationList, positionAt } from '../../server/src/core';
import { ReportRequest } from '../../server/src/protocol';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/cli.js');
const SERVER = path.join(ROOT, 'dist/server.js');
const DEADLINE_MS = 15_000;

const LISTS = globSync('samples/**/*.participation.csv', { cwd: ROOT })
  .sort()
  .map((file) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    return { file, text, parsed: parseParticipationList(text) };
  });
const ENTITIES = globSync('samples/**/*.entity.json', { cwd: ROOT })
  .sort()
  .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

/** TINs of the samples that lost their leading zero in a spreadsheet (8 digits): 8 of the 9 digits must not show either. */
const EXCEL_SHORTENED_TINS = new Set<string>();

/** Every TIN in the samples' tin columns, as the 9 digits. */
const SAMPLE_TINS = new Set(
  LISTS.flatMap(({ parsed }) => {
    const col = parsed.columns.tin;
    if (col < 0) return [];
    const tins: string[] = [];
    for (let r = 1; r < parsed.table!.rowCount; r++) {
      if (parsed.table!.fieldsInRow(r) <= col) continue;
      const value = parsed.table!.value(r, col).trim();
      const normalized = checkTin(value).normalized;
      if (normalized) tins.push(normalized);
      // What Excel leaves of a TIN (XL001, XL003): the TIN it stands for is as sensitive.
      else if (/^\d{8}$/.test(value)) {
        tins.push(`0${value}`);
        EXCEL_SHORTENED_TINS.add(value);
      } else if (/^\d{9}\.0+$/.test(value)) tins.push(value.slice(0, 9));
    }
    return tins;
  }),
);

/** The TINs found in `text`, unmasked: 9 digits, 2-7 or 3-2-4 hyphenated, not inside a longer number. */
function unmaskedTins(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\d-])(\d{3}-\d{2}-\d{4}|\d{2}-\d{7}|\d{9})(?![\d-])/g)) {
    const digits = m[1].replace(/-/g, '');
    if (SAMPLE_TINS.has(digits)) found.add(m[1]);
  }
  return [...found];
}

function assertNoTins(channel: string, text: string): void {
  const leaked = unmaskedTins(text);
  for (const m of text.matchAll(/(?<!\d)\d{8}(?!\d)/g)) if (EXCEL_SHORTENED_TINS.has(m[0])) leaked.push(m[0]);
  // Report the leak masked as well: this message ends up in CI logs.
  assert.deepEqual(
    leaked.map((t) => `*****${t.slice(-4)}`),
    [],
    `${channel} shows ${leaked.length} unmasked TIN(s)`,
  );
}

test('the sample lists have TINs to look for (else these tests prove nothing)', () => {
  assert.ok(SAMPLE_TINS.size >= 5, `only ${SAMPLE_TINS.size} TINs found in the sample lists`);
  assert.ok(EXCEL_SHORTENED_TINS.size >= 1, 'no sample TIN that lost its leading zero (XL001)');
});

test('the detector finds TINs when they are revealed on purpose (--reveal-tins)', () => {
  const r = spawnSync(process.execPath, [CLI, 'samples', '--format', 'json', '--reveal-tins'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.ok(unmaskedTins(r.stdout).length > 0, 'with --reveal-tins the JSON report should show TINs');
});

for (const format of ['text', 'json', 'sarif']) {
  test(`qpp-check --format ${format} over samples/: no unmasked TIN on stdout or stderr`, () => {
    const r = spawnSync(process.execPath, [CLI, 'samples', '--format', format], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr); // the samples contain deliberate errors
    assert.ok(r.stdout.length > 0);
    assertNoTins(`qpp-check ${format} stdout`, r.stdout);
    assertNoTins(`qpp-check ${format} stderr`, r.stderr);
  });
}

test('language server: diagnostics, log messages, stderr, hovers on TIN cells and qpp/report show no unmasked TIN', async () => {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const notifications: { method: string; params: unknown }[] = [];
  let wake: () => void = () => {};
  connection.onUnhandledNotification((message) => {
    notifications.push({ method: message.method, params: message.params });
    wake();
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  for (const method of [
    'client/registerCapability',
    'window/workDoneProgress/create',
    'window/showMessageRequest',
    'workspace/diagnostic/refresh',
    'workspace/semanticTokens/refresh',
    'workspace/inlayHint/refresh',
    'workspace/codeLens/refresh',
  ]) {
    connection.onRequest(method, () => null);
  }
  connection.listen();
  /** Polls on every server notification until `done` holds; rejects at the deadline. */
  const until = (what: string, done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), DEADLINE_MS);
      wake = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        }
      };
      wake();
    });

  try {
    const rootUri = pathToFileURL(path.join(ROOT, 'samples')).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'samples' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
        window: { workDoneProgress: true },
      },
    });
    await connection.sendNotification('initialized', {});
    const uriOf = (file: string) => pathToFileURL(path.join(ROOT, file)).href;
    for (const { file, text } of [...ENTITIES, ...LISTS]) {
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: uriOf(file),
          languageId: file.endsWith('.csv') ? 'qpp-participation' : 'qpp-entity',
          version: 1,
          text,
        },
      });
    }
    const published = () =>
      new Set(
        notifications
          .filter((n) => n.method === 'textDocument/publishDiagnostics')
          .map((n) => (n.params as { uri: string }).uri),
      );
    await until('diagnostics for every sample list', () => LISTS.every(({ file }) => published().has(uriOf(file))));

    const answers: unknown[] = [];
    let hovered = 0;
    for (const { file, text, parsed } of LISTS) {
      const col = parsed.columns.tin;
      if (col < 0) continue;
      const starts = lineStarts(text);
      for (let r = 1; r < parsed.table!.rowCount; r++) {
        if (parsed.table!.fieldsInRow(r) <= col || parsed.table!.value(r, col) === '') continue;
        // Inside the cell, past any opening quote.
        const position = positionAt(starts, parsed.table!.fieldStart(r, col) + 1);
        const hover = await connection.sendRequest('textDocument/hover', {
          textDocument: { uri: uriOf(file) },
          position,
        });
        answers.push(hover);
        if (hover) hovered++;
      }
    }
    assert.ok(hovered > 0, 'no hover on any TIN cell: the hover channel was not tested');
    const report = await connection.sendRequest(ReportRequest, {});
    assert.ok(report && typeof report === 'object', 'qpp/report answered');
    answers.push(report);

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

    const logMessages = notifications.filter((n) => n.method === 'window/logMessage');
    console.log(
      `server channels checked: ${notifications.length} notifications (${logMessages.length} log messages), ${hovered} hovers, qpp/report, ${stderr.length} bytes of stderr`,
    );
    assertNoTins('window/logMessage', JSON.stringify(logMessages));
    const isDiagnostics = (n: { method: string }) => n.method === 'textDocument/publishDiagnostics';
    const diagnostics = notifications
      .filter(isDiagnostics)
      .flatMap((n) => (n.params as { diagnostics: { data?: unknown }[] }).diagnostics);
    assertNoTins('window/logMessage', JSON.stringify(logMessages));
    assertNoTins(
      'diagnostics (messages, ranges, related information)',
      JSON.stringify(diagnostics.map(({ data: _data, ...shown }) => shown)),
    );
    // Diagnostic.data travels with every publish (and into traces) although nobody reads it on screen: quick-fix
    // edits carried there must not spell out a TIN either (ID012's fix can delete the hyphen instead).
    assertNoTins(
      'diagnostic data (quick-fix edits sent with every publish)',
      JSON.stringify(diagnostics.map((d) => d.data ?? null)),
    );
    assertNoTins(
      'other server notifications (progress, …)',
      JSON.stringify(notifications.filter((n) => !isDiagnostics(n) && n.method !== 'window/logMessage')),
    );
    assertNoTins('hover answers', JSON.stringify(answers.slice(0, -1)));
    assertNoTins('qpp/report answer', JSON.stringify(report));
    assertNoTins('server stderr', stderr);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});
