// XF003: one NPI on the Participation Lists of two APM Entities of the same APM on overlapping dates. Each later
// stint is reported once, at its NPI cell, against the earliest earlier stint it conflicts with (firstConflicts).
import { cellRange } from '../csv/list';
import { npiString } from '../identifiers';
import { quoteUserText } from '../privacy';
import { firstConflicts, type StintFacts } from '../stintConflicts';
import type { CrossFileIndex } from './index';
import type { SinkOf } from './rules';

export function* overlappingParticipation(index: CrossFileIndex, sinkOf: SinkOf): Generator<void, void> {
  const stints = index.stints;
  const listOf = (stint: number) => index.lists[stints.list[stint]];
  const rowsOf = (stint: number) => listOf(stint)[1].rows;
  const entityOf = (stint: number) => rowsOf(stint).entityIds[rowsOf(stint).entityAt(stints.row[stint])];
  const facts: StintFacts = {
    apm: (stint) => stints.apm[stint],
    entity: (stint) => stints.entity[stint],
    fromDay: (stint) => rowsOf(stint).fromDay(stints.row[stint]),
    toDay: (stint) => rowsOf(stint).toDay(stints.row[stint]),
  };
  for (const chain of npiChains(index)) {
    const conflicts = firstConflicts(chain, facts);
    for (let k = 1; k < chain.length; k++) {
      const a = conflicts[k];
      if (a < 0) continue;
      const b = chain[k];
      const [listKeyA, listA] = listOf(a);
      const [listKeyB, listB] = listOf(b);
      const [start, end] = cellRange(listB, stints.row[b], 'npi');
      const [otherStart, otherEnd] = cellRange(listA, stints.row[a], 'npi');
      const npi = npiString(listB.rows.npiAt(stints.row[b]));
      const apm = stints.apmNames[stints.apm[a]];
      sinkOf(listKeyB).add(
        'XF003',
        start,
        end,
        `NPI ${npi} is on the Participation Lists of ${quoteUserText(entityOf(a))} and ${quoteUserText(entityOf(b))}${apm ? ` (both ${apm})` : ''} on overlapping dates`,
        undefined,
        [{ file: listKeyA, start: otherStart, end: otherEnd, message: `${quoteUserText(entityOf(a))} row` }],
      );
    }
    yield;
  }
}

/** The stints of each NPI with more than one, in order of their first stint. */
function* npiChains(index: CrossFileIndex): Generator<number[], void> {
  const { count, earlier, later } = index.stints;
  for (let first = 0; first < count; first++) {
    if (earlier[first] >= 0 || later[first] < 0) continue;
    const chain: number[] = [];
    for (let stint = first; stint >= 0; stint = later[stint]) chain.push(stint);
    yield chain;
  }
}
