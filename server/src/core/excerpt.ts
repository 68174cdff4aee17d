// How a message quotes text taken from the user's file (a cell, a header name, the start of a line): a cell can be
// megabytes long, and any 9-digit run in it may be a TIN or an SSN.

/** At most this many characters of the user's text appear in one message. */
export const EXCERPT_CHARS = 80;

/** A 9-digit run, bare or written NNN-NN-NNNN, NN-NNNNNNN, or with spaces or dots, not part of a longer number. */
const NINE_DIGITS = /(?<![0-9])[0-9](?:[-. ]?[0-9]){8}(?![0-9])/g;

/** Control characters, which a terminal or log would act on or drop: shown as their Unicode pictures (␀, ␉, ␊…). */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const controlPicture = (c: string) => {
  const code = c.charCodeAt(0);
  return code < 32 ? String.fromCharCode(0x2400 + code) : code === 127 ? '\u2421' : '\ufffd';
};

/**
 * At most EXCERPT_CHARS of `value` (an ellipsis says it was cut), each 9-digit run masked to its last 4 digits and
 * each control character shown as its picture.
 */
export function userTextExcerpt(value: string): string {
  // A 9-digit run that the cut would split is masked before the cut, not left as a readable prefix.
  const head = value.length > EXCERPT_CHARS ? value.slice(0, EXCERPT_CHARS + 12) : value;
  const masked = head.replace(NINE_DIGITS, (run) => `*****${run.replace(/[^0-9]/g, '').slice(-4)}`).replace(CONTROL, controlPicture);
  return value.length > EXCERPT_CHARS ? `${masked.slice(0, EXCERPT_CHARS)}…` : masked;
}
