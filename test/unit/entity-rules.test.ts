import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QppWorkspace, analyzeEntity } from '../../server/src/core';
import { entityText, lvtEntity, qpEntity } from '../helpers/entity';

const codes = (text: string) => analyzeEntity(text).findings.items.map((f) => f.code);

test('a syntax error stops validation: JSON001 only, no cascade', () => {
  assert.deepEqual(codes('{ "performanceYear": 2024 "apm": { "id": "SSP" } }'), ['JSON001']);
});

test('JSONC comments and trailing commas are accepted', () => {
  const text =
    '// PY\n{ "performanceYear": 2024, /* x */ "apm": { "id": "SSP", "track": "ENHANCED", }, "entity": { "id": "A1234" }, "app": { "reporting": true } }';
  assert.deepEqual(codes(text), []);
});

test('required properties (ENT001), range of years (ENT003), catalog (ENT004), unknown (ENT002), duplicate keys (JSON002)', () => {
  assert.deepEqual(codes('{ "apm": { "id": "SSP" }, "entity": {} }').sort(), ['ENT001', 'ENT001'].sort());
  assert.ok(
    codes(entityText({ performanceYear: 2030, apm: { id: 'SSP' }, entity: { id: 'A1234' } })).includes('ENT003'),
  );
  assert.ok(
    codes(entityText({ performanceYear: 2024, apm: { id: 'NOPE' }, entity: { id: 'A1234' } })).includes('ENT004'),
  );
  const text =
    '{ "performanceYear": 2024, "performanceYear": 2024, "apm": { "id": "SSP", "track": "ENHANCED", "x": 1 }, "entity": { "id": "A1234" }, "app": { "reporting": true } }';
  assert.deepEqual(codes(text).sort(), ['ENT002', 'JSON002']);
});

test('LVT boundaries: exactly $90,000.00, 200 and 200 are not exceeded', () => {
  const at = (charges: string, b: number, s: number) =>
    analyzeEntity(lvtEntity(2024, [{ charges, beneficiaries: b, services: s }])).determination!.lowVolume!.status;
  assert.equal(at('90000.00', 201, 201), 'excluded');
  assert.equal(at('90000.01', 200, 201), 'excluded');
  assert.equal(at('90000.01', 201, 200), 'excluded');
  assert.equal(at('90000.01', 201, 201), 'eligible');
});

test('one segment with data is judged on it; none is not-determined', () => {
  assert.equal(
    analyzeEntity(lvtEntity(2024, [null, { charges: 100000, beneficiaries: 300, services: 300 }])).determination!
      .lowVolume!.status,
    'eligible',
  );
  assert.equal(analyzeEntity(lvtEntity(2024, [])).determination!.lowVolume!.status, 'not-determined');
});

test('negative or fractional counts are LVT005', () => {
  assert.ok(codes(lvtEntity(2024, [{ charges: 100000, beneficiaries: -1, services: 300 }])).includes('LVT005'));
  assert.ok(codes(lvtEntity(2024, [{ charges: 100000, beneficiaries: 2.5, services: 300 }])).includes('LVT005'));
});

test('opt-in: allowed for an opt-in eligible group, LVT004 when it exceeds all or none, or before 2019', () => {
  const opt = (py: number, charges: number, b: number, s?: number) =>
    codes(lvtEntity(py, [{ charges, beneficiaries: b, services: s }], { election: 'opt-in' }));
  assert.ok(!opt(2024, 150000, 150, 300).includes('LVT004'));
  assert.ok(opt(2024, 150000, 300, 300).includes('LVT004'));
  assert.ok(opt(2024, 50000, 100, 100).includes('LVT004'));
  assert.ok(opt(2018, 150000, 150).includes('LVT004'));
});

