// The cross-file rules (CROSS_FILE_RULES over one index) against the check they replace (QppWorkspace's one-method
// cross-file check), on random workspaces: entity files and lists that share or miss entity ids, APMs, NPIs and
// dates, name lists that exist or not, and PY2026 individual scores. Every file's findings, each entity's rows and
// the clinicians must be the same. Seeded with fast-check; QPP_FUZZ_SEED replays a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { QppWorkspace } from '../../server/src/core';
import { propertyRuns } from '../helpers/runs';

const RUNS = propertyRuns(400);
const SEED = Number(process.env.QPP_FUZZ_SEED ?? 20261208);

const ENTITY_IDS = ['A1234', 'A2345', 'D0123', 'Z9'];
const APMS = ['SSP', 'REACH', 'BPCIA', 'XX'];
const NPIS = ['1999090016', '1999090024', '1999090032', '1234567893'];
const LIST_KEYS = ['a/one.participation.csv', 'a/two.participation.csv', 'b/three.participation.csv'];

const dateArb = fc.constantFrom('', '2024-01-01', '2024-07-01', '2024-12-31', '2026-03-01', '2026-07-01', 'bad');
const rowArb = fc
  .record({
    apm: fc.constantFrom(...APMS, ''),
    entity: fc.constantFrom(...ENTITY_IDS),
    tin: fc.constantFrom('991234567', '990000001'),
    npi: fc.constantFrom(...NPIS),
    listType: fc.constantFrom('participation', 'participation', 'affiliated'),
    start: dateArb,
    end: dateArb,
  })
  .map((r) => [r.apm, r.entity, r.tin, r.npi, '', r.listType, r.start, r.end]);
/** Long lists of few NPIs make chains past the pairwise comparison (the indexed XF003 path). */
const listArb = fc.tuple(fc.array(rowArb, { minLength: 0, maxLength: 50 }), fc.boolean()).map(([rows, withApm]) => {
  const header = ['apm_id', 'apm_entity_id', 'tin', 'npi', 'ccn', 'list_type', 'start_date', 'end_date'];
  return [header, ...rows].map((cells) => (withApm ? cells : cells.slice(1)).join(',')).join('\n');
});

const scoreArb = fc.record({
  npi: fc.constantFrom(...NPIS),
  date: fc.constantFrom('2026-03-31', '2026-06-30', '2026-08-31'),
  numerator: fc.integer({ min: 0, max: 100 }),
});
const entityArb = fc
  .record({
    folder: fc.constantFrom('a', 'b'),
    name: fc.constantFrom('x', 'y', 'z'),
    year: fc.constantFrom(2024, 2026),
    apm: fc.constantFrom(...APMS),
    id: fc.option(fc.constantFrom(...ENTITY_IDS), { nil: undefined }),
    lists: fc.option(
      fc.array(fc.constantFrom('one.participation.csv', '../b/three.participation.csv', 'gone.participation.csv'), {
        maxLength: 2,
      }),
      { nil: undefined },
    ),
    scores: fc.array(scoreArb, { maxLength: 3 }),
  })
  .map((e) => ({
    key: `${e.folder}/${e.name}.entity.json`,
    text: JSON.stringify({
      performanceYear: e.year,
      apm: e.apm === 'SSP' ? { id: e.apm, track: 'ENHANCED' } : { id: e.apm },
      entity: e.id === undefined ? {} : { id: e.id },
      ...(e.lists === undefined ? {} : { participationLists: e.lists }),
      qp: {
        snapshots: [
          {
            date: `${e.year}-06-30`,
            payments: { numerator: 55, denominator: 100 },
            patients: { numerator: 1, denominator: 100 },
          },
        ],
        ...(e.year === 2026
          ? {
              clinicians: e.scores.map((s) => ({
                npi: s.npi,
                snapshots: [{ date: s.date, payments: { numerator: s.numerator, denominator: 100 } }],
              })),
            }
          : {}),
      },
    }),
  }));

const workspaceArb = fc.record({
  entities: fc.array(entityArb, { maxLength: 5 }),
  lists: fc.array(fc.tuple(fc.constantFrom(...LIST_KEYS), listArb), { maxLength: 4 }),
});

function filled(files: { key: string; text: string }[], legacyCrossFile: boolean): QppWorkspace {
  const ws = new QppWorkspace({ legacyCrossFile });
  for (const { key, text } of files) ws.setFile(key, text);
  return ws;
}

/** Everything the cross-file check gives, in comparable form. */
function observed(ws: QppWorkspace) {
  return {
    files: ws.keys().map((key) => ws.analyze(key)),
    rows: ws.keys().map((key) => ws.rowsOfEntity(key).map(({ list, row }) => ({ list, ...row }))),
    ids: ENTITY_IDS.map((id) => ws.entitiesWithId(id)),
    clinicians: ws.clinicians(),
  };
}

test('the XF rules table gives the findings, linked rows and clinicians of the one-method check', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(workspaceArb, ({ entities, lists }) => {
      const files = [...entities, ...lists.map(([key, text]) => ({ key, text }))];
      const ours = observed(filled(files, false));
      assert.deepEqual(ours, observed(filled(files, true)));
      for (const file of ours.files) for (const { code } of file.findings) seen.set(code, (seen.get(code) ?? 0) + 1);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // The generator must reach every rule, or the comparison proves nothing for it.
  for (const code of ['XF001', 'XF002', 'XF003', 'XF004', 'XF005', 'XF006'])
    assert.ok((seen.get(code) ?? 0) >= 5, `${code} found ${seen.get(code) ?? 0} times in ${RUNS} workspaces`);
});

test('a file with more cross-file findings than its cap shows the earliest, whichever rule found them', () => {
  // XF004 at the first row of each entity id (rows 1–3); XF003 at every later row of the NPI (rows 3–7). The XF003
  // rule runs before the XF004 rule, and finds more than the cap.
  const rows = [
    'SSP,A9999,991234567,1999090016',
    ...['A1234', 'A2345', 'A1234', 'A2345', 'A1234', 'A2345'].map((id, i) => `SSP,${id},99123456${i},1999090024`),
  ];
  const text = ['apm_id,apm_entity_id,tin,npi', ...rows].join('\n');
  const ws = new QppWorkspace({ maxFindingsPerFile: 2 });
  ws.setFile('list.participation.csv', text);
  const findings = ws.analyze('list.participation.csv').findings;
  const rowOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  assert.deepEqual(
    findings.map((f) => `${f.code}@${rowOf(f.start)}`),
    ['XF004@1', 'XF004@2', 'GEN001@0'],
  );
});
