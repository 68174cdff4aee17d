// The membership rows of one participation list, column by column in typed arrays: a 100k-row list
// costs a few megabytes and no object per row until a caller asks for one.
import { npiOfKey, npiString, tinString } from '../identifiers';
import { grown } from './parse';

export interface MembershipRow {
  /** Position among the list's membership rows. */
  index: number;
  /** Record index in the table (the header is record 0). */
  row: number;
  apmId: string | null;
  entityId: string;
  tin: string;
  npi: string;
  affiliated: boolean;
  /** Day numbers; null = open (start / end of the performance year). */
  startDay: number | null;
  endDay: number | null;
}

/** Day columns hold this for an open start or end (the least small integer: V8 keeps it unboxed). */
const OPEN_DAY = -0x40000000;

// Each row's numbers sit together (one cache line, not one per column) in an Int32Array of 28 bytes a row: a
// million-row list writes 28 MB of fresh memory, and its page faults were a tenth of the check. Lists read in
// chunks, whose offsets may pass 2^31, keep their offsets in a Float64Array beside it.
const RECORD = 0;
const TIN = 1;
const ENTITY = 2;
const START_DAY = 3;
const END_DAY = 4;
/** (APM index + 1) × 2, plus 1 when on the affiliated list. */
const APM_AND_LIST = 5;
/** Offset of the record's first character (the cells are found again from there in the list's text). */
const RECORD_START = 6;
const INT_STRIDE = 7;
/** Streamed lists: the record start and the apm_id, apm_entity_id and npi cells (the text is gone). */
const FLOAT_RECORD_START = 0;
const CELLS = 1;
const FLOAT_STRIDE = 7;

/** The cells a streamed list stores, in the order of their start/end pairs. */
export const STORED_CELLS = ['apm_id', 'apm_entity_id', 'npi'] as const;
export type StoredCell = (typeof STORED_CELLS)[number];

export class MembershipRows {
  length = 0;
  private capacity: number;
  private ints: Int32Array;
  private floats: Float64Array;
  /** Each row's NPI key (its first nine digits; the check digit follows from them), apart: duplicates are found by sorting these. */
  private npiKeys: Int32Array;
  private materialized: MembershipRow[] | null = null;

  /**
   * `entityIds` is shared with the validator, which interns them, and `apmIds` with the validator that adds
   * them (and with rows re-checked after an edit); `keepCells` when the list's text is not kept (streaming);
   * `expected` sizes the storage.
   */
  constructor(
    readonly entityIds: readonly string[],
    readonly keepCells: boolean,
    expected = 256,
    readonly apmIds: string[] = [],
  ) {
    this.capacity = Math.max(16, expected);
    this.ints = new Int32Array(this.capacity * INT_STRIDE);
    this.npiKeys = new Int32Array(this.capacity);
    this.floats = new Float64Array(keepCells ? this.capacity * FLOAT_STRIDE : 0);
  }

  add(
    record: number,
    recordStart: number,
    npiKey: number,
    tin: number,
    entity: number,
    apm: number,
    startDay: number | null,
    endDay: number | null,
    affiliated: boolean,
  ): number {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    const at = i * INT_STRIDE;
    const ints = this.ints;
    ints[at + RECORD] = record;
    ints[at + TIN] = tin;
    ints[at + ENTITY] = entity;
    ints[at + START_DAY] = startDay ?? OPEN_DAY;
    ints[at + END_DAY] = endDay ?? OPEN_DAY;
    ints[at + APM_AND_LIST] = (apm + 1) * 2 + (affiliated ? 1 : 0);
    this.npiKeys[i] = npiKey;
    if (this.keepCells) this.floats[i * FLOAT_STRIDE + FLOAT_RECORD_START] = recordStart;
    else ints[at + RECORD_START] = recordStart;
    this.materialized = null;
    return i;
  }

  /** Streamed lists: the cells of STORED_CELLS, start/end pairs in that order. */
  setCells(i: number, cells: Float64Array): void {
    this.floats.set(cells, i * FLOAT_STRIDE + CELLS);
  }

  /** A stored cell's start/end (keepCells only). */
  storedCell(i: number, cell: StoredCell): [number, number] {
    const c = i * FLOAT_STRIDE + CELLS + STORED_CELLS.indexOf(cell) * 2;
    return [this.floats[c], this.floats[c + 1]];
  }

  /** Rows `indices` (ascending) in a new set (lists with their text kept only). */
  picked(indices: readonly number[]): MembershipRows {
    const out = new MembershipRows(this.entityIds, false, indices.length, this.apmIds);
    for (const i of indices) out.appendRun(this, i, i + 1);
    return out;
  }

  /**
   * These rows and `others`, in record order (both are, and few are `others`; text kept only): a new set, or
   * these rows themselves when `others` is empty (the caller only reads the result).
   */
  mergedByRecord(others: MembershipRows): MembershipRows {
    if (others.length === 0) return this;
    const out = new MembershipRows(this.entityIds, false, this.length + others.length, this.apmIds);
    let from = 0;
    for (let b = 0; b < others.length; b++) {
      const to = this.firstRowFromRecord(others.recordOf(b));
      out.appendRun(this, from, to);
      out.appendRun(others, b, b + 1);
      from = to;
    }
    out.appendRun(this, from, this.length);
    return out;
  }

  private appendRun(source: MembershipRows, from: number, to: number): void {
    while (this.length + to - from > this.capacity) this.grow();
    this.ints.set(source.ints.subarray(from * INT_STRIDE, to * INT_STRIDE), this.length * INT_STRIDE);
    this.npiKeys.set(source.npiKeys.subarray(from, to), this.length);
    this.length += to - from;
    this.materialized = null;
  }

