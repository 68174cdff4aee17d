// The SPEC §3 rules over one entity file's model: LVT, QP / Partial QP, MIPS status, APP and EUC.
import {
  APP_PROGRAM_START, EUC_PI_REWEIGHTING_PERCENT, SOURCES, apmStatusFor, appMeasureSet, entityIdMatches, findApm, findTrack,
  isSupportedYear, lvtLimitsFor, paymentYearOf, qpThresholdsFor, snapshotDates, type ApmCatalogEntry, type AppMeasureSetRow,
  type LvtLimitsRow, type QpThresholdRow,
} from '../data';
import { longDate, parseDate } from '../dates';
import type { FindingSink } from '../findings';
import { centsFromDecimalText, meetsPercent } from '../money';
import { formatDollars } from '../text';
import type {
  EntityDetermination, Explanation, LowVolumeDetermination, LvtCriterion, LvtSegmentResult, MipsStatus, QpDetermination,
  QpSnapshotScore, QpStatus,
} from '../types';
import type { EntityModel, Located, RatioModel, SegmentModel, SnapshotModel } from './model';

export interface EntityContext {
  py: number;
  apm: ApmCatalogEntry;
  track: string | null;
}

/**
 * x.toFixed(2) without the builtin, which is slow per call, for 0 ≤ x < 1e6 not within 1e-6 of a rounding tie:
 * there x * 100 is off the exact value by under 1e-8, so rounding it gives the same hundredths as toFixed's exact
 * rounding. Other values (ties, negatives, huge, NaN) use toFixed itself.
 */
