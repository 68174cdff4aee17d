// The shared settings reader: .qpp-lens.json parsing and the merge with editor settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, mergeSettings, parseQppLensConfig } from '../../server/src/config';

test('parseQppLensConfig reads every key, with comments', () => {
  const { config, errors } = parseQppLensConfig(`{
    // team defaults
    "validation": { "scope": "workspace" },
    "severity": { "ID011": "off", "APP004": "error" },
    "maxFindingsPerFile": 50,
    "revealTins": true,
  }`);
  assert.deepEqual(errors, []);
  assert.deepEqual(config, {
    validationScope: 'workspace',
    severity: { ID011: 'off', APP004: 'error' },
    maxFindingsPerFile: 50,
    revealTins: true,
  });
});

test('parseQppLensConfig reports bad values and keeps the good ones', () => {
  const { config, errors } = parseQppLensConfig(
    '{ "validation": { "scope": "everything" }, "severity": { "NOPE1": "off", "QP001": "loud" }, "maxFindingsPerFile": 0, "colour": 1, "revealTins": false }',
  );
  assert.deepEqual(config, { severity: {}, revealTins: false });
  assert.equal(errors.length, 5);
  assert.ok(errors.some((e) => e.includes('"validation.scope"')));
  assert.ok(errors.some((e) => e.includes('NOPE1') && e.includes('no such diagnostic code')));
  assert.ok(errors.some((e) => e.includes('unknown setting "colour"')));
});

test('parseQppLensConfig reads "xlsx": {"sheet": …} and reports any other shape', () => {
  assert.deepEqual(parseQppLensConfig('{ "xlsx": { "sheet": "Participants" } }'), {
    config: { xlsx: { sheet: 'Participants' } },
    errors: [],
  });
  for (const bad of ['{ "sheet": "" }', '{ "sheet": 1 }', '{ "tab": "A" }', '"Participants"']) {
    const { config, errors } = parseQppLensConfig(`{ "xlsx": ${bad} }`);
    assert.deepEqual(config, {}, bad);
    assert.deepEqual(errors, ['.qpp-lens.json: "xlsx" must be {"sheet": "<sheet name>"}'], bad);
  }
});

test('parseQppLensConfig rejects broken JSON with a message, not an exception', () => {
  const { config, errors } = parseQppLensConfig('{ "revealTins": ');
  assert.deepEqual(config, {});
  assert.match(errors[0], /^\.qpp-lens\.json: ValueExpected at offset \d+$/);
  assert.match(parseQppLensConfig('[1]').errors[0], /expected an object/);
});

test('mergeSettings: later sources win key by key, severity maps merge per code', () => {
  const merged = mergeSettings(
    { validationScope: 'workspace', severity: { ID011: 'off', QP001: 'hint' } },
    { severity: { QP001: 'warning' }, maxFindingsPerFile: 10 },
  );
  assert.deepEqual(merged, {
    validationScope: 'workspace',
    severity: { ID011: 'off', QP001: 'warning' },
    maxFindingsPerFile: 10,
    revealTins: false,
    trace: 'off',
    columns: {},
    ignore: [],
    files: {},
    suppress: [],
    xlsx: {},
  });
  assert.deepEqual(mergeSettings(), { ...DEFAULT_SETTINGS, severity: {}, columns: {}, files: {} });
  // "files" globs add up across sources; an editor's empty defaults take none away.
  assert.deepEqual(
    mergeSettings(
      { files: { participationLists: ['ACO_*.csv'] } },
      { files: { participationLists: [], entityFiles: [] } },
      { files: { participationLists: ['roster.txt'] } },
    ).files,
    { participationLists: ['ACO_*.csv', 'roster.txt'] },
  );
});
