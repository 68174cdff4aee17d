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

function dayNumber(year: number, month: number, day: number): number | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > max) return null;
  // Days from the civil date (H. Hinnant's algorithm): Date.UTC's answer without building a Date per cell.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** "Mar 31, 2024" style, for messages. */
export function longDate(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
}