function toFixed2(x: number): string {
  if (x >= 0 && x < 1e6) {
    const scaled = x * 100;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) {
      const hundredths = Math.round(scaled);
      const whole = Math.floor(hundredths / 100);
      const fraction = hundredths - whole * 100;
      return `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
    }
  }
  return x.toFixed(2);
}

const explanation = (rule: string, py: number, citation: string, summary: string, details: string[] = [], provisional = false): Explanation => ({
  rule, performanceYear: py, paymentYear: paymentYearOf(py), citation, summary, details, provisional,
});

/** Checks the identifying fields (ENT003/ENT004/ID030/ENT006/ENT007) and returns the context the rules need. */
export function resolveContext(m: EntityModel, sink: FindingSink): EntityContext | null {
  let py: number | null = null;
  if (m.performanceYear) {
    if (isSupportedYear(m.performanceYear.value)) py = m.performanceYear.value;
    else sink.add('ENT003', m.performanceYear.start, m.performanceYear.end, `Performance year ${m.performanceYear.value} is outside 2017..2027, the years QPP Lens has rules for`);
  }
  let apm: ApmCatalogEntry | undefined;
  if (m.apmId) {
    apm = findApm(m.apmId.value);
    if (!apm) sink.add('ENT004', m.apmId.start, m.apmId.end, `APM id "${m.apmId.value}" is not in the APM catalog (e.g. SSP, REACH, BPCIA, KCC, EOM)`);
  }
  if (apm && m.entityId && !entityIdMatches(apm, m.entityId.value)) {
    sink.add('ID030', m.entityId.start, m.entityId.end, `Entity id "${m.entityId.value}" does not match the ${apm.name} pattern (e.g. ${apm.entityIdExample})`);
  }
  const track = m.track ? (apm ? findTrack(apm, m.track.value) : m.track.value.toUpperCase()) : null;
  if (apm && m.track && apm.tracks.length > 0 && !apm.tracks.includes(track!)) {
    const sub = apm.cms?.subdivisions.find((d) => d.id === track);
    const what = sub ? `CMS subdivision ${sub.id} ("${sub.name}") has no track in the catalog` : `Track "${m.track.value}" is not a ${apm.id} track`;
    sink.add('ENT006', m.track.start, m.track.end, `${what}; known: ${apm.tracks.join(', ')}${apm.cms ? ` (or CMS subdivision ids ${apm.cms.subdivisions.filter((d) => d.track).map((d) => `${d.id} = ${d.track}`).join(', ')})` : ''}`);
  }
  if (apm && py !== null && (py < apm.firstYear || py > apm.lastYear) && m.apmId) {
    sink.add('ENT007', m.apmId.start, m.apmId.end, `${apm.name} ran ${apm.firstYear}–${apm.lastYear} in the catalog, not in PY${py}`);
  }
  if (py === null || !apm) return null;
  return { py, apm, track };
}

// ---------------------------------------------------------------- LVT (42 CFR 414.1310(b))

const CRITERIA: LvtCriterion[] = ['charges', 'beneficiaries', 'services'];

/** Texts of each LVT table row's limits, built once per row. */
const LIMIT_TEXTS = new Map<LvtLimitsRow, { charges: string; all: string }>();
function limitTexts(limits: LvtLimitsRow): { charges: string; all: string } {
  let texts = LIMIT_TEXTS.get(limits);
  if (!texts) {
    const charges = formatDollars(limits.chargesCents);
    const all = `limits ${charges} allowed charges, ${limits.beneficiaries} beneficiaries${limits.services === null ? '' : `, ${limits.services} covered professional services`}`;
    LIMIT_TEXTS.set(limits, (texts = { charges, all }));
  }
  return texts;
}

function criterionText(c: LvtCriterion, value: number, limits: LvtLimitsRow): string {
  if (c === 'charges') return `${formatDollars(value)} ${value > limits.chargesCents ? '>' : '≤'} ${limitTexts(limits).charges} allowed charges`;
  const limit = c === 'beneficiaries' ? limits.beneficiaries : limits.services!;
  return `${value} ${value > limit ? '>' : '≤'} ${limit} ${c}`;
}

function countValue(loc: Located<number>, label: string, sink: FindingSink): number | null {
  if (!Number.isInteger(loc.value) || loc.value < 0) {
    sink.add('LVT005', loc.start, loc.end, `${label} must be a whole number of 0 or more, not ${loc.raw}`);
    return null;
  }
  return loc.value;
}

function amountCents(loc: Located<number>, label: string, sink: FindingSink): number | null {
  if (loc.value < 0) {
    sink.add('LVT005', loc.start, loc.end, `${label} must not be negative (${loc.raw})`);
    return null;
  }
  const cents = centsFromDecimalText(loc.raw);
  if (cents === null) {
    sink.add('ENT005', loc.start, loc.end, `${label} must be dollars with at most 2 decimals (${loc.raw})`);
    return null;
  }
  return cents;
}

export function determineLowVolume(m: EntityModel, ctx: EntityContext, sink: FindingSink): LowVolumeDetermination | null {
  if (!m.lowVolume) return null;
  const { py } = ctx;
  const limits = lvtLimitsFor(py)!;
  const lv = m.lowVolume;
  const periods = limits.periods;
  const criteria = limits.services === null ? CRITERIA.slice(0, 2) : CRITERIA;
  const results: LvtSegmentResult[] = [];
  const taken = new Set<number>();
  const details: string[] = [];

  for (let index = 0; index < lv.segments.length; index++) {
    const seg = lv.segments[index];
    if (index >= 2) {
      sink.add('LVT006', seg.start, seg.start + 1, `PY${py} has two determination periods; segment ${index + 1} is ignored`);
      continue;
    }
    const period = matchPeriod(seg, index, limits, py, sink);
    if (taken.has(period)) {
      sink.add('LVT006', seg.start, seg.start + 1, `Two segments for determination period ${period}; the second is ignored`);
      continue;
    }
    const values = segmentValues(seg, criteria, sink);
    if (!values) continue;
    taken.add(period);
    const exceeded: LvtCriterion[] = [];
    const notExceeded: LvtCriterion[] = [];
    let criteriaText = '';
    for (let i = 0; i < criteria.length; i++) {
      const c = criteria[i];
      (values[c]! > (c === 'charges' ? limits.chargesCents : c === 'beneficiaries' ? limits.beneficiaries : limits.services!) ? exceeded : notExceeded).push(c);
      criteriaText += i === 0 ? criterionText(c, values[c]!, limits) : `, ${criterionText(c, values[c]!, limits)}`;
    }
    const p = periods[period - 1];
    results.push({ period: period as 1 | 2, start: p.start, end: p.end, result: notExceeded.length === 0 ? 'above' : 'below', exceeded, notExceeded });
    details.push(`Period ${period} (${p.start}..${p.end}): ${criteriaText} → ${notExceeded.length === 0 ? 'exceeds all' : `exceeds ${exceeded.length} of ${criteria.length}`}.`);
  }
  // Periods in order; there are at most two results (later segments are ignored) and their periods differ.
  if (results.length === 2 && results[0].period > results[1].period) results.reverse();

  let status: LowVolumeDetermination['status'];
  if (results.length === 0) status = 'not-determined';
  else status = results.every((r) => r.result === 'above') ? 'eligible' : 'excluded';
  // Opt-in: from PY2019, when each segment that caused the exclusion exceeds at least one criterion (414.1310(b)(1)(iii)).
  const deciding = results.filter((r) => r.result === 'below');
  const optInEligible = status === 'excluded' && limits.optInAllowed && deciding.every((r) => r.exceeded.length > 0);
  const election = (lv.election?.value ?? 'none') as LowVolumeDetermination['election'];
  const limitsText = limitTexts(limits).all;
  const summary = status === 'not-determined'
    ? `PY${py} low-volume threshold not determined: no segment has usable data (${limitsText}).`
    : status === 'eligible'
      ? `PY${py} (payment year ${paymentYearOf(py)}): exceeds the low-volume threshold in every period, so the APM Entity group is MIPS eligible (${limitsText}).`
      : `PY${py} (payment year ${paymentYearOf(py)}): at or below the low-volume threshold in ${deciding.map((r) => `period ${r.period}`).join(' and ')}, so the APM Entity group is excluded from MIPS${optInEligible ? ' and may opt in' : limits.optInAllowed ? '; it exceeds no criterion there, so it may only report voluntarily' : '; opt-in starts PY2019, so it may only report voluntarily'} (${limitsText}).`;
  const expl = explanation('MIPS low-volume threshold', py, '42 CFR 414.1310(b)', summary,
    [...details, 'A unit is excluded when it is at or below ANY limit; exactly the limit is not exceeded.', `Source: ${limits.source}.`], limits.provisional);

  if (election === 'opt-in' && lv.election) {
    const why = !limits.optInAllowed
      ? `opt-in starts in PY2019 (MIPS payment year 2021); PY${py} allows voluntary reporting only`
      : status === 'eligible'
        ? 'the APM Entity group exceeds every criterion and is already MIPS eligible'
        : status === 'not-determined'
          ? 'the low-volume status cannot be determined without segment data'
          : !optInEligible
            ? 'the APM Entity group exceeds no criterion in the period that excludes it; it may only report voluntarily'
            : null;
    if (why) sink.add('LVT004', lv.election.start, lv.election.end, `Opt-in is not allowed: ${why} (42 CFR 414.1310(b)(1)(iii))`);
  }
  const lvtCode = status === 'not-determined' ? null : 'LVT002';
  if (lvtCode) {
    // `${summary} ${details.join(' ')}` built by appending (join copies the long text once more).
    let message = `${summary} `;
    for (let i = 0; i < details.length; i++) message += i === 0 ? details[i] : ` ${details[i]}`;
    sink.add(lvtCode, lv.key.start, lv.key.end, message);
  }
  if (optInEligible && election === 'none') {
    sink.add('LVT003', lv.key.start, lv.key.end, `Excluded from MIPS but opt-in eligible for PY${py}: the group exceeds ${[...new Set(deciding.flatMap((r) => r.exceeded))].join(' and ')} but not every criterion. It may elect to opt in (binding) or report voluntarily.`, { draftOptIn: true });
  }
  return { status, optInEligible, election, segments: results, explanation: expl };
}

/** Day numbers of each LVT table row's periods, computed once per row. */
const PERIOD_DAYS = new Map<LvtLimitsRow, { start: number | null; end: number | null }[]>();
function periodDays(limits: LvtLimitsRow): { start: number | null; end: number | null }[] {
  let days = PERIOD_DAYS.get(limits);
  if (!days) PERIOD_DAYS.set(limits, (days = limits.periods.map((p) => ({ start: dayOf(p.start), end: dayOf(p.end) }))));
  return days;
}

function matchPeriod(seg: SegmentModel, index: number, limits: LvtLimitsRow, py: number, sink: FindingSink): number {
  const s = seg.start_?.value;
  const e = seg.end_?.value;
  const startDay = dayOf(s);
  const endDay = dayOf(e);
  const byDates = periodDays(limits).findIndex((p) => startDay === p.start && endDay === p.end);
  if (byDates >= 0) return byDates + 1;
  const period = index + 1;
  const expected = limits.periods[index];
  const fixes = [];
  const edits = [];
  if (seg.start_) edits.push({ start: seg.start_.start, end: seg.start_.end, text: JSON.stringify(expected.start) });
  if (seg.end_) edits.push({ start: seg.end_.start, end: seg.end_.end, text: JSON.stringify(expected.end) });
  if (edits.length) fixes.push({ title: `Set segment dates to PY${py} period ${period} (${expected.start}..${expected.end})`, edits });
  const at = seg.start_ ?? seg.end_;
  sink.add('LVT001', at ? at.start : seg.start, at ? at.end : seg.start + 1,
    `Segment ${s ?? '?'}..${e ?? '?'} is not a PY${py} determination period; taken as period ${period} (${expected.start}..${expected.end}) by its position`,
    { period, expected, fixes });
  return period;
}

function dayOf(iso: string | undefined): number | null {
  return iso === undefined ? null : parseDate(iso);
}

function segmentValues(seg: SegmentModel, criteria: LvtCriterion[], sink: FindingSink): Partial<Record<LvtCriterion, number>> | null {
  const values: Partial<Record<LvtCriterion, number>> = {};
  let ok = true;
  if (seg.allowedCharges) {
    const c = amountCents(seg.allowedCharges, 'allowedCharges', sink);
    if (c === null) ok = false;
    else values.charges = c;
  } else ok = false;
  if (seg.beneficiaries) {
    const b = countValue(seg.beneficiaries, 'beneficiaries', sink);
    if (b === null) ok = false;
    else values.beneficiaries = b;
  } else ok = false;
  if (criteria.includes('services')) {
    if (seg.services) {
      const s = countValue(seg.services, 'services', sink);
      if (s === null) ok = false;
      else values.services = s;
    } else {
      sink.add('ENT001', seg.start, seg.start + 1, 'From PY2019 a segment needs "services" (covered professional services), the third LVT criterion');
      ok = false;
    }
  }
  return ok ? values : null;
}

// ---------------------------------------------------------------- QP (42 CFR 414.1425–414.1440)

const STATUS_RANK: Record<QpStatus, number> = { 'not-determined': 0, none: 1, 'partial-qp': 2, qp: 3 };
const QP_STATUS_TEXT: Record<QpStatus, string> = { qp: 'QP', 'partial-qp': 'Partial QP', none: 'neither QP nor Partial QP', 'not-determined': 'not determined (no score at a QP snapshot)' };

interface Score {
  num: number;
  den: number;
}

const scoreCents = (loc: Located<number>): number | null => centsFromDecimalText(loc.raw) ?? (Number.isFinite(loc.value) ? Math.round(loc.value * 100) : null);

function ratioScore(r: RatioModel | null, snap: SnapshotModel, py: number, what: string, sink: FindingSink): Score | null {
  if (!r || !r.numerator || !r.denominator) return null;
  const num = scoreCents(r.numerator);
  const den = scoreCents(r.denominator);
  if (num === null || den === null) return null;
  if (num < 0 || den < 0) {
    sink.add('QP002', r.key.start, r.key.end, `${snapshotLabel(snap, py)} ${what}: numerator and denominator must not be negative (${r.numerator.raw}/${r.denominator.raw})`);
    return null;
  }
  if (den === 0) {
    sink.add('QP003', r.key.start, r.key.end, `${snapshotLabel(snap, py)} ${what}: zero denominator, so there is no score (no attribution-eligible beneficiaries)`);
    return null;
  }
  if (num > den) {
    sink.add('QP002', r.key.start, r.key.end, `${snapshotLabel(snap, py)} ${what}: numerator ${r.numerator.raw} is greater than denominator ${r.denominator.raw}`);
    return null;
  }
  return { num, den };
}

const pct = (s: Score) => (s.num * 100) / s.den;

interface SnapshotDay {
  date: string;
  label: string;
  countsForQp: boolean;
  day: number | null;
  longDate: string;
}
/** The PY's snapshot dates with their day numbers and long forms, computed once per PY. */
const SNAPSHOT_DAYS = new Map<number, SnapshotDay[]>();
function snapshotDays(py: number): SnapshotDay[] {
  let days = SNAPSHOT_DAYS.get(py);
  if (!days) {
    days = snapshotDates(py).map((s) => ({ date: s.date, label: s.label, countsForQp: s.countsForQp, day: parseDate(s.date), longDate: longDate(s.date) }));
    SNAPSHOT_DAYS.set(py, days);
  }
  return days;
}

/** How messages name a snapshot (built only for a message). */
function snapshotLabel(snap: SnapshotModel, py: number): string {
  return snap.date ? longDate(snap.date.value.length === 10 ? snap.date.value : `${py}-01-01`) : 'snapshot';
}

export function determineQp(m: EntityModel, ctx: EntityContext, sink: FindingSink): QpDetermination | null {
  if (!m.qp) return null;
  const { py, apm, track } = ctx;
  const t = qpThresholdsFor(py)!;
  const apmStatus = apmStatusFor(apm, py, track);
  const valid = snapshotDays(py);
  const scores: QpSnapshotScore[] = [];
  const scoreLongDates: string[] = [];
  const seenDates = new Set<string>();
  for (const snap of m.qp.snapshots) {
    const payments = ratioScore(snap.payments, snap, py, 'payments', sink);
    const patients = ratioScore(snap.patients, snap, py, 'patients', sink);
    if (!snap.date) continue;
    const day = parseDate(snap.date.value);
    const match = valid.find((v) => day !== null && v.day === day);
    if (!match) {
      const nearest = nearestSnapshot(day, valid, py);
      sink.add('QP004', snap.date.start, snap.date.end,
        `Snapshot date ${snap.date.value} is not a PY${py} snapshot (Mar 31, Jun 30, Aug 31; Dec 31 for MIPS APM participation only)`,
        { nearest, fixes: [{ title: `Change to ${nearest}`, edits: [{ start: snap.date.start, end: snap.date.end, text: JSON.stringify(nearest) }] }] });
      continue;
    }
    if (seenDates.has(match.date)) sink.add('QP009', snap.date.start, snap.date.end, `Snapshot ${match.label} appears twice; each is scored, the best counts`);
    seenDates.add(match.date);
    const allPayer = snap.allPayer && t.allPayer ? {
      payments: ratioScore(snap.allPayer.payments, snap, py, 'all-payer payments', sink),
      patients: ratioScore(snap.allPayer.patients, snap, py, 'all-payer patients', sink),
    } : null;
    if (snap.allPayer && !t.allPayer) sink.add('QP008', snap.allPayer.key.start, snap.allPayer.key.end, `The All-Payer Combination Option starts in PY2019; PY${py} uses the Medicare Option only`);
    scores.push(scoreSnapshot(match.date, match.countsForQp, payments, patients, allPayer, t));
    scoreLongDates.push(match.longDate);
  }

  let best: QpSnapshotScore | null = null;
  for (const s of scores) {
    if (!s.countsForQp) continue;
    if (!best || STATUS_RANK[s.status] > STATUS_RANK[best.status]) best = s;
  }
  let status: QpStatus = best ? best.status : 'not-determined';
  const notAdvanced = !apmStatus.advanced && !apmStatus.advancedDependsOnTrack;
  if (notAdvanced || apmStatus.advancedDependsOnTrack) {
    const advancedTracks = apm.flags.find((f) => py >= f.fromYear && py <= f.toYear)?.advanced;
    const why = apmStatus.advancedDependsOnTrack
      ? `${apm.id} is an Advanced APM only in tracks ${(advancedTracks as string[]).join(', ')}; set apm.track, the status below assumes an Advanced track`
      : `${apm.name}${track ? ` track ${track}` : ''} is not an Advanced APM in PY${py}${apmStatus.verified ? '' : ' (catalog flag unverified)'}, so its clinicians cannot become QPs`;
    sink.add('QP005', m.qp.key.start, m.qp.key.end, why);
    if (notAdvanced && (status === 'qp' || status === 'partial-qp')) status = 'none';
  }

  const py2 = paymentYearOf(py);
  const thresholdsText = thresholdsTextOf(t);
  const qualifies = status === 'qp' || status === 'partial-qp';
  const where = qualifies && best && best.method ? ` at ${scoreLongDates[scores.indexOf(best)]} by ${best.method} (${best.option === 'all-payer' ? 'All-Payer Combination Option' : 'Medicare Option'}${scoreText(best)})` : '';
  const statusText = QP_STATUS_TEXT[status];
  const incentive = status === 'qp' ? ` Incentive: ${t.incentiveNote} in payment year ${py2}.` : '';
  const summary = `PY${py} (payment year ${py2}): ${statusText}${where}; thresholds ${thresholdsText}${t.provisional ? ' (provisional)' : ''}.${incentive}`;
  const details = scores.map((s, i) => `${scoreLongDates[i]}${s.countsForQp ? '' : ' (MIPS APM participation only, not a QP snapshot)'}: payments ${s.payments?.percent != null ? `${toFixed2(s.payments.percent)}%` : 'no score'}, patients ${s.patients?.percent != null ? `${toFixed2(s.patients.percent)}%` : 'no score'} → ${s.status}.`);
  details.push('Scores meet a threshold when numerator × 100 ≥ threshold × denominator (no rounding); the better of the payment and patient methods counts; QP beats Partial QP.');
  details.push(`Source: ${t.source}. 42 CFR 414.1430 lists thresholds by payment year (PY + 2).`);
  sink.add('QP001', m.qp.key.start, m.qp.key.end, summary);
  if (status === 'partial-qp' && !m.qp.partialQpElection) {
    sink.add('QP006', m.qp.key.start, m.qp.key.end, `Partial QP with no election: the APM Entity's clinicians are not in MIPS for PY${py} unless it elects "report-mips" (they may still report voluntarily)`);
  }
  if (t.provisional) sink.add('QP007', m.qp.key.start, m.qp.key.end, `PY${py} QP thresholds are provisional: ${t.source}`);
  return {
    status,
    option: status === 'qp' || status === 'partial-qp' ? best!.option : null,
    method: status === 'qp' || status === 'partial-qp' ? best!.method : null,
    snapshot: status === 'qp' || status === 'partial-qp' ? best!.date : null,
    provisional: t.provisional,
    incentivePercent: status === 'qp' ? t.incentivePercent : null,
    snapshots: scores,
    explanation: explanation('QP / Partial QP determination', py, '42 CFR 414.1425, 414.1430, 414.1435, 414.1440', summary, details, t.provisional),
  };
}

