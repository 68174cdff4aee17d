// The language server against faults around it: a list over the size cap, lists deleted, renamed or made unreadable on disk while
// the editor works on them, a buffer closed and re-opened at once, a crash followed by a restart, requests before
// initialize, and a change notification naming a link to a list outside the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import {
  LspTestClient,
  SERVER_PATH,
  codesOf,
  makeWorkspace,
  messageOf,
  positionOf,
  withClient,
} from '../protocol/lspClient';
import { ENTITY, LIST } from '../protocol/fixtures';

const ENTITY_NAME = 'a1234.entity.json';
const LIST_NAME = 'a1234.participation.csv';
const WORKSPACE_SCOPE = { validation: { scope: 'workspace' } };
const FILE_CREATED = 1;
const FILE_CHANGED = 2;
const FILE_DELETED = 3;
/** LSP ErrorCodes.ServerNotInitialized. */
const SERVER_NOT_INITIALIZED = -32002;
/** Hang guard for one publication (the debounce is 200 ms): a missing one fails the test rather than waits 15 s. */
const REOPEN_DEADLINE_MS = 4000;

// Same helper as the protocol tests, with the options before the body as these tests read best.
const withServer = (
  files: Record<string, string>,
  options: Parameters<typeof withClient>[2],
  run: Parameters<typeof withClient>[1],
) => withClient(files, run, options);

function fileChanged(client: LspTestClient, changes: { uri: string; type: number }[]): void {
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
}

/** The server answers a request and its process is running. */
async function assertAlive(client: LspTestClient, uri: string): Promise<void> {
  const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(symbols), 'documentSymbol answered');
  assert.equal(client.child.exitCode, null, 'server still running');
}

const xf001Of = (p: PublishDiagnosticsParams): Diagnostic | undefined => p.diagnostics.find((d) => d.code === 'XF001');

test('a list over maxFileSizeBytes gets exactly one GEN002, closed on disk and open in a buffer', async () => {
  const maxFileSizeBytes = 10 * 1024;
  const row = 'SSP,A1234,991000101,1999000015,,\n';
  const bigList = LIST + row.repeat(Math.ceil(maxFileSizeBytes / row.length) + 10);
  assert.ok(bigList.length > maxFileSizeBytes);
  await withServer(
    { [ENTITY_NAME]: ENTITY, [LIST_NAME]: bigList },
    { initializationOptions: { maxFileSizeBytes }, settings: WORKSPACE_SCOPE },
    async (client, ws) => {
      const listUri = ws.uri(LIST_NAME);
      const onDisk = await client.waitForDiagnostics(listUri);
      assert.deepEqual(codesOf(onDisk.diagnostics), ['GEN002'], 'the closed list read from disk');
      assert.match(messageOf(onDisk.diagnostics[0]), new RegExp(`qpp-check ${LIST_NAME.replace('.', '\\.')}`));
      assert.deepEqual(onDisk.diagnostics[0].range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      });

      client.open(listUri, bigList, 1);
      const inBuffer = await client.waitForDiagnostics(listUri, (p) => p.version === 1);
      assert.deepEqual(codesOf(inBuffer.diagnostics), ['GEN002'], 'the same list open in a buffer');

      // Back under the cap: the list is checked again.
      client.change(listUri, 2, [{ text: LIST }]);
      const small = await client.waitForDiagnostics(listUri, (p) => p.version === 2);
      assert.ok(
        !codesOf(small.diagnostics).includes('GEN002'),
        `no GEN002 in ${codesOf(small.diagnostics).join(', ')}`,
      );
      assert.ok(small.diagnostics.length > 0, 'the small list is analysed (its fixture has findings)');
      await assertAlive(client, ws.uri(ENTITY_NAME));
    },
  );
});

// Root reads through chmod 000, so an unreadable list is made by putting something other than a regular file there.
const LIST_FAULTS = [
  ['deleted', () => undefined, FILE_DELETED],
  ['turned into a FIFO (reading it would block forever)', (file: string) => spawnSync('mkfifo', [file]), FILE_CHANGED],
  ['turned into a directory (reading it fails with EISDIR)', (file: string) => fs.mkdirSync(file), FILE_CHANGED],
] as const;

