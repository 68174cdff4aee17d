// Calendar dates as day numbers (days since 1970-01-01, UTC), parsed without regular expressions.
import { scratchCharCodes, type CharCodes } from './charCodes';

/**
 * Parses YYYY-MM-DD or M/D/YYYY (months and days of one or two digits, as Excel writes them; surrounding whitespace
 * ignored); returns the day number, or null when not a valid date.
 */
export function parseDate(text: string): number | null {
  const trimmed = text.trim();
  return parseTrimmedDateAt(scratchCharCodes(trimmed), 0, trimmed.length);
}

/** parseDate over codes[s, e), a span already trimmed (a list cell). */
export function parseTrimmedDateAt(codes: CharCodes, s: number, e: number): number | null {
  const length = e - s;
  if (length === 10 && codes[s + 4] === 45 && codes[s + 7] === 45) {
    return dayNumber(year(codes, s), twoDigits(codes, s + 5), twoDigits(codes, s + 8));
  }
  // M/D/YYYY .. MM/DD/YYYY: the year's slash is 5 from the end, the month's after one or two digits.
  if (length < 8 || length > 10 || codes[e - 5] !== 47) return null;
  const monthEnd = codes[s + 1] === 47 ? s + 1 : codes[s + 2] === 47 ? s + 2 : -1;
  if (monthEnd < 0) return null;
  return dayNumber(year(codes, e - 4), oneOrTwoDigits(codes, s, monthEnd), oneOrTwoDigits(codes, monthEnd + 1, e - 5));
}

/** The one or two digits in codes[from, to) as a number, or -1. */
function oneOrTwoDigits(codes: CharCodes, from: number, to: number): number {
  if (to - from === 2) return twoDigits(codes, from);
  if (to - from !== 1) return -1;
  const d = codes[from] - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two digits at `at` as a number, or -1. */
function twoDigits(codes: CharCodes, at: number): number {
  const tens = codes[at] - 48;
  const ones = codes[at + 1] - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Four digits at `at` as a number, or -1. */
function year(codes: CharCodes, at: number): number {
  const century = twoDigits(codes, at);
  const rest = twoDigits(codes, at + 2);
  return century < 0 || rest < 0 ? -1 : century * 100 + rest;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

// Per year: the day number of Jan 1 and whether it is a leap year; per month: the days before it and its length.
// Computed once: a list has a date per row, and this leaves look-ups and additions per date (1900-01-01 is day -25567).
const YEAR_START = new Int32Array(LAST_YEAR - FIRST_YEAR + 2);
const LEAP_YEAR = new Uint8Array(LAST_YEAR - FIRST_YEAR + 2);
for (let y = FIRST_YEAR, day = -25567; y <= LAST_YEAR + 1; day += isLeap(y) ? 366 : 365, y++) {
  YEAR_START[y - FIRST_YEAR] = day;
  LEAP_YEAR[y - FIRST_YEAR] = isLeap(y) ? 1 : 0;
}
const DAYS_BEFORE_MONTH = new Int32Array(13);
for (let m = 1; m <= 12; m++) DAYS_BEFORE_MONTH[m] = DAYS_BEFORE_MONTH[m - 1] + DAYS_IN_MONTH[m - 1];
const MONTH_LENGTH = new Int32Array([0, ...DAYS_IN_MONTH]);

function dayNumber(year: number, month: number, day: number): number | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null;
  const leap = LEAP_YEAR[year - FIRST_YEAR];
  const afterLeapDay = month > 2 ? leap : 0;
  if (day > MONTH_LENGTH[month] + (month === 2 ? leap : 0)) return null;
  return YEAR_START[year - FIRST_YEAR] + DAYS_BEFORE_MONTH[month - 1] + afterLeapDay + day - 1;
}

export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** "Mar 31, 2024" style, for messages. */
export function longDate(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
}
