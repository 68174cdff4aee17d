// Definitions, references and rename over a workspace of an entity file and two lists, one with quoted cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QppWorkspace } from '../../server/src/core';
import {
  definitionsOf,
  entityTargetAt,
  listTargetAt,
  referencesOf,
  renameEntityId,
} from '../../server/src/core/features';

const ENTITY = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" }
}
`;
// The last row has an invalid NPI: not a membership row, but it still names A1234 and a rename must reach it.
const LIST_A =
  'apm_id,apm_entity_id,tin,npi\nSSP,A1234,991000101,1999000015\nSSP,A1234,991000101,1999000023\nSSP,A9999,991000102,1999000015\nSSP,A1234,991000101,1999000016\n';
const LIST_B = 'apm_entity_id,tin,npi\n"A1234","99-1000101",1999000023\n';

function workspace(): QppWorkspace {
  const ws = new QppWorkspace();
  ws.setFile('/w/a1234.entity.json', ENTITY);
  ws.setFile('/w/a.participation.csv', LIST_A);
  ws.setFile('/w/b.participation.csv', LIST_B);
  return ws;
}

const textOf: Record<string, string> = {
  '/w/a1234.entity.json': ENTITY,
  '/w/a.participation.csv': LIST_A,
  '/w/b.participation.csv': LIST_B,
};
const shown = (places: { file: string; start: number; end: number }[]) =>
  places.map((p) => `${p.file.slice(3)}:${textOf[p.file].slice(p.start, p.end)}`);

test('an entity id in a list leads to its entity file and to every row that names it, quoted or not', () => {
  const ws = workspace();
  const target = listTargetAt(LIST_A, LIST_A.indexOf('A1234') + 2);
  assert.deepEqual(target, { kind: 'entity', id: 'A1234' });
  assert.deepEqual(shown(definitionsOf(ws, target!)), ['a1234.entity.json:"A1234"']);
  assert.deepEqual(shown(referencesOf(ws, target!)), [
    'a1234.entity.json:"A1234"',
    'a.participation.csv:A1234',
    'a.participation.csv:A1234',
    'a.participation.csv:A1234',
    'b.participation.csv:"A1234"',
  ]);
});

test('an NPI leads to every row of every list with that NPI; a TIN to every row with that TIN, hyphenated or not', () => {
  const ws = workspace();
  const npi = listTargetAt(LIST_A, LIST_A.indexOf('1999000023'));
  assert.deepEqual(shown(referencesOf(ws, npi!)), ['a.participation.csv:1999000023', 'b.participation.csv:1999000023']);
  const tin = listTargetAt(LIST_B, LIST_B.indexOf('99-1000101') + 1);
  assert.deepEqual(tin, { kind: 'tin', tin: '991000101' });
  assert.deepEqual(shown(referencesOf(ws, tin!)), [
    'a.participation.csv:991000101',
    'a.participation.csv:991000101',
    'a.participation.csv:991000101',
    'b.participation.csv:"99-1000101"',
  ]);
});

test("the entity file's own id is a target; headers, invalid NPIs and other cells are not", () => {
  assert.deepEqual(entityTargetAt(ENTITY, ENTITY.indexOf('A1234')), { kind: 'entity', id: 'A1234' });
  assert.equal(entityTargetAt(ENTITY, ENTITY.indexOf('SSP')), null);
  assert.equal(listTargetAt(LIST_A, 3), null);
  assert.equal(listTargetAt('npi\n1999000016\n', 6), null);
});

test('renaming an entity id edits the entity file (a JSON string) and every row, and refuses ids a list cannot hold', () => {
  const ws = workspace();
  const edits = renameEntityId(ws, 'A1234', 'A5678');
  assert.ok(Array.isArray(edits));
  assert.deepEqual(
    edits.map((e) => `${e.file.slice(3)}:${textOf[e.file].slice(e.start, e.end)}->${e.text}`),
    [
      'a1234.entity.json:"A1234"->"A5678"',
      'a.participation.csv:A1234->A5678',
      'a.participation.csv:A1234->A5678',
      'a.participation.csv:A1234->A5678',
      'b.participation.csv:"A1234"->A5678',
    ],
  );
  assert.equal(typeof renameEntityId(ws, 'A1234', 'A 1,"2'), 'string');
});

test('references to an NPI find it quoted, padded or in a ragged row, not with another check digit, and follow edits', () => {
  const npi = '1999000015';
  const list = [
    'apm_id,apm_entity_id,tin,npi,start_date',
    `SSP,A1234,991000101,${npi},`,
    `SSP,A1234,991000101,"${npi}",`,
    `SSP,A1234,991000101,  ${npi}\t,`,
    `SSP,A1234,991000101,"\u00a0${npi} ",`,
    'SSP,A1234,991000101,1999000016,',
    `SSP,A1234,991000101,${npi}`,
    `SSP,A1234,${npi}`,
    `SSP,A1234,991000101,"19990""00015",`,
    '',
  ].join('\n');
  const ws = new QppWorkspace();
  ws.setFile('/w/a.participation.csv', list);
  const lines = (places: { start: number }[]) => places.map((p) => list.slice(0, p.start).split('\n').length - 1);
  assert.deepEqual(lines(referencesOf(ws, { kind: 'npi', npi })), [1, 2, 3, 4, 6]);
  assert.deepEqual(
    referencesOf(ws, { kind: 'npi', npi }).map((p) => list.slice(p.start, p.end).trim()),
    [npi, `"${npi}"`, npi, `"\u00a0${npi} "`, npi],
  );
  // The next version of the list: its rows, not those of the version indexed before.
  const edited = list.replace(`SSP,A1234,991000101,${npi},\n`, '');
  ws.setFile('/w/a.participation.csv', edited);
  assert.equal(referencesOf(ws, { kind: 'npi', npi }).length, 4);
  assert.deepEqual(referencesOf(ws, { kind: 'npi', npi: '1999000023' }), []);
});
