// SSN-shaped values where no TIN belongs: a list with no header row, a JSON list, a TIN in the NPI column, rows with a comma
// missing or one too many, an SSN in every column and in a header name, and an entity file with SSNs in its
// id, keys, values and list paths, and settings with SSNs for keys. Every output channel of the CLI and of the real language server is searched
// for the values in any spelling (bare, 3-2-4, 2-7, spaces, dots, Markdown-escaped). Each channel is asserted on
// its own, so removing the mask from any one of them fails the test that names it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { workbookBytes } from '../helpers/xlsx';
import { LspTestClient, makeWorkspace } from '../protocol/lspClient';

const CLI = path.join(process.cwd(), 'dist/cli.js');

/** Nine-digit values no sample or rule prints, one per spelling a person or a spreadsheet may write. */
const SSNS = ['078051120', '219099999', '457555462', '536907432', '623409871', '731558624', '845296317'];
const [BARE, HYPHENATED, EIN_STYLE, SPACED, DOTTED, IN_NPI, IN_HEADER] = SSNS;
const spell = {
  bare: BARE,
  ssn: `${HYPHENATED.slice(0, 3)}-${HYPHENATED.slice(3, 5)}-${HYPHENATED.slice(5)}`,
  ein: `${EIN_STYLE.slice(0, 2)}-${EIN_STYLE.slice(2)}`,
  spaced: `${SPACED.slice(0, 3)} ${SPACED.slice(3, 5)} ${SPACED.slice(5)}`,
  dotted: `${DOTTED.slice(0, 3)}.${DOTTED.slice(3, 5)}.${DOTTED.slice(5)}`,
};
const ALL_SPELLINGS = Object.values(spell);
const HEADER = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';

const FILES: Record<string, string> = {
  // No header row: the first row's cells are read as column names.
  'no-header.participation.csv': `SSP,A1234,${spell.bare},1999000015\nSSP,A1234,${spell.ssn},1999000023\n`,
  // A TIN in the NPI column, and a TIN-shaped value in every other column, one spelling each.
  'every-column.participation.csv': [
    HEADER,
    `SSP,A1234,991000101,${IN_NPI},,participation,clinician,,`,
    ...ALL_SPELLINGS.map((v) => `${v},${v},${v},${v},${v},${v},${v},${v},${v}`),
    `"${spell.ssn}","A1234","${spell.ein}","1999000015","${spell.spaced}","${spell.dotted}","x","${spell.bare}","${spell.ssn}"`,
  ].join('\n'),
  // One comma missing or one too many shifts the TIN into the entity id, NPI or an extra field.
  'ragged.participation.csv': [
    HEADER,
    `SSP,${spell.bare},1999000015,,,,,`,
    `SSP,A1234,,${spell.ein},1999000023,,participation,,,`,
    `SSP,A1234${spell.ssn},1999000031`,
  ].join('\n'),
  // An SSN as a header name, with the required columns present.
  'ssn-header.participation.csv': `apm_id,apm_entity_id,tin,npi,${IN_HEADER}\nSSP,A1234,991000101,1999000015,x\n`,
  // An entity whose id is an SSN, with lists that name it (clinicians, code lens, report) and SSNs in keys and values.
  'ssn-entity.entity.json': JSON.stringify(
    {
      performanceYear: 2024,
      apm: { id: 'SSP', track: spell.ssn },
      entity: { id: spell.bare, name: `Clinic ${spell.ein}` },
      participationLists: ['ssn-entity.participation.csv', `${spell.dotted}.participation.csv`],
      lowVolume: {
        segments: [
          {
            start: '2022-10-01',
            end: '2023-09-30',
            allowedCharges: 4812550.75,
            beneficiaries: Number(BARE),
            services: 31874,
          },
        ],
        election: 'none',
      },
      qp: {
        snapshots: [
          {
            date: spell.ssn,
            payments: { numerator: 2760000, denominator: 6000000 },
            patients: { numerator: 1860, denominator: 6000 },
          },
        ],
      },
      app: { reporting: true, program: 'app1', qualityMeasures: [spell.spaced] },
      [spell.bare]: true,
    },
    null,
    2,
  ),
  // A JSON list with SSNs as keys, string values, bare numbers and nested values.
  'ssn-rows.participation.json': JSON.stringify(
    [
      { apm_entity_id: 'A1234', tin: spell.ssn, npi: '1999000015', [spell.bare]: spell.dotted },
      { apm_entity_id: spell.ein, tin: Number(BARE), npi: Number(IN_NPI), ccn: { value: spell.spaced } },
      { apm_entity_id: 'A1234', tin: '991000101', npi: [spell.bare], list_type: spell.ssn, start_date: spell.bare },
      spell.ssn,
    ],
    null,
    2,
  ),
  // A saved CMS record with a whole TIN, SSNs in its names, keys and values, and a clinician on the lists above.
  'ssn-record.eligibility.json': JSON.stringify(
    [
      {
        year: 2024,
        data: {
          firstName: `Zebulon ${spell.bare}`,
          lastName: 'Quixotic',
          npi: '1999000015',
          qpStatus: spell.ssn,
          qpScoreType: spell.ein,
          organizations: [
            {
              TIN: spell.ssn,
              prvdrOrgName: `Practice ${spell.dotted}`,
              apms: [
                {
                  entityName: `ACO ${spell.spaced}`,
                  apmEntityId: spell.bare,
                  apmId: spell.ein,
                  lvtFlag: spell.bare,
                  lvtPayments: Number(BARE),
                  qpPaymentScores: { [spell.bare]: 1, me: Number(BARE) },
                  [spell.dotted]: true,
                },
              ],
            },
          ],
        },
      },
      { year: 2024, data: { npi: spell.bare, organizations: [{ TIN: spell.ein }] } },
    ],
    null,
    2,
  ),
  // A list of another name, which the "files" globs of the settings make a list.
  'roster-2025.txt': `apm_id,apm_entity_id,tin,npi\nSSP,A1234,${spell.ssn},${IN_NPI}\n`,
  'ssn-entity.participation.csv': `${HEADER}\nSSP,${spell.bare},991000101,1999000015,,participation,clinician,,\nSSP,${spell.bare},991000101,1999000023,,participation,clinician,,\n`,
};

