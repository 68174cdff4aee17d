// Forty hand-checkable cases (input, expected result, rule), through the public core API; the rules are in docs/rules.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QppWorkspace, analyzeEntity, ccnFacilityType, checkCcn, checkNpi, checkTin, rulesData } from '../../server/src/core';
import { entityText, lvtEntity, qpEntity } from '../helpers/entity';

const codes = (text: string) => analyzeEntity(text).findings.items.map((f) => f.code);
const det = (text: string) => {
  const d = analyzeEntity(text).determination;
  assert.ok(d, 'expected a determination');
  return d;
};
const both = (charges: number | string, beneficiaries: number, services?: number) => [{ charges, beneficiaries, services }, { charges, beneficiaries, services }];

test('case 1: PY2024 $90,000.00 / 250 / 300 is excluded and opt-in eligible', () => {
  const d = det(lvtEntity(2024, both('90000.00', 250, 300)));
  assert.equal(d.lowVolume!.status, 'excluded');
  assert.equal(d.lowVolume!.optInEligible, true);
  assert.deepEqual(d.lowVolume!.segments[0].notExceeded, ['charges']);
  assert.equal(d.mips.status, 'opt-in-eligible');
});

test('case 2: PY2024 $90,000.01 / 201 / 201 is MIPS eligible', () => {
  const d = det(lvtEntity(2024, both('90000.01', 201, 201)));
  assert.equal(d.lowVolume!.status, 'eligible');
  assert.equal(d.mips.status, 'eligible');
});

test('case 3: PY2024 $150,000 / 200 beneficiaries / 500 services is excluded, opt-in eligible', () => {
  const d = det(lvtEntity(2024, both(150000, 200, 500)));
  assert.equal(d.lowVolume!.status, 'excluded');
  assert.equal(d.lowVolume!.optInEligible, true);
});

test('case 4: PY2024 $150,000 / 500 / 200 services is excluded, opt-in eligible', () => {
  const d = det(lvtEntity(2024, both(150000, 500, 200)));
  assert.equal(d.lowVolume!.status, 'excluded');
  assert.equal(d.lowVolume!.optInEligible, true);
  assert.deepEqual(d.lowVolume!.segments[0].notExceeded, ['services']);
});

test('case 5: PY2024 $50,000 / 150 / 150 is excluded, voluntary reporting only', () => {
  const d = det(lvtEntity(2024, both(50000, 150, 150)));
  assert.equal(d.lowVolume!.status, 'excluded');
  assert.equal(d.lowVolume!.optInEligible, false);
  assert.equal(d.mips.status, 'excluded-low-volume');
});

test('case 6: PY2018 $95,000 / 250 / 10 services is eligible (no services criterion)', () => {
  assert.equal(det(lvtEntity(2018, both(95000, 250, 10))).lowVolume!.status, 'eligible');
});

test('case 7: PY2017 $35,000 / 120 is eligible ($30,000 / 100 limits)', () => {
  assert.equal(det(lvtEntity(2017, both(35000, 120))).lowVolume!.status, 'eligible');
});

test('case 8: PY2018 $100,000 / 150 is excluded with no opt-in', () => {
  const d = det(lvtEntity(2018, both(100000, 150)));
  assert.equal(d.lowVolume!.status, 'excluded');
  assert.equal(d.lowVolume!.optInEligible, false);
  assert.equal(d.mips.status, 'excluded-low-volume');
});

test('case 9: PY2024 above in segment 1, below ($80k) in segment 2 is excluded', () => {
  const d = det(lvtEntity(2024, [{ charges: 150000, beneficiaries: 300, services: 300 }, { charges: 80000, beneficiaries: 300, services: 300 }]));
  assert.equal(d.lowVolume!.status, 'excluded');
});

test('case 10: PY2024 below in segment 1, above in segment 2 is excluded', () => {
  const d = det(lvtEntity(2024, [{ charges: 80000, beneficiaries: 300, services: 300 }, { charges: 150000, beneficiaries: 300, services: 300 }]));
  assert.equal(d.lowVolume!.status, 'excluded');
});

test('case 11: PY2019 determination periods', () => {
  assert.deepEqual(rulesData.lvtLimitsFor(2019)!.periods, [{ start: '2017-10-01', end: '2018-09-30' }, { start: '2018-10-01', end: '2019-09-30' }]);
});

test('case 12: PY2024 determination periods', () => {
  assert.deepEqual(rulesData.lvtLimitsFor(2024)!.periods, [{ start: '2022-10-01', end: '2023-09-30' }, { start: '2023-10-01', end: '2024-09-30' }]);
});

