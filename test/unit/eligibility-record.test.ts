// Saved QPP eligibility records (*.eligibility.json): the reader's findings on real and hostile records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEligibilityFile } from '../../server/src/core';

/** The v6 API's shape (schema and example in github.com/durvester/QPP-analysis-with-NPIs), with synthetic values. */
const RECORD = {
  firstName: 'Ada',
  lastName: 'Quill',
  npi: '1999000015',
  nationalProviderIdentifierType: 1,
  qpStatus: 'Y',
  qpScoreType: 'ME',
  organizations: [
    {
      TIN: 'XXXXX0101',
      prvdrOrgName: 'Example Health Partners',
      apms: [
        {
          entityName: 'Example ACO, LLC',
          lvtFlag: false,
          lvtPayments: 16384865.97,
          lvtPatients: 14724,
          lvtPerformanceYear: 2026,
          apmId: '08',
          apmName: 'Medicare Shared Savings Program Accountable Care Organizations',
          subdivisionId: '06',
          subdivisionName: 'MSSP ACO - ENHANCED',
          advancedApmFlag: true,
          mipsApmFlag: true,
          providerRelationshipCode: 'P',
          qpPaymentScores: { me: 55.5, mi: 41.2 },
          qpPatientScores: { me: 38.1, mi: 30 },
        },
      ],
    },
  ],
};

const codes = (text: string) => parseEligibilityFile(text).findings.items.map((f) => f.code);

test('a record as the API returns it ({ data }), a bare record and an array of records are read alike', () => {
  for (const text of [
    JSON.stringify({ data: RECORD }),
    JSON.stringify(RECORD),
    JSON.stringify([RECORD, { ...RECORD, npi: '1999000023' }]),
    JSON.stringify({ data: [RECORD] }),
    JSON.stringify([{ data: RECORD }]),
  ]) {
    const parsed = parseEligibilityFile(text);
    assert.deepEqual(
      parsed.findings.items.map((f) => f.message),
      [],
      text.slice(0, 40),
    );
    assert.ok(parsed.records.length >= 1);
    const r = parsed.records[0];
    assert.equal(r.npi?.value, '1999000015');
    assert.equal(r.qpStatus?.value, 'Y');
    assert.equal(r.year, 2026);
    const apm = r.organizations[0].apms[0];
    assert.equal(r.organizations[0].tinLast4, '0101');
    assert.equal(apm.lvtFlag?.value, false);
    assert.deepEqual(
      apm.scores.map((s) => `${s.method} ${s.type} ${s.value.value}`),
      ['payments me 55.5', 'payments mi 41.2', 'patients me 38.1', 'patients mi 30'],
    );
  }
});

test('scores per snapshot date are read with their snapshot', () => {
  const perSnapshot = {
    ...RECORD,
    organizations: [
      {
        ...RECORD.organizations[0],
        apms: [
          {
            ...RECORD.organizations[0].apms[0],
            qpPaymentScores: { '2026-03-31': { me: 48 }, '2026-06-30': { me: 51.25 } },
            qpPatientScores: {},
          },
        ],
      },
    ],
  };
  const parsed = parseEligibilityFile(JSON.stringify({ data: perSnapshot }));
  assert.deepEqual(parsed.findings.items, []);
  assert.deepEqual(
    parsed.records[0].organizations[0].apms[0].scores.map((s) => `${s.snapshot?.value} ${s.type} ${s.value.value}`),
    ['2026-03-31 me 48', '2026-06-30 me 51.25'],
  );
});

test('malformed and partial records are findings, never a throw', () => {
  assert.deepEqual(codes('{ "data": '), ['ELG001']);
  assert.deepEqual(codes('42'), ['ELG001']);
  assert.deepEqual(codes('"text"'), ['ELG001']);
  assert.deepEqual(codes('[]'), ['ELG001']);
  assert.deepEqual(codes('{ "error": { "message": "NPI not found", "type": "NotFound" } }'), ['ELG001']);
  // No NPI, or a wrong one.
  assert.deepEqual(codes('{ "data": { "qpStatus": "Y", "organizations": [] } }'), ['ELG002', 'ELG006']);
  assert.deepEqual(codes('{ "npi": "1999000016", "year": 2026 }'), ['ELG002']);
  assert.deepEqual(codes('{ "npi": 1999000015, "year": 2026 }'), ['ELG003']);
  // Wrong types are reported and left out.
  const wrong = parseEligibilityFile(
    JSON.stringify({
      year: 2026,
      data: {
        npi: '1999000015',
        qpStatus: true,
        organizations: { TIN: 'XXXXX0101' },
      },
    }),
  );
  assert.deepEqual(
    wrong.findings.items.map((f) => f.code),
    ['ELG003', 'ELG003'],
  );
  const apmWrong = parseEligibilityFile(
    JSON.stringify({
      year: 2026,
      data: {
        npi: '1999000015',
        organizations: [
          { TIN: 'XXXXX0101', apms: [{ lvtFlag: 'N', lvtPayments: '90000', qpPaymentScores: { me: '55', zz: 3 } }] },
          null,
          7,
        ],
      },
    }),
  );
  // The item 7, lvtPayments, lvtFlag and the score "55" are of the wrong type; "zz" is no score key.
  assert.deepEqual(apmWrong.findings.items.map((f) => f.code).sort(), [
    'ELG003',
    'ELG003',
    'ELG003',
    'ELG003',
    'ELG005',
  ]);
  // Values outside what CMS documents.
  assert.deepEqual(
    codes(
      JSON.stringify({
        year: 2026,
        data: {
          npi: '1999000015',
          qpStatus: 'X',
          qpScoreType: 'ZZ',
          organizations: [{ TIN: 'XXXXX0101', apms: [{ qpPaymentScores: { me: 140 }, lvtPayments: -5 }] }],
        },
      }),
    ),
    ['ELG005', 'ELG005', 'ELG005', 'ELG005'],
  );
  // A year QPP Lens has no rules for.
  assert.deepEqual(codes('{ "year": 2012, "data": { "npi": "1999000015" } }'), ['ELG006']);
});

test('an unmasked TIN in a record is ELG004, and no message carries it', () => {
  const parsed = parseEligibilityFile(
    JSON.stringify({ year: 2026, data: { npi: '1999000015', organizations: [{ TIN: '078-05-1120', apms: [] }] } }),
  );
  assert.deepEqual(
    parsed.findings.items.map((f) => f.code),
    ['ELG004'],
  );
  assert.equal(parsed.records[0].organizations[0].tinLast4, '1120');
  for (const f of parsed.findings.items) assert.doesNotMatch(JSON.stringify(f), /078.?05.?1120/);
});

test('deep nesting and huge arrays end in a finding', () => {
  assert.deepEqual(codes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), ['ELG001']);
  // Closing brackets inside strings (and comments) between the openings do not hide the depth.
  assert.deepEqual(codes(`${'["]]",'.repeat(20_000)}`), ['ELG001']);
  assert.deepEqual(codes(`${'[/* ]] */'.repeat(20_000)}`), ['ELG001']);
  assert.deepEqual(codes(`${'["\\"]", // ]\n'.repeat(20_000)}`), ['ELG001']);
  // A string cut by a line break ends there, as the parser reads it.
  assert.deepEqual(codes(`${'["]\n'.repeat(20_000)}`), ['ELG001']);
  const many = JSON.stringify(Array.from({ length: 3000 }, () => ({ npi: 'x', year: 2026 })));
  const parsed = parseEligibilityFile(many, 50);
  assert.ok(parsed.findings.items.length <= 50);
  assert.ok(parsed.findings.suppressed > 0);
});
