// The membership rows of one participation list, column by column in typed arrays: a 100k-row list
// costs a few megabytes and no object per row until a caller asks for one.
import { npiString, tinString } from '../identifiers';

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

/** Day columns hold this for an open start or end. */
const OPEN_DAY = -0x80000000;

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

export class MembershipRows {
  length = 0;
  private capacity: number;
  private records: Int32Array;
  private npis: Float64Array;
  private tins: Int32Array;
  private entities: Int32Array;
  private apms: Int32Array;
  private startDays: Int32Array;
  private endDays: Int32Array;
  private affiliatedFlags: Uint8Array;
  /** Index of the previous row with the same NPI, or -1 (duplicate checks walk this chain). */
  private earlierOfSameNpi: Int32Array;
  /** Start/end of the apm_id, apm_entity_id and npi cells (cross-file findings point at them). */
  private cells: Float64Array;
  private materialized: MembershipRow[] | null = null;
  readonly apmIds: string[] = [];

  /** `entityIds` is shared with the validator, which interns them; `expected` sizes the columns. */
  constructor(readonly entityIds: readonly string[], expected = 256) {
    const n = (this.capacity = Math.max(16, expected));
    this.records = new Int32Array(n);
    this.npis = new Float64Array(n);
    this.tins = new Int32Array(n);
    this.entities = new Int32Array(n);
    this.apms = new Int32Array(n);
    this.startDays = new Int32Array(n);
    this.endDays = new Int32Array(n);
    this.affiliatedFlags = new Uint8Array(n);
    this.earlierOfSameNpi = new Int32Array(n);
    this.cells = new Float64Array(n * 6);
  }

  add(record: number, npi: number, tin: number, entity: number, apm: number, startDay: number | null, endDay: number | null, affiliated: boolean, earlier: number): number {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.records[i] = record;
    this.npis[i] = npi;
    this.tins[i] = tin;
    this.entities[i] = entity;
    this.apms[i] = apm;
    this.startDays[i] = startDay ?? OPEN_DAY;
    this.endDays[i] = endDay ?? OPEN_DAY;
    this.affiliatedFlags[i] = affiliated ? 1 : 0;
    this.earlierOfSameNpi[i] = earlier;
    this.materialized = null;
    return i;
  }

  setCells(i: number, apmStart: number, apmEnd: number, entityStart: number, entityEnd: number, npiStart: number, npiEnd: number): void {
    const c = this.cells;
    c[i * 6] = apmStart;
    c[i * 6 + 1] = apmEnd;
    c[i * 6 + 2] = entityStart;
    c[i * 6 + 3] = entityEnd;
    c[i * 6 + 4] = npiStart;
    c[i * 6 + 5] = npiEnd;
  }

  /** Start/end of a cell: 0 apm_id, 1 apm_entity_id, 2 npi. */
  cell(i: number, which: 0 | 1 | 2): [number, number] {
    return [this.cells[i * 6 + which * 2], this.cells[i * 6 + which * 2 + 1]];
  }

  earlierWithSameNpi(i: number): number {
    return this.earlierOfSameNpi[i];
  }

  npiAt(i: number): number {
    return this.npis[i];
  }

  /** Same APM, entity, TIN, list and dates (the NPI is compared by the caller). */
  sameMembership(a: number, b: number): boolean {
    return this.apms[a] === this.apms[b] && this.entities[a] === this.entities[b] && this.tins[a] === this.tins[b] &&
      this.affiliatedFlags[a] === this.affiliatedFlags[b] && this.startDays[a] === this.startDays[b] && this.endDays[a] === this.endDays[b];
  }

  entityAt(i: number): number {
    return this.entities[i];
  }

  /** Index into apmIds, or -1 when the row names no APM. */
  apmAt(i: number): number {
    return this.apms[i];
  }

  isAffiliated(i: number): boolean {
    return this.affiliatedFlags[i] === 1;
  }

  /** First day on the list (-Infinity when open). */
  fromDay(i: number): number {
    return this.startDays[i] === OPEN_DAY ? Number.NEGATIVE_INFINITY : this.startDays[i];
  }

  /** Last day on the list (Infinity when open). */
  toDay(i: number): number {
    return this.endDays[i] === OPEN_DAY ? Number.POSITIVE_INFINITY : this.endDays[i];
  }

  recordOf(i: number): number {
    return this.records[i];
  }

  get(i: number): MembershipRow {
    return this.all()[i];
  }

  /** Every row as an object, built once on first use. */
  all(): readonly MembershipRow[] {
    if (this.materialized) return this.materialized;
    const out: MembershipRow[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const apm = this.apms[i];
      const start = this.startDays[i];
      const end = this.endDays[i];
      out[i] = {
        index: i,
        row: this.records[i],
        apmId: apm < 0 ? null : this.apmIds[apm],
        entityId: this.entityIds[this.entities[i]],
        tin: tinString(this.tins[i]),
        npi: npiString(this.npis[i]),
        affiliated: this.affiliatedFlags[i] === 1,
        startDay: start === OPEN_DAY ? null : start,
        endDay: end === OPEN_DAY ? null : end,
      };
    }
    this.materialized = out;
    return out;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.records = grown(this.records, size);
    this.npis = grown(this.npis, size);
    this.tins = grown(this.tins, size);
    this.entities = grown(this.entities, size);
    this.apms = grown(this.apms, size);
    this.startDays = grown(this.startDays, size);
    this.endDays = grown(this.endDays, size);
    this.affiliatedFlags = grown(this.affiliatedFlags, size);
    this.earlierOfSameNpi = grown(this.earlierOfSameNpi, size);
    this.cells = grown(this.cells, size * 6);
    this.capacity = size;
  }
}
