// Calendar dates as day numbers (days since 1970-01-01, UTC), parsed without regular expressions.

/** Parses YYYY-MM-DD or MM/DD/YYYY; returns the day number, or null when not a valid date. */
export function parseDate(text: string): number | null {
  const s = text.trim();
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    return dayNumber(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
  }
  if (s.length === 10 && s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    return dayNumber(digits(s, 6, 10), digits(s, 0, 2), digits(s, 3, 5));
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
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** "Mar 31, 2024" style, for messages. */
export function longDate(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
}
