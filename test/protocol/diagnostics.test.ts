// Protocol tests of live diagnostics against the real dist/server.js over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { SERVER_PATH, codesOf, makeWorkspace, messageOf, positionOf, withClient } from './lspClient';
import { ENTITY, LIST, OTHER_ENTITY_LIST, UNLINKED_ENTITY } from './fixtures';

test('initialize announces the features and push diagnostics when the client cannot pull', async () => {
  await withClient({}, async (client) => {
    const capabilities = client.initializeResult.capabilities;
    assert.ok(capabilities.hoverProvider);
    assert.ok(capabilities.completionProvider);
    assert.ok(capabilities.codeActionProvider);
    assert.ok(capabilities.documentSymbolProvider);
    assert.ok(capabilities.inlayHintProvider);
    assert.ok(capabilities.codeLensProvider);
    assert.ok(capabilities.semanticTokensProvider);
    assert.equal(capabilities.diagnosticProvider, undefined);
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2, save: false });
    await client.waitFor('file watcher registration', () =>
      client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
    );
  });
});

test('didOpen publishes coded one-line diagnostics with rule links', async () => {
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    const codes = codesOf(published.diagnostics);
    for (const code of ['LVT002', 'QP001', 'QP004']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    for (const diagnostic of published.diagnostics) {
      assert.equal(diagnostic.source, 'qpp');
      assert.equal(diagnostic.range.start.line, diagnostic.range.end.line, `${diagnostic.code} range is one line`);
      assert.match(diagnostic.codeDescription!.href, new RegExp(`^file://.*/docs/rules/${diagnostic.code}\\.md$`));
    }
    const qp004 = published.diagnostics.find((d) => d.code === 'QP004')!;
    assert.deepEqual(qp004.range.start, positionOf(ENTITY, '"2024-07-01"'));
    assert.ok((qp004.data as { fixes?: unknown[] }).fixes?.length, 'QP004 carries its quick fix in data');
  });
});

test('an edit across the $90,000 limit flips LVT002 from eligible to excluded', async () => {
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    const before = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const lvtBefore = before.diagnostics.find((d) => d.code === 'LVT002')!;
    assert.match(messageOf(lvtBefore), /MIPS eligible/);
    assert.ok(!codesOf(before.diagnostics).includes('LVT003'));

    const start = positionOf(ENTITY, '90000.01');
    client.change(uri, 2, [
      { range: { start, end: { line: start.line, character: start.character + '90000.01'.length } }, text: '90000' },
    ]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    const lvtAfter = after.diagnostics.find((d) => d.code === 'LVT002')!;
    assert.match(messageOf(lvtAfter), /excluded/);
    assert.ok(codesOf(after.diagnostics).includes('LVT003'), 'now opt-in eligible');
  });
});

test('two quick edits publish only the last version', async () => {
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const start = positionOf(ENTITY, '90000.01');
    const range = { start, end: { line: start.line, character: start.character + '90000.01'.length } };
    client.change(uri, 2, [{ range, text: '90000.00' }]);
    client.change(uri, 3, [{ range, text: '95000.00' }]);
    const last = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.match(messageOf(last.diagnostics.find((d) => d.code === 'LVT002')!), /MIPS eligible/);
    assert.deepEqual(
      client.publishedFor(uri).map((p) => p.version),
      [1, 3],
      'version 2 was superseded before its debounce ended',
    );
  });
});

test('editing a list re-publishes the entity file that depends on it', async () => {
  await withClient({}, async (client, ws) => {
    const entityUri = ws.uri('a1234.entity.json');
    const listUri = ws.uri('rows.participation.csv');
    client.open(entityUri, UNLINKED_ENTITY);
    client.open(listUri, OTHER_ENTITY_LIST);
    await client.waitForDiagnostics(entityUri, (p) => codesOf(p.diagnostics).includes('XF005'));
    const mark = client.published.length;
    const at = positionOf(OTHER_ENTITY_LIST, 'A9999');
    client.change(listUri, 2, [
      { range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'A1234' },
    ]);
    const entityAgain = await client.waitForDiagnostics(entityUri, () => true, mark);
    assert.ok(
      !codesOf(entityAgain.diagnostics).includes('XF005'),
      `XF005 gone: ${codesOf(entityAgain.diagnostics).join(', ')}`,
    );
  });
});

