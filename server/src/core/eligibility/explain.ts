// What CMS's record says, set against the year's rules tables: the LVT flag against the PY's limits and periods, each
// QP score against the QP and Partial QP thresholds of its option and level. Shared by hovers, the report and the
// reconciliation rules, so each states a record the same way.
import { findApm, lvtLimitsFor, qpThresholdsFor, snapshotDates } from '../data';
import { QP_STATUS_CODES } from '../data/eligibilityFields';
import { longDate } from '../dates';
import { centsFromDecimalText } from '../money';
import { formatDollars } from '../text';
import type { QpStatus } from '../types';
import type { EligibilityApm, EligibilityRecord, EligibilityScore } from './record';

export const SCORE_OPTION: Record<string, string> = { m: 'Medicare Option', a: 'All-Payer Combination Option' };
export const SCORE_LEVEL: Record<string, string> = {
  e: 'APM Entity level (the APM Entity group, 42 CFR 414.1435)',
  i: "individual level (the clinician's own score, 42 CFR 414.1425(c)(3)(ii))",
  t: 'TIN level (All-Payer Combination Option, 42 CFR 414.1440)',
};

/** CMS's qpStatus as a QP status, or null when absent or not one QPP Lens can read (Q, R, others). */
export function cmsQpStatus(record: EligibilityRecord): QpStatus | null {
  const code = record.qpStatus?.value;
  const status = code === undefined ? undefined : QP_STATUS_CODES[code];
  return status === undefined || status === 'unknown' ? null : status;
}

/** Hundredths of a percent from a score's source text (exact for up to 2 decimals). */
function hundredths(score: EligibilityScore): number {
  return centsFromDecimalText(score.value.raw) ?? Math.round(score.value.value * 100);
}

/** What the score meets in `py`: 'qp', 'partial-qp' or 'none', with the thresholds it was compared with. */
export function scoreAgainstThresholds(
  score: EligibilityScore,
  py: number,
): { status: 'qp' | 'partial-qp' | 'none'; qp: number; partialQp: number; note: string; provisional: boolean } | null {
  const row = qpThresholdsFor(py);
  if (!row) return null;
  const method = score.method;
  let qp: number;
  let partialQp: number;
  let note = '';
  if (score.type[0] === 'a') {
    if (!row.allPayer) return null;
    qp = row.allPayer.qp[method].total;
    partialQp = row.allPayer.partialQp[method].total;
    note = ` (the All-Payer Combination Option also needs a Medicare ${method} score of at least ${row.allPayer.qp[method].medicareMin}% for QP, ${row.allPayer.partialQp[method].medicareMin}% for Partial QP)`;
  } else {
    qp = row.medicare.qp[method];
    partialQp = row.medicare.partialQp[method];
  }
  const h = hundredths(score);
  const status = h >= qp * 100 ? 'qp' : h >= partialQp * 100 ? 'partial-qp' : 'none';
  return { status, qp, partialQp, note, provisional: row.provisional };
}

/** One line on a score: option, level, method, snapshot and what it meets in `py`. */
export function scoreSentence(score: EligibilityScore, py: number | null): string {
  const option = SCORE_OPTION[score.type[0]];
  const level = SCORE_LEVEL[score.type[1]];
  const what = `${option}, ${level}: ${score.method === 'payments' ? 'payment amount' : 'patient count'} score ${score.value.raw}%`;
  const when = score.snapshot
    ? ` at the ${longDate(score.snapshot.value)} snapshot`
    : ' (the record does not say which snapshot: the lookup shows the latest one CMS has run)';
  if (py === null) return `${what}${when}. The record's year is not known, so no threshold is compared.`;
  const snapshot = score.snapshot && snapshotDates(py).find((s) => s.date === score.snapshot!.value);
  const snapshotNote =
    score.snapshot && !snapshot
      ? ` ${longDate(score.snapshot.value)} is not a PY${py} snapshot date.`
      : snapshot && !snapshot.countsForQp
        ? ` The ${snapshot.label} snapshot does not count for QP (only Mar 31, Jun 30 and Aug 31 do).`
        : '';
  const result = scoreAgainstThresholds(score, py);
  if (!result) return `${what}${when}. PY${py} has no thresholds for this option.${snapshotNote}`;
  const met =
    result.status === 'qp'
      ? `meets the QP threshold of ${result.qp}%`
      : result.status === 'partial-qp'
        ? `meets the Partial QP threshold of ${result.partialQp}% but not the QP threshold of ${result.qp}%`
        : `meets neither the QP threshold of ${result.qp}% nor the Partial QP threshold of ${result.partialQp}%`;
  const provisional = result.provisional ? ` PY${py}'s thresholds are provisional (sources disagree; see QP007).` : '';
  return `${what}${when} ${met} for PY${py}${result.note}.${snapshotNote}${provisional}`;
}

