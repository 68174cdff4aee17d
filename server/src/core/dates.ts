// Calendar dates as day numbers (days since 1970-01-01, UTC), parsed without regular expressions.
import { isTrimmedWhitespace } from './text';

/** Parses YYYY-MM-DD or MM/DD/YYYY; returns the day number, or null when not a valid date. */
export function parseDate(text: string): number | null {
  return parseDateAt(text, 0, text.length);
}

/** parseDate over text[start, end) (surrounding whitespace ignored), without slicing. */
export function parseDateAt(text: string, start: number, end: number): number | null {
  let s = start;
  let e = end;
  while (s < e && isTrimmedWhitespace(text.charCodeAt(s))) s++;
  while (e > s && isTrimmedWhitespace(text.charCodeAt(e - 1))) e--;
  if (e - s !== 10) return null;
  if (text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 7) === 45) {
    return dayNumber(digits(text, s, s + 4), digits(text, s + 5, s + 7), digits(text, s + 8, s + 10));
  }
  if (text.charCodeAt(s + 2) === 47 && text.charCodeAt(s + 5) === 47) {
    return dayNumber(digits(text, s + 6, s + 10), digits(text, s, s + 2), digits(text, s + 3, s + 5));
  }
  return null;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

// Day numbers of each Jan 1 and days before each month, computed once: a list has a date per row, and
// this leaves a lookup and two additions per date (1900-01-01 is day -25567).
const YEAR_START = new Int32Array(LAST_YEAR - FIRST_YEAR + 2);
for (let y = FIRST_YEAR, day = -25567; y <= LAST_YEAR + 1; day += isLeap(y) ? 366 : 365, y++) YEAR_START[y - FIRST_YEAR] = day;
const DAYS_BEFORE_MONTH = new Int32Array(13);
for (let m = 1; m <= 12; m++) DAYS_BEFORE_MONTH[m] = DAYS_BEFORE_MONTH[m - 1] + DAYS_IN_MONTH[m - 1];

function dayNumber(year: number, month: number, day: number): number | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null;
  const leap = isLeap(year);
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > max) return null;
  return YEAR_START[year - FIRST_YEAR] + DAYS_BEFORE_MONTH[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
}

export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** "Mar 31, 2024" style, for messages. */
export function longDate(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
}
