// Header names as CMS files and exports write them, and the user's own names from .qpp-lens.json (issue 20, part 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseParticipationList, QppWorkspace, rulesData } from '../../server/src/core';
import { listHover } from '../../server/src/core/features';
import { mergeSettings, parseQppLensConfig } from '../../server/src/config';

const shown = (text: string, options?: Parameters<typeof parseParticipationList>[2]) =>
  parseParticipationList(text, Number.POSITIVE_INFINITY, options).findings.items.filter((f) => f.severity !== 'hint');

test('a CMS ACO provider extract (ACO_ID, ORG_TIN, ORG_NPI, ORG_CCN) is read without retyping', () => {
  const list = parseParticipationList(
    'ACO_ID,ORG_TIN,ORG_NPI,ORG_CCN,PAR_LBN\nA1234,991234567,1234567893,051300,Synthetic Clinic LLC\n',
  );
  assert.deepEqual(
    list.findings.items.filter((f) => f.severity !== 'hint'),
    [],
  );
  assert.equal(list.rows.length, 1);
  assert.equal(list.rows.get(0).entityId, 'A1234');
  assert.equal(list.columns.ccn, 3);
});

test('a CMMI model provider file (Model ID, Entity ID, Provider Start Date …) is read without retyping', () => {
  const text =
    'Model ID,Entity ID,NPI,TIN,CCN,Provider Start Date,Provider End Date,Provider Participation Type Code\n' +
    'SSP,A1234,1234567893,991234567,,2025-01-01,2025-12-31,P\n';
  assert.deepEqual(shown(text), []);
  const list = parseParticipationList(text);
  assert.equal(list.columns.start_date, 5);
  assert.equal(list.columns.participant_type, 7);
});

test('header keys ignore case, spaces, dashes, underscores and dots: apmId, APM.Entity.ID, Participant-TIN', () => {
  assert.deepEqual(shown('apmId,APM.Entity.ID,Participant-TIN,individual_npi\nSSP,A1234,991234567,1234567893\n'), []);
});

test('names, addresses and specialties are not findings above a hint', () => {
  const text =
    'APM Entity ID,TIN,NPI,First Name,Last Name,Address Line 1,Specialty\nA1234,991234567,1234567893,Ada,Lovelace,1 Main St,Psychiatry\n';
  assert.deepEqual(shown(text), []);
  const extra = parseParticipationList(text).findings.items;
  assert.ok(extra.every((f) => f.code === 'CSV004' && f.severity === 'hint'));
});

test('the column own name wins over an alias, whatever the order; the alias is reported as a second copy', () => {
  const list = parseParticipationList('Rendering NPI,apm_entity_id,tin,npi\n1234567890,A1234,991234567,1234567893\n');
  assert.equal(list.columns.npi, 3);
  assert.deepEqual(
    list.findings.items.map((f) => f.code),
    ['CSV009'],
  );
  assert.match(list.findings.items[0].message, /Rendering NPI/);
});

test('a user mapping reads "Clinician NPI" as npi', () => {
  const text = 'apm_entity_id,tin,Clinician NPI\nA1234,991234567,1234567893\n';
  assert.deepEqual(
    shown(text).map((f) => f.code),
    ['CSV003'],
  );
  assert.deepEqual(shown(text, { columnNames: { npi: ['Clinician NPI'] } }), []);
});

test('a missing required column lists the headers found and the closest known names, masked', () => {
  const list = parseParticipationList(
    'ACO_ID,ORG_TIN,Clinician NPI Number,Tax ID 991234567\nA1234,991234567,1234567893,x\n',
  );
  const missing = list.findings.items.filter((f) => f.code === 'CSV003');
  assert.equal(missing.length, 1);
  const message = missing[0].message;
  assert.match(message, /"npi"/);
  assert.match(message, /ACO_ID, ORG_TIN, Clinician NPI Number/);
  assert.match(message, /Individual NPI/);
  assert.match(message, /"columns": \{"npi": \["Clinician NPI Number"\]\}/);
  assert.ok(!message.includes('991234567'), 'a TIN-shaped header is masked');
});