/** The LVT flag and figures against the PY's limits and periods. */
export function lvtSentences(apm: EligibilityApm, py: number | null): string[] {
  const lines: string[] = [];
  const flag = apm.lvtFlag?.value;
  if (flag !== undefined)
    lines.push(
      flag
        ? 'CMS found the APM Entity **at or below** the low-volume threshold (lvtFlag true): excluded from MIPS unless it opts in.'
        : 'CMS found the APM Entity **above** the low-volume threshold on every criterion (lvtFlag false).',
    );
  const limits = py === null ? undefined : lvtLimitsFor(py);
  if (!limits || py === null) {
    lines.push("The record's year is not known, so no year's limits are shown.");
    return lines;
  }
  const [p1, p2] = limits.periods;
  lines.push(
    `PY${py} limits (42 CFR 414.1310(b)${limits.provisional ? ', provisional' : ''}): more than ${formatDollars(limits.chargesCents)} Part B allowed charges, more than ${limits.beneficiaries} Part B beneficiaries${limits.services === null ? '' : `, more than ${limits.services} covered professional services`}; at or below any one excludes. Determination periods ${longDate(p1.start)}–${longDate(p1.end)} and ${longDate(p2.start)}–${longDate(p2.end)}.`,
  );
  const payments = apm.lvtPayments;
  if (payments) {
    const cents = centsFromDecimalText(payments.raw) ?? Math.round(payments.value * 100);
    lines.push(
      `lvtPayments ${formatDollars(cents)}: ${cents > limits.chargesCents ? 'above' : 'at or below'} the ${formatDollars(limits.chargesCents)} limit.`,
    );
  }
  const patients = apm.lvtPatients;
  if (patients)
    lines.push(
      `lvtPatients ${patients.value}: ${patients.value > limits.beneficiaries ? 'above' : 'at or below'} the ${limits.beneficiaries}-beneficiary limit.`,
    );
  if (flag === false && lvtBelow(apm, py) === true)
    lines.push(
      'The figures are at or below a limit though the flag says above: they may be from the other determination period.',
    );
  if (limits.services !== null)
    lines.push('The record has no services figure: the services criterion cannot be checked from it.');
  return lines;
}

/** Whether the record's own LVT figures are at or below a limit of `py` (null when it has none to compare). */
export function lvtBelow(apm: EligibilityApm, py: number): boolean | null {
  const limits = lvtLimitsFor(py);
  if (!limits || (!apm.lvtPayments && !apm.lvtPatients)) return null;
  const cents = apm.lvtPayments
    ? (centsFromDecimalText(apm.lvtPayments.raw) ?? Math.round(apm.lvtPayments.value * 100))
    : null;
  return (
    (cents !== null && cents <= limits.chargesCents) ||
    (apm.lvtPatients !== null && apm.lvtPatients.value <= limits.beneficiaries)
  );
}

/** The APM a record names, by CMS's numeric code or name, as QPP Lens's catalog id (null when unknown). */
export function catalogApmId(apm: EligibilityApm): string | null {
  const id = apm.apmId?.value;
  return (id && findApm(id)?.id) || null;
}

/** CMS's record of one clinician (TIN/NPI) as the report's "CMS record" column shows it. */
export interface CmsRecordSummary {
  /** CMS's qpStatus letter, and what QPP Lens reads it as (null when it cannot). */
  qpStatusCode: string | null;
  qpStatus: QpStatus | null;
  qpScoreType: string | null;
  performanceYear: number | null;
  /** The APMs CMS lists for the TIN: entity (id, else name) and CMS's APM code. */
  apms: { entity: string; apmId: string | null; lvtFlag: boolean | null }[];
  /** Whether an organization of the record has the TIN's last four digits. */
  tinMatched: boolean;
  text: string;
}

/** The record of `npi` in `records` that best fits the clinician's TIN and year: the TIN's organization, else any. */
export function cmsRecordSummary(
  records: readonly EligibilityRecord[],
  tin: string,
  py: number | null,
): CmsRecordSummary | null {
  if (records.length === 0) return null;
  const ofYear = records.filter((r) => py === null || r.year === null || r.year === py);
  const candidates = ofYear.length > 0 ? ofYear : records;
  const last4 = tin.slice(-4);
  const record = candidates.find((r) => r.organizations.some((o) => o.tinLast4 === last4)) ?? candidates[0];
  const orgs = record.organizations.filter((o) => o.tinLast4 === last4);
  const apms = (orgs.length > 0 ? orgs : record.organizations).flatMap((o) =>
    o.apms.map((a) => ({
      entity: a.entityId?.value ?? a.entityName?.value ?? '(no entity named)',
      apmId: a.apmId?.value ?? null,
      lvtFlag: a.lvtFlag?.value ?? null,
    })),
  );
  const qpStatus = cmsQpStatus(record);
  const code = record.qpStatus?.value ?? null;
  const words = qpStatus ? QP_WORDS[qpStatus] : code ? `status "${code}"` : 'no QP status';
  const scoreType = record.qpScoreType?.value ?? null;
  const where = apms.length === 0 ? 'no APM' : apms.map((a) => a.entity).join(', ');
  const year = record.year === null ? '' : ` PY${record.year}`;
  return {
    qpStatusCode: code,
    qpStatus,
    qpScoreType: scoreType,
    performanceYear: record.year,
    apms,
    tinMatched: orgs.length > 0,
    text: `CMS${year}: ${words}${scoreType ? ` (${scoreType})` : ''}; ${where}${orgs.length > 0 || record.organizations.length === 0 ? '' : `; no organization with TIN …${last4}`}`,
  };
}

const QP_WORDS: Record<QpStatus, string> = {
  qp: 'QP',
  'partial-qp': 'Partial QP',
  none: 'not a QP',
  'not-determined': 'not determined',
};
