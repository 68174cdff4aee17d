// Property tests of the parsers and the workspace: whatever text they are given, they never throw and every
// finding they return lies inside that text and carries a known code. Seeded and bounded: set QPP_FUZZ_SEED to
// replay a failure (the seed is printed), QPP_FUZZ_RUNS / QPP_FUZZ_MS to search longer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import {
  QppWorkspace,
  analyzeEntity,
  isCode,
  parseEligibilityFile,
  parseParticipationList,
  type Finding,
} from '../../server/src/core';
import { eligibilityHover } from '../../server/src/core/features';

const SEED = Number(process.env.QPP_FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.QPP_FUZZ_RUNS ?? 400);
/** Wall-time cap per property; fast-check stops early (and passes) when it is reached. */
const TIME_LIMIT_MS = Number(process.env.QPP_FUZZ_MS ?? 250);
console.log(
  `fuzz seed ${SEED} (replay with QPP_FUZZ_SEED=${SEED}), at most ${RUNS} runs or ${TIME_LIMIT_MS} ms per property`,
);

const ROOT = process.cwd();
const SAMPLE_FILES = globSync(['samples/**/*.entity.json', 'samples/**/*.participation.csv'], { cwd: ROOT }).sort();
const RECORD_SAMPLES = globSync('samples/**/*.eligibility.json', { cwd: ROOT })
  .sort()
  .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
const SAMPLES = SAMPLE_FILES.map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
const ENTITY_SAMPLES = SAMPLES.filter((s) => s.file.endsWith('.entity.json'));
const LIST_SAMPLES = SAMPLES.filter((s) => s.file.endsWith('.participation.csv'));

const tried = { parseParticipationList: 0, analyzeEntity: 0, QppWorkspace: 0, parseEligibilityFile: 0 };
after(() =>
  console.log(
    `fuzz inputs tried: ${Object.entries(tried)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')}`,
  ),
);

function assertFindingsInside(
  findings: readonly Finding[],
  textLength: number,
  lengthOf: (file: string) => number | undefined,
): void {
  for (const f of findings) {
    const where = `${f.code} [${f.start}, ${f.end}) in a text of ${textLength}`;
    assert.ok(isCode(f.code), `unknown code ${f.code}`);
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), `non-integer offsets: ${where}`);
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= textLength, `range outside the text: ${where}`);
    for (const fix of f.data?.fixes ?? []) {
      for (const e of fix.edits)
        assert.ok(
          e.start >= 0 && e.start <= e.end && e.end <= textLength,
          `fix edit [${e.start}, ${e.end}) outside the text: ${where}`,
        );
    }
    for (const r of f.related ?? []) {
      const otherLength = r.file === undefined ? textLength : lengthOf(r.file);
      assert.ok(otherLength !== undefined, `related location in an unknown file ${r.file}`);
      assert.ok(
        r.start >= 0 && r.start <= r.end && r.end <= otherLength,
        `related range [${r.start}, ${r.end}) outside ${r.file}`,
      );
    }
  }
}

function checkList(text: string): void {
  tried.parseParticipationList++;
  assertFindingsInside(parseParticipationList(text).findings.items, text.length, () => undefined);
}

function checkEntity(text: string): void {
  tried.analyzeEntity++;
  assertFindingsInside(analyzeEntity(text).findings.items, text.length, () => undefined);
}

/** A CMS record file: its findings, a hover at every tenth offset, and the workspace with a sample list and entity. */
function checkRecords(text: string): void {
  tried.parseEligibilityFile++;
  assertFindingsInside(parseEligibilityFile(text).findings.items, text.length, () => undefined);
  for (let offset = 0; offset <= Math.min(text.length, 2000); offset += 10) eligibilityHover(text, offset);
  const texts = new Map([
    ['ws/r.eligibility.json', text],
    ['ws/a.participation.csv', LIST_SAMPLES[0].text],
    ['ws/a.entity.json', ENTITY_SAMPLES[0].text],
  ]);
  const ws = new QppWorkspace({ maxFindingsPerFile: 50 });
  for (const [key, t] of texts) ws.setFile(key, t);
  for (const [key, t] of texts)
    assertFindingsInside(ws.analyze(key).findings, t.length, (file) => texts.get(file)?.length);
}