/** Each QP table row's thresholds as text, built once per row. */
const THRESHOLDS_TEXTS = new Map<QpThresholdRow, string>();
function thresholdsTextOf(t: QpThresholdRow): string {
  let text = THRESHOLDS_TEXTS.get(t);
  if (text === undefined) {
    text = `QP ${t.medicare.qp.payments}% payments / ${t.medicare.qp.patients}% patients, Partial QP ${t.medicare.partialQp.payments}% / ${t.medicare.partialQp.patients}%`;
    THRESHOLDS_TEXTS.set(t, text);
  }
  return text;
}

function scoreText(s: QpSnapshotScore): string {
  const part = s.method === 'payments' ? s.payments : s.patients;
  return part?.percent != null ? ` ${toFixed2(part.percent)}%` : '';
}

function nearestSnapshot(day: number | null, valid: SnapshotDay[], py: number): string {
  if (day === null) return `${py}-03-31`;
  let best = valid[0].date;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = Math.abs(v.day! - day);
    if (d < bestDistance) {
      bestDistance = d;
      best = v.date;
    }
  }
  return best;
}

type Candidate = { status: QpStatus; option: 'medicare' | 'all-payer'; method: 'payments' | 'patients' };

function medicareCandidate(candidates: Candidate[], method: 'payments' | 'patients', s: Score | null, t: QpThresholdRow): void {
  if (!s) return;
  if (meetsPercent(s.num, s.den, t.medicare.qp[method])) candidates.push({ status: 'qp', option: 'medicare', method });
  else if (meetsPercent(s.num, s.den, t.medicare.partialQp[method])) candidates.push({ status: 'partial-qp', option: 'medicare', method });
  else candidates.push({ status: 'none', option: 'medicare', method });
}

