import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstConflicts, type StintFacts } from '../../server/src/core/stintConflicts';
import { seededRandom } from '../helpers/random';

/** The rule as docs/rules.md#clinicians-across-files words it (XF003), pair by pair: the earliest earlier stint with the same APM, another entity, overlapping days. */
function conflictsByDefinition(chain: number[], facts: StintFacts): number[] {
  return chain.map((b, k) => {
    for (const a of chain.slice(0, k)) {
      if (facts.apm(a) === facts.apm(b) && facts.entity(a) !== facts.entity(b) && facts.fromDay(a) <= facts.toDay(b) && facts.fromDay(b) <= facts.toDay(a)) return a;
    }
    return -1;
  });
}

test('XF003 conflicts of long chains (the indexed path) and short ones (pairwise) are those of the definition', () => {
  const seed = 20261125;
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  for (let round = 0; round < 300; round++) {
    // Few APMs, entities and days, so that overlaps, same-entity runs and open ends all occur; lengths on both sides of 32.
    const length = 1 + pick(round % 3 === 0 ? 30 : 400);
    const entities = 1 + pick(6);
    const stints = Array.from({ length }, () => {
      const from = random() < 0.2 ? Number.NEGATIVE_INFINITY : pick(60);
      const to = random() < 0.2 ? Number.POSITIVE_INFINITY : (from === Number.NEGATIVE_INFINITY ? 0 : from) + pick(round % 2 ? 3 : 40);
      return { apm: pick(2), entity: pick(entities), from, to };
    });
    const facts: StintFacts = {
      apm: (s) => stints[s].apm,
      entity: (s) => stints[s].entity,
      fromDay: (s) => stints[s].from,
      toDay: (s) => stints[s].to,
    };
    const chain = stints.map((_, i) => i);
    assert.deepEqual([...firstConflicts(chain, facts)], conflictsByDefinition(chain, facts), `seed ${seed}, round ${round}, ${length} stints`);
  }
});