/** An entity file and a list it names, through the cross-file rules, the per-file cap and clinicians(). */
function checkWorkspace(entityText: string, listText: string): void {
  tried.QppWorkspace++;
  const texts = new Map([
    ['ws/a.entity.json', entityText],
    ['ws/a.participation.csv', listText],
    ['ws/b.participation.csv', listText],
  ]);
  const ws = new QppWorkspace({ maxFindingsPerFile: 50 });
  for (const [key, text] of texts) ws.setFile(key, text);
  for (const [key, text] of texts) {
    const analysis = ws.analyze(key);
    assertFindingsInside(analysis.findings, text.length, (file) => texts.get(file)?.length);
    assert.ok(analysis.findings.length <= 51, `cap of 50 (+ GEN001) exceeded: ${analysis.findings.length}`);
  }
  for (const c of ws.clinicians()) assert.equal(typeof c.npi, 'string');
}

const params = (salt: number) => ({
  seed: SEED + salt,
  numRuns: RUNS,
  interruptAfterTimeLimit: TIME_LIMIT_MS,
  markInterruptAsFailure: false,
});

/** Runs one property per parser (the workspace gets the input as both entity and list, and paired with a sample). */
function fuzzAll(family: string, salt: number, input: fc.Arbitrary<string>): void {
  test(`${family}: parseParticipationList never throws, findings inside the text`, () =>
    fc.assert(fc.property(input, checkList), params(salt)));
  test(`${family}: analyzeEntity never throws, findings inside the text`, () =>
    fc.assert(fc.property(input, checkEntity), params(salt + 1)));
  test(`${family}: QppWorkspace setFile/analyze/clinicians never throw, findings inside the text`, () =>
    fc.assert(
      fc.property(input, fc.nat(), (text, pick) => {
        checkWorkspace(text, LIST_SAMPLES[pick % LIST_SAMPLES.length].text);
        checkWorkspace(ENTITY_SAMPLES[pick % ENTITY_SAMPLES.length].text, text);
      }),
      params(salt + 2),
    ));
}

// Every UTF-16 code unit, lone surrogates included.
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

// ---- CSV-shaped text ---------------------------------------------------------------------------------------
const CSV_TOKENS = [
  '',
  ' ',
  ',',
  '"',
  '""',
  '\r',
  '\n',
  '\r\n',
  '\uFEFF',
  '\0',
  '\uD800',
  '\uDC00',
  '\uD83D\uDE00',
  'SSP',
  'A1234',
  'D0123',
  'apm_id',
  '991000101',
  '99-1000101',
  '123-45-6789',
  '1999000015',
  '1999000016',
  '2999000015',
  '051300',
  'participation',
  'affiliated',
  '2024-01-01',
  '2024-12-31',
  '02/30/2024',
  '12/31/2024',
  '9999-99-99',
  '-1',
  '1e309',
  'NaN',
];
const csvCell = fc.oneof(
  fc.constantFrom(...CSV_TOKENS),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('"', ',', '\r', '\n', '\0', '\uD800', ' ', '-', '/'),
      fc.constantFrom(...'0123456789ASD'),
      anyCodeUnit,
    ),
    maxLength: 12,
  }),
  fc.constantFrom(...CSV_TOKENS).map((t) => `"${t.replace(/"/g, '""')}"`),
  fc.constantFrom(...CSV_TOKENS).map((t) => `"${t}`),
);
const HEADERS = [
  'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date',
  'apm_entity_id,tin,npi',
  'APM Entity ID , TIN,NPI,start-date,end_date,tin',
  'tin,npi',
  '',
];
const csvText = fc
  .record({
    bom: fc.boolean(),
    header: fc.oneof(
      fc.constantFrom(...HEADERS),
      fc.array(csvCell, { maxLength: 10 }).map((cells) => cells.join(',')),
    ),
    rows: fc.array(fc.array(csvCell, { minLength: 1, maxLength: 10 }), { maxLength: 15 }),
    newline: fc.constantFrom('\n', '\r', '\r\n'),
    trailingNewline: fc.boolean(),
  })
  .map(
    ({ bom, header, rows, newline, trailingNewline }) =>
      (bom ? '\uFEFF' : '') +
      [header, ...rows.map((r) => r.join(','))].join(newline) +
      (trailingNewline ? newline : ''),
  );

