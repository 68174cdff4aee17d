// Interns the strings of text spans: the same span text always gets the same index, and a string is
// sliced only the first time its text is seen (hashing a freshly sliced string per row dominated lists).
import type { CharCodes } from '../charCodes';
import { detachedSlice } from '../text';
import { grown } from './parse';

export class SpanInterner {
  readonly strings: string[] = [];
  private slots = new Int32Array(256).fill(-1);
  private hashes = new Int32Array(128);
  // Every string's characters end to end (string i is chars[charFrom[i], charFrom[i + 1])): a span is compared
  // with these typed arrays, not with the strings, whose representations vary.
  private chars = new Uint16Array(1024);
  private charFrom = new Int32Array(129);

  /** Index of the span [start, end) of `text`, whose code units are `codes`, adding it when new. */
  intern(codes: CharCodes, text: string, start: number, end: number): number {
    const hash = spanHash(codes, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot];
      if (index < 0) {
        this.slots[slot] = this.add(codes, text, start, end, hash);
        if (this.strings.length * 2 > this.slots.length) this.grow();
        return this.strings.length - 1;
      }
      if (this.hashes[index] === hash && this.equalsStored(codes, start, end, index)) return index;
    }
  }

  private equalsStored(codes: CharCodes, start: number, end: number, index: number): boolean {
    const from = this.charFrom[index];
    if (this.charFrom[index + 1] - from !== end - start) return false;
    const chars = this.chars;
    for (let i = start, at = from; i < end; i++, at++) if (codes[i] !== chars[at]) return false;
    return true;
  }

  private add(codes: CharCodes, text: string, start: number, end: number, hash: number): number {
    const index = this.strings.push(detachedSlice(text, start, end)) - 1;
    if (index + 2 > this.charFrom.length) {
      this.charFrom = grown(this.charFrom, this.charFrom.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    const from = this.charFrom[index];
    const to = from + end - start;
    if (to > this.chars.length) this.chars = grown(this.chars, Math.max(to, this.chars.length * 2));
    this.chars.set(codes.subarray(start, end), from);
    this.charFrom[index + 1] = to;
    this.hashes[index] = hash;
    return index;
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

function spanHash(codes: CharCodes, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ codes[i], 0x01000193);
  return h;
}

export function spanEquals(codes: CharCodes, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (codes[start + i] !== s.charCodeAt(i)) return false;
  return true;
}
