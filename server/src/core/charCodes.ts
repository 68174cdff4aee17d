// A text's UTF-16 code units in a typed array, for the code that reads every character of a list. V8 reads a
// typed array element in under half the time of a charCodeAt (which dispatches on the string's representation on
// every call), and an ASCII text, as nearly every list is, converts in one TextEncoder pass (0.2 ms for 6.8 MB).

/** Code units: one byte each when the text is ASCII (its UTF-8 bytes are then its code units), else two. */
export type CharCodes = Uint8Array | Uint16Array;

// The core targets no platform, but every JavaScript runtime it runs in (Node, browsers, workers) has TextEncoder.
declare const TextEncoder: (new () => { encodeInto(text: string, into: Uint8Array): { read: number; written: number } }) | undefined;
const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;

// One spare byte buffer, lent to one reader at a time: fresh memory for a 6.8 MB list cost ten times the encoding
// (page faults). Buffers beyond KEPT_BYTES are not kept, so one huge document does not pin its size for good.
let spare: Uint8Array | null = null;
const KEPT_BYTES = 16 * 1024 * 1024;

/**
 * The code units of text[from, text.length) at the same offsets (codes before `from` are unspecified). The array
 * may be longer than the text: read only below text.length. Give it back with returnCharCodes when done.
 */
export function borrowCharCodes(text: string, from: number): CharCodes {
  const n = text.length;
  if (encoder) {
    let bytes = spare !== null && spare.length >= n ? spare : null;
    if (bytes === spare) spare = null;
    bytes ??= new Uint8Array(Math.max(n, 1024));
    // A buffer only as long as the rest of the text fills up before a non-ASCII character's extra bytes fit.
    const into = bytes.subarray(from, n);
    const { read, written } = encoder.encodeInto(from === 0 ? text : text.slice(from), into);
    if (read === n - from && written === n - from) return bytes;
    returnCharCodes(bytes);
  }
  const units = new Uint16Array(n);
  for (let i = from; i < n; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Takes back an array from borrowCharCodes; its lender may hand it out again, so it must not be read after. */
export function returnCharCodes(codes: CharCodes): void {
  if (codes instanceof Uint8Array && codes.length <= KEPT_BYTES && (spare === null || spare.length < codes.length)) spare = codes;
}

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
