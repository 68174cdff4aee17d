// One-pass reader for the common case, a valid entity file. It builds the same tree jsonc-parser's parseTree
// builds with { allowTrailingComma: true, comments allowed, empty content not allowed } (same node fields, offsets,
// lengths and values) and checks the nesting limit on the way, so a valid file is tokenised once instead of twice
// (depth guard + parseTree). At anything parseTree would report as an error, or nesting past the limit, it gives up
// and returns undefined: the caller then takes the full path, which words the error messages.
import type { Node as JsonNode } from 'jsonc-parser';
import { borrowCharCodes, returnCharCodes, type CharCodes } from '../charCodes';

/** jsonc-parser's Node with the fields this reader fills in as it goes (its length, the root's parent) writable. */
type Node = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Thrown to leave the recursion at the first thing the fast path does not accept; never escapes this module. */
const GIVE_UP = Symbol('not a plain valid JSONC text');

// The reader's state. var rather than let: module-level lets are checked for the temporal dead zone on every access in the loops.
var text = '';
/**
 * text's code units (see charCodes.ts), followed by PADDING zeros: every read past the end, however a truncated text
 * ends, meets a 0 (no token starts with one, and it ends numbers, words and names) where charCodeAt gave NaN.
 */
var codes: CharCodes = new Uint8Array(0);
const PADDING = 64;
const PADDING_ZEROS = '\0'.repeat(PADDING);
const NO_CODES = codes;
var pos = 0;
var depth = 0;
var maxDepth = 0;
var expectedNames: KnownNames = [];

/**
 * Property names expected in the texts, by their first two characters (a one-character name by its character and the
 * closing quote). A key equal to one of them is recognised without scanning it and returned as that very string:
 * the value is the same, but no string is allocated and later comparisons with the name (a string literal elsewhere
 * in the code) are pointer comparisons.
 */
export type KnownNames = readonly (readonly (readonly string[] | undefined)[] | undefined)[];

