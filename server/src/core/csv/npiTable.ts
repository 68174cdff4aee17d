// An open-addressing hash table from a 10-digit NPI (as a number) to a row index. Keyed by number,
// not by the sliced string, because hashing a fresh string per row dominated large lists.

export class NpiTable {
  private keys: Float64Array;
  private values: Int32Array;
  private count = 0;
  private lastSlot = 0;

  /** Sized for `expected` keys up front: growing a large table costs a rehash per doubling. */
  constructor(expected = 512) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size).fill(-1);
  }

  /** The value stored for `key`, or -1; remembers the key's slot for setFound. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v < 0 || this.keys[slot] === key) {
        this.lastSlot = slot;
        return v;
      }
    }
  }

  /** Stores `value` for the key of the last get() (one probe for a look-up and an update). */
  setFound(key: number, value: number): void {
    const slot = this.lastSlot;
    if (this.values[slot] < 0) this.count++;
    this.keys[slot] = key;
    this.values[slot] = value;
    if (this.count * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Int32Array(oldKeys.length * 2).fill(-1);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] < 0) continue;
      let slot = hash(oldKeys[i]) & mask;
      while (this.values[slot] >= 0) slot = (slot + 1) & mask;
      this.keys[slot] = oldKeys[i];
      this.values[slot] = oldValues[i];
    }
  }
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) | 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);
}
