// Issue 18, the current year right: one golden case per point, each checked by hand against the rule it cites.
// 1 individual-level QP determinations from PY2026 (42 CFR 414.1425(c)(3)(ii)); 2 sourced PY2026/PY2027 thresholds
// with both readings where sources disagree; 3 the APP Plus duty of Shared Savings Program ACOs from PY2025;
// 4 messages that show the numbers that decided; 5 inputs the rules do not use say so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QppWorkspace, analyzeEntity, buildReport, positionsInText, rulesData } from '../../server/src/core';
import { entityHover, explainClinicianMarkdown } from '../../server/src/core/features';
import { entityText, qpEntity } from '../helpers/entity';

const findings = (text: string) => analyzeEntity(text).findings.items;
const codes = (text: string) => findings(text).map((f) => f.code);
const message = (text: string, code: string) => findings(text).find((f) => f.code === code)?.message ?? '';
const messages = (text: string, code: string) => findings(text).filter((f) => f.code === code).map((f) => f.message);

const ratio = (numerator: number, denominator: number) => ({ numerator, denominator });
/** An SSP ENHANCED entity with entity-level snapshots and clinicians' own snapshots. */
function withClinicians(py: number, snapshots: unknown[], clinicians: unknown[], extra: Record<string, unknown> = {}): string {
  return entityText({ performanceYear: py, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, qp: { snapshots, clinicians, ...extra } });
}
const ENTITY_40_20 = [{ date: '2026-06-30', payments: ratio(40, 100), patients: ratio(20, 100) }];
const OWN_55 = { npi: '1234567893', snapshots: [{ date: '2026-06-30', payments: ratio(55, 100) }] };

// ------------------------------------------------------------------ 1. individual-level QP determinations

