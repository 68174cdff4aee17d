// Identifier checks (research §6), by character codes: they run once per list row.

export type NpiProblem = 'ID001' | 'ID002' | 'ID003' | null;

/** NPI: 10 digits; Luhn check digit over "80840" + first 9 digits; first digit 1 or 2. */
export function checkNpi(npi: string): NpiProblem {
  if (npi.length !== 10) return 'ID001';
  let sum = 24; // the Luhn contribution of the 80840 prefix
  for (let i = 0; i < 9; i++) {
    const d = npi.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 'ID001';
    // Doubled positions are those at even index counting from the left of the 9 digits.
    if (i % 2 === 0) sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
    else sum += d;
  }
  const check = npi.charCodeAt(9) - 48;
  if (check < 0 || check > 9) return 'ID001';
  if ((10 - (sum % 10)) % 10 !== check) return 'ID002';
  const first = npi.charCodeAt(0);
  if (first !== 49 && first !== 50) return 'ID003';
  return null;
}

/** The Luhn check digit that makes a 9-digit NPI prefix valid. */
export function npiCheckDigit(first9: string): number {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    const d = first9.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
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

// Valid IRS EIN campus prefixes (research §6, S31).
const EIN_PREFIXES = new Set<number>();
for (const [from, to] of [[1, 6], [10, 16], [20, 27], [30, 39], [40, 48], [50, 59], [60, 68], [71, 77], [80, 88], [90, 95], [98, 99]]) {
  for (let p = from; p <= to; p++) EIN_PREFIXES.add(p);
}

export function checkTin(tin: string): TinCheck {
  let digits = tin;
  let hyphenated = false;
  if (tin.length === 10 && tin.charCodeAt(2) === 45) {
    digits = tin.slice(0, 2) + tin.slice(3);
    hyphenated = true;
  }
  if (digits.length !== 9) return { normalized: null, hyphenated, einPrefix: false };
  for (let i = 0; i < 9; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return { normalized: null, hyphenated, einPrefix: false };
  }
  const prefix = (digits.charCodeAt(0) - 48) * 10 + (digits.charCodeAt(1) - 48);
  return { normalized: digits, hyphenated, einPrefix: EIN_PREFIXES.has(prefix) };
}

/** TINs may be SSNs: show only the last four digits unless the user asks. */
export function maskTin(tin: string): string {
  const digits = tin.replace(/\D/g, '');
  if (digits.length < 4) return '*'.repeat(tin.length);
  return `*****${digits.slice(-4)}`;
}

/** CCN: 2-digit state code, then 4 digits, or a letter and 3 digits (units, suppliers). */
export function checkCcn(ccn: string): boolean {
  if (ccn.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = ccn.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const letter = c >= 65 && c <= 90;
    if (i === 2 ? !(digit || letter) : !digit) return false;
  }
  return true;
}

/** A short description of the facility type a CCN's range stands for (research §6, S32). */
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