// ---- JSON-shaped entity text -------------------------------------------------------------------------------
const NUMBER_TEXTS = [
  '1e309',
  '-1e309',
  '-0',
  '0',
  '1e-400',
  '123456789012345678901234567890',
  '0.1',
  '-5',
  '2024',
  '2024.5',
  '1E2',
  '9007199254740993',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '01',
  '.5',
  '5.',
];
const ENTITY_KEYS = [
  'performanceYear',
  'apm',
  'id',
  'track',
  'entity',
  'name',
  'participationLists',
  'lowVolume',
  'segments',
  'start',
  'end',
  'allowedCharges',
  'beneficiaries',
  'services',
  'election',
  'qp',
  'snapshots',
  'date',
  'payments',
  'patients',
  'numerator',
  'denominator',
  'allPayer',
  'app',
  'reporting',
  'program',
  'qualityMeasures',
  'euc',
  'applying',
  'mipsEligibleClinicians',
  'piReweightingEligible',
  '$schema',
  '__proto__',
  'constructor',
  'toString',
];
const STRING_VALUES = [
  'SSP',
  'ENHANCED',
  'A1234',
  'REACH',
  'D0123',
  '2024-03-31',
  '2024-06-30',
  '2024-08-31',
  '2024-02-30',
  'none',
  'opt-in',
  'voluntary',
  'app1',
  'appPlus',
  '001',
  'a.participation.csv',
  '../a.participation.csv',
  '\uD800',
  '',
];
const { jsonText } = fc.letrec<{ jsonText: string; member: string }>((tie) => ({
  jsonText: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBER_TEXTS),
    fc.constantFrom(...STRING_VALUES).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('jsonText'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc.array(tie('member'), { maxLength: 8 }).map((members) => `{${members.join(',')}}`),
  ),
  member: fc.tuple(fc.constantFrom(...ENTITY_KEYS), tie('jsonText')).map(([k, v]) => `${JSON.stringify(k)}:${v}`),
}));
/** Entity-like objects: the known top-level keys with random (often wrong-typed) values, plus JSONC trivia. */
const entityText = fc.oneof(
  jsonText,
  fc.json({ maxDepth: 4 }),
  fc
    .record({
      members: fc.array(
        fc.tuple(
          fc.constantFrom(...ENTITY_KEYS.slice(0, 8), 'performanceYear', 'lowVolume', 'qp', 'app', 'euc'),
          jsonText,
        ),
        { maxLength: 8 },
      ),
      trivia: fc.constantFrom('', '// c\n', '/* c */', '/* unterminated', ',', '\uFEFF'),
    })
    .map(({ members, trivia }) => `${trivia}{${members.map(([k, v]) => `"${k}":${v}`).join(',')}}`),
);

const RECORD_KEYS = [
  'data',
  'year',
  'npi',
  'firstName',
  'qpStatus',
  'qpScoreType',
  'organizations',
  'TIN',
  'apms',
  'apmId',
  'apmEntityId',
  'entityName',
  'lvtFlag',
  'lvtPayments',
  'lvtPatients',
  'lvtPerformanceYear',
  'advancedApmFlag',
  'qpPaymentScores',
  'qpPatientScores',
  'me',
  'ai',
  '2026-06-30',
  '__proto__',
];
const { recordJson } = fc.letrec<{ recordJson: string; member: string }>((tie) => ({
  recordJson: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBER_TEXTS),
    fc.constantFrom('"1999091014"', '"XXXXX2727"', '"078051120"', '"Y"', '"08"', '"A2727"', '""').map((v) => v),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('recordJson'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(tie('member'), { maxLength: 8 }).map((members) => `{${members.join(',')}}`),
  ),
  member: fc.tuple(fc.constantFrom(...RECORD_KEYS), tie('recordJson')).map(([k, v]) => `${JSON.stringify(k)}:${v}`),
}));