test('1a PY2026: a clinician at 55% of their own payments is a QP though the entity (40% / 20%) is not; the individual level decided', () => {
  const text = withClinicians(2026, ENTITY_40_20, [OWN_55]);
  const det = analyzeEntity(text).determination!;
  assert.equal(det.qp!.status, 'none');
  assert.equal(det.qp!.individualAssessment, true);
  const d = det.individualQp!;
  assert.equal(d.clinicians.length, 1);
  assert.equal(d.clinicians[0].status, 'qp');
  assert.equal(d.clinicians[0].level, 'individual');
  assert.equal(d.clinicians[0].snapshot, '2026-06-30');
  assert.equal(message(text, 'QP012'),
    'NPI …7893: QP at Jun 30, 2026, decided at the individual level (Medicare payments 55.00% ≥ QP 50%). APM Entity group: neither QP nor Partial QP. ' +
    'The better of the two counts (42 CFR 414.1425(c)(3)(ii): "individually, or as part of an APM Entity group").');
  assert.match(message(text, 'QP001'), /QP012 gives the status of the 1 clinician under qp\.clinicians, and the entity's other clinicians may still be QPs on theirs\./);
});

test('1b PY2026: when the entity level is as good, it decided', () => {
  const text = withClinicians(2026, [{ date: '2026-03-31', payments: ratio(60, 100) }], [OWN_55]);
  const c = analyzeEntity(text).determination!.individualQp!.clinicians[0];
  assert.equal(c.status, 'qp');
  assert.equal(c.level, 'entity');
  assert.match(c.summary, /decided at the APM Entity group level \(Medicare payments 60\.00% ≥ QP 50%\)\. Own scores: QP/);
});

test('1c PY2026 without individual scores: a result that is not QP says each clinician is also assessed and may still be a QP', () => {
  const text = qpEntity(2026, { '2026-06-30': { payments: [40, 100], patients: [20, 100] } });
  assert.match(message(text, 'QP001'), /This is the APM Entity group's result only: from PY2026 each clinician is also assessed on their own threshold scores and may still be a QP \(42 CFR 414\.1425\(c\)\(3\)\(ii\)\)/);
  // A QP entity needs no such note; nor does PY2025 (entity level only).
  assert.doesNotMatch(message(qpEntity(2026, { '2026-06-30': { payments: [60, 100] } }), 'QP001'), /also assessed/);
  assert.doesNotMatch(message(qpEntity(2025, { '2025-06-30': { payments: [40, 100] } }), 'QP001'), /also assessed/);
});

test('1d qp.clinicians: bad NPIs (ID001-ID003), a repeated NPI (QP011), a date that is no snapshot (QP004); NPIs are shown by their last four digits', () => {
  const text = withClinicians(2026, ENTITY_40_20, [
    { npi: '1234567890', snapshots: [] },
    { npi: '123456789', snapshots: [] },
    OWN_55,
    { npi: '1234567893', snapshots: [] },
    { npi: '2000000002', snapshots: [{ date: '2026-07-01', payments: ratio(90, 100) }] },
  ]);
  const c = codes(text);
  for (const code of ['ID002', 'ID001', 'QP011', 'QP004']) assert.ok(c.includes(code), code);
  assert.equal(message(text, 'QP011'), 'NPI …7893 appears twice in qp.clinicians; only the first entry\'s scores are used');
  assert.match(message(text, 'QP004'), /^NPI …0002: Snapshot date 2026-07-01 is not a PY2026 snapshot/);
  for (const f of findings(text)) assert.doesNotMatch(f.message, /\d{9}/, `${f.code} echoes a full identifier`);
  // The valid clinician with a bad date has no QP snapshot of their own: the entity's result stands.
  assert.equal(analyzeEntity(text).determination!.individualQp!.clinicians.find((x) => x.npi === '2000000002')!.individualStatus, 'not-determined');
});

test('1e before PY2026 clinicians\' own scores are not used (QP010) and change nothing', () => {
  const text = withClinicians(2025, [{ date: '2025-06-30', payments: ratio(40, 100) }], [{ npi: '1234567893', snapshots: [{ date: '2025-06-30', payments: ratio(90, 100) }] }]);
  assert.match(message(text, 'QP010'), /^Clinicians' own scores are not used in PY2025: under the Medicare Option QP status is the APM Entity group's until PY2026 \(42 CFR 414\.1425\(c\)\(3\)\(i\)\)/);
  assert.deepEqual(analyzeEntity(text).determination!.individualQp, { assessed: false, clinicians: [] });
  assert.ok(!codes(text).includes('QP012'));
});

test('1f workspace: the clinician\'s status is the best of both levels on the snapshots they are on the list; report, CLI JSON and Explain Clinician say which level', () => {
  const ws = new QppWorkspace();
  const entityFile = withClinicians(2026, ENTITY_40_20, [OWN_55, { npi: '2000000002', snapshots: [{ date: '2026-06-30', payments: ratio(70, 100) }] }]);
  ws.setFile('/w/a.entity.json', entityFile);
  // 1234567893 is on the list all year; 2000000002 only from Jul 1, after the snapshot their own 70% is at.
  ws.setFile('/w/a.participation.csv', 'apm_id,apm_entity_id,tin,npi,start_date\nSSP,A1234,991234567,1234567893,\nSSP,A1234,991234567,2000000002,2026-07-01\n');
  const [own, late] = ws.clinicians();
  assert.deepEqual(own.qp, { status: 'qp', entityId: 'A1234', snapshot: '2026-06-30', level: 'individual', rule: '42 CFR 414.1425(c)(3)(ii)' });
  assert.equal(late.qp.status, 'not-determined');
  assert.equal(late.qp.level, null);
  const report = buildReport(ws, ['/w/a.entity.json'], { revealTins: false, displayPath: (k) => k, positionsOf: (_k, offsets) => positionsInText(entityFile, offsets) });
  assert.equal(report.clinicians[0].qp.level, 'individual');
  assert.equal(report.clinicians[0].tin, '*****4567');
  const qp = report.files[0].determination!.qp!;
  assert.equal(qp.individualAssessment, true);
  assert.deepEqual(qp.clinicians.map((c) => [c.npi, c.status, c.level]), [['1234567893', 'qp', 'individual'], ['2000000002', 'qp', 'individual']]);
  const md = explainClinicianMarkdown('1234567893', ws.clinicians().filter((c) => c.npi === '1234567893'), false)!;
  assert.match(md, /QP status: \*\*QP\*\* through A1234 at the Jun 30, 2026 snapshot, decided at the \*\*individual\*\* level on the clinician's own scores \(42 CFR 414\.1425\(c\)\(3\)\(ii\)\)/);
});

test('1g hover on a clinician\'s NPI gives their status and the deciding level', () => {
  const text = withClinicians(2026, ENTITY_40_20, [OWN_55]);
  const hover = entityHover(text, text.indexOf('1234567893') + 2)!;
  assert.match(hover.markdown, /\*\*Clinician\*\* NPI …7893: individual-level QP scores/);
  assert.match(hover.markdown, /decided at the individual level/);
});

// ------------------------------------------------------------------ 2. PY2026 and PY2027 thresholds with sources

test('2a PY2026 thresholds: 50% payments from the CAA 2026, the other values from the eCFR, provisional, with the eCFR as written as a second reading', () => {
  const row = rulesData.qpThresholdsFor(2026)!;
  assert.deepEqual(row.medicare, { qp: { payments: 50, patients: 50 }, partialQp: { payments: 50, patients: 35 } });
  assert.equal(row.provisional, true);
  assert.match(row.source, /Consolidated Appropriations Act, 2026/);
  assert.match(row.source, /eCFR 42 CFR 414\.1430 as of 2026-03-24/);
  assert.deepEqual(row.otherReadings.map((r) => [r.label, r.medicare.qp.payments]), [['the eCFR as written', 75]]);
  assert.equal(row.incentivePercent, 3.1);
});

test('2b PY2026 at 55% payments: QP under the CAA 2026 reading, Partial QP under the eCFR as written; QP007 and the hover show both', () => {
  const text = qpEntity(2026, { '2026-03-31': { payments: [55, 100] } });
  const d = analyzeEntity(text).determination!.qp!;
  assert.equal(d.status, 'qp');
  assert.deepEqual(d.otherReadings, [{ label: 'the eCFR as written', status: 'partial-qp', thresholds: 'QP 75% payments / 50% patients, Partial QP 50% / 35%' }]);
  const qp007 = message(text, 'QP007');
  assert.match(qp007, /this result follows CAA 2026 payment threshold with the eCFR's other values \(QP 50% payments \/ 50% patients, Partial QP 50% \/ 35%\): QP\./);
  assert.match(qp007, /Under the eCFR as written \(QP 75% payments \/ 50% patients, Partial QP 50% \/ 35%\): Partial QP\./);
  const ratioHover = entityHover(text, text.indexOf('55'))!.markdown;
  assert.match(ratioHover, /This score meets the QP threshold/);
  assert.match(ratioHover, /Under the eCFR as written: QP 75%, Partial QP 50%; this score meets Partial QP/);
  const yearHover = entityHover(text, text.indexOf('2026') + 1)!.markdown;
  assert.match(yearHover, /Sources disagree\. Under the eCFR as written: QP 75% payments/);
});

test('2c PY2027 thresholds are the eCFR\'s "2027 and later" values, provisional until the CY2027 PFS final rule is checked', () => {
  const row = rulesData.qpThresholdsFor(2027)!;
  assert.deepEqual(row.medicare, { qp: { payments: 75, patients: 50 }, partialQp: { payments: 50, patients: 35 } });
  assert.equal(row.provisional, true);
  assert.match(row.source, /CY2027 PFS final rule: not found/);
  assert.equal(row.incentivePercent, null);
});

// ------------------------------------------------------------------ 3. APP Plus duty for SSP ACOs

const ssp = (py: number, app: Record<string, unknown> | undefined) =>
  entityText({ performanceYear: py, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, ...(app ? { app } : {}) });

test('3a an SSP ACO reporting app1 in PY2025+ gets APP006 with a fix to appPlus; PY2024 does not', () => {
  const text = ssp(2025, { reporting: true, program: 'app1' });
  const f = findings(text).find((x) => x.code === 'APP006')!;
  assert.equal(f.message, 'Shared Savings Program ACOs must report the APP Plus quality measure set from PY2025; this file reports "app1" for PY2025 (CY2025 PFS final rule)');
  assert.equal(f.data!.fixes![0].edits[0].text, '"appPlus"');
  assert.ok(codes(ssp(2026, { reporting: true })).includes('APP006'));
  assert.ok(!codes(ssp(2024, { reporting: true, program: 'app1' })).includes('APP006'));
  assert.ok(!codes(ssp(2025, { reporting: true, program: 'appPlus' })).includes('APP006'));
  assert.ok(!codes(entityText({ performanceYear: 2025, apm: { id: 'REACH' }, entity: { id: 'D1234' }, app: { reporting: true, program: 'app1' } })).includes('APP006'));
});

test('3c the program hover of a PY2025+ SSP ACO states the APP Plus duty', () => {
  const text = ssp(2025, { reporting: true, program: 'app1' });
  assert.match(entityHover(text, text.indexOf('"app1"') + 2)!.markdown, /Shared Savings Program ACOs must report the APP Plus quality measure set from PY2025/);
});

test('3b APP004 no longer says APP Plus applies "from PY2021"', () => {
  assert.equal(message(ssp(2025, undefined), 'APP004'), 'Shared Savings Program ACOs must report the APP Plus quality measure set from PY2025 (the APP from PY2021); this file does not report it');
  assert.equal(message(ssp(2024, undefined), 'APP004'), 'Shared Savings Program ACOs report quality through the APP from PY2021; this file does not report it');
});

// ------------------------------------------------------------------ 4. the numbers that decided

test('4a PY2024 All-Payer QP (all-payer 55%, Medicare 30%) shows the all-payer score and threshold and the Medicare minimum it met', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [30, 100], allPayer: { payments: [55, 100] } } });
  assert.match(message(text, 'QP001'), /^PY2024 \(payment year 2026\): QP at Jun 30, 2024 by payments \(All-Payer Combination Option: all-payer payments 55\.00% ≥ QP 50% with Medicare payments 30\.00% ≥ the 25% Medicare minimum\); thresholds QP 50% payments \/ 35% patients, Partial QP 40% \/ 25%; All-Payer QP 50% payments \(Medicare ≥ 25%\)/);
});