const allPayerMeets = (med: Score, all: Score, level: { medicareMin: number; total: number }): boolean =>
  meetsPercent(med.num, med.den, level.medicareMin) && meetsPercent(all.num, all.den, level.total);

const withPercent = (s: Score | null) => (s ? { numerator: s.num / 100, denominator: s.den / 100, percent: pct(s) } : null);

function scoreSnapshot(date: string, countsForQp: boolean, payments: Score | null, patients: Score | null,
  allPayer: { payments: Score | null; patients: Score | null } | null, t: QpThresholdRow): QpSnapshotScore {
  const candidates: Candidate[] = [];
  medicareCandidate(candidates, 'payments', payments, t);
  medicareCandidate(candidates, 'patients', patients, t);
  if (allPayer && t.allPayer) {
    const ap = t.allPayer;
    for (const method of ['payments', 'patients'] as const) {
      const med = method === 'payments' ? payments : patients;
      const all = allPayer[method];
      if (!med || !all) continue;
      if (allPayerMeets(med, all, ap.qp[method])) candidates.push({ status: 'qp', option: 'all-payer', method });
      else if (allPayerMeets(med, all, ap.partialQp[method])) candidates.push({ status: 'partial-qp', option: 'all-payer', method });
    }
  }
  let best = candidates[0];
  for (const c of candidates) if (STATUS_RANK[c.status] > STATUS_RANK[best.status]) best = c;
  return {
    date, countsForQp,
    payments: withPercent(payments),
    patients: withPercent(patients),
    status: best ? best.status : 'not-determined',
    option: best && best.status !== 'none' ? best.option : null,
    method: best && best.status !== 'none' ? best.method : null,
  };
}

