// CMS's saved eligibility records against the workspace (XF007–XF012): each finding on a workspace built to show it,
// with what to check and where, and the related location in the other file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QppWorkspace, type Finding } from '../../server/src/core';

const NPI = ['1999091014', '1999091022', '1999091030', '1999091048', '1999091055'];
const ENTITY = `{
  "performanceYear": 2026,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A2727", "name": "Lakeside ACO" },
  "lowVolume": { "segments": [
    { "start": "2024-10-01", "end": "2025-09-30", "allowedCharges": 2450000.00, "beneficiaries": 1830, "services": 9000 },
    { "start": "2025-10-01", "end": "2026-09-30", "allowedCharges": 2450000.00, "beneficiaries": 1830, "services": 9000 } ] },
  "qp": { "snapshots": [ { "date": "2026-06-30",
    "payments": { "numerator": 525000.00, "denominator": 1000000.00 },
    "patients": { "numerator": 310, "denominator": 1000 } } ] }
}`;
const LIST = `apm_id,apm_entity_id,tin,npi\n${NPI.slice(0, 4)
  .map((npi) => `SSP,A2727,991002727,${npi}`)
  .join('\n')}\n`;

const apm = (entity: string, extra: Record<string, unknown> = {}) => ({
  apmEntityId: entity,
  entityName: entity === 'A2727' ? 'Lakeside ACO' : 'Hillcrest ACO',
  apmId: '08',
  lvtFlag: false,
  qpPaymentScores: { '2026-06-30': { me: 52.5 } },
  qpPatientScores: { '2026-06-30': { me: 31 } },
  ...extra,
});
const record = (npi: string, tin: string, apms: unknown[], extra: Record<string, unknown> = {}) => ({
  year: 2026,
  data: { npi, qpStatus: 'Y', organizations: [{ TIN: `XXXXX${tin}`, apms }], ...extra },
});

function workspace(records: unknown): { ws: QppWorkspace; found: (key: string) => Finding[] } {
  const ws = new QppWorkspace();
  ws.setFile('w/a2727.entity.json', ENTITY);
  ws.setFile('w/a2727.participation.csv', LIST);
  ws.setFile('w/cms.eligibility.json', JSON.stringify(records, null, 2));
  const found = (key: string) => ws.analyze(key).findings.filter((f) => /^XF0(0[7-9]|1[0-2])$/.test(f.code));
  return { ws, found };
}

test('a record that agrees with the workspace gives no reconciliation finding', () => {
  const { found } = workspace([record(NPI[0], '2727', [apm('A2727')])]);
  for (const key of ['w/a2727.entity.json', 'w/a2727.participation.csv', 'w/cms.eligibility.json'])
    assert.deepEqual(found(key), [], key);
});

test("XF007: in CMS's record for the entity but not on its list", () => {
  const { found } = workspace([record(NPI[4], '2727', [apm('A2727')])]);
  const [f] = found('w/cms.eligibility.json');
  assert.equal(f?.code, 'XF007');
  assert.match(f.message, /NPI 1999091055 .*A2727.*not on .*Participation List/);
  assert.equal(f.related?.[0].file, 'w/a2727.entity.json');
});

test('XF007 matches the entity by name when the record has no entity id', () => {
  const { found } = workspace([record(NPI[4], '2727', [apm('A2727', { apmEntityId: undefined })])]);
  assert.deepEqual(
    found('w/cms.eligibility.json').map((f) => f.code),
    ['XF007'],
  );
});

test('XF008: on the list, but CMS names another entity, or no APM', () => {
  const { found } = workspace([record(NPI[1], '2727', [apm('A9901')]), record(NPI[2], '2727', [], { qpStatus: 'N' })]);
  const list = found('w/a2727.participation.csv');
  assert.deepEqual(
    list.map((f) => f.code),
    ['XF008', 'XF008'],
  );
  assert.match(list[0].message, /A9901/);
  assert.match(list[1].message, /no APM/);
  assert.equal(list[0].related?.[0].file, 'w/cms.eligibility.json');
});

test("XF009: the list's TIN does not end in the digits CMS shows", () => {
  const { found } = workspace([record(NPI[3], '5555', [apm('A2727')])]);
  const [f] = found('w/a2727.participation.csv');
  assert.equal(f?.code, 'XF009');
  assert.match(f.message, /\*\*\*\*\*2727/);
  assert.match(f.message, /5555/);
  assert.doesNotMatch(f.message, /991002727/);
});

test("XF010: CMS's score differs from the entity file's at the same snapshot", () => {
  const { found } = workspace([
    record(NPI[0], '2727', [apm('A2727', { qpPaymentScores: { '2026-06-30': { me: 44.5 } } })]),
  ]);
  const [f] = found('w/cms.eligibility.json');
  assert.equal(f?.code, 'XF010');
  assert.match(f.message, /44\.5%/);
  assert.match(f.message, /52\.50%/);
  assert.match(f.message, /Jun 30, 2026/);
  assert.equal(f.related?.[0].file, 'w/a2727.entity.json');
});

test("XF011: CMS's QP status differs from QPP Lens's determination, with the reason to check", () => {
  const { found } = workspace([record(NPI[0], '2727', [apm('A2727')], { qpStatus: 'P' })]);
  const [f] = found('w/cms.eligibility.json');
  assert.equal(f?.code, 'XF011');
  assert.match(f.message, /Partial QP/);
  assert.match(f.message, /QPP Lens .* QP/);
  assert.match(f.message, /forecast|snapshot/);
});

test("XF012: CMS's LVT flag differs from the entity file's low-volume result", () => {
  const { found } = workspace([record(NPI[0], '2727', [apm('A2727', { lvtFlag: true })])]);
  const [f] = found('w/cms.eligibility.json');
  assert.equal(f?.code, 'XF012');
  assert.match(f.message, /at or below/);
  assert.match(f.message, /eligible|above/);
});

test('records of another year are not reconciled', () => {
  const { found } = workspace([{ ...record(NPI[4], '5555', [apm('A2727')], { qpStatus: 'N' }), year: 2025 }]);
  assert.deepEqual(found('w/cms.eligibility.json'), []);
  assert.deepEqual(found('w/a2727.participation.csv'), []);
});