test('segment dates that are not the PY periods are LVT001 with a fix to the period dates', () => {
  const text = entityText({
    performanceYear: 2024,
    apm: { id: 'SSP', track: 'ENHANCED' },
    entity: { id: 'A1234' },
    app: { reporting: true },
    lowVolume: {
      segments: [{ start: '2023-01-01', end: '2023-12-31', allowedCharges: 100000, beneficiaries: 300, services: 300 }],
    },
  });
  const f = analyzeEntity(text).findings.items.find((x) => x.code === 'LVT001')!;
  let fixed = text;
  for (const e of [...f.data!.fixes![0].edits].sort((a, b) => b.start - a.start))
    fixed = fixed.slice(0, e.start) + e.text + fixed.slice(e.end);
  assert.ok(fixed.includes('"2022-10-01"') && fixed.includes('"2023-09-30"'));
  assert.ok(!codes(fixed).includes('LVT001'));
});

test('QP: exactly 50% meets; 49.999…% does not; Dec 31 does not count for QP', () => {
  assert.equal(
    analyzeEntity(qpEntity(2024, { '2024-03-31': { payments: ['500000.00', '1000000.00'] } })).determination!.qp!
      .status,
    'qp',
  );
  assert.equal(
    analyzeEntity(qpEntity(2024, { '2024-03-31': { payments: ['499999.99', '1000000.00'] } })).determination!.qp!
      .status,
    'partial-qp',
  );
  const dec = analyzeEntity(qpEntity(2024, { '2024-12-31': { payments: [90, 100] } })).determination!.qp!;
  assert.equal(dec.status, 'not-determined');
  assert.equal(dec.snapshots[0].countsForQp, false);
});

test('QP002 for numerator above denominator; QP004 with a fix to the nearest snapshot', () => {
  assert.ok(codes(qpEntity(2024, { '2024-06-30': { payments: [120, 100] } })).includes('QP002'));
  const f = analyzeEntity(qpEntity(2024, { '2024-07-01': { payments: [60, 100] } })).findings.items.find(
    (x) => x.code === 'QP004',
  )!;
  assert.equal(f.data!.fixes![0].edits[0].text, '"2024-06-30"');
});

test('QP005 for a model that is not an Advanced APM, and no QP status through it', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [80, 100] } }, { apm: 'VIT', id: 'V1' });
  assert.ok(codes(text).includes('QP005'));
  assert.equal(analyzeEntity(text).determination!.qp!.status, 'none');
});

test('PY2026 QP findings say the thresholds are provisional (QP007)', () => {
  const text = qpEntity(2026, { '2026-06-30': { payments: [50, 100] } });
  assert.ok(codes(text).includes('QP007'));
  assert.equal(analyzeEntity(text).determination!.qp!.provisional, true);
});

test('APP003 for a measure not allowed in the PY; APP004 for an SSP ACO not reporting; APP005 for a non-MIPS APM', () => {
  assert.ok(
    codes(
      entityText({
        performanceYear: 2024,
        apm: { id: 'SSP', track: 'ENHANCED' },
        entity: { id: 'A1234' },
        app: { reporting: true, qualityMeasures: ['001', '999'] },
      }),
    ).includes('APP003'),
  );
  assert.ok(
    codes(
      entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A1234' } }),
    ).includes('APP004'),
  );
  assert.ok(
    codes(
      entityText({ performanceYear: 2024, apm: { id: 'ETC' }, entity: { id: 'E1' }, app: { reporting: true } }),
    ).includes('APP005'),
  );
});

test('EUC002 for a model not on the PY list', () => {
  assert.ok(
    codes(
      entityText({
        performanceYear: 2025,
        apm: { id: 'SSP', track: 'ENHANCED' },
        entity: { id: 'A1234' },
        app: { reporting: true },
        euc: { applying: true, mipsEligibleClinicians: 10, piReweightingEligible: 10 },
      }),
    ).includes('EUC002'),
  );
});

