// Writes the sample workspace under samples/ (run: node scripts/make-samples.mjs).
// Deterministic: the same script always writes the same bytes, so the committed samples can be
// regenerated and diffed. Every identifier is synthetic: NPIs are built from the 1999xxxxx range with a
// valid check digit, TINs use the 99-1xxxxxx EIN range, and the deliberate mistakes are listed in
// samples/README.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = 'samples';
const CSV_HEADER = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';

/** NPI check digit: Luhn over the 80840 prefix plus the first 9 digits (docs/rules.md#identifiers). */
function npiCheckDigit(firstNine) {
  const digits = `80840${firstNine}`;
  let sum = 0;
  // The check digit will be appended on the right, so doubling starts at the rightmost payload digit.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function syntheticNpi(sequence) {
  const firstNine = `1999${String(sequence).padStart(5, '0')}`;
  return `${firstNine}${npiCheckDigit(firstNine)}`;
}

/** The same NPI with a wrong check digit, for the ID002 demonstration. */
function withWrongCheckDigit(npi) {
  return npi.slice(0, 9) + String((Number(npi[9]) + 1) % 10);
}

const syntheticTin = (sequence) => `991${String(sequence).padStart(6, '0')}`;

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(row) {
  return [
    row.apmId,
    row.entityId,
    row.tin,
    row.npi,
    row.ccn ?? '',
    row.listType ?? 'participation',
    row.participantType ?? 'clinician',
    row.start ?? '',
    row.end ?? '',
  ]
    .map(csvField)
    .join(',');
}

