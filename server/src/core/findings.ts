import { CODES, type Code } from './codes';
import type { Finding, FindingData, RelatedLocation, Severity } from './types';

/** Collects findings for one file, keeping at most `limit`; the rest are counted, not stored. */
export class FindingSink {
  readonly items: Finding[] = [];
  suppressed = 0;
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  add(code: Code, start: number, end: number, message: string, data?: FindingData, related?: RelatedLocation[]): void {
    if (this.items.length >= this.limit) {
      this.suppressed++;
      return;
    }
    const finding: Finding = { code, severity: CODES[code].severity, message, start, end };
    if (data) finding.data = data;
    if (related) finding.related = related;
    this.items.push(finding);
  }
}

/** Sorts by position and keeps `max` findings, adding one GEN001 that says how many were left out. */
export function capFindings(findings: Finding[], max: number, extraSuppressed = 0): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  const hidden = Math.max(0, sorted.length - max) + extraSuppressed;
  if (hidden === 0) return sorted;
  const kept = sorted.slice(0, max);
  kept.push({
    code: 'GEN001',
    severity: CODES.GEN001.severity,
    message: `Showing the first ${max} findings for this file; ${hidden} more are not shown (setting qpp.maxFindingsPerFile). Run qpp-check for all of them.`,
    start: 0,
    end: 0,
  });
  return kept;
}

/** Applies per-code severity overrides ('off' removes the finding). */
export function applySeverityOverrides(findings: Finding[], overrides: Readonly<Record<string, Severity | 'off'>>): Finding[] {
  if (Object.keys(overrides).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