test('EUC application counts: missing, not whole, more qualified than eligible, below the share, enough', () => {
  const euc = (counts: Record<string, unknown>) =>
    analyzeEntity(
      entityText({
        performanceYear: 2024,
        apm: { id: 'SSP', track: 'ENHANCED' },
        entity: { id: 'A1234' },
        app: { reporting: true },
        euc: counts,
      }),
    );
  const eucCodes = (counts: Record<string, unknown>) =>
    euc(counts)
      .findings.items.map((f) => f.code)
      .filter((c) => /^(EUC|ENT00[158])/.test(c));
  assert.deepEqual(eucCodes({ applying: true, mipsEligibleClinicians: 10 }), ['ENT001']);
  assert.deepEqual(eucCodes({ applying: true, mipsEligibleClinicians: 10, piReweightingEligible: -1 }), ['ENT005']);
  assert.deepEqual(eucCodes({ applying: true, mipsEligibleClinicians: 10, piReweightingEligible: 11 }), ['EUC003']);
  assert.deepEqual(eucCodes({ applying: true, mipsEligibleClinicians: 0, piReweightingEligible: 0 }), ['EUC001']);
  assert.deepEqual(eucCodes({ applying: false, mipsEligibleClinicians: 10, piReweightingEligible: 9 }), [
    'ENT008',
    'ENT008',
  ]);
  const enough = euc({ applying: true, mipsEligibleClinicians: 4, piReweightingEligible: 3 });
  assert.deepEqual(
    enough.findings.items.filter((f) => /^EUC/.test(f.code)),
    [],
  );
  assert.equal(enough.determination!.euc!.status, 'may-apply');
  assert.match(enough.determination!.euc!.explanation.summary, /3 of 4 MIPS eligible clinicians \(75\.00%\)/);
  assert.equal(
    euc({ applying: true, mipsEligibleClinicians: 4, piReweightingEligible: 2 }).determination!.euc!.status,
    'may-not-apply',
  );
});

test('cross-file: XF001 missing list, XF002 APM mismatch, XF003 two entities same APM, XF004 no entity file', () => {
  const ws = new QppWorkspace();
  ws.setFile(
    '/w/a.entity.json',
    entityText({
      performanceYear: 2024,
      apm: { id: 'SSP', track: 'ENHANCED' },
      entity: { id: 'A1111' },
      participationLists: ['missing.participation.csv'],
    }),
  );
  ws.setFile(
    '/w/b.entity.json',
    entityText({ performanceYear: 2024, apm: { id: 'SSP', track: 'ENHANCED' }, entity: { id: 'A2222' } }),
  );
  ws.setFile(
    '/w/l.participation.csv',
    'apm_id,apm_entity_id,tin,npi\nSSP,A2222,991234567,1234567893\nREACH,A2222,991234567,1245319599\nSSP,A9999,991234567,1234567893\n',
  );
  ws.setFile('/w/m.participation.csv', 'apm_id,apm_entity_id,tin,npi\nSSP,A1111,991234567,1234567893\n');
  assert.deepEqual(
    ws
      .analyze('/w/a.entity.json')
      .findings.map((f) => f.code)
      .filter((c) => c.startsWith('XF')),
    ['XF001'],
  );
  const listCodes = ws.analyze('/w/l.participation.csv').findings.map((f) => f.code);
  assert.ok(listCodes.includes('XF002'));
  assert.ok(listCodes.includes('XF004'));
  assert.ok(
    listCodes.includes('XF003') || ws.analyze('/w/m.participation.csv').findings.some((f) => f.code === 'XF003'),
  );
  ws.deleteFile('/w/b.entity.json');
  assert.ok(!ws.analyze('/w/l.participation.csv').findings.some((f) => f.code === 'XF002'));
});

test('findings are capped per file with one GEN001', () => {
  const rows = Array.from({ length: 50 }, () => 'A1234,99123456,1234567893').join('\n');
  const ws = new QppWorkspace({ maxFindingsPerFile: 10 });
  ws.setFile('/w/l.participation.csv', `apm_entity_id,tin,npi\n${rows}\n`);
  const findings = ws.analyze('/w/l.participation.csv').findings;
  assert.equal(findings.length, 11);
  assert.equal(findings[10].code, 'GEN001');
});
