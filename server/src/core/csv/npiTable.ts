// An open-addressing hash table from an NPI to a row index. Keyed by number, not by the sliced string
// (hashing a fresh string per row dominated large lists), and by the NPI's first nine digits (its key, npiKeyAt), which
// identify an NPI with a valid check digit (the only ones membership rows hold): key and value then share one
// Int32 pair, so a look-up touches one cache line.

const EMPTY = -1;

export class NpiTable {
  /** [key, value] pairs; value EMPTY marks a free slot. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private lastSlot = 0;

  /** Sized for `expected` keys up front: growing a large table costs a rehash per doubling. */
  constructor(expected = 512) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
  }

  /** The value stored for an NPI's key, or -1; remembers the key's slot for setFound. */
  get(key: number): number {
    const slots = this.slots;
    for (let slot = hash(key) & this.mask; ; slot = (slot + 1) & this.mask) {
      const value = slots[slot * 2 + 1];
      if (value === EMPTY || slots[slot * 2] === key) {
        this.lastSlot = slot;
        return value;
      }
    }
  }

  /** Stores `value` for the key of the last get() (one probe for a look-up and an update). */
  setFound(key: number, value: number): void {
    const at = this.lastSlot * 2;
    if (this.slots[at + 1] === EMPTY) this.count++;
    this.slots[at] = key;
    this.slots[at + 1] = value;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    this.mask = old.length - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === EMPTY) continue;
      let slot = hash(old[at]) & this.mask;
      while (this.slots[slot * 2 + 1] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = old[at];
      this.slots[slot * 2 + 1] = old[at + 1];
    }
  }
}

function hash(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return h ^ (h >>> 16);
}
