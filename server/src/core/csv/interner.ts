// Interns the strings of text spans: the same span text always gets the same index, and a string is
// sliced only the first time its text is seen (hashing a freshly sliced string per row dominated lists).
import { detachedSlice } from '../text';

export class SpanInterner {
  readonly strings: string[] = [];
  /** Whether the last intern() added a new string. */
  added = false;
  private slots = new Int32Array(256).fill(-1);
  private hashes: number[] = [];

  /** Index of text[start, end), adding it when new. */
  intern(text: string, start: number, end: number): number {
    const hash = spanHash(text, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot];
      if (index < 0) {
        const added = this.strings.push(detachedSlice(text, start, end)) - 1;
        this.hashes.push(hash);
        this.slots[slot] = added;
        this.added = true;
        if (this.strings.length * 2 > this.slots.length) this.grow();
        return added;
      }
      if (this.hashes[index] === hash && spanEquals(text, start, end, this.strings[index])) {
        this.added = false;
        return index;
      }
    }
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.strings.length; index++) {
      let slot = this.hashes[index] & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = index;
    }
  }
}

function spanHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function spanEquals(text: string, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(start + i) !== s.charCodeAt(i)) return false;
  return true;
}
