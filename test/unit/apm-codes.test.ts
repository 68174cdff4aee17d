// CMS's numeric APM ids and subdivision (track) ids, as the QPP eligibility data writes them (issue 20, part 3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeEntity, parseParticipationList, rulesData } from '../../server/src/core';
import { qpEntity } from '../helpers/entity';

test('CMS APM id 08 is the Shared Savings Program, also when Excel dropped its leading zero', () => {
  for (const id of ['08', ' 08 ', '8', '008']) assert.equal(rulesData.findApm(id)?.id, 'SSP', JSON.stringify(id));
  assert.equal(rulesData.findApm('99'), undefined);
  assert.equal(rulesData.findApm('0'), undefined);
});

test('CMS subdivision ids name the catalog track: 06 is ENHANCED; 01 (Track 1) is known by name only', () => {
  const ssp = rulesData.findApm('SSP')!;
  assert.equal(rulesData.findTrack(ssp, '06'), 'ENHANCED');
  assert.equal(rulesData.findTrack(ssp, '6'), 'ENHANCED');
  assert.equal(rulesData.findTrack(ssp, 'enhanced'), 'ENHANCED');
  assert.equal(rulesData.findTrack(ssp, 'BASIC_E'), 'BASIC_E');
  assert.equal(rulesData.findTrack(ssp, '01'), '01', 'a subdivision with no catalog track keeps its id');
  assert.equal(ssp.cms!.subdivisions.find((s) => s.id === '01')!.name, 'MSSP ACO - Track 1');
});

test('a list with APM ID 08 is accepted (not ID031) and its rows count for SSP', () => {
  const list = parseParticipationList('APM ID,APM Entity ID,TIN,NPI\n08,A1234,991234567,1234567893\n');
  assert.deepEqual(list.findings.items, []);
  assert.equal(list.rows.get(0).apmId, 'SSP');
  const bad = parseParticipationList('APM ID,APM Entity ID,TIN,NPI\n08,1234,991234567,1234567893\n');
  assert.deepEqual(
    bad.findings.items.map((f) => f.code),
    ['ID030'],
    'the SSP entity id pattern applies to 08',
  );
});

test('an entity file with apm id 08 and track 06 is an Enhanced-track SSP entity', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [52, 100], patients: [10, 100] } })
    .replace('"id": "SSP"', '"id": "08"')
    .replace('"track": "ENHANCED"', '"track": "06"');
  assert.ok(text.includes('"08"') && text.includes('"06"'), text);
  const analyzed = analyzeEntity(text);
  const codes = analyzed.findings.items.map((f) => f.code);
  assert.ok(!codes.includes('ENT004') && !codes.includes('ENT006'), codes.join(', '));
  assert.equal(analyzed.determination!.apmId, 'SSP');
  assert.equal(analyzed.determination!.qp!.status, 'qp');
});

test('every CMS code in the catalog has a source and says whether it is verified', () => {
  let codes = 0;
  for (const apm of rulesData.APM_CATALOG) {
    if (!apm.cms) continue;
    assert.match(apm.cms.apmId, /^\d{2}$/);
    assert.ok(apm.cms.source.length > 20);
    for (const sub of apm.cms.subdivisions) {
      codes++;
      assert.match(sub.id, /^\d{2}$/);
      assert.ok(sub.source.length > 20, sub.id);
      assert.equal(typeof sub.verified, 'boolean');
      assert.ok(sub.track === null || apm.tracks.includes(sub.track), sub.id);
    }
  }
  assert.ok(codes >= 2);
});

test('a subdivision id with no catalog track is ENT006, named', () => {
  const text = qpEntity(2024, { '2024-06-30': { payments: [52, 100] } }).replace(
    '"track": "ENHANCED"',
    '"track": "01"',
  );
  const f = analyzeEntity(text).findings.items.find((x) => x.code === 'ENT006')!;
  assert.match(f.message, /CMS subdivision 01 \("MSSP ACO - Track 1"\)/);
  assert.match(f.message, /06 = ENHANCED/);
});