test('4b Medicare Option results name score and threshold; a result that is not QP names the scores that fell short', () => {
  assert.match(message(qpEntity(2024, { '2024-06-30': { payments: [45, 100] } }), 'QP001'), /Partial QP at Jun 30, 2024 by payments \(Medicare Option: Medicare payments 45\.00% ≥ Partial QP 40%, < QP 50%\)/);
  assert.match(message(qpEntity(2025, { '2025-06-30': { payments: [45, 100], patients: [30, 100] } }), 'QP001'), /neither QP nor Partial QP \(best snapshot Jun 30, 2025: payments 45\.00% < Partial QP 50%, patients 30\.00% < Partial QP 35%\)/);
});

// ------------------------------------------------------------------ 5. ignored inputs say so

test('5a a Dec 31 snapshot with scores gets QP010 (not used for QP, and why); its date hover says so too', () => {
  const text = qpEntity(2024, { '2024-12-31': { payments: [80, 100] } });
  assert.equal(message(text, 'QP010'), 'The Dec 31, 2024 snapshot\'s scores are not used for QP: QP determinations use the Mar 31, Jun 30 and Aug 31 snapshots of the QP Performance Period (Jan 1–Aug 31); Dec 31 counts only for MIPS APM participation and the APP (qpp.cms.gov APM determination periods)');
  assert.equal(analyzeEntity(text).determination!.qp!.status, 'not-determined');
  assert.match(entityHover(text, text.indexOf('2024-12-31') + 1)!.markdown, /the scores given here are not used\*\* \(QP010\)/);
});

