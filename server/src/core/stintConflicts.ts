// XF003: which earlier stint (participation list row) of the same NPI each stint conflicts with. Comparing each stint
// with every earlier one is quadratic when one NPI fills a list (a placeholder NPI), so long chains use
// EarliestOverlap: for stints added in order, the earliest one whose day range overlaps a given range and whose entity
// is another than a given one, in O(log n) per call.
//
// A range [from, to] overlaps [f, t] (both valid, from <= to) when it contains f, or starts in (f, t]. Two segment
// trees over the distinct days answer the two halves: `covering` (each added range marks the nodes it spans; a day's
// ranges are on its path to the root) and `starting` (each added range marks its start's path; a range of starts is a
// few nodes). A node keeps the earliest index it has seen and the earliest of another entity than that one: whatever
// entity a query excludes, one of the two is the earliest of the rest.

import { lastAtOrBefore } from './text';

const NONE = -1;

class EarliestTwoTree {
  readonly first: Int32Array;
  readonly firstEntity: Int32Array;
  readonly other: Int32Array;

  constructor(readonly leaves: number) {
    this.first = new Int32Array(2 * leaves).fill(NONE);
    this.firstEntity = new Int32Array(2 * leaves);
    this.other = new Int32Array(2 * leaves).fill(NONE);
  }

  /** Records stint `index` (larger than every index recorded before) of `entity` at node `node`. */
  mark(node: number, index: number, entity: number): void {
    if (this.first[node] === NONE) {
      this.first[node] = index;
      this.firstEntity[node] = entity;
    } else if (this.other[node] === NONE && this.firstEntity[node] !== entity) {
      this.other[node] = index;
    }
  }

  /** The earliest stint at `node` whose entity is not `entity`, or NONE. */
  earliestNotOf(node: number, entity: number): number {
    return this.firstEntity[node] !== entity ? this.first[node] : this.other[node];
  }
}

export class EarliestOverlap {
  private readonly days: Float64Array;
  private readonly covering: EarliestTwoTree;
  private readonly starting: EarliestTwoTree;

  /** `days`: every from and to day that add and earliestOtherOverlapping will be given (±Infinity for open ends). */
  constructor(days: readonly number[]) {
    const sorted = Float64Array.from(days).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
    this.days = sorted.subarray(0, unique);
    this.covering = new EarliestTwoTree(unique);
    this.starting = new EarliestTwoTree(unique);
  }

  /** Adds stint `index` (one more than the last added, from 0) of `entity` over days [from, to]. */
  add(index: number, entity: number, from: number, to: number): void {
    const n = this.days.length;
    // [from, to] as leaves [l, r): the nodes that together span it.
    for (let l = this.position(from) + n, r = this.position(to) + 1 + n; l < r; l >>= 1, r >>= 1) {
      if (l & 1) this.covering.mark(l++, index, entity);
      if (r & 1) this.covering.mark(--r, index, entity);
    }
    for (let node = this.position(from) + n; node >= 1; node >>= 1) this.starting.mark(node, index, entity);
  }

  /** The earliest stint added that overlaps [from, to] and is not of `entity`, or -1. */
  earliestOtherOverlapping(entity: number, from: number, to: number): number {
    const n = this.days.length;
    let best = NONE;
    const consider = (tree: EarliestTwoTree, node: number) => {
      const found = tree.earliestNotOf(node, entity);
      if (found !== NONE && (best === NONE || found < best)) best = found;
    };
    const start = this.position(from);
    for (let node = start + n; node >= 1; node >>= 1) consider(this.covering, node);
    // Ranges that start in (from, to]: leaves [start + 1, position(to) + 1).
    for (let l = start + 1 + n, r = this.position(to) + 1 + n; l < r; l >>= 1, r >>= 1) {
      if (l & 1) consider(this.starting, l++);
      if (r & 1) consider(this.starting, --r);
    }
    return best;
  }

  /** Leaf of `day` (one of the days given to the constructor). */
  private position(day: number): number {
    return lastAtOrBefore(this.days, day);
  }
}

/** What firstConflicts needs to know of a stint. */
export interface StintFacts {
  apm(stint: number): number;
  /** The stint's entity as a number (equal numbers, same entity). */
  entity(stint: number): number;
  fromDay(stint: number): number;
  toDay(stint: number): number;
}

/** Chains up to this long are compared pair by pair (no allocation); longer ones use EarliestOverlap. */
const FEW_STINTS = 32;

/**
 * For each stint of one NPI's chain (in order), the earliest earlier stint of the chain with the same APM, another
 * entity and overlapping days (the one XF003 names), or -1.
 */
export function firstConflicts(chain: readonly number[], facts: StintFacts): Int32Array {
  const conflicts = new Int32Array(chain.length).fill(NONE);
  if (chain.length <= FEW_STINTS) {
    for (let k = 1; k < chain.length; k++) {
      const b = chain[k];
      for (let j = 0; j < k; j++) {
        const a = chain[j];
        if (facts.apm(a) !== facts.apm(b) || facts.entity(a) === facts.entity(b)) continue;
        if (facts.fromDay(a) <= facts.toDay(b) && facts.fromDay(b) <= facts.toDay(a)) {
          conflicts[k] = a;
          break;
        }
      }
    }
    return conflicts;
  }
  // Positions in the chain, per APM: stints of other APMs never conflict.
  const positionsByApm = new Map<number, number[]>();
  chain.forEach((stint, k) => {
    const positions = positionsByApm.get(facts.apm(stint));
    if (positions) positions.push(k);
    else positionsByApm.set(facts.apm(stint), [k]);
  });
  for (const positions of positionsByApm.values()) {
    const days = positions.flatMap((k) => [facts.fromDay(chain[k]), facts.toDay(chain[k])]);
    const index = new EarliestOverlap(days);
    positions.forEach((k, added) => {
      const b = chain[k];
      const earlier = index.earliestOtherOverlapping(facts.entity(b), facts.fromDay(b), facts.toDay(b));
      if (earlier !== NONE) conflicts[k] = chain[positions[earlier]];
      index.add(added, facts.entity(b), facts.fromDay(b), facts.toDay(b));
    });
  }
  return conflicts;
}
