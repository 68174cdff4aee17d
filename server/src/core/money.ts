// Dollar amounts are compared in integer cents, read from the number's source text so that
// 90000.00 is exactly 9,000,000 cents and never 8,999,999.999….

/** Cents of a non-negative JSON number's source text, or null when it has more than 2 decimals or is not plain decimal. */
export function centsFromDecimalText(raw: string): number | null {
  let i = 0;
  let negative = false;
  if (raw.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let fraction = 0;
  let fractionDigits = 0;
  let seenDot = false;
  let digits = 0;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46 && !seenDot) {
      seenDot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return null;
    digits++;
    if (seenDot) {
      if (++fractionDigits > 2) {
        if (d !== 0) return null;
        continue;
      }
      fraction = fraction * 10 + d;
    } else {
      whole = whole * 10 + d;
    }
  }
  if (digits === 0) return null;
  if (fractionDigits === 1) fraction *= 10;
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) return null;
  return negative ? -cents : cents;
}

/** Exact "meets or exceeds": numerator / denominator ≥ percent / 100, with integer or cent inputs. */
export function meetsPercent(numerator: number, denominator: number, percent: number): boolean {
  if (denominator <= 0) return false;
  // percent may have two decimals (e.g. 1.88); scale to integers and compare exactly, no rounding.
  const scaled = Math.round(percent * 100);
  // Whole numbers whose products stay within 2^53 compare exactly as numbers (a product past it rounds to at least
  // 2^53, so the bound check itself is exact); anything else takes BigInt, which is slow per call.
  if (Number.isInteger(numerator) && Number.isInteger(denominator) && Number.isInteger(scaled)
    && Math.abs(numerator) * 10000 <= Number.MAX_SAFE_INTEGER && denominator * Math.abs(scaled) <= Number.MAX_SAFE_INTEGER) {
    return numerator * 10000 >= scaled * denominator;
  }
  return BigInt(numerator) * 10000n >= BigInt(scaled) * BigInt(denominator);
}

/**
 * How far numerator / denominator falls short of percent, exactly (the arithmetic of meetsPercent): the fewest whole
 * units to add to the numerator, the denominator unchanged, to meet it, and the gap in hundredths of a percentage
 * point, rounded up. Both are 0 when the score already meets the percent; null for a denominator of 0 or less.
 */
export function shortfallToPercent(numerator: number, denominator: number, percent: number): { units: number; hundredthsOfPoint: number } | null {
  if (denominator <= 0 || !Number.isInteger(numerator) || !Number.isInteger(denominator)) return null;
  const scaled = BigInt(Math.round(percent * 100));
  const gap = scaled * BigInt(denominator) - BigInt(numerator) * 10000n; // in units × 10000
  if (gap <= 0n) return { units: 0, hundredthsOfPoint: 0 };
  const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
  return { units: Number(ceilDiv(gap, 10000n)), hundredthsOfPoint: Number(ceilDiv(gap, BigInt(denominator))) };
}