// ---------------------------------------------------------------- MIPS status (SPEC §3.6)

const MIPS_STATUS_TEXT: Record<MipsStatus, string> = {
  'exempt-qp': 'QPs are excluded from MIPS and get no MIPS payment adjustment',
  'exempt-partial-qp': 'Partial QPs that do not elect to report are excluded from MIPS',
  'eligible-partial-qp': 'the APM Entity elected to report MIPS as Partial QPs, so MIPS applies',
  eligible: 'the APM Entity group exceeds the low-volume threshold, so MIPS applies',
  'eligible-opted-in': 'the APM Entity group opted in, so MIPS applies with a payment adjustment',
  'opt-in-eligible': 'excluded by the low-volume threshold but may opt in',
  'excluded-low-volume': 'excluded by the low-volume threshold; voluntary reporting only, no payment adjustment',
  'not-determined': 'no QP status and no low-volume data, so MIPS status cannot be determined',
};

export function determineMips(py: number, qp: QpDetermination | null, lvt: LowVolumeDetermination | null, m: EntityModel): { status: MipsStatus; explanation: Explanation } {
  let status: MipsStatus;
  const election = m.qp?.partialQpElection?.value;
  if (qp?.status === 'qp') status = 'exempt-qp';
  else if (qp?.status === 'partial-qp') status = election === 'report-mips' ? 'eligible-partial-qp' : 'exempt-partial-qp';
  else if (!lvt || lvt.status === 'not-determined') status = 'not-determined';
  else if (lvt.status === 'eligible') status = 'eligible';
  else if (lvt.election === 'opt-in' && lvt.optInEligible) status = 'eligible-opted-in';
  else if (lvt.optInEligible) status = 'opt-in-eligible';
  else status = 'excluded-low-volume';
  return { status, explanation: explanation('MIPS status', py, '42 CFR 414.1310(b)', `PY${py} (MIPS payment year ${paymentYearOf(py)}): ${status}: ${MIPS_STATUS_TEXT[status]}.`) };
}