test('case 13: only the APM Entity group election counts: no entity election means not opted in', () => {
  const d = det(lvtEntity(2023, both(150000, 150, 500)));
  assert.equal(d.mips.status, 'opt-in-eligible');
  const opted = det(lvtEntity(2023, both(150000, 150, 500), { election: 'opt-in' }));
  assert.equal(opted.mips.status, 'eligible-opted-in');
});

const qpStatus = (py: number, f: Parameters<typeof qpEntity>[1][string], date = `${py}-06-30`) => det(qpEntity(py, { [date]: f })).qp!;

test('case 14: PY2024 payments exactly 50% is QP', () => {
  const qp = qpStatus(2024, { payments: [500000, 1000000], patients: [100, 1000] });
  assert.equal(qp.status, 'qp');
  assert.equal(qp.method, 'payments');
});

test('case 15: PY2024 payments 49.99%, patients 35% is QP by patients', () => {
  const qp = qpStatus(2024, { payments: [499900, 1000000], patients: [350, 1000] });
  assert.equal(qp.status, 'qp');
  assert.equal(qp.method, 'patients');
});

test('case 16: PY2024 payments 45%, patients 30% is Partial QP', () => {
  assert.equal(qpStatus(2024, { payments: [45, 100], patients: [30, 100] }).status, 'partial-qp');
});

test('case 17: PY2025 payments 60%, patients 40% is Partial QP', () => {
  assert.equal(qpStatus(2025, { payments: [60, 100], patients: [40, 100] }).status, 'partial-qp');
});

test('case 18: PY2025 payments 49%, patients 36% is Partial QP by patients', () => {
  const qp = qpStatus(2025, { payments: [49, 100], patients: [36, 100] });
  assert.equal(qp.status, 'partial-qp');
  assert.equal(qp.method, 'patients');
});

test('case 19: PY2025 payments 45%, patients 30% is neither', () => {
  assert.equal(qpStatus(2025, { payments: [45, 100], patients: [30, 100] }).status, 'none');
});

test('case 20: PY2019 payments 30%, patients 20% is neither (payment year 2021 thresholds)', () => {
  assert.equal(qpStatus(2019, { payments: [30, 100], patients: [20, 100] }).status, 'none');
});

test('case 21: PY2018 payments 25%, patients 5% is QP (payment year 2020: 25%)', () => {
  assert.equal(qpStatus(2018, { payments: [25, 100], patients: [5, 100] }).status, 'qp');
});

test('case 22: PY2017 payments 15%, patients 10% is Partial QP by patients', () => {
  const qp = qpStatus(2017, { payments: [15, 100], patients: [10, 100] });
  assert.equal(qp.status, 'partial-qp');
  assert.equal(qp.method, 'patients');
});

test('case 23: zero denominators give no score and never QP/PQP', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [0, 0], patients: [0, 0] } });
  const qp = det(text).qp!;
  assert.equal(qp.status, 'not-determined'); // docs/rules.md#qp-and-partial-qp: no score at any snapshot
  assert.ok(codes(text).includes('QP003'));
});

test('case 24: a clinician in entity A (40%) and B (52%) is QP through B', () => {
  const ws = new QppWorkspace();
  ws.setFile('/w/a.entity.json', qpEntity(2024, { '2024-06-30': { payments: [40, 100] } }, { id: 'A1111' }));
  ws.setFile('/w/b.entity.json', qpEntity(2024, { '2024-06-30': { payments: [52, 100] } }, { apm: 'REACH', id: 'D2222' }));
  ws.setFile('/w/l.participation.csv', 'apm_entity_id,tin,npi\nA1111,991234567,1234567893\nD2222,991234567,1234567893\n');
  const [c] = ws.clinicians();
  assert.equal(c.qp.status, 'qp');
  assert.equal(c.qp.entityId, 'D2222');
  assert.deepEqual(c.entities, ['A1111', 'D2222']);
});

test('case 25: QP by patients and Partial QP by payments is QP only', () => {
  const qp = qpStatus(2024, { payments: [45, 100], patients: [40, 100] });
  assert.equal(qp.status, 'qp');
  assert.equal(qp.method, 'patients');
});

test('case 26: PY2024 All-Payer: Medicare 30%, all-payer 55% is QP via All-Payer', () => {
  const qp = qpStatus(2024, { payments: [30, 100], allPayer: { payments: [55, 100] } });
  assert.equal(qp.status, 'qp');
  assert.equal(qp.option, 'all-payer');
});

