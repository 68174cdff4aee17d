// updateParticipationList (the language server's path after an edit) against a whole check of the edited text:
// on random edits of the sample lists and of generated lists, in sequence, the findings, rows and record starts
// must be the same. Seeded with fast-check; QPP_FUZZ_SEED replays a failure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { parseParticipationList, QppWorkspace, updateParticipationList, type ParsedList } from '../../server/src/core';

const SEED = Number(process.env.QPP_FUZZ_SEED ?? 20261125);
const ROOT = process.cwd();
const SAMPLE_LISTS = globSync(['samples/**/*.participation.csv', 'test/fixtures/**/*.participation.csv'], { cwd: ROOT })
  .sort()
  .map((file) => readFileSync(path.join(ROOT, file), 'utf8'));
/** The sample workspace: entity files and the lists they name, by path. */
const SAMPLE_FILES = new Map(globSync(['samples/**/*.participation.csv', 'samples/**/*.entity.json'], { cwd: ROOT }).sort().map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));

/** What a check gives, in comparable form (entity ids are compared as strings, not by their interned index). */
function observed(list: ParsedList) {
  return {
    findings: list.findings.items,
    suppressed: list.findings.suppressed,
    rows: list.rows.all().map((row) => ({ ...row })),
    columns: list.columns,
    recordStarts: Array.from(list.updateBasis?.recordStarts ?? []),
  };
}

const HEADER = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,start_date,end_date';
const ROW_PARTS = {
  apm: ['SSP', 'ssp', 'XX', ''],
  entity: ['A1234', 'A1234', 'A2345', 'Z9', ''],
  tin: ['991234567', '99-1234567', '12345', ''],
  npi: ['1234567893', '1234567893', '1245319599', '1234567890', '3234567899', ''],
  ccn: ['', '051300', '05X300', '1'],
  listType: ['participation', 'affiliated', 'AFFILIATED', 'other', ''],
  start: ['', '2024-01-01', '03/15/2024', '2024-13-01'],
  end: ['', '2024-12-31', '2023-01-01', '"2024-06-30"'],
};
const rowArb = fc
  .record(Object.fromEntries(Object.entries(ROW_PARTS).map(([k, v]) => [k, fc.constantFrom(...v)])) as { [K in keyof typeof ROW_PARTS]: fc.Arbitrary<string> })
  .map((r) => [r.apm, r.entity, r.tin, r.npi, r.ccn, r.listType, r.start, r.end].join(','));
/** Generated lists repeat rows so duplicates come and go with the edits. */
const generatedListArb = fc.tuple(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), fc.constantFrom('\n', '\r\n')).map(([rows, picks, eol]) =>
  [HEADER, ...rows, ...picks.map((p) => rows[p % rows.length])].join(eol) + eol,
);
const listArb = fc.oneof(fc.constantFrom(...SAMPLE_LISTS), generatedListArb);

const SNIPPETS = ['"', '""', ',', '\n', '\r', '\r\n', ' ', '-', '1', '9', 'A1234', '1234567893', '99-1234567', 'affiliated', '2024-01-01', 'SSP,A1234,991234567,1234567893,,participation,,\n', 'x'];
/** An edit at a position anywhere in the text: delete up to `remove` characters, then insert `insert`. */
const editArb = fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 3 }).map((parts) => parts.join('')) });

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

test('an update after edits equals a whole check of the edited text', () => {
  let updates = 0;
  fc.assert(
    fc.property(listArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(Number.POSITIVE_INFINITY, 30), (original, edits, cap) => {
      let text = original;
      let list: ParsedList = parseParticipationList(text, cap);
      for (const e of edits) {
        text = applyEdit(text, e);
        list = updateParticipationList(list, text, cap);
        updates++;
        assert.deepEqual(observed(list), observed(parseParticipationList(text, cap)));
      }
    }),
    { seed: SEED, numRuns: 600 },
  );
  assert.ok(updates >= 600);
});

test('an edit far down a long list re-checks only the records around it', () => {
  // Distinct rows (a TIN each); the first one's TIN is hyphenated, so the first finding belongs to an unchanged record.
  const rows = Array.from({ length: 2000 }, (_, i) => `SSP,A1234,${i === 0 ? '99-0000000' : 990000000 + i},1234567893,,participation,,`);
  const text = `${[HEADER, ...rows].join('\n')}\n`;
  const before = parseParticipationList(text);
  const at = text.length - 200;
  const edited = `${text.slice(0, at)}"${text.slice(at)}`;
  const after = updateParticipationList(before, edited);
  assert.deepEqual(observed(after), observed(parseParticipationList(edited)));
  // The unchanged records' findings are the very objects of the old check: they were not found again.
  assert.equal(before.findings.items[0].code, 'ID012');
  assert.equal(after.findings.items[0], before.findings.items[0]);
});

test('a workspace whose lists are edited one change at a time equals a workspace given the final texts', () => {
  const listKeys = [...SAMPLE_FILES.keys()].filter((key) => key.endsWith('.participation.csv'));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...listKeys), editArb), { minLength: 1, maxLength: 8 }), fc.constantFrom(1000, 2), (edits, cap) => {
      const texts = new Map(SAMPLE_FILES);
      const live = new QppWorkspace({ maxFindingsPerFile: cap });
      for (const [key, text] of texts) live.setFile(key, text);
      for (const [key, e] of edits) {
        texts.set(key, applyEdit(texts.get(key)!, e));
        live.setFile(key, texts.get(key)!);
        for (const k of texts.keys()) live.analyze(k);
      }
      const fresh = new QppWorkspace({ maxFindingsPerFile: cap });
      for (const [key, text] of texts) fresh.setFile(key, text);
      for (const key of texts.keys()) assert.deepEqual(live.analyze(key), fresh.analyze(key), key);
      assert.deepEqual(live.clinicians(), fresh.clinicians());
    }),
    { seed: SEED, numRuns: 60 },
  );
});

test('edits below a header with a quoted field over two lines, and edits that make or mend an unterminated quote', () => {
  const text = 'apm_id,"apm_entity\nid",tin,npi\nSSP,A1234,991234567,1234567893\nSSP,A1234,991234568,1234567893\nSSP,A1234,991234568,1234567893\n';
  const edits = [text.replace('991234568', '99123456'), text.replace('SSP,A1234,991234567', 'SSP,"A1234,991234567'), `${text}SSP,"A2345,991234569,1234567893\n`];
  for (const edited of edits) {
    const updated = updateParticipationList(parseParticipationList(text), edited);
    assert.deepEqual(observed(updated), observed(parseParticipationList(edited)));
    const mended = updateParticipationList(updated, text);
    assert.deepEqual(observed(mended), observed(parseParticipationList(text)));
  }
});
