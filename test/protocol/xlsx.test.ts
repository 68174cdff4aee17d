// Excel workbooks as lists in the editor: read from disk (VS Code opens no text document for them), published in any
// validation scope at their sheet cells (line = row - 1, character = column index), re-read when they change, and
// written out as CSV text on request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { workbookBytes, type Cell } from '../helpers/xlsx';
import { codesOf, messageOf, withClient, type LspTestClient } from './lspClient';

const HEADER: Cell[] = ['APM ID', 'APM Entity ID', 'TIN', 'NPI'];
/** Row 3's NPI (cell D3) fails the Luhn check: ID002. */
const WITH_BAD_NPI = workbookBytes([
  {
    name: 'Participants',
    rows: [HEADER, ['SSP', 'A1234', 991000101, 1999000015], ['SSP', 'A1234', 991000101, 1999000016]],
  },
]);
const FIXED = workbookBytes([
  {
    name: 'Participants',
    rows: [HEADER, ['SSP', 'A1234', 991000101, 1999000015], ['SSP', 'A1234', 991000101, 1999000023]],
  },
]);

const watcherRegistered = (client: LspTestClient) =>
  client.waitFor('file watcher registration', () =>
    client.serverRequests.includes('register:workspace/didChangeWatchedFiles'),
  );

test('an .xlsx list gets diagnostics at its sheet cells in the default scope, with no code actions', async () => {
  await withClient({ 'roster.participation.xlsx': WITH_BAD_NPI }, async (client, ws) => {
    const uri = ws.uri('roster.participation.xlsx');
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const luhn = published.diagnostics.find((d) => d.code === 'ID002');
    assert.ok(luhn, codesOf(published.diagnostics).join(', '));
    assert.deepEqual(luhn.range, { start: { line: 2, character: 3 }, end: { line: 2, character: 4 } });
    assert.equal(luhn.data, undefined, 'no quick-fix data: a workbook is never edited');
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: luhn.range,
      context: { diagnostics: [luhn] },
    });
    assert.deepEqual(actions, []);
  });
});

test('a workbook that cannot be read gets one XL005 diagnostic at 0:0 that says why', async () => {
  await withClient(
    {
      'damaged.participation.xlsx': 'apm_id,apm_entity_id,tin,npi\nSSP,A1234,991000101,1999000015\n',
      'wrong-sheet.participation.xlsx': WITH_BAD_NPI,
    },
    async (client, ws) => {
      const damaged = await client.waitForDiagnostics(ws.uri('damaged.participation.xlsx'));
      assert.deepEqual(codesOf(damaged.diagnostics), ['XL005']);
      assert.deepEqual(damaged.diagnostics[0].range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      });
      assert.match(messageOf(damaged.diagnostics[0]), /not an \.xlsx workbook/);
      const wrongSheet = await client.waitForDiagnostics(ws.uri('wrong-sheet.participation.xlsx'));
      assert.deepEqual(codesOf(wrongSheet.diagnostics), ['XL005']);
      assert.match(messageOf(wrongSheet.diagnostics[0]), /no sheet "Roster".*"Participants"/);
    },
    { settings: { xlsx: { sheet: 'Roster' } } },
  );
});

test('a workbook changed on disk is read again on a watched-file event and re-published', async () => {
  await withClient({ 'roster.participation.xlsx': WITH_BAD_NPI }, async (client, ws) => {
    const uri = ws.uri('roster.participation.xlsx');
    await watcherRegistered(client);
    await client.waitForDiagnostics(uri, (p) => codesOf(p.diagnostics).includes('ID002'));
    const mark = client.published.length;
    fs.writeFileSync(ws.file('roster.participation.xlsx'), FIXED);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const after = await client.waitForDiagnostics(uri, () => true, mark);
    assert.ok(!codesOf(after.diagnostics).includes('ID002'), codesOf(after.diagnostics).join(', '));
  });
});

test('a workbook is read again when the sheet setting changes, and its diagnostics go when it is deleted', async () => {
  await withClient({ 'roster.participation.xlsx': WITH_BAD_NPI }, async (client, ws) => {
    const uri = ws.uri('roster.participation.xlsx');
    await watcherRegistered(client);
    await client.waitForDiagnostics(uri, (p) => codesOf(p.diagnostics).includes('ID002'));
    let mark = client.published.length;
    client.settings = { xlsx: { sheet: 'Roster' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const missing = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(codesOf(missing.diagnostics), ['XL005']);
    mark = client.published.length;
    fs.rmSync(ws.file('roster.participation.xlsx'));
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    const cleared = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

test('qpp/sheetCsv answers the checked sheet as CSV text; a damaged workbook answers why not', async () => {
  await withClient(
    {
      'roster.participation.xlsx': workbookBytes([
        { name: 'Notes', rows: [['Read me first']] },
        { name: 'Participants', rows: [HEADER, ['SSP', 'A1234', 991000101, 1999000015]] },
      ]),
      'damaged.participation.xlsx': 'not a workbook',
    },
    async (client, ws) => {
      assert.deepEqual(await client.request('qpp/sheetCsv', { uri: ws.uri('roster.participation.xlsx') }), {
        csv: 'APM ID,APM Entity ID,TIN,NPI\nSSP,A1234,991000101,1999000015\n',
        sheet: 'Participants',
      });
      const damaged = await client.request<{ problem: string }>('qpp/sheetCsv', {
        uri: ws.uri('damaged.participation.xlsx'),
      });
      assert.match(damaged.problem, /not an \.xlsx workbook/);
    },
  );
});
