// An open-addressing hash table from a 10-digit NPI (as a number) to a row index. Keyed by number,
// not by the sliced string, because hashing a fresh string per row dominated large lists.

export function npiNumber(npi: string): number {
  let n = 0;
  for (let i = 0; i < npi.length; i++) n = n * 10 + (npi.charCodeAt(i) - 48);
  return n;
}

export class NpiTable {
  private keys = new Float64Array(1024);
  private values = new Int32Array(1024).fill(-1);
  private count = 0;

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v < 0) return -1;
      if (this.keys[slot] === key) return v;
    }
  }

  set(key: number, value: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      if (this.values[slot] < 0) {
        this.keys[slot] = key;
        this.values[slot] = value;
        this.count++;
        return;
      }
      if (this.keys[slot] === key) {
        this.values[slot] = value;
        return;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Int32Array(oldKeys.length * 2).fill(-1);
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldValues[i] >= 0) this.set(oldKeys[i], oldValues[i]);
  }
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) | 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);
}
