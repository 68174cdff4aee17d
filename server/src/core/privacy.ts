// A TIN may be a Social Security Number. Every piece of text the core hands out that may carry the user's own
// cells, keys or headers (finding messages, hovers, outline names, lens titles, reports) passes through
// maskTinShaped, so a 9-digit value typed into any column, a header or a key never leaves the core whole unless
// the user asked to reveal TINs. SECURITY.md lists the channels; test/faults/pii.test.ts and pii-hostile.test.ts check them.

// What counts as TIN-shaped: a run of digits joined by single hyphens or dots (Markdown escaping may put a
// backslash before either) holding 9 digits, or 11 or more (a TIN glued to other digits by a missing comma); or
// an SSN's or EIN's groups joined by single spaces. Ten digits are an NPI and stay readable, as do dates (8
// digits) and grouped figures such as $123,456,789.00 (the commas split them into short runs).
const TIN_SHAPED = /(?<!\d)(?:\d{3} \d{2} \d{4}|\d{2} \d{7})(?!\d)|\d+(?:\\?[-.]\d+)*/g;
// Every TIN shape holds nine digits joined by at most one separator each; a message without such a run (most: years,
// dates, grouped figures) is returned as it is, without a replace over each of its numbers.
const NINE_DIGITS_NEAR = /\d(?:(?:\\?[-.]| )?\d){8}/;

/** The longest piece of a cell a message quotes: a person reads a value, not a megabyte line. */
export const QUOTE_LIMIT = 80;
/** How much of a long value a caller slices for quoteUserText: a TIN the cut would split is still seen whole. */
export const QUOTE_SLICE = QUOTE_LIMIT + 12;

/** `*****` and the last four digits, the form TINs take in every output. */
function maskMatch(match: string): string {
  const digits = match.replace(/\D/g, '');
  const tinShaped = match.includes(' ') || digits.length === 9 || digits.length >= 11;
  return tinShaped ? `*****${digits.slice(-4)}` : match;
}

/** Replaces every run of digits shaped like a TIN or SSN with its masked form. */
export function maskTinShaped(text: string): string {
  if (!NINE_DIGITS_NEAR.test(text)) return text;
  return text.replace(TIN_SHAPED, maskMatch);
}

/** Masks TIN-shaped runs unless the user asked to see TINs. */
export function shownText(text: string, revealTins: boolean): string {
  return revealTins ? text : maskTinShaped(text);
}

/** Control characters, which a terminal or log would act on or drop: shown as their Unicode pictures (␀, ␉, ␊…). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const controlPicture = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 32 ? String.fromCharCode(0x2400 + code) : code === 127 ? '\u2421' : '\ufffd';
};

/**
 * A user's value as a message quotes it: at most QUOTE_LIMIT characters (an ellipsis says it was cut), TIN-shaped
 * runs masked before the cut (so a cut cannot leave a readable prefix), control characters as their pictures.
 */
export function quoteUserText(value: string): string {
  const head = value.length > QUOTE_LIMIT ? value.slice(0, QUOTE_SLICE) : value;
  const shown = maskTinShaped(head).replace(CONTROL, controlPicture);
  return value.length > QUOTE_LIMIT ? `${shown.slice(0, QUOTE_LIMIT)}…` : shown;
}

/**
 * A copy of `value` with every string in it masked (object keys too), for structured answers built from the
 * user's text: outline symbols, report entries. Strings listed in `keep` (by property name) are left alone: offsets
 * and file paths, not text.
 */
export function maskStrings<T>(value: T, keep: ReadonlySet<string> = NO_KEYS): T {
  return maskValue(value, keep) as T;
}

const NO_KEYS: ReadonlySet<string> = new Set();

function maskValue(value: unknown, keep: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return maskTinShaped(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, keep));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[maskTinShaped(key)] = keep.has(key) ? item : maskValue(item, keep);
  return out;
}
