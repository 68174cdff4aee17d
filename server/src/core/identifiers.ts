// Identifier checks (docs/rules.md#identifiers), by character codes: they run once per list row.
import { scratchCharCodes, type CharCodes } from './charCodes';

export type NpiProblem = 'ID001' | 'ID002' | 'ID003' | null;

/** NPI: 10 digits; Luhn check digit over "80840" + first 9 digits; first digit 1 or 2. */
export function checkNpi(npi: string): NpiProblem {
  const key = npiKeyAt(scratchCharCodes(npi), 0, npi.length);
  if (key === NOT_TEN_DIGITS) return 'ID001';
  if (key === BAD_CHECK_DIGIT) return 'ID002';
  return npiFirstDigitValid(key) ? null : 'ID003';
}

export const NOT_TEN_DIGITS = -1;
export const BAD_CHECK_DIGIT = -2;

/** Luhn: a doubled digit's contribution (its digits summed). */
const LUHN_DOUBLED = new Int32Array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);

/**
 * The NPI in codes[start, end) as its key, or NOT_TEN_DIGITS / BAD_CHECK_DIGIT: one pass for the digits and
 * the Luhn check (with the 80840 prefix). The key is the first nine digits: with a valid check digit they
 * identify the NPI, and unlike the NPI (up to 2.99e9) they fit a small integer, which V8 keeps unboxed.
 * The first-digit rule is npiFirstDigitValid.
 */
export function npiKeyAt(codes: CharCodes, start: number, end: number): number {
  if (end - start !== 10) return NOT_TEN_DIGITS;
  let sum = 24; // the Luhn contribution of the 80840 prefix
  let key = 0;
  // Digits in pairs: of the 9 digits, those at even index counting from the left are doubled. `>>> 0 > 9` is
  // d < 0 || d > 9 in one comparison.
  for (let i = 0; i < 8; i += 2) {
    const doubled = codes[start + i] - 48;
    const plain = codes[start + i + 1] - 48;
    if (doubled >>> 0 > 9 || plain >>> 0 > 9) return NOT_TEN_DIGITS;
    key = key * 100 + doubled * 10 + plain;
    sum += LUHN_DOUBLED[doubled] + plain;
  }
  const last = codes[start + 8] - 48;
  const check = codes[start + 9] - 48;
  if (last >>> 0 > 9 || check >>> 0 > 9) return NOT_TEN_DIGITS;
  key = key * 10 + last;
  sum += LUHN_DOUBLED[last];
  if ((10 - (sum % 10)) % 10 !== check) return BAD_CHECK_DIGIT;
  return key;
}

/** NPIs start with 1 or 2 (`key`: the first nine digits). */
export function npiFirstDigitValid(key: number): boolean {
  return key >= 100_000_000 && key < 300_000_000;
}

/** The NPI whose first nine digits are `key`. */
export function npiOfKey(key: number): number {
  return key * 10 + npiCheckDigitOfKey(key);
}

export function npiString(npi: number): string {
  return String(npi).padStart(10, '0');
}

/** The Luhn check digit that makes a 9-digit NPI prefix valid. */
export function npiCheckDigit(first9: string): number {
  return npiCheckDigitOfKey(Number(first9));
}

/** The check digit of the NPI whose first nine digits are `key` (a number below 10^9). */
function npiCheckDigitOfKey(key: number): number {
  let sum = 24;
  // From the right: the ninth digit (index 8 from the left) is doubled, then every other one.
  for (let k = 0, rest = key; k < 9; k++, rest = Math.floor(rest / 10)) {
    const d = rest % 10;
    sum += k % 2 === 0 ? LUHN_DOUBLED[d] : d;
  }
  return (10 - (sum % 10)) % 10;
}

export interface TinCheck {
  /** The 9 digits, or null when the value is not a TIN. */
  normalized: string | null;
  /** true when written as NN-NNNNNNN. */
  hyphenated: boolean;
  /** false when the first two digits are not an IRS EIN campus prefix (it may be an SSN). */
  einPrefix: boolean;
}