test('5b All-Payer scores without the Medicare score of the same method, and a Partial QP election of a QP entity, get QP010', () => {
  const allPayerOnly = qpEntity(2024, { '2024-06-30': { payments: [30, 100], allPayer: { patients: [60, 100] } } });
  assert.match(message(allPayerOnly, 'QP010'), /^All-payer patients are not used without the Medicare patients score/);
  const election = qpEntity(2024, { '2024-06-30': { payments: [60, 100] } }, { election: 'report-mips' });
  assert.match(message(election, 'QP010'), /^The Partial QP election "report-mips" is not used: the APM Entity group is QP, not a Partial QP, for PY2024/);
  assert.ok(!codes(qpEntity(2024, { '2024-06-30': { payments: [45, 100] } }, { election: 'report-mips' })).includes('QP010'));
  // From PY2026 a clinician may be a Partial QP on their own scores, so the election is not unused.
  assert.ok(!codes(qpEntity(2026, { '2026-06-30': { payments: [60, 100] } }, { election: 'report-mips' })).includes('QP010'));
});

test('the research cases\' entity-level results are unchanged by the individual level (no qp.clinicians: no QP012)', () => {
  assert.deepEqual(messages(qpEntity(2024, { '2024-06-30': { payments: [50, 100] } }), 'QP012'), []);
});