/** The SSNs in `text` in any spelling: separators, Markdown escapes and JSON escapes are dropped before the search. */
function leakedSsns(text: string): string[] {
  const digitsOnly = text.replace(/[-. \\]/g, '');
  return SSNS.filter((ssn) => digitsOnly.includes(ssn));
}

function assertMasked(channel: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // The message shows the leak masked: it ends up in CI logs.
  assert.deepEqual(
    leakedSsns(text).map((s) => `*****${s.slice(-4)}`),
    [],
    `${channel} shows an SSN-shaped value unmasked`,
  );
}

// Settings the server logs as errors, quoting the keys it does not know.
const CONFIG = JSON.stringify({
  severity: { [spell.bare]: 'off' },
  [spell.ssn]: true,
  files: { participationLists: ['roster-*.txt'], [spell.ein]: ['x'] },
});

let ws: ReturnType<typeof makeWorkspace>;
before(() => {
  ws = makeWorkspace({ ...FILES, '.qpp-lens.json': CONFIG });
});
after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));

test('the detector sees the values when they are shown (else these tests prove nothing)', () => {
  for (const text of [...Object.values(FILES), CONFIG]) assert.ok(leakedSsns(text).length > 0);
  assert.deepEqual(leakedSsns(ALL_SPELLINGS.join(' ')).sort(), [BARE, HYPHENATED, EIN_STYLE, SPACED, DOTTED].sort());
  assert.deepEqual(leakedSsns('\\*\\*\\*\\*\\*1120 and *****1120'), [], 'a masked value is not a leak');
});

/** Settings for the CLI runs over the files (the workspace's own .qpp-lens.json is bad usage, tested on its own). */
const emptyConfig = () => {
  const file = path.join(ws.dir, '..', `${path.basename(ws.dir)}-empty.qpp-lens.json`);
  fs.writeFileSync(file, '{}');
  return file;
};