// Valid IRS EIN campus prefixes (docs/rules.md#identifiers; source S31 in docs/rules.md#sources), indexed by the first two digits.
const EIN_PREFIX = new Uint8Array(100);
for (const [from, to] of [[1, 6], [10, 16], [20, 27], [30, 39], [40, 48], [50, 59], [60, 68], [71, 77], [80, 88], [90, 95], [98, 99]]) {
  EIN_PREFIX.fill(1, from, to + 1);
}

export function checkTin(tin: string): TinCheck {
  const codes = scratchCharCodes(tin);
  const digits = tinDigitsAt(codes, 0, tin.length);
  const hyphenated = tinHyphenated(codes, 0, tin.length);
  if (digits < 0) return { normalized: null, hyphenated, einPrefix: false };
  const normalized = tinString(digits);
  return { normalized, hyphenated, einPrefix: hasEinPrefix(digits) };
}

/** Written NN-NNNNNNN (the form lists should not use, ID012). */
export function tinHyphenated(codes: CharCodes, start: number, end: number): boolean {
  return end - start === 10 && codes[start + 2] === 45;
}

/** The TIN in codes[start, end) (9 digits, or NN-NNNNNNN) as a number, or -1 when it is not a TIN. */
export function tinDigitsAt(codes: CharCodes, start: number, end: number): number {
  const hyphenAt = tinHyphenated(codes, start, end) ? start + 2 : -1;
  if (end - start !== (hyphenAt < 0 ? 9 : 10)) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    if (i === hyphenAt) continue;
    const d = codes[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function hasEinPrefix(tinDigits: number): boolean {
  return EIN_PREFIX[(tinDigits / 10_000_000) | 0] === 1; // tinDigits < 10^9 fits an int
}

export function tinString(tinDigits: number): string {
  return String(tinDigits).padStart(9, '0');
}

/** TINs may be SSNs: show only the last four digits unless the user asks. */
export function maskTin(tin: string): string {
  const digits = tin.replace(/\D/g, '');
  if (digits.length < 4) return '*'.repeat(tin.length);
  return `*****${digits.slice(-4)}`;
}

/** CCN: 2-digit state code, then 4 digits, or a letter and 3 digits (units, suppliers). */
export function checkCcn(ccn: string): boolean {
  return ccnValidAt(scratchCharCodes(ccn), 0, ccn.length);
}

export function ccnValidAt(codes: CharCodes, start: number, end: number): boolean {
  if (end - start !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = codes[start + i];
    const digit = c >= 48 && c <= 57;
    const letter = c >= 65 && c <= 90;
    if (i === 2 ? !(digit || letter) : !digit) return false;
  }
  return true;
}

/** A short description of the facility type a CCN's range stands for (docs/rules.md#identifiers; source S32 in docs/rules.md#sources). */
export function ccnFacilityType(ccn: string): string | null {
  if (!checkCcn(ccn)) return null;
  const third = ccn[2];
  if (third >= 'A' && third <= 'Z') {
    const units: Record<string, string> = { S: 'psychiatric unit (IPPS-excluded)', T: 'rehabilitation unit (IPPS-excluded)', M: 'CAH psychiatric unit', R: 'CAH rehabilitation unit', U: 'swing beds', W: 'swing beds', Y: 'swing beds', Z: 'swing beds', E: 'emergency hospital', F: 'emergency hospital', C: 'ambulatory surgical center', D: 'CLIA laboratory', X: 'portable x-ray supplier' };
    return units[third] ?? 'other facility or unit';
  }
  const seq = Number(ccn.slice(2));
  const ranges: [number, number, string][] = [
    [1, 879, 'short-term hospital'], [1000, 1199, 'FQHC'], [1300, 1399, 'critical access hospital'], [1800, 1989, 'FQHC'],
    [2000, 2299, 'long-term care hospital'], [3025, 3099, 'rehabilitation hospital'], [3300, 3399, "children's hospital"],
    [3400, 3499, 'provider-based RHC'], [3800, 3974, 'free-standing RHC'], [3975, 3999, 'provider-based RHC'],
    [4000, 4499, 'psychiatric hospital'], [5000, 6499, 'skilled nursing facility'], [8500, 8899, 'provider-based RHC'],
    [8900, 8999, 'free-standing RHC'], [9800, 9899, 'transplant center'],
  ];
  for (const [from, to, type] of ranges) if (seq >= from && seq <= to) return type;
  return null;
}
