import { CODES, isCode, type Code } from './codes';
import { maskStrings, maskTinShaped } from './privacy';
import type { Finding, FindingData, RelatedLocation, Severity } from './types';

const byPosition = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end;

/**
 * Collects findings for one file, keeping at most `limit`; the rest are counted, not stored. Which are kept: the first
 * added, or with `keep: 'earliest'` the earliest by position whatever the order they come in (cross-file rules each
 * walk the workspace in their own order).
 */
export class FindingSink {
  readonly items: Finding[] = [];
  suppressed = 0;
  private sortedForLateAdds = false;
  constructor(
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly keep: 'first' | 'earliest' = 'first',
  ) {}

  add(code: Code, start: number, end: number, message: string, data?: FindingData, related?: RelatedLocation[]): void {
    if (this.items.length >= this.limit) {
      if (this.keep === 'earliest')
        this.keepEarliest(start, end, () => findingOf(code, start, end, message, data, related));
      else this.suppressed++;
      return;
    }
    this.items.push(findingOf(code, start, end, message, data, related));
  }

  /**
   * Adds a finding found only after findings further down the file (duplicates are known once the whole list is
   * read), after every add(): when the sink is full it keeps the earliest by position, as if all had come in
   * file order.
   */
  addLate(code: Code, start: number, end: number, message: string, data?: FindingData): void {
    if (this.items.length < this.limit) {
      this.add(code, start, end, message, data);
      return;
    }
    this.keepEarliest(start, end, () => findingOf(code, start, end, message, data));
  }

  /** The sink is full: a finding at start–end takes the place of the last by position if it comes before it. */
  private keepEarliest(start: number, end: number, build: () => Finding): void {
    this.suppressed++;
    if (!this.sortedForLateAdds) {
      this.items.sort(byPosition);
      this.sortedForLateAdds = true;
    }
    const last = this.items[this.items.length - 1];
    if (!last || (start - last.start || end - last.end) >= 0) return;
    const finding = build();
    this.items.pop();
    let at = this.items.length;
    while (at > 0 && byPosition(this.items[at - 1], finding) > 0) at--;
    this.items.splice(at, 0, finding);
  }
}

/** Quick-fix edits hold text for the user's own document, and offsets; everything else a finding says is masked. */
const EDIT_FIELDS: ReadonlySet<string> = new Set(['edits']);

/** The one place a finding's text is built, so no message, fix title or related note carries a TIN-shaped value. */
function findingOf(
  code: Code,
  start: number,
  end: number,
  message: string,
  data?: FindingData,
  related?: RelatedLocation[],
): Finding {
  const finding: Finding = { code, severity: CODES[code].severity, message: maskTinShaped(message), start, end };
  if (data) finding.data = maskStrings(data, EDIT_FIELDS);
  if (related) finding.related = related.map((r) => ({ ...r, message: maskTinShaped(r.message) }));
  return finding;
}

/**
 * Findings of one code shown per file: past them one GEN001 gives the count of the rest. A list with the same mistake
 * on every row, or a header with a million unknown columns, would otherwise print a line per cell.
 */
export const SHOWN_PER_CODE = 200;

/**
 * Sorts by position, keeps the first SHOWN_PER_CODE findings of each code (one GEN001 after them counts the rest),
 * then the first `max` findings, adding one GEN001 that says how many were left out.
 */
export function capFindings(findings: Finding[], max: number, extraSuppressed = 0): Finding[] {
  const sorted = foldRepeatedCodes([...findings].sort(byPosition));
  const hidden = Math.max(0, sorted.length - max) + extraSuppressed;
  if (hidden === 0) return sorted;
  const kept = sorted.slice(0, max);
  kept.push({
    code: 'GEN001',
    severity: CODES.GEN001.severity,
    message: `${hidden} more findings for this file are not shown: at most ${max} are kept per file (maxFindingsPerFile in .qpp-lens.json, qpp.maxFindingsPerFile in the editor)`,
    start: 0,
    end: 0,
  });
  return kept;
}

/** Findings in position order with each code's findings past SHOWN_PER_CODE replaced by one GEN001 where they start. */
function foldRepeatedCodes(sorted: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  let folding = false;
  for (const f of sorted) {
    const count = (seen.get(f.code) ?? 0) + 1;
    seen.set(f.code, count);
    if (count > SHOWN_PER_CODE) folding = true;
  }
  if (!folding) return sorted;
  const shown = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of sorted) {
    const count = (shown.get(f.code) ?? 0) + 1;
    shown.set(f.code, count);
    if (count <= SHOWN_PER_CODE) out.push(f);
    else if (count === SHOWN_PER_CODE + 1) {
      const more = seen.get(f.code)! - SHOWN_PER_CODE;
      out.push({
        code: 'GEN001',
        severity: CODES.GEN001.severity,
        message: `…and ${more} more ${f.code} like this${isCode(f.code) ? ` (${CODES[f.code].title})` : ''} in this file, from here on: only the first ${SHOWN_PER_CODE} of one kind are shown`,
        start: f.start,
        end: f.end,
      });
    }
  }
  return out;
}

/** Applies per-code severity overrides ('off' removes the finding). */
export function applySeverityOverrides(
  findings: Finding[],
  overrides: Readonly<Record<string, Severity | 'off'>>,
): Finding[] {
  if (Object.keys(overrides).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