for (const format of ['text', 'json', 'sarif', 'junit']) {
  test(`qpp-check --format ${format}: no SSN-shaped value in stdout or stderr`, () => {
    const r = spawnSync(process.execPath, [CLI, ws.dir, '--format', format, '--config', emptyConfig()], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.length > 200, 'the CLI reported the files');
    assertMasked(`qpp-check ${format} stdout`, r.stdout);
    assertMasked(`qpp-check ${format} stderr`, r.stderr);
  });
}

test('qpp-check: the settings file that quotes SSN-shaped keys is bad usage, its error masked', () => {
  const r = spawnSync(process.execPath, [CLI, ws.dir], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^qpp-check: .*\.qpp-lens\.json: /);
  assertMasked('qpp-check settings error', r.stderr);
});

test('qpp-check --write-baseline and --fix: the baseline file and the fix report show no SSN-shaped value', () => {
  const baseline = path.join(ws.dir, '..', `${path.basename(ws.dir)}-baseline.json`);
  const copy = fs.mkdtempSync(path.join(ws.dir, '..', 'qpp-pii-fix-'));
  fs.cpSync(ws.dir, copy, { recursive: true });
  fs.rmSync(path.join(copy, '.qpp-lens.json'));
  const r = spawnSync(process.execPath, [CLI, copy, '--fix', '--write-baseline', baseline], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const written = fs.readFileSync(baseline, 'utf8');
  assert.ok(written.length > 200, 'the baseline holds the findings');
  assertMasked('baseline file', written);
  assertMasked('qpp-check --fix stderr', r.stderr);
  assertMasked('qpp-check --fix stdout', r.stdout);
});

test("qpp-check shows a CMS record's names as initials only, in every format", () => {
  for (const format of ['text', 'json', 'sarif']) {
    const r = spawnSync(process.execPath, [CLI, ws.dir, '--format', format, '--config', emptyConfig()], {
      encoding: 'utf8',
    });
    assert.doesNotMatch(r.stdout, /Zebulon|Quixotic/, `${format}: a name from the record`);
  }
  const r = spawnSync(process.execPath, [CLI, ws.dir, '--format', 'json', '--config', emptyConfig()], {
    encoding: 'utf8',
  });
  assert.match(r.stdout, /"cmsRecord": \{/, 'the record reached the report (else the test proves nothing)');
});

test('qpp-check --reveal-tins shows TINs of the tin column (the switch is the only way to see them)', () => {
  const r = spawnSync(process.execPath, [CLI, ws.dir, '--format', 'json', '--reveal-tins', '--config', emptyConfig()], {
    encoding: 'utf8',
  });
  assert.ok(r.stdout.includes('991000101'), 'the revealed report shows the TIN column');
});

test('language server: every channel masks SSN-shaped values from any column, header, key or value', async () => {
  const client = await LspTestClient.start({ rootDir: ws.dir, settings: { validation: { scope: 'workspace' } } });
  const traces: unknown[] = [];
  client.connection.onNotification('$/logTrace', (params: unknown) => void traces.push(params));
  try {
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    const names = Object.keys(FILES);
    for (const name of names) client.open(ws.uri(name), FILES[name]);
    await client.waitFor('diagnostics for every file', () =>
      names.every((name) => client.publishedFor(ws.uri(name)).length > 0),
    );

    const answers: Record<string, unknown[]> = {
      hover: [],
      completion: [],
      codeAction: [],
      documentSymbol: [],
      codeLens: [],
      inlayHint: [],
      semanticTokens: [],
      pullDiagnostics: [],
      'qpp/fileStatus': [],
      'qpp/draftOptIn': [],
      'qpp/explainClinician': [],
      'qpp/fileKind': [],
      documentLink: [],
      prepareRename: [],
      'workspace/symbol': [],
    };
    let hovers = 0;
    let jsonListHovers = 0;
    for (const name of names) {
      const textDocument = { uri: ws.uri(name) };
      const text = FILES[name];
      const lines = text.split('\n');
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      // Hover and completion on every character of every line that carries a value.
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character < lines[line].length; character += 2) {
          const hover = await client.request('textDocument/hover', { textDocument, position: { line, character } });
          if (hover) {
            hovers++;
            if (name.endsWith('.participation.json')) jsonListHovers++;
          }
          answers.hover.push(hover);
        }
        answers.completion.push(
          await client.request('textDocument/completion', {
            textDocument,
            position: { line, character: lines[line].length },
          }),
        );
      }
      answers.codeAction.push(
        await client.request('textDocument/codeAction', { textDocument, range: whole, context: { diagnostics: [] } }),
      );
      answers.documentSymbol.push(await client.request('textDocument/documentSymbol', { textDocument }));
      answers.codeLens.push(await client.request('textDocument/codeLens', { textDocument }));
      answers.inlayHint.push(await client.request('textDocument/inlayHint', { textDocument, range: whole }));
      answers.semanticTokens.push(await client.request('textDocument/semanticTokens/full', { textDocument }));
      answers.pullDiagnostics.push(await client.request('textDocument/diagnostic', { textDocument }));
      // A link's target is a file name, which is not masked (SECURITY.md); what the link says is.
      const links = await client.request<{ tooltip?: string }[]>('textDocument/documentLink', { textDocument });
      answers.documentLink.push(links.map((link) => link.tooltip));
      for (const [index] of [...text.matchAll(/\d/g)].map((m) => [m.index ?? 0]).filter((_, i) => i % 9 === 0)) {
        const before = text.slice(0, index);
        const position = { line: before.split('\n').length - 1, character: index - before.lastIndexOf('\n') - 1 };
        answers.prepareRename.push(
          await client
            .request('textDocument/prepareRename', { textDocument, position })
            .catch((error: Error) => error.message),
        );
      }
      answers['qpp/fileStatus'].push(await client.request('qpp/fileStatus', { uri: ws.uri(name) }));
      answers['qpp/draftOptIn'].push(await client.request('qpp/draftOptIn', { uri: ws.uri(name) }));
      answers['qpp/fileKind'].push(await client.request('qpp/fileKind', { uri: ws.uri(name) }));
    }
    for (const npi of ['1999000015', '1999000023', IN_NPI, spell.ssn])
      answers['qpp/explainClinician'].push(await client.request('qpp/explainClinician', { npi }));
    for (const query of ['', '0', '07', '2', '45', '5', '6', '7', '8'])
      answers['workspace/symbol'].push(await client.request('workspace/symbol', { query }));
    const report = await client.request('qpp/report', {});
    const validated = await client.request('qpp/validateWorkspace', {});
    await client.stop();

    assert.ok(hovers > 20, `only ${hovers} hovers answered: the hover channel was not exercised`);
    assert.ok(jsonListHovers > 5, `only ${jsonListHovers} hovers on the JSON list`);
    assert.ok(
      (answers.documentSymbol as unknown[][]).some((s) => Array.isArray(s) && s.length > 0),
      'symbols answered',
    );
    assert.ok(
      (answers.codeLens as unknown[][]).some((s) => Array.isArray(s) && s.length > 0),
      'code lenses answered',
    );
    assert.ok(
      (answers['qpp/explainClinician'] as { markdown: string | null }[]).some((a) => a.markdown),
      'a clinician was explained',
    );
    assert.ok(
      client.logMessages.some((m) => m.includes('.qpp-lens.json')),
      'the server logged the settings errors',
    );

    assertMasked(
      'published diagnostics (messages, related information)',
      client.published.map((p) => p.diagnostics.map(({ data: _data, ...shown }) => shown)),
    );
    assertMasked(
      'diagnostic data',
      client.published.map((p) => p.diagnostics.map((d) => d.data ?? null)),
    );
    for (const [channel, list] of Object.entries(answers)) assertMasked(channel, list);
    assertMasked('qpp/report', report);
    assertMasked('qpp/validateWorkspace', validated);
    assertMasked('window/logMessage', client.logMessages);
    assertMasked('$/logTrace', traces);
  } finally {
    client.kill();
  }
});