// ---- Mutations of the real samples ---------------------------------------------------------------------------
type Mutation = { op: 'insert' | 'delete' | 'swap'; at: number; char: string };
function mutate(text: string, { op, at, char }: Mutation): string {
  const i = text.length === 0 ? 0 : at % text.length;
  if (op === 'insert') return text.slice(0, i) + char + text.slice(i);
  if (op === 'delete') return text.slice(0, i) + text.slice(i + 1);
  return i + 1 < text.length ? text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2) : text;
}
const mutation = fc.record({
  op: fc.constantFrom('insert' as const, 'delete' as const, 'swap' as const),
  at: fc.nat(),
  char: fc.oneof(
    fc.constantFrom('"', ',', '\n', '\r', '{', '}', '[', ']', ':', '-', '0', '9', '/', '*', '\0', '\uD800'),
    anyCodeUnit,
  ),
});
const mutatedSample = (samples: typeof SAMPLES) =>
  fc.tuple(fc.constantFrom(...samples), mutation).map(([s, m]) => mutate(s.text, m));

// ---- Properties --------------------------------------------------------------------------------------------
fuzzAll('arbitrary strings', 100, fc.string({ unit: anyCodeUnit, maxLength: 300 }));
fuzzAll(
  'arbitrary bytes as UTF-8',
  200,
  fc.uint8Array({ maxLength: 400 }).map((bytes) => new TextDecoder().decode(bytes)),
);
fuzzAll('CSV-shaped text', 300, csvText);
fuzzAll('JSON-shaped entity text', 400, entityText);
fuzzAll('mutated samples', 500, mutatedSample(SAMPLES));
fuzzAll('mutated entity samples', 600, mutatedSample(ENTITY_SAMPLES));
fuzzAll('mutated list samples', 700, mutatedSample(LIST_SAMPLES));

for (const [family, salt, input] of [
  ['record-shaped JSON', 800, recordJson],
  ['mutated record samples', 810, mutatedSample(RECORD_SAMPLES)],
  ['arbitrary strings as records', 820, fc.string({ unit: anyCodeUnit, maxLength: 300 })],
] as const) {
  test(`${family}: parseEligibilityFile, its hovers and the workspace never throw, findings inside the text`, () =>
    fc.assert(fc.property(input as fc.Arbitrary<string>, checkRecords), params(salt)));
}

// ---- Extremes no random generator reaches in a few hundred runs ---------------------------------------------
const sampleEntity = ENTITY_SAMPLES.find((s) => s.file.includes('a1234-2024'))!.text;
const MEGABYTE = 1 << 20;
const EXTREMES: [string, string][] = [
  ['1000 nested arrays', '['.repeat(1000) + ']'.repeat(1000)],
  ['1000 nested objects', `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`],
  [
    '1000 nested arrays as the performance year',
    sampleEntity.replace('"performanceYear": 2024', `"performanceYear": ${'['.repeat(1000)}2024${']'.repeat(1000)}`),
  ],
  ['1000 unclosed arrays', '['.repeat(1000)],
  // A 20 KB file: jsonc-parser's parseTree recurses once per level and overflowed the stack at ~5,500 levels.
  ['20,000 nested arrays', '['.repeat(20_000) + ']'.repeat(20_000)],
  ['20,000 nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
  ['1 MB string value', `{"performanceYear": 2024, "entity": {"id": "${'A'.repeat(MEGABYTE)}"}}`],
  ['1 MB of digits as a number', `{"performanceYear": ${'9'.repeat(MEGABYTE)}}`],
  [
    'huge exponents',
    sampleEntity
      .replace('4812550.75', '1e309')
      .replace('6120', '-0')
      .replace('31874', '1e-400')
      .replace('2760000.00', '1e99999999999'),
  ],
  ['numbers written as NaN and Infinity', sampleEntity.replace('4812550.75', 'NaN').replace('6120', 'Infinity')],
  ['1 MB CSV cell', `apm_entity_id,tin,npi\nA1234,991000101,${'1'.repeat(MEGABYTE)}\n`],
  ['1 MB unterminated quote', `apm_entity_id,tin,npi\n"${'x'.repeat(MEGABYTE)}`],
  ['10,000 empty rows of commas', `apm_entity_id,tin,npi\n${',,\n'.repeat(10_000)}`],
  ['only a BOM', '\uFEFF'],
  ['NUL bytes', '\0'.repeat(1000)],
  ['lone surrogates', '\uD800\uDC00\uDC00\uD800'.repeat(100)],
];
for (const [name, text] of EXTREMES) {
  test(`extreme input: ${name}`, () => {
    checkList(text);
    checkEntity(text);
    checkWorkspace(text, text);
    checkRecords(text);
  });
}
