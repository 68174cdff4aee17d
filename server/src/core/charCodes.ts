// A text's UTF-16 code units in a typed array, for the code that reads every character of a list. V8 reads a
// typed array element in under half the time of a charCodeAt (which dispatches on the string's representation on
// every call), and an ASCII text, as nearly every list is, converts in one TextEncoder pass (0.2 ms for 6.8 MB).

/** Code units: one byte each when the text is ASCII (its UTF-8 bytes are then its code units), else two. */
export type CharCodes = Uint8Array | Uint16Array;

// The core targets no platform, but every JavaScript runtime it runs in (Node, browsers, workers) has TextEncoder.
declare const TextEncoder: (new () => { encodeInto(text: string, into: Uint8Array): { read: number; written: number } }) | undefined;
const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;

// One spare buffer of each kind, lent to one reader at a time: fresh memory for a 6.8 MB list cost ten times the
// encoding (page faults). Buffers beyond KEPT_BYTES are not kept, so one huge document does not pin its size for good.
let spareBytes: Uint8Array | null = null;
let spareUnits: Uint16Array | null = null;
const KEPT_BYTES = 16 * 1024 * 1024;

/**
 * The code units of text[from, text.length) at the same offsets (codes before `from` are unspecified). The array
 * may be longer than the text: read only below text.length. Give it back with returnCharCodes when done.
 */
export function borrowCharCodes(text: string, from: number): CharCodes {
  const n = text.length;
  if (encoder) {
    const bytes = takeBytes(n);
    // A buffer only as long as the rest of the text fills up before a non-ASCII character's extra bytes fit.
    const { read, written } = encoder.encodeInto(from === 0 ? text : text.slice(from), bytes.subarray(from, n));
    if (read === n - from && written === n - from) return bytes;
    returnCharCodes(bytes);
  }
  const units = spareUnits !== null && spareUnits.length >= n ? spareUnits : new Uint16Array(Math.max(n, 1024));
  if (units === spareUnits) spareUnits = null;
  if (encoder) decodeInto(text, from, units);
  else for (let i = from; i < n; i++) units[i] = text.charCodeAt(i);
  return units;
}

function takeBytes(size: number): Uint8Array {
  const bytes = spareBytes !== null && spareBytes.length >= size ? spareBytes : new Uint8Array(Math.max(size, 1024));
  if (bytes === spareBytes) spareBytes = null;
  return bytes;
}

/** Takes back an array from borrowCharCodes; its lender may hand it out again, so it must not be read after. */
export function returnCharCodes(codes: CharCodes): void {
  const bytes = codes.byteLength;
  if (bytes > KEPT_BYTES) return;
  if (codes instanceof Uint8Array) {
    if (spareBytes === null || spareBytes.length < bytes) spareBytes = codes;
  } else if (spareUnits === null || spareUnits.length < codes.length) spareUnits = codes;
}

/**
 * text[from, text.length) into `units` at the same offsets. A list beyond ASCII is nearly all ASCII (an accented
 * name here and there): a window of the text goes through TextEncoder, its ASCII runs are widened from the bytes by
 * TypedArray.set (native), and the rest, found by a regular expression, come from charCodeAt. Once more than one
 * character in FEW_NON_ASCII is beyond ASCII, the rest takes a charCodeAt loop (a set() per character would cost more).
 */
function decodeInto(text: string, from: number, units: Uint16Array): void {
  const bytes = takeBytes(Math.min(DECODE_WINDOW, text.length - from) * 3);
  let nonAscii = 0;
  let done = from; // units[from, done) are written
  windows: for (let start = from; start < text.length; start += DECODE_WINDOW) {
    const window = text.slice(start, start + DECODE_WINDOW);
    encoder!.encodeInto(window, bytes);
    // Bytes written so far beyond one a unit: a unit below U+0800 takes 2 bytes, one of a surrogate pair 2 (4 the
    // pair), any other 3 (a lone surrogate, U+FFFD's 3).
    let extraBytes = 0;
    NON_ASCII.lastIndex = 0;
    for (let match = NON_ASCII.exec(window); match !== null; match = NON_ASCII.exec(window)) {
      const at = match.index;
      if (++nonAscii * FEW_NON_ASCII > start + at - from + NON_ASCII_ALLOWANCE) break windows;
      units.set(bytes.subarray(done - start + extraBytes, at + extraBytes), done);
      const unit = window.charCodeAt(at);
      units[start + at] = unit;
      const paired = (isHighSurrogate(unit) && isLowSurrogate(window.charCodeAt(at + 1))) || (isLowSurrogate(unit) && isHighSurrogate(window.charCodeAt(at - 1)));
      extraBytes += unit < 0x800 || paired ? 1 : 2;
      done = start + at + 1;
    }
    units.set(bytes.subarray(done - start + extraBytes, window.length + extraBytes), done);
    done = start + window.length;
  }
  for (let i = done; i < text.length; i++) units[i] = text.charCodeAt(i);
  returnCharCodes(bytes);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the class is every ASCII unit, controls included
const NON_ASCII = /[^\x00-\x7f]/g;
const FEW_NON_ASCII = 64;
const NON_ASCII_ALLOWANCE = 4096;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

const DECODE_WINDOW = 1 << 20;

let scratch = new Uint16Array(64);

/** The code units of a short text (a cell or field value) in an array shared by every caller: valid until the next call. */
export function scratchCharCodes(text: string): Uint16Array {
  if (text.length > scratch.length) scratch = new Uint16Array(text.length * 2);
  for (let i = 0; i < text.length; i++) scratch[i] = text.charCodeAt(i);
  return scratch;
}

/** The codes of an ASCII word, to compare spans with. */
export function asciiCodes(word: string): Uint8Array {
  return Uint8Array.from(word, (c) => c.charCodeAt(0));
}

// Where codes[start, end) starts and ends once trimmed as String.prototype.trim does. Nearly every cell of a list
// starts and ends with printable ASCII, which is never trimmed: one comparison each.
export function trimmedStart(codes: CharCodes, start: number, end: number): number {
  let s = start;
  if (s < end && !isPlainAscii(codes[s])) while (s < end && isTrimmedWhitespace(codes[s])) s++;
  return s;
}

export function trimmedEnd(codes: CharCodes, start: number, end: number): number {
  let e = end;
  if (e > start && !isPlainAscii(codes[e - 1])) while (e > start && isTrimmedWhitespace(codes[e - 1])) e--;
  return e;
}

const isPlainAscii = (c: number) => c > 32 && c < 127;

/** The characters String.prototype.trim removes (WhiteSpace and LineTerminator). */
function isTrimmedWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