test('a list deleted on disk gives XF001 on the entity file that names it', async () => {
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    // Wait for the startup scan (the watcher registration comes first), so the list is known before we open.
    await client.waitFor('file watcher registration', () =>
      client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
    );
    client.open(uri, ENTITY);
    const first = await client.waitForDiagnostics(
      uri,
      (p) => !codesOf(p.diagnostics).includes('XF001') && !codesOf(p.diagnostics).includes('XF005'),
    );
    assert.ok(first);
    const mark = client.published.length;
    fs.rmSync(ws.file('a1234.participation.csv'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('a1234.participation.csv'), type: 3 }],
    });
    const after = await client.waitForDiagnostics(uri, () => true, mark);
    const xf001 = after.diagnostics.find((d) => d.code === 'XF001');
    assert.ok(xf001, `XF001 in ${codesOf(after.diagnostics).join(', ')}`);
    assert.deepEqual(xf001.range.start, positionOf(ENTITY, '"a1234.participation.csv"'));
  });
});

test('closed files are published only in workspace scope, and closing clears open-file diagnostics', async () => {
  await withClient(
    { 'a1234.entity.json': ENTITY, 'a1234.participation.csv': LIST },
    async (client, ws) => {
      const listUri = ws.uri('a1234.participation.csv');
      const listDiagnostics = await client.waitForDiagnostics(listUri);
      assert.ok(codesOf(listDiagnostics.diagnostics).includes('ID012'), 'closed list validated in workspace scope');
      assert.equal(listDiagnostics.version, undefined);
    },
    { settings: { validation: { scope: 'workspace' } } },
  );
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const mark = client.published.length;
    client.close(uri);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, mark);
    assert.equal(
      client.publishedFor(ws.uri('a1234.participation.csv')).length,
      0,
      'closed list not published in openFiles scope',
    );
  });
});

test('severity overrides from settings and .qpp-lens.json, and the findings cap', async () => {
  await withClient(
    {
      'a1234.participation.csv': LIST,
      '.qpp-lens.json': '{ "severity": { "QP001": "off" }, "maxFindingsPerFile": 2 }',
    },
    async (client, ws) => {
      const uri = ws.uri('a1234.entity.json');
      // LVT002, QP004 and an unknown property (ENT002) last: the cap of 2 hides ENT002.
      client.open(uri, ENTITY.replace('"app"', '"extra": 1, "app"'));
      const published = await client.waitForDiagnostics(uri);
      const codes = codesOf(published.diagnostics);
      assert.ok(!codes.includes('QP001'), 'QP001 turned off by .qpp-lens.json');
      assert.equal(
        published.diagnostics.find((d) => d.code === 'QP004')?.severity,
        2,
        'QP004 made a warning by the editor setting',
      );
      assert.ok(codes.includes('GEN001'), `cap reported in ${codes.join(', ')}`);
      assert.ok(!codes.includes('ENT002'), 'the finding over the cap is not shown');
      assert.equal(published.diagnostics.length, 3, 'two findings and the GEN001 note');
    },
    { settings: { severity: { QP004: 'warning' } } },
  );
});

test('a file over the size cap gets one GEN002 diagnostic instead of analysis', async () => {
  await withClient(
    {},
    async (client, ws) => {
      const uri = ws.uri('a1234.entity.json');
      client.open(uri, ENTITY);
      const published = await client.waitForDiagnostics(uri);
      assert.deepEqual(codesOf(published.diagnostics), ['GEN002']);
    },
    { initializationOptions: { maxFileSizeBytes: 100 } },
  );
});

test('pull diagnostics when the client announces them', async () => {
  await withClient(
    { 'a1234.participation.csv': LIST },
    async (client, ws) => {
      const provider = client.initializeResult.capabilities.diagnosticProvider as {
        interFileDependencies: boolean;
        workspaceDiagnostics: boolean;
      };
      assert.deepEqual(
        { inter: provider.interFileDependencies, workspace: provider.workspaceDiagnostics },
        { inter: true, workspace: false },
      );
      const uri = ws.uri('a1234.entity.json');
      client.open(uri, ENTITY);
      const report = await client.request<{ kind: string; items: { code: string }[] }>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      assert.equal(report.kind, 'full');
      assert.ok(report.items.some((d) => d.code === 'QP004'));
      // An edit makes the server ask the client to pull again rather than push.
      const start = positionOf(ENTITY, '90000.01');
      client.change(uri, 2, [{ range: { start, end: start }, text: '1' }]);
      await client.waitFor('diagnostic refresh request', () =>
        client.serverRequests.includes('workspace/diagnostic/refresh'),
      );
      assert.equal(client.publishedFor(uri).length, 0, 'no push for a pulled document');
    },
    {
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      },
    },
  );
});