// ------------------------------------------------------------------ 6. distance to the next status

test('6a a Partial QP at 45.80% of $1,000,000 is 4.20 points, $42,000.00, from QP; 300 of 1,000 patients is 50 patients from 35%', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: ['458000.00', '1000000.00'], patients: [300, 1000] } });
  const s = analyzeEntity(text).determination!.qp!.snapshots[0];
  assert.deepEqual(s.shortfalls.map((x) => [x.method, x.next, x.threshold, x.points, x.amount, x.unit]), [
    ['payments', 'qp', 50, 4.2, 42000, 'dollars'],
    ['patients', 'qp', 35, 5, 50, 'patients'],
  ]);
  assert.match(message(text, 'QP001'), /To the next status at Jun 30, 2024: QP needs 50% payments: 4\.20 points short, \$42,000\.00 more APM payments at this denominator; QP needs 35% patients: 5\.00 points short, 50 more attributed patients at this denominator\./);
  const hover = entityHover(text, text.indexOf('458000.00') + 1)!.markdown;
  assert.match(hover, /Distance: QP needs 50% payments: 4\.20 points short, \$42,000\.00 more APM payments at this denominator/);
});

test('6b exact arithmetic: one cent or one patient short is still short, and exactly the threshold is not', () => {
  const cent = analyzeEntity(qpEntity(2024, { '2024-06-30': { payments: ['49999.99', '100000.00'] } })).determination!.qp!.snapshots[0];
  assert.deepEqual([cent.shortfalls[0].amount, cent.shortfalls[0].points], [0.01, 0.01]);
  const third = analyzeEntity(qpEntity(2024, { '2024-06-30': { patients: [1, 3] } })).determination!.qp!.snapshots[0];
  assert.deepEqual([third.status, third.shortfalls[0].next, third.shortfalls[0].amount, third.shortfalls[0].points], ['partial-qp', 'qp', 1, 1.67]);
  assert.deepEqual(analyzeEntity(qpEntity(2024, { '2024-06-30': { payments: [50, 100] } })).determination!.qp!.snapshots[0].shortfalls, []);
});

test('6c LVT: how far each criterion is from its limit (exceeding is strictly more), in LVT002, the report and the hover', () => {
  const text = entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, lowVolume: { segments: [
    { start: '2022-10-01', end: '2023-09-30', allowedCharges: 89000.00, beneficiaries: 200, services: 500 },
  ] } }).replace('89000', '89000.00');
  const seg = analyzeEntity(text).determination!.lowVolume!.segments[0];
  assert.deepEqual(seg.margins.map((m) => [m.criterion, m.needed, m.above]), [['charges', 100001, 0], ['beneficiaries', 1, 0], ['services', 0, 300]]);
  assert.match(message(text, 'LVT002'), /short: \$1,000\.01 more allowed charges to exceed \$90,000\.00, 1 more beneficiary to exceed 200/);
  assert.match(entityHover(text, text.indexOf('"beneficiaries"') + 3)!.markdown, /Distance: 1 more beneficiary to exceed 200\./);
});

