// Participation lists written as JSON arrays of row objects: the CSV list's columns, aliases and checks, with
// findings located in the JSON text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseJson } from 'jsonc-parser';
import { cellRange, parseParticipationList, type Finding } from '../../server/src/core';
import { listHover } from '../../server/src/core/features';

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

function applyFix(text: string, finding: Finding): string {
  const edits = [...(finding.data?.fixes?.[0]?.edits ?? [])].sort((a, b) => b.start - a.start);
  assert.ok(edits.length > 0, `${finding.code} has a fix`);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

// The layout of CMS's qpp-conversion-tool APM-entity/TIN/NPI files (keys apm_entity_id, tin, npi).
const CONVERSION_TOOL = `[
  {"apm_entity_id": "A1234", "tin": "991000101", "npi": "1999000015"},
  {"apm_entity_id": "A1234", "tin": "991000101", "npi": "1999000016"},
  {"apm_entity_id": "A1234", "tin": "99-1000101", "npi": "1999000023"}
]
`;

test('a qpp-conversion-tool style JSON list: the CSV checks, located at the JSON values', () => {
  const list = parseParticipationList(CONVERSION_TOOL);
  assert.deepEqual(codes(list.findings.items), ['ID002', 'ID012']);
  const [luhn, hyphen] = list.findings.items;
  assert.equal(CONVERSION_TOOL.slice(luhn.start, luhn.end), '"1999000016"');
  assert.equal(CONVERSION_TOOL.slice(hyphen.start, hyphen.end), '"99-1000101"');
  const fixed = applyFix(CONVERSION_TOOL, hyphen);
  assert.deepEqual(parseJson(fixed)[2], { apm_entity_id: 'A1234', tin: '991000101', npi: '1999000023' });
  assert.equal(list.rows.length, 2);
  const [s, e] = cellRange(list, 1, 'npi');
  assert.equal(CONVERSION_TOOL.slice(s, e), '"1999000023"');
});

test('the same rows as CSV and as JSON give the same findings, CMS header names included', () => {
  const rows = [
    ['ACO_ID', 'ORG_TIN', 'ORG_NPI', 'start_date', 'end_date'],
    ['A1234', '12345678', '1999000015', '1/1/2025', ''],
    ['A1234', '991000101', '1.99E+09', '2025-01-01', '2024-01-01'],
    ['A1234', '991000101', '1999000023.0', '2025-13-01', ''],
    ['A1234', '991000101', '1999000031', '', ''],
    ['A1234', '991000101', '1999000031', '', ''],
    ['', '', '', '', ''],
  ];
  const csv = `${rows.map((r) => r.join(',')).join('\n')}\n`;
  const json = JSON.stringify(
    rows.slice(1).map((r) => Object.fromEntries(r.map((v, i) => [rows[0][i], v]))),
    null,
    2,
  );
  const fromCsv = parseParticipationList(csv);
  const fromJson = parseParticipationList(json);
  assert.ok(fromCsv.findings.items.length >= 8, codes(fromCsv.findings.items).join(' '));
  assert.deepEqual(codes(fromJson.findings.items), codes(fromCsv.findings.items));
  assert.deepEqual(
    fromJson.findings.items.map((f) => f.message),
    fromCsv.findings.items.map((f) => f.message),
  );
  assert.equal(fromJson.rows.length, fromCsv.rows.length);
  for (const f of fromJson.findings.items.filter((f) => f.code !== 'CSV005'))
    assert.match(json.slice(f.start, f.end), /^"[^"]*"$/, `${f.code} points at a JSON string`);
});

test('hostile JSON: not an array, rows that are not objects, nested values, bad syntax, no rows', () => {
  assert.deepEqual(codes(parseParticipationList('{"rows": []}').findings.items), ['JSON003']);
  assert.deepEqual(
    codes(
      parseParticipationList('[1, "x", {"apm_entity_id": "A1234", "tin": "991000101", "npi": "1999000015"}]').findings
        .items,
    ),
    ['JSON003', 'JSON003'],
  );
  const nested = '[{"apm_entity_id": "A1234", "tin": {"value": "991000101"}, "npi": ["1999000015"], "ccn": true}]';
  const found = parseParticipationList(nested).findings.items;
  assert.equal(found.filter((f) => f.code === 'JSON003').length, 3);
  assert.equal(found.filter((f) => f.code === 'CSV007').length, 2, 'the unreadable TIN and NPI are empty');
  assert.deepEqual(codes(parseParticipationList('[{"tin": "991000101",').findings.items).slice(0, 1), ['JSON001']);
  assert.deepEqual(codes(parseParticipationList('[]').findings.items), ['CSV003']);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  assert.deepEqual(codes(parseParticipationList(deep).findings.items), ['JSON001']);
});

test('numbers for identifiers are read as written; a fix that restores a zero makes the number a string', () => {
  const text =
    '[{"apm_entity_id": "A1234", "tin": 12345678, "npi": 1999000015, "ccn": 51300},\n {"apm_entity_id": "A1234", "tin": 991000101, "npi": 1999000023.0}]';
  const list = parseParticipationList(text);
  assert.deepEqual(codes(list.findings.items), ['XL001', 'XL004', 'XL003']);
  let fixed = text;
  for (const f of [...list.findings.items].reverse()) fixed = applyFix(fixed, f);
  assert.deepEqual(parseJson(fixed), [
    { apm_entity_id: 'A1234', tin: '012345678', npi: 1999000015, ccn: '051300' },
    { apm_entity_id: 'A1234', tin: 991000101, npi: 1999000023 },
  ]);
  assert.deepEqual(codes(parseParticipationList(fixed).findings.items), []);
});

test('SSN-shaped keys and values in a JSON list stay masked in messages', () => {
  const text =
    '[{"apm_entity_id": "A1234", "tin": "078-05-1120", "npi": "1999000015", "219099999": "x", "list_type": "457555462"}]';
  const messages = parseParticipationList(text)
    .findings.items.map((f) => f.message)
    .join('\n');
  assert.ok(messages.length > 0);
  for (const ssn of ['078051120', '219099999', '457555462'])
    assert.ok(!messages.replace(/-/g, '').includes(ssn), messages);
});

test('a hover on a JSON list value explains its column', () => {
  const offset = CONVERSION_TOOL.indexOf('1999000023');
  const context = { revealTins: false, cliniciansWithNpi: () => [], performanceYearOf: () => null };
  const hover = listHover(context, CONVERSION_TOOL, offset);
  assert.ok(hover, 'a hover');
  assert.match(JSON.stringify(hover), /NPI/);
});