test('node IPC transport (--node-ipc) serves the same diagnostics', async () => {
  const { fork } = await import('node:child_process');
  const { createProtocolConnection, IPCMessageReader, IPCMessageWriter } = await import(
    'vscode-languageserver-protocol/node'
  );
  const ws = makeWorkspace({ 'a1234.participation.csv': LIST });
  const child = fork(SERVER_PATH, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  try {
    const uri = ws.uri('a1234.entity.json');
    const diagnostics = new Promise<{ diagnostics: { code?: unknown }[] }>((resolve) =>
      connection.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; diagnostics: { code?: unknown }[] }) => {
          if (p.uri === uri) resolve(p);
        },
      ),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws.dir).href,
      capabilities: {},
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'qpp-entity', version: 1, text: ENTITY },
    });
    const published = await Promise.race([
      diagnostics,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no diagnostics over IPC within 15 s')), 15_000).unref(),
      ),
    ]);
    assert.ok(published.diagnostics.some((d) => d.code === 'QP004'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('diagnostics wait for the startup scan: no transient "no entity file" finding', async () => {
  // No debounce, so without the wait the list would be checked before the scan has read the entity file.
  await withClient(
    { 'a1234.entity.json': ENTITY },
    async (client, ws) => {
      const uri = ws.uri('a1234.participation.csv');
      client.open(uri, LIST);
      const first = await client.waitForDiagnostics(uri);
      assert.ok(
        !codesOf(first.diagnostics).includes('XF004'),
        `first publish: ${codesOf(first.diagnostics).join(', ')}`,
      );
    },
    { initializationOptions: { debounceMs: 0 } },
  );
});

test('an added workspace folder is scanned: its entity finds its list', async () => {
  const extra = makeWorkspace({ 'a1234.participation.csv': LIST });
  try {
    await withClient({}, async (client) => {
      assert.deepEqual(client.initializeResult.capabilities.workspace?.workspaceFolders, {
        supported: true,
        changeNotifications: true,
      });
      await client.waitFor('file watcher registration', () =>
        client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
      );
      void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: extra.uri(''), name: 'extra' }], removed: [] },
      });
      const uri = extra.uri('a1234.entity.json');
      client.open(uri, ENTITY);
      // The scan of the added folder runs next to the open; its end re-publishes the open files.
      const published = await client.waitForDiagnostics(uri, (p) => !codesOf(p.diagnostics).includes('XF001'));
      assert.ok(codesOf(published.diagnostics).includes('QP004'));
    });
  } finally {
    fs.rmSync(extra.dir, { recursive: true, force: true });
  }
});

test('a changed .qpp-lens.json re-applies the settings to open files', async () => {
  await withClient({ 'a1234.participation.csv': LIST }, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, ENTITY);
    await client.waitForDiagnostics(uri, (p) => codesOf(p.diagnostics).includes('QP004'));
    const mark = client.published.length;
    fs.writeFileSync(ws.file('.qpp-lens.json'), '{ "severity": { "QP004": "off" } }');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('.qpp-lens.json'), type: 1 }],
    });
    const after = await client.waitForDiagnostics(uri, () => true, mark);
    assert.ok(!codesOf(after.diagnostics).includes('QP004'), codesOf(after.diagnostics).join(', '));
  });
});

test('.qpp-lens.json "columns" reads the user\'s header names, and a changed mapping re-checks open lists', async () => {
  await withClient({ '.qpp-lens.json': '{ "columns": { "npi": ["Clinician NPI"] } }' }, async (client, ws) => {
    const uri = ws.uri('mine.participation.csv');
    client.open(uri, 'apm_entity_id,tin,Clinician NPI\nA1234,991234567,1234567893\n');
    const first = await client.waitForDiagnostics(uri, () => true);
    assert.ok(!codesOf(first.diagnostics).includes('CSV003'), codesOf(first.diagnostics).join(', '));
    const mark = client.published.length;
    fs.writeFileSync(ws.file('.qpp-lens.json'), '{ "columns": { "npi": ["Rendering NPI"] } }');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('.qpp-lens.json'), type: 2 }],
    });
    const after = await client.waitForDiagnostics(uri, (p) => codesOf(p.diagnostics).includes('CSV003'), mark);
    assert.match(messageOf(after.diagnostics.find((d) => d.code === 'CSV003')!), /Clinician NPI/);
  });
});

test('an untrusted workspace cannot reveal TINs through .qpp-lens.json; a trusted one can', async () => {
  const reportTins = async (trusted: boolean) => {
    let tins: string[] = [];
    await withClient(
      { 'a1234.participation.csv': LIST, '.qpp-lens.json': '{ "revealTins": true }' },
      async (client, ws) => {
        client.open(ws.uri('a1234.entity.json'), ENTITY);
        await client.waitForDiagnostics(ws.uri('a1234.entity.json'));
        const report = await client.request<{ clinicians: { tin: string }[] }>('qpp/report', {});
        tins = report.clinicians.map((c) => c.tin);
      },
      { initializationOptions: { workspaceTrusted: trusted } },
    );
    return tins;
  };
  const untrusted = await reportTins(false);
  assert.ok(
    untrusted.length > 0 && untrusted.every((tin) => tin.startsWith('*****')),
    `masked: ${untrusted.join(' ')}`,
  );
  assert.ok((await reportTins(true)).includes('991000101'), 'a trusted workspace reveals them as asked');
});