for (const [what, replaceOnDisk, event] of LIST_FAULTS) {
  test(`a list ${what} while open: the server does not block, and the entity gets XF001 once the buffer closes`, async () => {
    await withServer({ [LIST_NAME]: LIST }, {}, async (client, ws) => {
      const entityUri = ws.uri(ENTITY_NAME);
      const listUri = ws.uri(LIST_NAME);
      client.open(entityUri, ENTITY, 1);
      client.open(listUri, LIST, 1);
      const before = await client.waitForDiagnostics(entityUri, (p) => p.version === 1);
      assert.equal(xf001Of(before), undefined, 'the list exists at first');

      fs.rmSync(ws.file(LIST_NAME));
      replaceOnDisk(ws.file(LIST_NAME));
      fileChanged(client, [{ uri: listUri, type: event }]);
      await assertAlive(client, listUri);

      const mark = client.published.length;
      client.close(listUri);
      const after = await client.waitForDiagnostics(entityUri, (p) => xf001Of(p) !== undefined, mark);
      assert.deepEqual(xf001Of(after)!.range.start, positionOf(ENTITY, `"${LIST_NAME}"`));
      await assertAlive(client, entityUri);
    });
  });
}

test('a list renamed on disk (Deleted + Created): XF001 on the entity, and it goes when the name is back', async () => {
  const renamed = 'renamed.participation.csv';
  await withServer({ [LIST_NAME]: LIST }, {}, async (client, ws) => {
    const entityUri = ws.uri(ENTITY_NAME);
    client.open(entityUri, ENTITY, 1);
    const before = await client.waitForDiagnostics(entityUri, (p) => p.version === 1);
    assert.equal(xf001Of(before), undefined);

    let mark = client.published.length;
    fs.renameSync(ws.file(LIST_NAME), ws.file(renamed));
    fileChanged(client, [
      { uri: ws.uri(LIST_NAME), type: FILE_DELETED },
      { uri: ws.uri(renamed), type: FILE_CREATED },
    ]);
    const missing = await client.waitForDiagnostics(entityUri, (p) => xf001Of(p) !== undefined, mark);
    assert.deepEqual(xf001Of(missing)!.range.start, positionOf(ENTITY, `"${LIST_NAME}"`));
    await assertAlive(client, entityUri);

    mark = client.published.length;
    fs.renameSync(ws.file(renamed), ws.file(LIST_NAME));
    fileChanged(client, [
      { uri: ws.uri(renamed), type: FILE_DELETED },
      { uri: ws.uri(LIST_NAME), type: FILE_CREATED },
    ]);
    const found = await client.waitForDiagnostics(entityUri, (p) => p.version === 1 && xf001Of(p) === undefined, mark);
    assert.deepEqual(codesOf(found.diagnostics), codesOf(before.diagnostics), 'the diagnostics from before the rename');
  });
});

for (const scope of ['openFiles', 'workspace']) {
  test(`${scope} scope: a buffer closed and re-opened at once with other text is published for that text`, async () => {
    const editedList = `${LIST}SSP,A1234,12,1999000049,,\n`;
    // A large disk copy makes the close's re-read of the disk take a few milliseconds, so the re-open arrives while
    // the close is still being handled, as it does in a busy editor.
    const diskList = LIST + 'SSP,A1234,991000101,1999000015,,\n'.repeat(60_000);
    // No entity names the list, so no dependant's re-validation republishes it and hides a wrong publication.
    await withServer({ [LIST_NAME]: diskList }, { settings: { validation: { scope } } }, async (client, ws) => {
      const listUri = ws.uri(LIST_NAME);
      client.open(listUri, editedList, 1);
      const edited = await client.waitForDiagnostics(listUri, (p) => p.version === 1);
      client.change(listUri, 2, [{ text: LIST }]);
      const plain = await client.waitForDiagnostics(listUri, (p) => p.version === 2);
      assert.notDeepEqual(
        summary(plain.diagnostics),
        summary(edited.diagnostics),
        'the two texts have different findings',
      );
      // The server must answer the re-opened version with its own findings, not those of the text before the close.
      client.close(listUri);
      client.open(listUri, editedList, 3);
      const reopened = await client.waitFor(
        'the publication for the re-opened version 3',
        () => client.publishedFor(listUri).find((p) => p.version === 3),
        REOPEN_DEADLINE_MS,
      );
      assert.deepEqual(
        summary(reopened.diagnostics),
        summary(edited.diagnostics),
        'version 3 has the text of version 1',
      );
    });
  });
}