test('6d an All-Payer Partial QP is told how far its all-payer score is from the All-Payer QP threshold', () => {
  // PY2025 All-Payer: all-payer payments 70% ≥ Partial QP 50% (Medicare 30% ≥ 20%); QP needs 75% all-payer with Medicare ≥ 25%.
  const s = analyzeEntity(qpEntity(2025, { '2025-08-31': { payments: [30, 100], allPayer: { payments: [70, 100] } } })).determination!.qp!.snapshots[0];
  const allPayer = s.shortfalls.find((x) => x.option === 'all-payer')!;
  assert.deepEqual([allPayer.threshold, allPayer.points, allPayer.amount], [75, 5, 5]);
  assert.equal(allPayer.text, 'All-Payer QP needs 75% all-payer payments: 5.00 points short, $5.00 more all-payer APM payments at this denominator');
  // Medicare 22% is under the 25% All-Payer QP minimum: the gap named is the Medicare one.
  const low = analyzeEntity(qpEntity(2024, { '2024-06-30': { payments: [22, 100], allPayer: { payments: [80, 100] } } })).determination!.qp!.snapshots[0];
  assert.equal(low.status, 'partial-qp');
  assert.equal(low.shortfalls.find((x) => x.option === 'all-payer')!.text, 'All-Payer QP needs Medicare payments of at least 25%: 3.00 points short, $3.00 more APM payments at this denominator');
});

test('5c other ignored inputs get ENT008: EUC figures without an application, a voluntary election of an eligible group, a track of an APM without tracks', () => {
  const euc = entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, app: { reporting: true }, euc: { applying: false, mipsEligibleClinicians: 100, piReweightingEligible: 80 } });
  assert.deepEqual(messages(euc, 'ENT008'), [
    'euc.mipsEligibleClinicians is not used: euc.applying is not true, so no EUC application is assessed',
    'euc.piReweightingEligible is not used: euc.applying is not true, so no EUC application is assessed',
  ]);
  const eligible = { start: '2022-10-01', end: '2023-09-30', allowedCharges: 150000, beneficiaries: 300, services: 300 };
  const voluntary = entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' }, app: { reporting: true },
    lowVolume: { segments: [eligible, { ...eligible, start: '2023-10-01', end: '2024-09-30' }], election: 'voluntary' } });
  assert.match(message(voluntary, 'ENT008'), /^The election "voluntary" is not used: the APM Entity group exceeds the low-volume threshold in every period/);
  const noTracks = rulesData.APM_CATALOG.find((a) => a.tracks.length === 0)!;
  assert.match(message(entityText({ performanceYear: noTracks.firstYear, apm: { id: noTracks.id, track: 'X' }, entity: { id: noTracks.entityIdExample ?? 'E1' } }), 'ENT008'), /^apm\.track is not used/);
});

test('5d XF006: a clinician\'s own scores at a snapshot when they are not on the entity\'s Participation List are not used, and the entity file says so', () => {
  const ws = new QppWorkspace();
  ws.setFile('/w/a.entity.json', withClinicians(2026, ENTITY_40_20, [OWN_55, { npi: '2000000002', snapshots: [{ date: '2026-06-30', payments: ratio(70, 100) }] },
    { npi: '1245319599', snapshots: [{ date: '2026-06-30', payments: ratio(80, 100) }] }]));
  ws.setFile('/w/a.participation.csv', 'apm_id,apm_entity_id,tin,npi,start_date\nSSP,A1234,991234567,1234567893,\nSSP,A1234,991234567,2000000002,2026-07-01\n');
  const xf006 = ws.analyze('/w/a.entity.json').findings.filter((f) => f.code === 'XF006').map((f) => f.message);
  assert.deepEqual(xf006, [
    'NPI …0002\'s own scores at Jun 30, 2026 are not used: the clinician is not on APM Entity A1234\'s Participation List on that date',
    'NPI …9599 is not on APM Entity A1234\'s Participation List in the workspace, so their own scores are not used (only clinicians on the list at a snapshot are assessed)',
  ]);
});

test('6e PY2026: the Partial QP payment threshold (eCFR 50%) is no lower than the QP one (CAA 50%), so the payment gap is named as QP\'s', () => {
  const s = analyzeEntity(qpEntity(2026, { '2026-06-30': { payments: [40, 100], patients: [20, 100] } })).determination!.qp!.snapshots[0];
  assert.deepEqual(s.shortfalls.map((x) => [x.method, x.next, x.threshold]), [['payments', 'qp', 50], ['patients', 'partial-qp', 35]]);
});