export function knownNames(names: readonly string[]): KnownNames {
  const table: string[][][] = [];
  for (const name of names) {
    if (name.length === 0 || name.length >= PADDING || /["\\\u0000-\u001f]/.test(name)) throw new Error(`not a plain property name: ${JSON.stringify(name)}`);
    ((table[name.charCodeAt(0)] ??= [])[name.length > 1 ? name.charCodeAt(1) : 34] ??= []).push(name);
  }
  return table;
}

/** The tree of a valid JSONC text nested at most `maxNesting` levels, or undefined (invalid, too deep or empty). */
export function parseValidJsonc(source: string, maxNesting: number, names: KnownNames = []): JsonNode | undefined {
  text = source;
  const borrowed = borrowCharCodes(source + PADDING_ZEROS, 0);
  codes = borrowed;
  pos = 0;
  depth = 0;
  maxDepth = maxNesting;
  expectedNames = names;
  try {
    skipTrivia();
    if (pos >= text.length) return undefined;
    const root: Node = readValue(undefined);
    skipTrivia();
    if (pos < text.length) return undefined;
    // parseTree's root has no parent property at all (an object or array root is built without one: delete is slow).
    if ('parent' in root) delete root.parent;
    return root;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  } finally {
    text = '';
    codes = NO_CODES;
    returnCharCodes(borrowed);
  }
}

/** Spaces, tabs, line breaks and comments: the only trivia jsonc-parser's scanner accepts. */
function skipTrivia(): void {
  // Locals in the loop: the module-level state is written back once.
  const source = text;
  const units = codes;
  let at = pos;
  for (;;) {
    let c = units[at];
    // Runs of spaces (indentation) in a loop of their own: about a fifth faster on pretty-printed files.
    while (c === 32) c = units[++at];
    if (c === 10 || c === 13 || c === 9) at++;
    else if (c === 47) {
      const next = units[at + 1];
      if (next === 47) {
        at += 2;
        for (let d = units[at]; at < source.length && d !== 10 && d !== 13; d = units[++at]);
      } else if (next === 42) {
        const close = source.indexOf('*/', at + 2);
        if (close < 0) throw GIVE_UP;
        at = close + 2;
      } else throw GIVE_UP;
    } else break;
  }
  pos = at;
}

function readValue(parent: JsonNode | undefined): JsonNode {
  const c = codes[pos];
  if (c === 123) return readObject(parent);
  if (c === 91) return readArray(parent);
  const offset = pos;
  if (c === 34) {
    const value = readString(null);
    return { type: 'string', offset, length: pos - offset, parent, value } as JsonNode;
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    const value = readNumber();
    return { type: 'number', offset, length: pos - offset, parent, value } as JsonNode;
  }
  if (c === 116 && readKeyword('true')) return { type: 'boolean', offset, length: 4, parent, value: true } as JsonNode;
  if (c === 102 && readKeyword('false')) return { type: 'boolean', offset, length: 5, parent, value: false } as JsonNode;
  if (c === 110 && readKeyword('null')) return { type: 'null', offset, length: 4, parent, value: null } as JsonNode;
  throw GIVE_UP;
}

function readObject(parent: JsonNode | undefined): JsonNode {
  const node: Node = parent ? { type: 'object', offset: pos, length: -1, parent, children: [] } : { type: 'object', offset: pos, length: -1, children: [] };
  if (++depth > maxDepth) throw GIVE_UP;
  pos++;
  skipTrivia();
  if (codes[pos] !== 125) {
    for (;;) {
      if (codes[pos] !== 34) throw GIVE_UP;
      const keyOffset = pos;
      const name = readString(expectedNames);
      const keyLength = pos - keyOffset;
      skipTrivia();
      if (codes[pos] !== 58) throw GIVE_UP;
      const key: Node = { type: 'string', value: name, offset: keyOffset, length: keyLength, parent: undefined };
      // Two slots from the start (the key stands in for the value until it is read): an empty array would grow to 17 on its first push.
      const children = [key, key];
      const property: Node = { type: 'property', offset: keyOffset, length: -1, parent: node, children, colonOffset: pos };
      key.parent = property;
      node.children!.push(property);
      pos++;
      skipTrivia();
      const value = readValue(property);
      children[1] = value;
      property.length = value.offset + value.length - keyOffset;
      skipTrivia();
      const c = codes[pos];
      if (c === 44) {
        pos++;
        skipTrivia();
        if (codes[pos] === 125) break;
      } else if (c === 125) break;
      else throw GIVE_UP;
    }
  }
  pos++;
  node.length = pos - node.offset;
  depth--;
  return node;
}

function readArray(parent: JsonNode | undefined): JsonNode {
  const node: Node = parent ? { type: 'array', offset: pos, length: -1, parent, children: [] } : { type: 'array', offset: pos, length: -1, children: [] };
  if (++depth > maxDepth) throw GIVE_UP;
  pos++;
  skipTrivia();
  if (codes[pos] !== 93) {
    for (;;) {
      node.children!.push(readValue(node));
      skipTrivia();
      const c = codes[pos];
      if (c === 44) {
        pos++;
        skipTrivia();
        if (codes[pos] === 93) break;
      } else if (c === 93) break;
      else throw GIVE_UP;
    }
  }
  pos++;
  node.length = pos - node.offset;
  depth--;
  return node;
}

/** A string token from its opening quote; pos ends after the closing quote. Gives up where the scanner reports an error. */
function readString(names: KnownNames | null): string {
  const source = text;
  const units = codes;
  const start = pos + 1;
  const candidates = names?.[units[start]]?.[units[start + 1]];
  if (candidates) {
    for (const name of candidates) {
      if (units[start + name.length] === 34 && sameRest(units, start, name)) {
        pos = start + name.length + 1;
        return name;
      }
    }
  }
  let at = start;
  for (let c = units[at]; c !== 34; c = units[++at]) {
    // Escapes, control characters and the end of the text (the padding's 0) take the careful path.
    if (!(c >= 32) || c === 92) return readEscapedString(start);
  }
  pos = at + 1;
  return source.slice(start, at);
}

/** units has name at start, its first two characters already matched. */
function sameRest(units: CharCodes, start: number, name: string): boolean {
  for (let i = 2; i < name.length; i++) if (units[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

function readEscapedString(start: number): string {
  pos = start;
  let value = '';
  for (;;) {
    if (pos >= text.length) throw GIVE_UP;
    const c = codes[pos];
    if (c === 34) break;
    if (c < 32) throw GIVE_UP;
    if (c === 92) {
      value += text.slice(start, pos);
      value += escaped(codes[pos + 1]);
      pos += codes[pos + 1] === 117 ? 6 : 2;
      start = pos;
      continue;
    }
    pos++;
  }
  value += text.slice(start, pos);
  pos++;
  return value;
}

function escaped(c: number): string {
  switch (c) {
    case 34: return '"';
    case 92: return '\\';
    case 47: return '/';
    case 98: return '\b';
    case 102: return '\f';
    case 110: return '\n';
    case 114: return '\r';
    case 116: return '\t';
    case 117: {
      let code = 0;
      for (let i = pos + 2; i < pos + 6; i++) {
        const h = codes[i];
        if (h >= 48 && h <= 57) code = code * 16 + h - 48;
        else if (h >= 65 && h <= 70) code = code * 16 + h - 55;
        else if (h >= 97 && h <= 102) code = code * 16 + h - 87;
        else throw GIVE_UP;
      }
      return String.fromCharCode(code);
    }
    default:
      throw GIVE_UP;
  }
}

/** Exact powers of ten: a whole number below 2^53 divided by one of them is the correctly rounded decimal, as Number() gives. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** At most this many digits keep the digits' whole number below 2^53. */
const EXACT_DIGITS = 15;

/** A number token by the JSON grammar (what jsonc-parser's scanNumber accepts without an error), and its value. */
function readNumber(): number {
  const source = text;
  const units = codes;
  const start = pos;
  let at = pos;
  const negative = units[at] === 45;
  if (negative) at++;
  let digits = 0;
  let whole = 0;
  let fractionDigits = 0;
  let c = units[at];
  if (c === 48) {
    at++;
    digits++;
  } else if (c >= 49 && c <= 57) {
    for (; c >= 48 && c <= 57; c = units[++at], digits++) whole = whole * 10 + (c - 48);
  } else throw GIVE_UP;
  c = units[at];
  if (c === 46) {
    c = units[++at];
    if (!(c >= 48 && c <= 57)) throw GIVE_UP;
    for (; c >= 48 && c <= 57; c = units[++at], fractionDigits++) whole = whole * 10 + (c - 48);
  }
  let exponent = false;
  if (c === 69 || c === 101) {
    exponent = true;
    c = units[++at];
    if (c === 43 || c === 45) c = units[++at];
    if (!(c >= 48 && c <= 57)) throw GIVE_UP;
    for (; c >= 48 && c <= 57; c = units[++at]);
  }
  pos = at;
  if (exponent || digits + fractionDigits > EXACT_DIGITS) return Number(source.slice(start, at));
  const value = fractionDigits === 0 ? whole : whole / POWERS_OF_TEN[fractionDigits];
  return negative ? -value : value;
}

/** true when the keyword stands alone here (the scanner reads "truex" as one unknown word). */
function readKeyword(word: string): boolean {
  if (!text.startsWith(word, pos)) return false;
  const after = pos + word.length < text.length ? codes[pos + word.length] : 32;
  // Characters that end a word in jsonc-parser's scanner (the end of the text counts as a space).
  if (after !== 32 && after !== 9 && after !== 10 && after !== 13 && after !== 125 && after !== 93 && after !== 123
    && after !== 91 && after !== 34 && after !== 58 && after !== 44 && after !== 47) return false;
  pos += word.length;
  return true;
}