test('restart: a killed server and a new one on the same files report the same diagnostics', async () => {
  const ws = makeWorkspace({ [ENTITY_NAME]: ENTITY, [LIST_NAME]: LIST });
  const editedEntity = ENTITY.replace('90000.01', '90000');
  const run = async (): Promise<{ client: LspTestClient; diagnostics: Record<string, string[]> }> => {
    const client = await LspTestClient.start({ rootDir: ws.dir, settings: WORKSPACE_SCOPE });
    // An unsaved edit, re-sent by the editor to the new server as it would after a restart.
    client.open(ws.uri(ENTITY_NAME), editedEntity, 1);
    await client.waitForDiagnostics(ws.uri(ENTITY_NAME), (p) => p.version === 1);
    const mark = client.published.length;
    await client.request('qpp/validateWorkspace', {});
    const diagnostics: Record<string, string[]> = {};
    for (const name of [ENTITY_NAME, LIST_NAME]) {
      const last = client.published
        .slice(mark)
        .filter((p) => p.uri === ws.uri(name))
        .at(-1);
      assert.ok(last, `${name} published by Validate Workspace`);
      diagnostics[name] = summary(last.diagnostics);
    }
    return { client, diagnostics };
  };
  let second: LspTestClient | undefined;
  const first = await run();
  try {
    assert.ok(
      first.diagnostics[ENTITY_NAME].some((d) => d.startsWith('LVT003')),
      'the unsaved edit is what was analysed',
    );
    first.client.child.kill('SIGKILL');
    await first.client.waitFor('the killed server to exit', () => first.client.child.signalCode !== null);
    const restarted = await run();
    second = restarted.client;
    assert.deepEqual(restarted.diagnostics, first.diagnostics);
    assert.equal(await second.stop(), 0, 'restarted server exit code after shutdown/exit');
  } finally {
    first.client.kill();
    second?.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

/** Code, range and message of each diagnostic, sorted: what a user sees. */
function summary(diagnostics: Diagnostic[]): string[] {
  const at = (p: { line: number; character: number }): string => `${p.line}:${p.character}`;
  return diagnostics.map((d) => `${String(d.code)} ${at(d.range.start)}-${at(d.range.end)} ${messageOf(d)}`).sort();
}

test('requests before initialize are answered ServerNotInitialized, and nothing fails in the log', async () => {
  const ws = makeWorkspace({ [LIST_NAME]: LIST });
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const log: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => void log.push(params.message));
  connection.listen();
  try {
    void connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: ws.uri(LIST_NAME), languageId: 'qpp-participation', version: 1, text: LIST },
    });
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: ws.uri(LIST_NAME) }, position: { line: 1, character: 20 } }],
      ['textDocument/documentSymbol', { textDocument: { uri: ws.uri(LIST_NAME) } }],
      ['qpp/report', {}],
    ] as const) {
      await assert.rejects(
        connection.sendRequest(method, params),
        (error: { code?: number }) => error.code === SERVER_NOT_INITIALIZED,
        method,
      );
    }
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws.dir).href,
      capabilities: {},
    });
    const symbols = await connection.sendRequest<unknown[]>('textDocument/documentSymbol', {
      textDocument: { uri: ws.uri(LIST_NAME) },
    });
    assert.deepEqual(symbols, [], 'the open before initialize was dropped, as the protocol says');
    await connection.sendRequest('shutdown');
    assert.deepEqual(
      log.filter((message) => /failed|Uncaught|TypeError/.test(message)),
      [],
    );
  } finally {
    connection.dispose();
    child.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('a file-change notification naming a link to a list outside the workspace does not bring the list in', async () => {
  const outside = makeWorkspace({ [LIST_NAME]: LIST });
  const LINK_NAME = 'linked.participation.csv';
  const OTHER_NAME = 'other.participation.csv';
  const entity = ENTITY.replace('["a1234.participation.csv"]', `["${LINK_NAME}"]`);
  const otherList = 'apm_id,apm_entity_id,tin,npi\nSSP,A9999,991000202,1999000031\n';
  try {
    await withServer(
      { [ENTITY_NAME]: entity, [OTHER_NAME]: otherList },
      { settings: WORKSPACE_SCOPE },
      async (client, ws) => {
        fs.symlinkSync(outside.file(LIST_NAME), ws.file(LINK_NAME));
        const entityUri = ws.uri(ENTITY_NAME);
        client.open(entityUri, entity, 1);
        const before = await client.waitForDiagnostics(entityUri, (p) => p.version === 1);
        assert.ok(xf001Of(before), 'the startup scan does not follow the link: the entity misses its list');

        // The link and then a real list change; the list's publication shows the notification has been handled.
        fs.writeFileSync(ws.file(OTHER_NAME), `${otherList}SSP,A9999,991000202,1999000032\n`);
        const mark = client.published.length;
        fileChanged(client, [
          { uri: ws.uri(LINK_NAME), type: FILE_CREATED },
          { uri: ws.uri(OTHER_NAME), type: FILE_CHANGED },
        ]);
        await client.waitForDiagnostics(ws.uri(OTHER_NAME), (p) => p.diagnostics.some((d) => d.code === 'ID002'), mark);
        const report = await client.request<{ files: { path: string }[] }>('qpp/report', {});
        assert.deepEqual(report.files.map((f) => f.path).sort(), [ENTITY_NAME, OTHER_NAME]);
        assert.ok(xf001Of(client.publishedFor(entityUri).at(-1)!), 'the entity still misses its list');
        assert.deepEqual(client.publishedFor(ws.uri(LINK_NAME)), [], 'nothing is published for the link');
      },
    );
  } finally {
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});

test('closing a buffer of a link to a list outside the workspace does not bring the list in from disk', async () => {
  const outside = makeWorkspace({ [LIST_NAME]: LIST });
  const LINK_NAME = 'linked.participation.csv';
  const entity = ENTITY.replace('["a1234.participation.csv"]', `["${LINK_NAME}"]`);
  try {
    await withServer({ [ENTITY_NAME]: entity }, { settings: WORKSPACE_SCOPE }, async (client, ws) => {
      fs.symlinkSync(outside.file(LIST_NAME), ws.file(LINK_NAME));
      const entityUri = ws.uri(ENTITY_NAME);
      const linkUri = ws.uri(LINK_NAME);
      client.open(entityUri, entity, 1);
      await client.waitForDiagnostics(entityUri, (p) => p.version === 1);
      // The editor opens the link (its buffer is the user's to check), then closes it: the file the link names stays
      // out of the workspace, as the startup scan leaves it out.
      client.open(linkUri, LIST, 1);
      await client.waitForDiagnostics(linkUri, (p) => p.version === 1);
      const mark = client.published.length;
      client.close(linkUri);
      await client.waitForDiagnostics(linkUri, (p) => p.version === undefined, mark);
      const report = await client.request<{ files: { path: string }[] }>('qpp/report', {});
      assert.deepEqual(
        report.files.map((f) => f.path),
        [ENTITY_NAME],
      );
      assert.deepEqual(client.publishedFor(linkUri).at(-1)!.diagnostics, [], 'the link shows nothing once closed');
    });
  } finally {
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});
