// The entity JSON Schema (schemas/qpp-entity.schema.json) that VS Code uses through jsonValidation:
// it must compile as draft-07, accept every sample entity file, and reject structurally broken ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv/dist/ajv';
import { parse, type ParseError } from 'jsonc-parser';
import { globSync } from 'tinyglobby';

const root = process.cwd();
const schema = JSON.parse(readFileSync(join(root, 'schemas/qpp-entity.schema.json'), 'utf8'));
// allowComments is VS Code's schema keyword for JSON with comments (its JSON service reads it, ajv need not).
const validate = new Ajv({ allErrors: true, keywords: ['allowComments'] }).compile(schema);

function readJsonc(path: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const value = parse(readFileSync(join(root, path), 'utf8'), errors, { allowTrailingComma: false });
  return { value, errors };
}

const validSample = {
  performanceYear: 2024,
  apm: { id: 'SSP', track: 'ENHANCED' },
  entity: { id: 'A1234' },
  lowVolume: {
    segments: [{ start: '2022-10-01', end: '2023-09-30', allowedCharges: 100000, beneficiaries: 300, services: 400 }],
  },
};

test('every sample entity file outside samples/broken parses and satisfies the schema', () => {
  const files = globSync(['samples/**/*.entity.json'], { cwd: root, ignore: ['samples/broken/**'] });
  assert.ok(files.length >= 15, `expected the sample workspace, found ${files.length} entity files`);
  for (const file of files) {
    const { value, errors } = readJsonc(file);
    assert.deepEqual(errors, [], `${file} has JSONC syntax errors`);
    assert.ok(validate(value), `${file}: ${JSON.stringify(validate.errors)}`);
  }
});

test('the deliberately broken samples are caught', () => {
  assert.notDeepEqual(
    readJsonc('samples/broken/syntax-error.entity.json').errors,
    [],
    'syntax-error.entity.json should not parse',
  );
  assert.equal(validate(readJsonc('samples/broken/missing-year.entity.json').value), false);
});

test('unknown properties and $schema are allowed (the server warns, the schema does not reject)', () => {
  assert.ok(validate({ ...validSample, $schema: '../schemas/qpp-entity.schema.json', notes: 'free text' }));
  assert.ok(validate({ ...validSample, apm: { id: 'SSP', subdivision: 'x' } }));
});

const broken: [string, unknown][] = [
  ['missing performanceYear', { apm: { id: 'SSP' }, entity: { id: 'A1234' } }],
  ['performanceYear out of range', { ...validSample, performanceYear: 2030 }],
  ['performanceYear not an integer', { ...validSample, performanceYear: '2024' }],
  ['apm.id of the wrong type', { ...validSample, apm: { id: 42 } }],
  ['apm without id', { ...validSample, apm: { track: 'ENHANCED' } }],
  ['entity without id', { ...validSample, entity: { name: 'Example ACO' } }],
  ['election not in the enum', { ...validSample, lowVolume: { election: 'maybe' } }],
  ['negative beneficiaries', { ...validSample, lowVolume: { segments: [{ beneficiaries: -1 }] } }],
  ['fractional services', { ...validSample, lowVolume: { segments: [{ services: 2.5 }] } }],
  ['segment date not YYYY-MM-DD', { ...validSample, lowVolume: { segments: [{ start: '10/01/2022' }] } }],
  ['partialQpElection not in the enum', { ...validSample, qp: { partialQpElection: 'yes' } }],
  ['app program not in the enum', { ...validSample, app: { program: 'app2' } }],
  ['negative EUC count', { ...validSample, euc: { mipsEligibleClinicians: -5 } }],
];

for (const [name, document] of broken) {
  test(`schema rejects: ${name}`, () => {
    assert.equal(validate(document), false, `${name} was accepted`);
  });
}

test('the valid baseline document is accepted (so the rejections above are about the one change)', () => {
  assert.ok(validate(validSample), JSON.stringify(validate.errors));
});