function writeSample(relativePath, text) {
  const path = join(ROOT, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const writeList = (relativePath, rows) =>
  writeSample(relativePath, `${[CSV_HEADER, ...rows.map(csvRow)].join('\n')}\n`);

// Sequence numbers for NPIs: every list draws from its own block so no NPI repeats by accident.
let nextNpi = 1;
const takeNpi = () => syntheticNpi(nextNpi++);

// ---------------------------------------------------------------------------------------------
// Shared Savings Program ACO A1234, PY2024: ~300 rows across 15 practice TINs.
function sspAcoRows() {
  const base = { apmId: 'SSP', entityId: 'A1234' };
  const rows = [];
  for (let practice = 1; practice <= 15; practice++) {
    const tin = syntheticTin(100 + practice);
    for (let clinician = 0; clinician < 19; clinician++) rows.push({ ...base, tin, npi: takeNpi() });
  }
  // Facilities that bill under their own TIN and CCN (FQHC range 1000-1199, RHC 3400-3499 in state 05).
  rows.push({ ...base, tin: syntheticTin(201), npi: takeNpi(), ccn: '051012', participantType: 'FQHC' });
  rows.push({ ...base, tin: syntheticTin(202), npi: takeNpi(), ccn: '053410', participantType: 'RHC, provider-based' });
  // Affiliated practitioners: eligible for APP, never part of the entity's QP group.
  for (let i = 0; i < 4; i++) rows.push({ ...base, tin: syntheticTin(101), npi: takeNpi(), listType: 'affiliated' });
  // Joins mid-year: on the list only at the Aug 31 snapshot.
  rows.push({ ...base, tin: syntheticTin(102), npi: takeNpi(), start: '2024-07-15' });
  // Leaves in spring: on the list only at the Mar 31 snapshot.
  rows.push({ ...base, tin: syntheticTin(103), npi: takeNpi(), end: '2024-05-01' });

  // Deliberate mistakes (see samples/README.md).
  rows.push({ ...base, tin: syntheticTin(104), npi: withWrongCheckDigit(takeNpi()) }); // ID002
  rows.push({ ...base, tin: '99-1234567', npi: takeNpi() }); // ID012, quick fix: normalise
  rows.push({ ...base, tin: '99123456', npi: takeNpi() }); // ID010: 8 digits
  rows.push({ ...base, tin: '079990001', npi: takeNpi(), participantType: 'clinician (sole proprietor)' }); // ID011
  rows.push({ ...rows[20] }); // CSV005: exact duplicate of a membership row
  rows.push({ ...base, tin: syntheticTin(105), npi: takeNpi(), start: '2024-06-01', end: '2024-03-01' }); // CSV006
  rows.push({ ...base, tin: syntheticTin(203), npi: takeNpi(), ccn: '0510120', participantType: 'FQHC' }); // ID020
  return rows;
}

const SSP_ACO_ENTITY = `// Medicare Shared Savings Program ACO, ENHANCED track (an Advanced APM), performance year 2024.
// Shows: LVT eligible in both segments, QP at the Jun 30 snapshot (52% of payments), APP reporting with
// valid measures, and an EUC application that may go ahead (80 of 100 clinicians qualify).
{
  "$schema": "../../schemas/qpp-entity.schema.json",
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234", "name": "Example Valley ACO (synthetic)" },
  "participationLists": ["a1234-2024.participation.csv"],
  "lowVolume": {
    // PY2024 determination periods (42 CFR 414.1310(b)); both exceed $90,000 / 200 / 200.
    "segments": [
      { "start": "2022-10-01", "end": "2023-09-30", "allowedCharges": 4812550.75, "beneficiaries": 6120, "services": 31874 },
      { "start": "2023-10-01", "end": "2024-09-30", "allowedCharges": 5034910.20, "beneficiaries": 6388, "services": 33402 }
    ],
    "election": "none"
  },
  "qp": {
    "snapshots": [
      // Mar 31: 46% of payments, 31% of patients: Partial QP at this snapshot.
      { "date": "2024-03-31",
        "payments": { "numerator": 2760000.00, "denominator": 6000000.00 },
        "patients": { "numerator": 1860, "denominator": 6000 } },
      // Jun 30: 52% of payments meets the 50% QP threshold.
      { "date": "2024-06-30",
        "payments": { "numerator": 6240000.00, "denominator": 12000000.00 },
        "patients": { "numerator": 2040, "denominator": 6100 } },
      { "date": "2024-08-31",
        "payments": { "numerator": 8240000.00, "denominator": 16000000.00 },
        "patients": { "numerator": 2130, "denominator": 6150 } }
    ]
  },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236", "321", "479", "484"] },
  "euc": { "applying": true, "mipsEligibleClinicians": 100, "piReweightingEligible": 80 }
}
`;

// ---------------------------------------------------------------------------------------------
// ACO REACH D0123, PY2025: Partial QP with no election.
let reachShared = null;
function acoReachRows() {
  const base = { apmId: 'REACH', entityId: 'D0123' };
  const rows = [];
  for (let i = 0; i < 36; i++) rows.push({ ...base, tin: syntheticTin(300 + (i % 4)), npi: takeNpi() });
  reachShared = rows[5].npi;
  rows.push({ ...base, tin: syntheticTin(304), npi: takeNpi(), listType: 'affiliated' });
  rows.push({ ...base, tin: syntheticTin(304), npi: takeNpi(), listType: 'affiliated' });
  // Rows for an entity that has no entity file in the workspace (XF004).
  rows.push({ apmId: 'REACH', entityId: 'D0999', tin: syntheticTin(305), npi: takeNpi() });
  rows.push({ apmId: 'REACH', entityId: 'D0999', tin: syntheticTin(305), npi: takeNpi() });
  return rows;
}

const ACO_REACH_ENTITY = `// ACO REACH, performance year 2025.
// Shows: PY2025 thresholds (QP 75% payments / 50% patients; Partial QP 50% / 35%). 60% of payments and
// 40% of patients make a Partial QP; no Partial QP election is recorded, so the clinicians are not in
// MIPS (QP006).
{
  "performanceYear": 2025,
  "apm": { "id": "REACH" },
  "entity": { "id": "D0123", "name": "Riverbend Direct Care REACH ACO (synthetic)" },
  "participationLists": ["d0123-2025.participation.csv"],
  "lowVolume": {
    "segments": [
      { "start": "2023-10-01", "end": "2024-09-30", "allowedCharges": 2100000.00, "beneficiaries": 2900, "services": 14100 },
      { "start": "2024-10-01", "end": "2025-09-30", "allowedCharges": 2240000.00, "beneficiaries": 3010, "services": 14950 }
    ]
  },
  "qp": {
    "snapshots": [
      { "date": "2025-03-31",
        "payments": { "numerator": 1500000.00, "denominator": 2500000.00 },
        "patients": { "numerator": 1200, "denominator": 3000 } },
      { "date": "2025-06-30",
        "payments": { "numerator": 3000000.00, "denominator": 5000000.00 },
        "patients": { "numerator": 1240, "denominator": 3100 } }
    ]
    // No "partialQpElection": the entity has not made the election.
  },
  "app": { "reporting": true, "program": "appPlus", "qualityMeasures": ["001", "112", "134", "236", "321", "479"] }
}
`;

// ---------------------------------------------------------------------------------------------
// BPCI Advanced convener, PY2024: excluded by the LVT but may opt in.
function bpciaRows() {
  const base = { apmId: 'BPCIA', entityId: 'BPC0042' };
  const rows = [];
  for (let i = 0; i < 9; i++) rows.push({ ...base, tin: syntheticTin(400 + (i % 3)), npi: takeNpi() });
  // A row that names another APM than the entity file (XF002).
  rows.push({ apmId: 'CJR', entityId: 'BPC0042', tin: syntheticTin(403), npi: takeNpi() });
  return rows;
}

const BPCIA_ENTITY = `// BPCI Advanced convener, performance year 2024.
// Shows: $150,000 and 500 services exceed the limits but 200 beneficiaries does not ("200 or fewer" is
// excluded), so the group is excluded from MIPS and may opt in (LVT003; quick fix "Draft Opt-In Election").
{
  "performanceYear": 2024,
  "apm": { "id": "BPCIA" },
  "entity": { "id": "BPC0042", "name": "Lakeshore Episode Convener (synthetic)" },
  "participationLists": ["bpcia-2024.participation.csv"],
  "lowVolume": {
    "segments": [
      { "start": "2022-10-01", "end": "2023-09-30", "allowedCharges": 150000.00, "beneficiaries": 200, "services": 500 },
      { "start": "2023-10-01", "end": "2024-09-30", "allowedCharges": 150000.00, "beneficiaries": 200, "services": 500 }
    ],
    "election": "none"
  }
}
`;

// ---------------------------------------------------------------------------------------------
// One entity per interesting year or rule. Each starts with a comment saying what it shows.
const YEARS = {
  'py2017-lvt-eligible.entity.json': `// PY2017: the first year's limits were $30,000 and 100 beneficiaries (no services criterion).
// $35,000 and 120 beneficiaries exceed both, so the group is MIPS eligible (LVT002).
{
  "performanceYear": 2017,
  "apm": { "id": "CPCPLUS" },
  "entity": { "id": "T1AR0058", "name": "Prairie Family Practice (synthetic)" },
  "lowVolume": {
    "segments": [
      { "start": "2015-09-01", "end": "2016-08-31", "allowedCharges": 35000.00, "beneficiaries": 120 },
      { "start": "2016-09-01", "end": "2017-08-31", "allowedCharges": 35000.00, "beneficiaries": 120 }
    ]
  }
}
`,
  'py2018-opt-in-not-allowed.entity.json': `// PY2018: $100,000 exceeds $90,000 but 150 beneficiaries is at or below 200, so the group is excluded.
// Opt-in only exists from PY2019 (MIPS payment year 2021): the election is an error (LVT004).
{
  "performanceYear": 2018,
  "apm": { "id": "CPCPLUS" },
  "entity": { "id": "T2AR0101", "name": "Hillside Internal Medicine (synthetic)" },
  "lowVolume": {
    "segments": [
      { "start": "2016-09-01", "end": "2017-08-31", "allowedCharges": 100000.00, "beneficiaries": 150 },
      { "start": "2017-09-01", "end": "2018-08-31", "allowedCharges": 100000.00, "beneficiaries": 150 }
    ],
    "election": "opt-in"
  }
}
`,
  'py2019-segment-dates.entity.json': `// PY2019: the segments are written as calendar years, but the determination periods are
// 2017-10-01..2018-09-30 and 2018-10-01..2019-09-30 (LVT001; quick fix "set segment dates").
{
  "performanceYear": 2019,
  "apm": { "id": "SSP", "track": "BASIC_C" },
  "entity": { "id": "A0419", "name": "Cedar Hills ACO (synthetic)" },
  "lowVolume": {
    "segments": [
      { "start": "2018-01-01", "end": "2018-12-31", "allowedCharges": 910000.00, "beneficiaries": 1450, "services": 7300 },
      { "start": "2019-01-01", "end": "2019-09-30", "allowedCharges": 720000.00, "beneficiaries": 1320, "services": 6100 }
    ]
  }
}
`,
  'py2020-app-too-early.entity.json': `// PY2020: the APM Performance Pathway starts in PY2021 (APP001).
{
  "performanceYear": 2020,
  "apm": { "id": "SSP", "track": "BASIC_E" },
  "entity": { "id": "A2020", "name": "Northgate ACO (synthetic)" },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236"] }
}
`,
  'py2024-appplus-too-early.entity.json': `// PY2024: APP Plus (program "appPlus") starts in PY2025 (APP002).
{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A2401", "name": "Bayside ACO (synthetic)" },
  "app": { "reporting": true, "program": "appPlus", "qualityMeasures": ["001", "112", "134", "236", "321", "479"] }
}
`,
  'py2025-all-payer-partial-qp.entity.json': `// PY2025, All-Payer Combination Option: the Medicare Option alone (30% of payments, 20% of patients)
// meets nothing. All-payer payments of 70% miss the 75% QP total but meet the 50% Partial QP total, and
// the 30% Medicare payment score meets the 20% Medicare minimum: Partial QP via all-payer payments.
// The entity elected MIPS reporting. One clinician is also on ACO REACH D0123's list (XF003).
{
  "performanceYear": 2025,
  "apm": { "id": "REACH" },
  "entity": { "id": "D0555", "name": "Summit All-Payer REACH ACO (synthetic)" },
  "participationLists": ["d0555-2025.participation.csv"],
  "qp": {
    "snapshots": [
      { "date": "2025-08-31",
        "payments": { "numerator": 300000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 200, "denominator": 1000 },
        "allPayer": {
          "payments": { "numerator": 2100000.00, "denominator": 3000000.00 },
          "patients": { "numerator": 900, "denominator": 3000 }
        } }
    ],
    "partialQpElection": "report-mips"
  }
}
`,
  'py2026-provisional-qp.entity.json': `// PY2026: the Consolidated Appropriations Act, 2026 set the payment threshold to 50% (and a 3.1%
// incentive); the other values come from the eCFR, which still reads 75%, so the QP result is
// provisional and QP007 gives the determination under both readings.
{
  "performanceYear": 2026,
  "apm": { "id": "REACH" },
  "entity": { "id": "D2026", "name": "Foothill REACH ACO (synthetic)" },
  "qp": {
    "snapshots": [
      { "date": "2026-03-31",
        "payments": { "numerator": 550000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 300, "denominator": 1000 } }
    ]
  }
}
`,
  'vit-not-advanced.entity.json': `// Value in Opioid Use Disorder Treatment, PY2024: a MIPS APM but not an Advanced APM, so QP data has
// no effect (QP005); APP reporting is allowed because it is a MIPS APM.
{
  "performanceYear": 2024,
  "apm": { "id": "VIT" },
  "entity": { "id": "VIT0007", "name": "Harbor Recovery Clinic (synthetic)" },
  "qp": {
    "snapshots": [
      { "date": "2024-06-30",
        "payments": { "numerator": 410000.00, "denominator": 600000.00 },
        "patients": { "numerator": 140, "denominator": 220 } }
    ]
  },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236"] }
}
`,
  'euc-74-of-100.entity.json': `// EUC application, PY2024: only 74 of 100 MIPS eligible clinicians qualify for Promoting
// Interoperability reweighting; at least 75% are needed (EUC001).
{
  "performanceYear": 2024,
  "apm": { "id": "EOM", "track": "RISK_1" },
  "entity": { "id": "EOM0074", "name": "Meadow Oncology Group (synthetic)" },
  "euc": { "applying": true, "mipsEligibleClinicians": 100, "piReweightingEligible": 74 }
}
`,
  'snapshot-date-wrong.entity.json': `// PY2024: QP snapshots are Mar 31, Jun 30 and Aug 31; 2024-07-01 is none of them (QP004; quick fix
// "set the snapshot date" to the nearest valid one, 2024-06-30).
{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A2407", "name": "Riverside ACO (synthetic)" },
  "qp": {
    "snapshots": [
      { "date": "2024-07-01",
        "payments": { "numerator": 510000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 360, "denominator": 1000 } }
    ]
  },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236", "321", "479", "484"] }
}
`,
  'zero-denominator.entity.json': `// PY2024: a zero denominator gives no score for that method (QP003); the payment score still counts
// (42%: Partial QP, and the entity elected not to report to MIPS).
{
  "performanceYear": 2024,
  "apm": { "id": "KCC", "track": "CKCC" },
  "entity": { "id": "KCC0301", "name": "Granite Kidney Care (synthetic)" },
  "qp": {
    "snapshots": [
      { "date": "2024-08-31",
        "payments": { "numerator": 420000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 0, "denominator": 0 } }
    ],
    // 42% of payments makes a Partial QP; the entity chose to stay out of MIPS.
    "partialQpElection": "no-mips"
  }
}
`,
  'ssp-numeric-id.entity.json': `// Shared Savings Program ACO ids are "A" + 4 digits (A1234); "1234" does not match (ID030).
{
  "performanceYear": 2024,
  "apm": { "id": "MSSP", "track": "BASIC_A" }, // alias MSSP is accepted and read as SSP
  "entity": { "id": "1234", "name": "Oakridge ACO (synthetic)" },
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236", "321", "479", "484"] }
}
`,
  'unknown-property.entity.json': `// "notes" is not part of the entity format: it is reported as a warning (ENT002), never an error.
{
  "performanceYear": 2023,
  "apm": { "id": "PCF" },
  "entity": { "id": "AR0437", "name": "Pinecrest Primary Care (synthetic)" },
  "notes": "Call the practice manager before submitting."
}
`,
};

function allPayerRows() {
  const base = { apmId: 'REACH', entityId: 'D0555' };
  const rows = [];
  for (let i = 0; i < 5; i++) rows.push({ ...base, tin: syntheticTin(500), npi: takeNpi() });
  rows.push({ ...base, tin: syntheticTin(501), npi: reachShared }); // also on D0123's list in 2025 (XF003)
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Deliberately broken files.
const BROKEN_JSON = `// A missing comma between "apm" and "entity": not valid JSON/JSONC (JSON001).
{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" }
  "entity": { "id": "A9001" }
}
`;

const BROKEN_MISSING_YEAR = `// No "performanceYear": required (ENT001); nothing can be determined without it.
{
  "apm": { "id": "SSP" },
  "entity": { "id": "A9002" }
}
`;

const BROKEN_UNKNOWN_APM = `// "ACME" is not in the APM catalog (ENT004).
{
  "performanceYear": 2024,
  "apm": { "id": "ACME" },
  "entity": { "id": "X9003" }
}
`;

function unterminatedQuoteCsv() {
  const npi = takeNpi();
  return `${CSV_HEADER}\nSSP,A9004,${syntheticTin(900)},${npi},,participation,"clinician,2024-01-01,\n`;
}

function missingNpiColumnCsv() {
  const rows = [0, 1, 2].map(() => `SSP,A9005,${syntheticTin(901)},,participation,clinician,,`);
  return `apm_id,apm_entity_id,tin,ccn,list_type,participant_type,start_date,end_date\n${rows.join('\n')}\n`;
}

// PY2026 individual-level QP (42 CFR 414.1425(c)(3)(ii)): NPIs from their own block (9001..), so adding this file
// leaves every other sample's NPIs as they were.
const INDIVIDUAL_NPIS = [syntheticNpi(9001), syntheticNpi(9002), syntheticNpi(9003)];
YEARS['py2026-individual-qp.entity.json'] =
  `// PY2026: the APM Entity group (40% of payments, 20% of patients) is neither QP nor Partial QP, but
// each clinician is also assessed on their own scores (42 CFR 414.1425(c)(3)(ii)): the first is a QP
// individually (QP012), the second is not; the third joins the list on Jul 1, after the snapshot at
// which their own scores qualify, so across the workspace they do not count (XF006; a2626-2026 list).
{
  "performanceYear": 2026,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A2626", "name": "Riverbend ACO (synthetic)" },
  "qp": {
    "snapshots": [
      { "date": "2026-06-30",
        "payments": { "numerator": 400000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 200, "denominator": 1000 } }
    ],
    "clinicians": [
      { "npi": "${INDIVIDUAL_NPIS[0]}", "snapshots": [
        { "date": "2026-06-30", "payments": { "numerator": 55000.00, "denominator": 100000.00 } } ] },
      { "npi": "${INDIVIDUAL_NPIS[1]}", "snapshots": [
        { "date": "2026-08-31", "patients": { "numerator": 20, "denominator": 100 } } ] },
      { "npi": "${INDIVIDUAL_NPIS[2]}", "snapshots": [
        { "date": "2026-06-30", "payments": { "numerator": 70000.00, "denominator": 100000.00 } } ] }
    ]
  },
  "app": { "reporting": true, "program": "appPlus", "qualityMeasures": ["001", "112", "113", "134", "236"] }
}
`;

// cms-records/: saved QPP eligibility records (the JSON behind the QPP Participation Status lookup), set against an
// entity file and its list (issue 21). NPIs from their own block (9101..), TINs from 99-1002727 on.
const CMS_NPIS = [9101, 9102, 9103, 9104, 9105, 9106].map(syntheticNpi);
const CMS_TIN = syntheticTin(2727);
const cmsApm = (entity, overrides = {}) => ({
  entityName: entity === 'A2727' ? 'Lakeside ACO (synthetic)' : 'Hillcrest ACO (synthetic)',
  apmEntityId: entity,
  lvtFlag: false,
  lvtPayments: 2450000.0,
  lvtPatients: 1830,
  lvtSmallStatus: false,
  lvtPerformanceYear: 2026,
  apmId: '08',
  apmName: 'Medicare Shared Savings Program Accountable Care Organizations',
  subdivisionId: '06',
  subdivisionName: 'MSSP ACO - ENHANCED',
  advancedApmFlag: true,
  mipsApmFlag: true,
  providerRelationshipCode: 'P',
  qpPaymentScores: { '2026-06-30': { me: 52.5 } },
  qpPatientScores: { '2026-06-30': { me: 31 } },
  ...overrides,
});
const cmsRecord = (npi, first, last, tinLast4, apms, overrides = {}) => ({
  firstName: first,
  lastName: last,
  npi,
  nationalProviderIdentifierType: 1,
  qpStatus: 'Y',
  qpScoreType: 'ME',
  organizations: [{ TIN: `XXXXX${tinLast4}`, prvdrOrgName: 'Lakeside Medical Group (synthetic)', apms }],
  ...overrides,
});
const CMS_RECORD_FILES = {
  // One record as the lookup's API returns it, with the request's year saved beside it.
  'ada-quill.eligibility.json': { year: 2026, data: cmsRecord(CMS_NPIS[0], 'Ada', 'Quill', '2727', [cmsApm('A2727')]) },
  // Several records in one array, each a case the reconciliation reports.
  'team.eligibility.json': [
    { year: 2026, data: cmsRecord(CMS_NPIS[1], 'Ben', 'Ortiz', '2727', [cmsApm('A9901')]) },
    { year: 2026, data: cmsRecord(CMS_NPIS[2], 'Cy', 'Park', '2727', [], { qpStatus: 'N', qpScoreType: undefined }) },
    { year: 2026, data: cmsRecord(CMS_NPIS[3], 'Di', 'Lund', '5555', [cmsApm('A2727')]) },
    {
      year: 2026,
      data: cmsRecord(
        CMS_NPIS[4],
        'Ed',
        'Marsh',
        '2727',
        [cmsApm('A2727', { lvtFlag: true, qpPaymentScores: { '2026-06-30': { me: 44.5, mi: 61 } } })],
        { qpStatus: 'P' },
      ),
    },
  ],
  // A record damaged by hand: a whole TIN (ELG004), a flag written as text (ELG003), an unknown status (ELG005).
  'damaged.eligibility.json': {
    year: 2026,
    data: cmsRecord(CMS_NPIS[5], 'Fay', 'Nunez', '2727', [cmsApm('A2727', { lvtFlag: 'N' })], {
      qpStatus: 'X',
      organizations: [{ TIN: '991002727', apms: [cmsApm('A2727', { lvtFlag: 'N' })] }],
    }),
  },
};
const CMS_ENTITY = `// PY2026 Shared Savings Program ACO A2727 and the CMS records saved for its clinicians (cms-records/*.eligibility.json).
{
  "performanceYear": 2026,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A2727", "name": "Lakeside ACO (synthetic)" },
  "lowVolume": {
    "segments": [
      { "start": "2024-10-01", "end": "2025-09-30", "allowedCharges": 2450000.00, "beneficiaries": 1830, "services": 9100 },
      { "start": "2025-10-01", "end": "2026-09-30", "allowedCharges": 2510000.00, "beneficiaries": 1875, "services": 9320 }
    ]
  },
  "qp": {
    "snapshots": [
      { "date": "2026-06-30",
        "payments": { "numerator": 525000.00, "denominator": 1000000.00 },
        "patients": { "numerator": 310, "denominator": 1000 } }
    ]
  },
  "app": { "reporting": true, "program": "appPlus", "qualityMeasures": ["001", "112", "113", "134", "236"] }
}
`;

// ---------------------------------------------------------------------------------------------
// real-layouts/: lists in the layouts CMS files and exports use (issue 20), read without retyping. Their NPIs come
// from a block of their own (sequence 9001 on) so the lists above keep theirs.
const realNpi = (n) => syntheticNpi(9000 + n);
const realTin = (n) => syntheticTin(9000 + n);

/**
 * The QPP eligibility layout as an Excel workbook: a "Read me" sheet first, the list on "Participants" with TINs and
 * NPIs typed as numbers (one TIN lost its leading zero: XL001 at Participants!C5), typed dates and an empty row, kept
 * in place. Written by the tests' workbook writer, test/helpers/xlsx.ts, bundled here by esbuild.
 */
async function excelWorkbook() {
  const { build } = await import('esbuild');
  const bundle = await build({
    entryPoints: ['test/helpers/xlsx.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const source = Buffer.from(bundle.outputFiles[0].text).toString('base64');
  const { workbookBytes } = await import(`data:text/javascript;base64,${source}`);
  const jan1 = new Date(Date.UTC(2025, 0, 1));
  const dec31 = new Date(Date.UTC(2025, 11, 31));
  return workbookBytes([
    { name: 'Read me', rows: [['Synthetic participation list of APM Entity A9103, performance year 2025']] },
    {
      name: 'Participants',
      rows: [
        ['APM ID', 'APM Entity ID', 'TIN', 'NPI', 'Clinician Name', 'Start Date', 'End Date'],
        ['08', 'A9103', Number(realTin(12)), Number(realNpi(18)), 'Synthetic Clinician Four', jan1, dec31],
        ['08', 'A9103', Number(realTin(12)), Number(realNpi(19)), 'Synthetic Clinician Five', jan1, dec31],
        [],
        ['08', 'A9103', 19990901, Number(realNpi(20)), 'Synthetic Clinician Six', jan1, null],
      ],
    },
  ]);
}

function realLayouts() {
  const crlf = (lines) => `${lines.join('\r\n')}\r\n`;
  const lf = (lines) => `${lines.join('\n')}\n`;
  return {
    // CMS research extracts of ACO providers (ResDAC NGACO/REACH provider files): ACO_ID, ORG_TIN, ORG_NPI, ORG_CCN,
    // with Windows line ends and a legal business name CMS adds (not read: a CSV004 hint).
    'aco-provider-extract.participation.csv': crlf([
      'ACO_ID,ORG_TIN,ORG_NPI,ORG_CCN,PAR_LBN',
      `A9101,${realTin(1)},${realNpi(1)},,Synthetic Family Medicine PC`,
      `A9101,${realTin(1)},${realNpi(2)},,Synthetic Family Medicine PC`,
      `A9101,${realTin(2)},${realNpi(3)},991300,Synthetic Critical Access Hospital`,
      `A9101,${realTin(3)},${realNpi(4)},,${csvField('Synthetic Internal Medicine, LLC')}`,
    ]),
    // CMMI Model Data Sharing provider file: Model ID, Entity ID, NPI, TIN, CCN, provider dates; 12/31/9999 = current.
    'cmmi-model-provider.participation.csv': lf([
      'Model ID,Entity ID,NPI,TIN,CCN,Provider Start Date,Provider End Date,Provider Participation Type Code',
      `REACH,D9102,${realNpi(5)},${realTin(4)},,01/01/2025,12/31/9999,P`,
      `REACH,D9102,${realNpi(6)},${realTin(4)},,01/01/2025,06/30/2025,P`,
      `REACH,D9102,${realNpi(7)},${realTin(5)},,07/01/2025,12/31/9999,P`,
    ]),
    // QPP eligibility data names: APM ID with CMS's numeric code 08, APM Entity ID, TIN, NPI; names and specialties
    // (CSV004 hints); dates as Excel writes them (M/D/YYYY).
    'qpp-eligibility-layout.participation.csv': lf([
      'APM ID,APM Entity ID,TIN,NPI,Clinician Name,Specialty,Start Date,End Date',
      `08,A9103,${realTin(6)},${realNpi(8)},Synthetic Clinician One,Family Practice,1/1/2025,12/31/2025`,
      `08,A9103,${realTin(6)},${realNpi(9)},Synthetic Clinician Two,Internal Medicine,1/1/2025,12/31/2025`,
      `08,A9103,${realTin(7)},${realNpi(10)},Synthetic Clinician Three,Cardiology,3/15/2025,`,
    ]),
    // The same layout after a round trip through Excel: 08 became 8 (accepted), a TIN lost its leading zero (XL001,
    // quick fix; the one TIN outside the 99-1 range: 01-9990901 keeps the 1999 of the synthetic NPIs), an NPI went
    // to scientific notation (XL002), another got a ".0" (XL003, quick fix).
    'excel-damaged.participation.csv': lf([
      'APM ID,APM Entity ID,TIN,NPI,Start Date,End Date',
      `8,A9103,${realTin(8)},${realNpi(11)},1/1/2025,12/31/2025`,
      `8,A9103,19990901,${realNpi(12)},1/1/2025,12/31/2025`,
      `8,A9103,${realTin(8)},1.99E+09,1/1/2025,12/31/2025`,
      `8,A9103,${realTin(8)},${realNpi(13)}.0,1/1/2025,12/31/2025`,
    ]),
    // A facility list after Excel: the CCN of a state 01-09 lost its zero (XL004, quick fix).
    'excel-damaged-facilities.participation.csv': lf([
      'APM ID,APM Entity ID,TIN,NPI,CCN,Participant Type',
      `8,A9103,${realTin(9)},${realNpi(14)},51399,FQHC`,
    ]),
    // The APM-entity / TIN / NPI files of CMS's qpp-conversion-tool (PcfValidationInfo): a JSON array of
    // {"apm_entity_id", "tin", "npi"}, read with the same columns and checks as a CSV list; no entity file (XF004).
    'conversion-tool-entity-tin-npi.participation.json': `${JSON.stringify(
      [
        { apm_entity_id: 'A9104', tin: realTin(10), npi: realNpi(15) },
        { apm_entity_id: 'A9104', tin: realTin(10), npi: realNpi(16) },
        { apm_entity_id: 'A9104', tin: realTin(11), npi: realNpi(17) },
      ],
      null,
      2,
    )}\n`,
    'a9103-2025.entity.json': `// A Shared Savings Program ACO written with CMS's numeric codes as the QPP eligibility data has them:
// APM id "08" (Shared Savings Program) and subdivision "06" (MSSP ACO - ENHANCED), performance year 2025.
// Its lists use the QPP eligibility header names (APM ID, APM Entity ID, TIN, NPI) and Excel-style dates.
{
  "$schema": "../../schemas/qpp-entity.schema.json",
  "performanceYear": 2025,
  "apm": { "id": "08", "track": "06" },
  "entity": { "id": "A9103", "name": "Synthetic Riverside ACO" },
  "participationLists": ["qpp-eligibility-layout.participation.csv", "excel-damaged.participation.csv", "excel-damaged-facilities.participation.csv"],
  "app": { "reporting": true, "program": "app1", "qualityMeasures": ["001", "134", "236", "321", "479", "484"] }
}
`,
  };
}

for (const folder of ['ssp-aco', 'aco-reach', 'bpci-advanced', 'years', 'broken', 'real-layouts', 'cms-records']) {
  rmSync(join(ROOT, folder), { recursive: true, force: true });
}

writeSample('ssp-aco/a1234-2024.entity.json', SSP_ACO_ENTITY);
writeList('ssp-aco/a1234-2024.participation.csv', sspAcoRows());
writeSample('aco-reach/d0123-2025.entity.json', ACO_REACH_ENTITY);
writeList('aco-reach/d0123-2025.participation.csv', acoReachRows());
writeSample('bpci-advanced/bpcia-2024.entity.json', BPCIA_ENTITY);
writeList('bpci-advanced/bpcia-2024.participation.csv', bpciaRows());
for (const [name, text] of Object.entries(YEARS)) writeSample(`years/${name}`, text);
writeList('years/d0555-2025.participation.csv', allPayerRows());
writeList('years/a2626-2026.participation.csv', [
  { apmId: 'SSP', entityId: 'A2626', tin: syntheticTin(2626), npi: INDIVIDUAL_NPIS[0] },
  { apmId: 'SSP', entityId: 'A2626', tin: syntheticTin(2626), npi: INDIVIDUAL_NPIS[1] },
  { apmId: 'SSP', entityId: 'A2626', tin: syntheticTin(2626), npi: INDIVIDUAL_NPIS[2], start: '2026-07-01' },
]);
writeSample('broken/syntax-error.entity.json', BROKEN_JSON);
writeSample('broken/missing-year.entity.json', BROKEN_MISSING_YEAR);
writeSample('broken/unknown-apm.entity.json', BROKEN_UNKNOWN_APM);
writeSample('broken/unterminated-quote.participation.csv', unterminatedQuoteCsv());
writeSample('broken/missing-npi-column.participation.csv', missingNpiColumnCsv());
for (const [name, text] of Object.entries(realLayouts())) writeSample(`real-layouts/${name}`, text);
for (const [name, value] of Object.entries(CMS_RECORD_FILES))
  writeSample(`cms-records/${name}`, `${JSON.stringify(value, null, 2)}\n`);
writeSample('cms-records/a2727-2026.entity.json', CMS_ENTITY);
writeList(
  'cms-records/a2727-2026.participation.csv',
  [0, 1, 2, 3, 5].map((i) => ({ apmId: 'SSP', entityId: 'A2727', tin: CMS_TIN, npi: CMS_NPIS[i] })),
);
writeSample('real-layouts/excel-workbook.participation.xlsx', await excelWorkbook());