// ---------------------------------------------------------------- APP (from PY2021)

/** Each APP measure table row's measures as a Set, built once per row. */
const MEASURE_SETS = new Map<AppMeasureSetRow | undefined, Set<string>>();
function allowedMeasures(row: AppMeasureSetRow | undefined): Set<string> {
  let allowed = MEASURE_SETS.get(row);
  if (!allowed) MEASURE_SETS.set(row, (allowed = new Set(row?.measures ?? [])));
  return allowed;
}

export function determineApp(m: EntityModel, ctx: EntityContext, sink: FindingSink): EntityDetermination['app'] {
  const { py, apm, track } = ctx;
  const appStart = APP_PROGRAM_START.find((p) => p.program === 'app1')!.firstPerformanceYear;
  const plusStart = APP_PROGRAM_START.find((p) => p.program === 'appPlus')!.firstPerformanceYear;
  const mipsApm = apmStatusFor(apm, py, track).mipsApm;
  const available = py >= appStart && mipsApm;
  const required = py >= appStart && apm.id === 'SSP';
  const app = m.app;
  const reporting = app?.reporting?.value === true;
  if (app && reporting && app.reporting) {
    if (py < appStart) sink.add('APP001', app.reporting.start, app.reporting.end, `The APM Performance Pathway starts in PY${appStart}; PY${py} cannot report it`);
    else if (!mipsApm) sink.add('APP005', app.reporting.start, app.reporting.end, `${apm.name} is not a MIPS APM in PY${py}, so its clinicians cannot report the APP`);
  }
  const program = (app?.program?.value ?? 'app1') as 'app1' | 'appPlus';
  if (app?.program && program === 'appPlus' && py < plusStart) {
    sink.add('APP002', app.program.start, app.program.end, `APP Plus starts in PY${plusStart}; use "app1" for PY${py}`);
  }
  if (app && py >= appStart && !(program === 'appPlus' && py < plusStart)) {
    const allowed = allowedMeasures(appMeasureSet(py, program));
    for (const measure of app.qualityMeasures) {
      if (!allowed.has(measure.value)) {
        sink.add('APP003', measure.start, measure.end, `Measure "${measure.value}" is not an ${program} quality measure in PY${py}; allowed: ${[...allowed].join(', ')}`);
      }
    }
  }
  if (required && !reporting) {
    const at = app?.reporting ?? app?.key ?? m.apmId!;
    sink.add('APP004', at.start, at.end, `Shared Savings Program ACOs report quality through the APP${py >= plusStart ? ' Plus' : ''} from PY${appStart}; this file does not report it`);
  }
  const summary = available
    ? `PY${py}: the APP is available to clinicians on this ${apm.name} entity's Participation or Affiliated Practitioner List on any snapshot date${required ? '; Shared Savings Program ACOs are required to report it' : ''}. The highest available final score is used.`
    : py < appStart
      ? `The APP starts in PY${appStart}; not available in PY${py}.`
      : `${apm.name} is not a MIPS APM in PY${py}, so the APP is not available through it.`;
  return { available, required, explanation: explanation('APM Performance Pathway', py, '42 CFR 414.1367; CY2021 PFS final rule', summary) };
}

