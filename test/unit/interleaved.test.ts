// The core keeps scratch buffers between calls (code units, value spans, a record scanner). Two checks interleaved
// (a list streamed in chunks while other lists, entity files, hovers and a workspace run in between, as qpp-check
// and the server do) must each give what they give alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cellRange,
  ListValidator,
  parseParticipationList,
  QppWorkspace,
  analyzeEntity,
  type ParsedList,
} from '../../server/src/core';
import { listHover } from '../../server/src/core/features';

const HEADER = 'apm_id,apm_entity_id,tin,npi,ccn,list_type,participant_type,start_date,end_date';
const npi = (i: number): string => {
  const base = String(199_000_000 + i);
  let sum = 24; // the 80840 prefix's Luhn contribution
  for (let k = 0; k < 9; k++) {
    let d = Number(base[8 - k]);
    if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return base + ((10 - (sum % 10)) % 10);
};
const streamed = [
  HEADER,
  ...Array.from(
    { length: 400 },
    (_, i) =>
      `SSP,A1234,99-10001${String(i % 100).padStart(2, '0')},${i % 37 === 0 ? '12345' : npi(i)},,participation,Clínica ${i},2024-0${1 + (i % 9)}-01,${i % 53 === 0 ? '2023-01-01' : ''}`,
  ),
].join('\n');
const other = [
  HEADER,
  ...Array.from(
    { length: 300 },
    (_, i) =>
      `REACH,D0123,99100${String(i).padStart(4, '0')},${npi(i + 5000)},05${String(i).padStart(4, '0')},affiliated,clinic,,`,
  ),
].join('\r\n');
const ENTITY = '{ "performanceYear": 2024, "apm": { "id": "SSP", "track": "ENHANCED" }, "entity": { "id": "A1234" } }';

const observed = (list: ParsedList) => ({
  findings: list.findings.items,
  rows: list.rows.all(),
  cells: Array.from({ length: list.rows.length }, (_, i) =>
    (['apm_id', 'apm_entity_id', 'npi'] as const).map((c) => cellRange(list, i, c)),
  ),
});

test('a list streamed in chunks gives the same result when other checks run between its chunks', () => {
  const alone = new ListValidator();
  for (let at = 0; at < streamed.length; at += 997) alone.push(streamed.slice(at, at + 997));
  alone.push('', true);
  const expected = observed(alone.result());
  const otherAlone = observed(parseParticipationList(other));

  const interleaved = new ListValidator();
  const ws = new QppWorkspace();
  let others = 0;
  for (let at = 0; at < streamed.length; at += 997) {
    interleaved.push(streamed.slice(at, at + 997));
    // Everything that touches the scratch buffers: a whole list, an entity file, a hover, a workspace.
    assert.deepEqual(observed(parseParticipationList(other)), otherAlone);
    analyzeEntity(ENTITY);
    listHover(
      { revealTins: false, cliniciansWithNpi: () => [], performanceYearOf: () => 2024 },
      other,
      other.length - 20,
    );
    ws.setFile(`/w/${others++}.participation.csv`, other);
    ws.analyze(`/w/${others - 1}.participation.csv`);
  }
  interleaved.push('', true);
  assert.deepEqual(observed(interleaved.result()), expected);
  assert.ok(expected.findings.length > 10 && expected.rows.length > 300, 'the lists exercise findings and rows');
});