test('case 27: PY2024 All-Payer: Medicare 22%, all-payer 80% is Partial QP', () => {
  const qp = qpStatus(2024, { payments: [22, 100], allPayer: { payments: [80, 100] } });
  assert.equal(qp.status, 'partial-qp');
  assert.equal(qp.option, 'all-payer');
});

test('case 28: PY2025 All-Payer: Medicare 30%, all-payer 70% is Partial QP', () => {
  assert.equal(qpStatus(2025, { payments: [30, 100], allPayer: { payments: [70, 100] } }).status, 'partial-qp');
});

test('case 29: incentive by PY: 5 / 3.5 / 1.88 / none / 3.1', () => {
  const incentive = (py: number) => qpStatus(py, { payments: [80, 100] }).incentivePercent;
  assert.deepEqual([2022, 2023, 2024, 2025, 2026].map(incentive), [5, 3.5, 1.88, null, 3.1]);
});

test('case 30: QP PY2024 on $200,000 base-year paid amounts earns $3,760.00', () => {
  assert.equal(rulesData.incentiveAmountCents(2024, 20_000_000), 376_000);
});

test('case 31: Partial QP with no election: clinicians are not in MIPS', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [45, 100] } });
  assert.equal(det(text).mips.status, 'exempt-partial-qp');
  assert.ok(codes(text).includes('QP006'));
  assert.equal(det(qpEntity(2024, { '2024-06-30': { payments: [45, 100] } }, { election: 'report-mips' })).mips.status, 'eligible-partial-qp');
});

test('case 32: on the list only at Dec 31: APP available, not assessed for QP', () => {
  const ws = new QppWorkspace();
  ws.setFile('/w/a.entity.json', qpEntity(2024, { '2024-03-31': { payments: [80, 100] }, '2024-06-30': { payments: [80, 100] }, '2024-08-31': { payments: [80, 100] } }));
  ws.setFile('/w/l.participation.csv', 'apm_entity_id,tin,npi,start_date\nA1234,991234567,1234567893,2024-12-01\n');
  const [c] = ws.clinicians();
  assert.equal(c.appAvailable, true);
  assert.equal(c.qp.status, 'not-determined');
});

test('case 33: the final score used is the highest available', () => {
  assert.equal(rulesData.finalScoreUsed([88, 92]), 92);
});

test('case 34: EUC 75 of 100 may apply, 74 of 100 may not', () => {
  const euc = (n: number) => entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, app: { reporting: true }, euc: { applying: true, mipsEligibleClinicians: 100, piReweightingEligible: n } });
  assert.equal(det(euc(75)).euc.status, 'may-apply');
  assert.equal(det(euc(74)).euc.status, 'may-not-apply');
  assert.ok(codes(euc(74)).includes('EUC001'));
});

test('case 35: PY2020 APP submission is rejected (APP starts PY2021)', () => {
  assert.ok(codes(entityText({ performanceYear: 2020, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, app: { reporting: true } })).includes('APP001'));
});

test('case 36: appPlus in PY2024 is invalid', () => {
  assert.ok(codes(entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, app: { reporting: true, program: 'appPlus' } })).includes('APP002'));
});

test('case 37: NPI 1234567893 / 1234567890 / 2000000002 / 9876543213 / 123456789', () => {
  assert.deepEqual(['1234567893', '1234567890', '2000000002', '9876543213', '123456789'].map(checkNpi), [null, 'ID002', null, 'ID003', 'ID001']);
});

test('case 38: TIN 12-3456789 normalises; 071234567 has an invalid EIN prefix; 12345678 is not 9 digits', () => {
  assert.equal(checkTin('12-3456789').normalized, '123456789');
  assert.equal(checkTin('12-3456789').einPrefix, true);
  assert.equal(checkTin('071234567').einPrefix, false);
  assert.equal(checkTin('12345678').normalized, null);
});

test('case 39: SSP entity id A1234 is fine, 1234 is not', () => {
  const ssp = (id: string) => codes(entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id }, app: { reporting: true } }));
  assert.ok(!ssp('A1234').includes('ID030'));
  assert.ok(ssp('1234').includes('ID030'));
});

test('case 40: CCN 051300 CAH, 050001 short-term hospital, 05S001 psych unit, 0513000 malformed', () => {
  assert.equal(ccnFacilityType('051300'), 'critical access hospital');
  assert.equal(ccnFacilityType('050001'), 'short-term hospital');
  assert.equal(ccnFacilityType('05S001'), 'psychiatric unit (IPPS-excluded)');
  assert.equal(checkCcn('0513000'), false);
});
