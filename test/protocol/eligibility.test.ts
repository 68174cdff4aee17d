// Saved CMS eligibility records (*.eligibility.json) in the real server: their findings, hovers that explain each
// flag and score against the year's thresholds, and the report's "CMS record" column.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { LspTestClient, codesOf, makeWorkspace, positionOf } from './lspClient';

const NPI = '1999091014';
const RECORD = `{
  "year": 2026,
  "data": {
    "firstName": "Ada", "lastName": "Quill", "npi": "${NPI}", "qpStatus": "P", "qpScoreType": "ME",
    "organizations": [ {
      "TIN": "078051120",
      "apms": [ {
        "entityName": "Lakeside ACO", "apmEntityId": "A2727", "apmId": "08", "advancedApmFlag": true,
        "lvtFlag": false, "lvtPayments": 85000.00, "lvtPatients": 1830, "lvtPerformanceYear": 2026,
        "qpPaymentScores": { "2026-06-30": { "me": 45.5 } },
        "qpPatientScores": { "2026-06-30": { "me": "31" } }
      } ]
    } ]
  }
}
`;
const ENTITY = `{ "performanceYear": 2026, "apm": { "id": "SSP", "track": "ENHANCED" }, "entity": { "id": "A2727" } }`;
const LIST = `apm_id,apm_entity_id,tin,npi\nSSP,A2727,991002727,${NPI}\n`;

const hoverText = (hover: Hover | null): string => {
  assert.ok(hover, 'a hover');
  return typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
};

test('a record file gets its findings, hovers with the year\'s thresholds, and a "CMS record" in the report', async () => {
  const ws = makeWorkspace({
    'a2727.entity.json': ENTITY,
    'a2727.participation.csv': LIST,
    'ada.eligibility.json': RECORD,
  });
  const client = await LspTestClient.start({ rootDir: ws.dir, settings: {} });
  try {
    const uri = ws.uri('ada.eligibility.json');
    client.open(uri, RECORD);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(codesOf(published.diagnostics as Diagnostic[]), ['ELG003', 'ELG004']);
    assert.doesNotMatch(JSON.stringify(published), /078.?05.?1120/);

    const hover = async (needle: string, delta = 1) =>
      hoverText(
        await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position: positionOf(RECORD, needle, delta),
        }),
      );
    const lvt = await hover('"lvtFlag"');
    assert.match(lvt, /below the low volume threshold|below the low-volume threshold/);
    assert.match(lvt, /PY2026 limits \(42 CFR 414\.1310\(b\)/);
    assert.match(lvt, /\$90,000\.00/);
    assert.match(lvt, /Oct 1, 2024/);
    // $85,000 is at or below the limit though the flag says above.
    assert.match(lvt, /lvtPayments \$85,000\.00: at or below/);
    assert.match(lvt, /other determination period/);

    const score = await hover('45.5');
    assert.match(score, /Medicare Option/);
    assert.match(score, /APM Entity level/);
    assert.match(score, /Jun 30, 2026/);
    // PY2026's row: QP 50% and Partial QP 50% of payments, provisional (data/qpThresholds.ts).
    assert.match(score, /meets neither the QP threshold of 50% nor the Partial QP threshold of 50%/);
    assert.match(score, /provisional/);

    assert.match(await hover('"P"'), /Partial QP/);
    const tin = await hover('078051120');
    assert.doesNotMatch(tin, /078.?05.?1120/);
    assert.match(tin, /Masked|masked/);

    const report = await client.request<{
      clinicians: { npi: string; cmsRecord: { qpStatus: string; text: string } | null }[];
    }>('qpp/report', {});
    const clinician = report.clinicians.find((c) => c.npi === NPI);
    assert.equal(clinician?.cmsRecord?.qpStatus, 'partial-qp');
    assert.match(clinician!.cmsRecord!.text, /Partial QP .*A2727/);
    assert.equal(await client.stop(), 0);
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('every reconciliation finding reaches the editor with its related location in the other file', async () => {
  const dir = 'samples/cms-records';
  const files = Object.fromEntries(
    fs.readdirSync(dir).map((name) => [name, fs.readFileSync(`${dir}/${name}`, 'utf8')]),
  );
  const ws = makeWorkspace(files);
  const client = await LspTestClient.start({ rootDir: ws.dir, settings: { validation: { scope: 'workspace' } } });
  try {
    const names = Object.keys(files);
    for (const name of names) client.open(ws.uri(name), files[name]);
    await client.waitFor('diagnostics for every file', () =>
      names.every((name) => client.publishedFor(ws.uri(name)).length > 0),
    );
    const last = (name: string) => client.publishedFor(ws.uri(name)).at(-1)!.diagnostics as Diagnostic[];
    const xf = (name: string) => last(name).filter((d) => /^XF0(0[7-9]|1[0-2])$/.test(String(d.code)));
    assert.deepEqual(codesOf(xf('a2727-2026.participation.csv')), ['XF008', 'XF008', 'XF009']);
    assert.deepEqual(codesOf(xf('team.eligibility.json')), ['XF007', 'XF010', 'XF011', 'XF012']);
    for (const d of [...xf('a2727-2026.participation.csv'), ...xf('team.eligibility.json')]) {
      assert.ok(d.relatedInformation && d.relatedInformation.length > 0, `${d.code} has a related location`);
      const other = d.relatedInformation[0].location.uri;
      assert.ok(other.endsWith('.json') || other.endsWith('.csv'), `${d.code} points at a file: ${other}`);
      assert.match(d.codeDescription!.href, new RegExp(`/docs/rules/${d.code}\\.md$`));
    }
    const xf008 = xf('a2727-2026.participation.csv')[0];
    assert.ok(xf008.relatedInformation![0].location.uri.endsWith('team.eligibility.json'));
    assert.equal(await client.stop(), 0);
  } finally {
    client.kill();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});