test('language server with qpp.revealTins shows the tin column in hovers (the detector would see a leak)', async () => {
  const client = await LspTestClient.start({ rootDir: ws.dir, settings: { revealTins: true } });
  try {
    const name = 'ssn-entity.participation.csv';
    client.open(ws.uri(name), FILES[name]);
    await client.waitForDiagnostics(ws.uri(name));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: ws.uri(name) },
      position: { line: 1, character: 'SSP,'.length + spell.bare.length + 2 },
    });
    assert.ok(hover?.contents.value.includes('991000101'), `revealed TIN hover: ${hover?.contents.value}`);
    await client.stop();
  } finally {
    client.kill();
  }
});

test('qpp-check over an .xlsx list: SSNs in a sheet name, a header cell and number cells are masked in every output', () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'qpp-pii-xlsx-'));
  try {
    const sheet = `Clinicians ${spell.ssn}`;
    fs.writeFileSync(
      path.join(dir, 'hostile.participation.xlsx'),
      workbookBytes([
        {
          name: sheet,
          rows: [
            ['APM ID', 'APM Entity ID', 'TIN', 'NPI', `Notes ${IN_HEADER}`],
            ['SSP', 'A1234', Number(BARE), Number(IN_NPI), spell.dotted],
            ['SSP', spell.bare, 991000101, 1999000015, null],
          ],
        },
      ]),
    );
    for (const format of ['text', 'json', 'sarif']) {
      const r = spawnSync(process.execPath, [CLI, dir, '--format', format], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stdout.includes('hostile.participation.xlsx'), 'the CLI reported the workbook');
      assertMasked(`qpp-check ${format} stdout (xlsx)`, r.stdout);
      assertMasked(`qpp-check ${format} stderr (xlsx)`, r.stderr);
    }
    // A missing sheet names the sheets found: on stderr, masked too.
    fs.writeFileSync(path.join(dir, '.qpp-lens.json'), JSON.stringify({ xlsx: { sheet: `Old ${spell.bare}` } }));
    const missing = spawnSync(process.execPath, [CLI, dir], { encoding: 'utf8', cwd: dir });
    assert.match(missing.stderr, /no sheet/);
    assertMasked('qpp-check stderr (missing sheet)', missing.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('language server over an .xlsx list: SSNs in a sheet name, a header cell and cells are masked in every channel', async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'qpp-pii-xlsx-server-'));
  const name = 'hostile.participation.xlsx';
  const uri = pathToFileURL(path.join(dir, name)).href;
  fs.writeFileSync(
    path.join(dir, name),
    workbookBytes([
      {
        name: `Clinicians ${spell.ssn}`,
        rows: [
          ['APM ID', 'APM Entity ID', 'TIN', 'NPI', `Notes ${IN_HEADER}`],
          ['SSP', 'A1234', Number(BARE), Number(IN_NPI), spell.dotted],
          ['SSP', spell.bare, 991000101, 1999000015, null],
        ],
      },
    ]),
  );
  const channels = async (client: LspTestClient) => ({
    published: await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0),
    'qpp/fileStatus': await client.request('qpp/fileStatus', { uri }),
    'qpp/report': await client.request('qpp/report', {}),
    'qpp/validateWorkspace': await client.request('qpp/validateWorkspace', {}),
    'qpp/sheetCsv sheet or problem': await client
      .request<{ sheet?: string; problem?: string }>('qpp/sheetCsv', { uri })
      .then(({ sheet, problem }) => ({ sheet, problem })),
    codeAction: await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
      context: { diagnostics: [] },
    }),
  });
  try {
    for (const settings of [{}, { xlsx: { sheet: `Old ${spell.bare}` } }]) {
      const client = await LspTestClient.start({ rootDir: dir, settings });
      try {
        const answers = await channels(client);
        await client.stop();
        const messages = answers.published.diagnostics.map((d) => d.message).join('\n');
        if ('xlsx' in settings)
          assert.match(messages, /no sheet "Old \*{5}\d{4}" in the workbook; its sheets: "Clinicians \*{5}/);
        else assert.ok(answers.published.diagnostics.length > 2, `the workbook was checked: ${messages}`);
        for (const [channel, value] of Object.entries(answers)) assertMasked(`${channel} (xlsx)`, value);
        assertMasked('window/logMessage (xlsx)', client.logMessages);
      } finally {
        client.kill();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