test('.qpp-lens.json "columns" maps list columns to header names, with clear errors', () => {
  const good = parseQppLensConfig('{"columns": {"npi": ["Clinician NPI"], "tin": ["Billing TIN", "Group TIN"]}}');
  assert.deepEqual(good.errors, []);
  assert.deepEqual(good.config.columns, { npi: ['Clinician NPI'], tin: ['Billing TIN', 'Group TIN'] });
  const bad = parseQppLensConfig(
    '{"columns": {"nip": ["x"], "tin": "Billing TIN", "npi": [""], "ccn": ["Billing TIN"]}}',
  );
  assert.deepEqual(bad.errors, [
    '.qpp-lens.json: "columns.nip": no such column; columns: apm_id, apm_entity_id, tin, npi, ccn, list_type, participant_type, start_date, end_date',
    '.qpp-lens.json: "columns.tin" must be a list of header names, e.g. ["Billing TIN"]',
    '.qpp-lens.json: "columns.npi" has an empty header name',
  ]);
  assert.deepEqual(parseQppLensConfig('{"columns": []}').errors, [
    '.qpp-lens.json: "columns" must be an object of column → list of header names',
  ]);
  assert.deepEqual(parseQppLensConfig('{"columns": {"npi": ["A"], "tin": ["a"]}}').errors, [
    '.qpp-lens.json: "columns.tin": header "a" is already mapped to npi',
  ]);
  assert.deepEqual(mergeSettings({ columns: { npi: ['A'] } }, { columns: { tin: ['B'] } }).columns, {
    npi: ['A'],
    tin: ['B'],
  });
  assert.deepEqual(mergeSettings().columns, {});
});

test('a workspace checks each list with the column names its settings give, and again when they change', () => {
  let names: Record<string, string[]> = {};
  const ws = new QppWorkspace({ columnNames: () => names });
  ws.setFile('/w/a.participation.csv', 'apm_entity_id,tin,Clinician NPI\nA1234,991234567,1234567893\n');
  assert.ok(ws.analyze('/w/a.participation.csv').findings.some((f) => f.code === 'CSV003'));
  names = { npi: ['Clinician NPI'] };
  ws.columnNamesChanged();
  assert.ok(!ws.analyze('/w/a.participation.csv').findings.some((f) => f.code === 'CSV003'));
  assert.equal(ws.list('/w/a.participation.csv')!.rows.length, 1);
});

test('every alias names a list column and a source', () => {
  for (const alias of rulesData.COLUMN_ALIASES) {
    assert.ok(alias.source.length > 20, alias.name);
  }
});

test('hovers read a CMS-named or user-named column as the list check does', () => {
  const context = { revealTins: false, cliniciansWithNpi: () => [], performanceYearOf: () => null };
  const text = 'ACO_ID,ORG_TIN,Clinician NPI,PAR_LBN\nA1234,991234567,1234567893,Synthetic Clinic\n';
  const headerHover = listHover(context, text, 2)!;
  assert.match(headerHover.markdown, /\*\*Column `apm_entity_id`\*\* \(read from `ACO\\_ID`\)/);
  assert.match(listHover(context, text, text.indexOf('PAR_LBN'))!.markdown, /Column not read/);
  const tinHover = listHover(context, text, text.indexOf('991234567') + 1)!;
  assert.match(tinHover.markdown, /\*\*TIN\*\* \*{5}4567/);
  const npiAt = text.indexOf('1234567893') + 1;
  assert.equal(listHover(context, text, npiAt), null, 'an unmapped column has no value hover');
  assert.match(
    listHover({ ...context, columnNames: { npi: ['Clinician NPI'] } }, text, npiAt)!.markdown,
    /\*\*NPI\*\* 1234567893/,
  );
});

test('an end date of 12/31/9999 (CMMI files: "currently participating") is an open end, not CSV006', () => {
  const text =
    'Model ID,Entity ID,NPI,TIN,Provider Start Date,Provider End Date\nREACH,D0123,1234567893,991234567,01/01/2025,12/31/9999\nREACH,D0123,1234567893,991234568,2025-01-01,9999-12-31\n';
  assert.deepEqual(shown(text), []);
  const list = parseParticipationList(text);
  assert.equal(list.rows.get(0).endDay, null);
  assert.deepEqual(
    shown('apm_entity_id,tin,npi,start_date\nA1234,991234567,1234567893,12/31/9999\n').map((f) => f.code),
    ['CSV006'],
    'only as an end date',
  );
});

test('a name mapped in .qpp-lens.json wins over the column own name', () => {
  const text = 'apm_entity_id,tin,NPI,Rendering NPI\nA1234,991234567,1234567890,1234567893\n';
  const list = parseParticipationList(text, Number.POSITIVE_INFINITY, { columnNames: { npi: ['Rendering NPI'] } });
  assert.equal(list.columns.npi, 3);
  assert.deepEqual(
    list.findings.items.map((f) => f.code),
    ['CSV009'],
  );
  assert.match(
    list.findings.items[0].message,
    /"NPI" is another name for npi, which is read in column "Rendering NPI"/,
  );
});