// ---------------------------------------------------------------- EUC for an APM Entity

export function determineEuc(m: EntityModel, ctx: EntityContext, sink: FindingSink): EntityDetermination['euc'] {
  const { py, apm } = ctx;
  const euc = m.euc;
  const pctNeeded = EUC_PI_REWEIGHTING_PERCENT.value;
  const cite = 'QPP MIPS APMs page (EUC for APM Entities)';
  if (!euc || euc.applying?.value !== true) {
    return { status: 'not-applying', explanation: explanation('Extreme and uncontrollable circumstances (EUC)', py, cite, `PY${py}: the entity is not applying for an EUC exception.`) };
  }
  let ok = true;
  const at = euc.applying!;
  if (!apm.eucEligibleYears.includes(py)) {
    ok = false;
    sink.add('EUC002', at.start, at.end, `${apm.name} is not on the PY${py} list of APMs whose entities may apply for EUC${apm.eucEligibleYears.length ? ` (listed for ${apm.eucEligibleYears.join(', ')})` : ''}`);
  }
  const total = euc.mipsEligibleClinicians;
  const qualified = euc.piReweightingEligible;
  let detail = '';
  if (!total || !qualified) {
    ok = false;
    sink.add('ENT001', euc.key.start, euc.key.end, 'An EUC application needs "mipsEligibleClinicians" and "piReweightingEligible"');
  } else if (!Number.isInteger(total.value) || !Number.isInteger(qualified.value) || total.value < 0 || qualified.value < 0) {
    ok = false;
    sink.add('ENT005', euc.key.start, euc.key.end, 'EUC clinician counts must be whole numbers of 0 or more');
  } else if (qualified.value > total.value) {
    ok = false;
    sink.add('EUC003', qualified.start, qualified.end, `${qualified.value} clinicians qualify for PI reweighting but the entity has only ${total.value} MIPS eligible clinicians`);
  } else {
    detail = `${qualified.value} of ${total.value} MIPS eligible clinicians (${total.value ? toFixed2((qualified.value * 100) / total.value) : '0.00'}%) qualify for Promoting Interoperability reweighting; at least ${pctNeeded}% are needed.`;
    if (total.value === 0 || qualified.value * 100 < pctNeeded * total.value) {
      ok = false;
      sink.add('EUC001', qualified.start, qualified.end, `Only ${detail}`);
    }
  }
  return {
    status: ok ? 'may-apply' : 'may-not-apply',
    explanation: explanation('Extreme and uncontrollable circumstances (EUC)', py, cite, `PY${py}: the entity ${ok ? 'may' : 'may not'} apply for an EUC exception. ${detail}`.trim(), [`Source: ${SOURCES.EUC_APM}.`]),
  };
}