test('a list edited piece by piece (a quote that swallows the rows after it, mended; a row split in two) publishes what opening the final text publishes', async () => {
  // Rows enough that the server's update re-checks only some of them; one with a hyphenated TIN (a fix to move).
  const rows = Array.from(
    { length: 40 },
    (_, i) => `SSP,A1234,${i === 30 ? '99-1000130' : 991000100 + i},1999000015,,`,
  );
  const initial = ['apm_id,apm_entity_id,tin,npi,start_date,end_date', ...rows, ''].join('\n');
  const line = 10;
  const edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    text: string;
  }[] = [
    { range: { start: { line, character: 4 }, end: { line, character: 4 } }, text: '"' },
    { range: { start: { line, character: 4 }, end: { line, character: 5 } }, text: '' },
    { range: { start: { line, character: 10 }, end: { line, character: 10 } }, text: '\nSSP,A1234,' },
  ];
  let finalText = '';
  let finalDiagnostics: unknown[] = [];
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('rows.participation.csv');
    client.open(uri, initial);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    for (let i = 0; i < edits.length; i++) {
      client.change(uri, i + 2, [edits[i]]);
      await client.waitForDiagnostics(uri, (p) => p.version === i + 2);
    }
    const lines = initial.split('\n');
    lines[line] = `${lines[line].slice(0, 10)}\nSSP,A1234,${lines[line].slice(10)}`;
    finalText = lines.join('\n');
    finalDiagnostics = client.publishedFor(uri).at(-1)!.diagnostics;
  });
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('rows.participation.csv');
    client.open(uri, finalText);
    const fresh = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(
      codesOf(fresh.diagnostics).includes('ID012') && codesOf(fresh.diagnostics).includes('CSV002'),
      codesOf(fresh.diagnostics).join(', '),
    );
    assert.deepEqual(finalDiagnostics, fresh.diagnostics);
  });
});

test('ignore rules of .qpp-lens.json hide the same findings in the editor as in qpp-check', async () => {
  // ID002 (bad NPI check digit) on two rows: one rule hides the one at NPI 1999000016, another CSV004 in lists/.
  const list = 'apm_entity_id,tin,npi,notes\nD0999,991000101,1999000016,\nD0999,991000102,1999000024,\n';
  const config = JSON.stringify({
    ignore: [
      'test/**',
      { code: 'ID002', npi: '1999000016', reason: 'placeholder NPI until enrolment' },
      { code: 'CSV004', files: 'lists/*.participation.csv', reason: 'the notes column is ours' },
    ],
  });
  await withClient({ 'lists/d.participation.csv': list, '.qpp-lens.json': config }, async (client, ws) => {
    const uri = ws.uri('lists/d.participation.csv');
    client.open(uri, list);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(
      published.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
      ['ID002@2'],
      'the rule for one NPI and the rule for the folder',
    );
    const cli = spawnSync(process.execPath, ['dist/cli.js', ws.dir, '--format', 'json'], { encoding: 'utf8' });
    const diagnostics = JSON.parse(cli.stdout).files[0].diagnostics;
    assert.deepEqual(
      diagnostics.map((d: { code: string; range: { start: { line: number } } }) => `${d.code}@${d.range.start.line}`),
      ['ID002@2'],
      'qpp-check shows the same',
    );
  });
});

test('workspace scope skips closed files under the ignore path globs, as qpp-check does; opening one checks it', async () => {
  const bad = 'apm_entity_id,tin,npi\nA1234,991000101,1999000016\n'; // ID002
  await withClient(
    {
      'lists/a.participation.csv': bad,
      'test/fixtures/b.participation.csv': bad,
      'z/c.participation.csv': bad,
      '.qpp-lens.json': '{ "ignore": ["test/**"] }',
    },
    async (client, ws) => {
      // Closed files are validated in key order: once a/ and z/ are published, test/ would have been.
      await client.waitForDiagnostics(ws.uri('lists/a.participation.csv'), (p) => p.diagnostics.length > 0);
      await client.waitForDiagnostics(ws.uri('z/c.participation.csv'), (p) => p.diagnostics.length > 0);
      const ignored = ws.uri('test/fixtures/b.participation.csv');
      assert.deepEqual(
        client.publishedFor(ignored).filter((p) => p.diagnostics.length > 0),
        [],
        'a closed file under test/** is not published',
      );
      client.open(ignored, bad);
      const opened = await client.waitForDiagnostics(ignored, (p) => p.diagnostics.length > 0);
      assert.ok(codesOf(opened.diagnostics).includes('ID002'), 'an open file is checked, as a path named to qpp-check');
    },
    { settings: { validation: { scope: 'workspace' } } },
  );
});