  /**
   * Rows [from, to) replaced by `replacement`'s rows, and the rows after them moved by `recordShift` records
   * and `offsetShift` characters (lists with their text kept only): the rows of a list after an edit.
   */
  spliced(
    from: number,
    to: number,
    replacement: MembershipRows,
    recordShift: number,
    offsetShift: number,
  ): MembershipRows {
    const out = new MembershipRows(this.entityIds, false, from + replacement.length + this.length - to, this.apmIds);
    out.appendRun(this, 0, from);
    out.appendRun(replacement, 0, replacement.length);
    const moved = out.length;
    out.appendRun(this, to, this.length);
    for (let at = moved * INT_STRIDE; at < out.length * INT_STRIDE; at += INT_STRIDE) {
      out.ints[at + RECORD] += recordShift;
      out.ints[at + RECORD_START] += offsetShift;
    }
    return out;
  }

  /** The first row whose record is `record` or later (rows are in record order). */
  firstRowFromRecord(record: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ints[mid * INT_STRIDE + RECORD] < record) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops the rows whose `duplicateOf` entry is not -1, keeping the others in order. */
  removeRows(duplicateOf: Int32Array): void {
    let kept = 0;
    // Runs of kept rows move in one copy each (duplicates are few).
    for (let from = 0; from < this.length; ) {
      if (duplicateOf[from] >= 0) {
        from++;
        continue;
      }
      let to = from + 1;
      while (to < this.length && duplicateOf[to] < 0) to++;
      if (kept !== from) {
        this.ints.copyWithin(kept * INT_STRIDE, from * INT_STRIDE, to * INT_STRIDE);
        this.npiKeys.copyWithin(kept, from, to);
        if (this.keepCells) this.floats.copyWithin(kept * FLOAT_STRIDE, from * FLOAT_STRIDE, to * FLOAT_STRIDE);
      }
      kept += to - from;
      from = to;
    }
    this.length = kept;
    this.materialized = null;
  }

  recordStart(i: number): number {
    return this.keepCells
      ? this.floats[i * FLOAT_STRIDE + FLOAT_RECORD_START]
      : this.ints[i * INT_STRIDE + RECORD_START];
  }

  /** The NPI's key: its first nine digits (npiKeyAt). */
  npiKeyAt(i: number): number {
    return this.npiKeys[i];
  }

  /** Every row's NPI key, in row order (a view: valid until rows are added or removed). */
  npiKeyColumn(): Int32Array {
    return this.npiKeys.subarray(0, this.length);
  }

  npiAt(i: number): number {
    return npiOfKey(this.npiKeys[i]);
  }

  entityAt(i: number): number {
    return this.ints[i * INT_STRIDE + ENTITY];
  }

  /** Index into apmIds, or -1 when the row names no APM. */
  apmAt(i: number): number {
    return (this.ints[i * INT_STRIDE + APM_AND_LIST] >> 1) - 1;
  }

  isAffiliated(i: number): boolean {
    return (this.ints[i * INT_STRIDE + APM_AND_LIST] & 1) === 1;
  }

  /** First day on the list (-Infinity when open). */
  fromDay(i: number): number {
    const day = this.ints[i * INT_STRIDE + START_DAY];
    return day === OPEN_DAY ? Number.NEGATIVE_INFINITY : day;
  }

  /** Last day on the list (Infinity when open). */
  toDay(i: number): number {
    const day = this.ints[i * INT_STRIDE + END_DAY];
    return day === OPEN_DAY ? Number.POSITIVE_INFINITY : day;
  }

  recordOf(i: number): number {
    return this.ints[i * INT_STRIDE + RECORD];
  }

  /** Same APM, entity, TIN, list and dates (the NPI is compared by the caller). */
  sameMembership(a: number, b: number): boolean {
    const ints = this.ints;
    const x = a * INT_STRIDE;
    const y = b * INT_STRIDE;
    for (let k = TIN; k <= APM_AND_LIST; k++) if (ints[x + k] !== ints[y + k]) return false;
    return true;
  }

  /** What sameMembership compares, as a string (equal strings, same membership). */
  membershipKey(i: number): string {
    const at = i * INT_STRIDE;
    return this.ints.subarray(at + TIN, at + APM_AND_LIST + 1).join(',');
  }

  get(i: number): MembershipRow {
    return this.all()[i];
  }

  /** Every row as an object, built once on first use. */
  all(): readonly MembershipRow[] {
    if (this.materialized) return this.materialized;
    const out: MembershipRow[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const at = i * INT_STRIDE;
      const apm = this.apmAt(i);
      const start = this.ints[at + START_DAY];
      const end = this.ints[at + END_DAY];
      out[i] = {
        index: i,
        row: this.ints[at + RECORD],
        apmId: apm < 0 ? null : this.apmIds[apm],
        entityId: this.entityIds[this.ints[at + ENTITY]],
        tin: tinString(this.ints[at + TIN]),
        npi: npiString(this.npiAt(i)),
        affiliated: this.isAffiliated(i),
        startDay: start === OPEN_DAY ? null : start,
        endDay: end === OPEN_DAY ? null : end,
      };
    }
    this.materialized = out;
    return out;
  }

  private grow(): void {
    this.capacity *= 2;
    this.ints = grown(this.ints, this.capacity * INT_STRIDE);
    this.npiKeys = grown(this.npiKeys, this.capacity);
    if (this.keepCells) this.floats = grown(this.floats, this.capacity * FLOAT_STRIDE);
  }
}
