// The rules of docs/rules.md over one entity file's model: LVT, QP / Partial QP, MIPS status, APP and EUC.
import {
  APP_PROGRAM_START,
  EUC_PI_REWEIGHTING_PERCENT,
  INDIVIDUAL_QP_FROM,
  SOURCES,
  SSP_APP_PLUS_REQUIRED_FROM,
  apmStatusFor,
  appMeasureSet,
  entityIdMatches,
  findApm,
  findTrack,
  isSupportedYear,
  lvtLimitsFor,
  paymentYearOf,
  qpThresholdsFor,
  snapshotDates,
  type ApmCatalogEntry,
  type AppMeasureSetRow,
  type LvtLimitsRow,
  type QpThresholdRow,
} from '../data';
import { longDate, parseDate } from '../dates';
import { quoteUserText } from '../privacy';
import { FindingSink } from '../findings';
import { QP_STATUS_IN_SENTENCE, QP_STATUS_RANK } from '../statusText';
import { centsFromDecimalText, meetsPercent, shortfallToPercent } from '../money';
import { checkNpi } from '../identifiers';
import { formatDollars } from '../text';
import type {
  EntityDetermination,
  Explanation,
  IndividualQpDetermination,
  IndividualQpResult,
  LowVolumeDetermination,
  LvtCriterion,
  LvtMargin,
  LvtSegmentResult,
  MipsStatus,
  QpDetermination,
  QpShortfall,
  QpSnapshotScore,
  QpStatus,
} from '../types';
import type { EntityModel, Located, RatioModel, SegmentModel, SnapshotModel, Span } from './model';

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

const explanation = (
  rule: string,
  py: number,
  citation: string,
  summary: string,
  details: string[] = [],
  provisional = false,
): Explanation => ({
  rule,
  performanceYear: py,
  paymentYear: paymentYearOf(py),
  citation,
  summary,
  details,
  provisional,
});

/** Checks the identifying fields (ENT003/ENT004/ID030/ENT006/ENT007) and returns the context the rules need. */
export function resolveContext(m: EntityModel, sink: FindingSink): EntityContext | null {
  let py: number | null = null;
  if (m.performanceYear) {
    if (isSupportedYear(m.performanceYear.value)) py = m.performanceYear.value;
    else
      sink.add(
        'ENT003',
        m.performanceYear.start,
        m.performanceYear.end,
        `Performance year ${m.performanceYear.value} is outside 2017..2027, the years QPP Lens has rules for`,
      );
  }
  let apm: ApmCatalogEntry | undefined;
  if (m.apmId) {
    apm = findApm(m.apmId.value);
    if (!apm)
      sink.add(
        'ENT004',
        m.apmId.start,
        m.apmId.end,
        `APM id "${quoteUserText(m.apmId.value)}" is not in the APM catalog (e.g. SSP, REACH, BPCIA, KCC, EOM)`,
      );
  }
  if (apm && m.entityId && !entityIdMatches(apm, m.entityId.value)) {
    sink.add(
      'ID030',
      m.entityId.start,
      m.entityId.end,
      `Entity id "${quoteUserText(m.entityId.value)}" does not match the ${apm.name} pattern (e.g. ${apm.entityIdExample})`,
    );
  }
  const track = m.track ? (apm ? findTrack(apm, m.track.value) : m.track.value.toUpperCase()) : null;
  if (apm && m.track) checkTrack(m.track, track!, apm, sink);
  if (apm && py !== null && (py < apm.firstYear || py > apm.lastYear) && m.apmId) {
    sink.add(
      'ENT007',
      m.apmId.start,
      m.apmId.end,
      `${apm.name} ran ${apm.firstYear}–${apm.lastYear} in the catalog, not in PY${py}`,
    );
  }
  if (py === null || !apm) return null;
  return { py, apm, track };
}

/** ENT006 for a track the APM does not have (CMS subdivision ids accepted); ENT008 for a track on an APM without. */
function checkTrack(given: Located<string>, track: string, apm: ApmCatalogEntry, sink: FindingSink): void {
  if (apm.tracks.length === 0) {
    sink.add(
      'ENT008',
      given.start,
      given.end,
      `apm.track is not used: ${apm.name} has no tracks in the APM catalog, so its Advanced / MIPS APM status does not depend on one`,
    );
    return;
  }
  if (apm.tracks.includes(track)) return;
  const sub = apm.cms?.subdivisions.find((d) => d.id === track);
  const what = sub
    ? `CMS subdivision ${sub.id} ("${sub.name}") has no track in the catalog`
    : `Track "${quoteUserText(given.value)}" is not a ${apm.id} track`;
  const cmsIds = apm.cms
    ? ` (or CMS subdivision ids ${apm.cms.subdivisions
        .filter((d) => d.track)
        .map((d) => `${d.id} = ${d.track}`)
        .join(', ')})`
    : '';
  sink.add('ENT006', given.start, given.end, `${what}; known: ${apm.tracks.join(', ')}${cmsIds}`);
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
    texts = { charges, all };
    LIMIT_TEXTS.set(limits, texts);
  }
  return texts;
}

function criterionText(c: LvtCriterion, value: number, limits: LvtLimitsRow): string {
  if (c === 'charges')
    return `${formatDollars(value)} ${value > limits.chargesCents ? '>' : '≤'} ${limitTexts(limits).charges} allowed charges`;
  const limit = lvtLimitOf(c, limits);
  return `${value} ${value > limit ? '>' : '≤'} ${limit} ${c}`;
}

/** How far one LVT figure is from its limit: the least more that exceeds it (exceeding is strictly more), or how far above it is. */
export function lvtMargin(criterion: LvtCriterion, value: number, limits: LvtLimitsRow): LvtMargin {
  const limit = lvtLimitOf(criterion, limits);
  const needed = value > limit ? 0 : limit - value + 1;
  const above = value > limit ? value - limit : 0;
  const amount = (n: number) => (criterion === 'charges' ? formatDollars(n) : String(n));
  const noun =
    criterion === 'charges'
      ? 'allowed charges'
      : criterion === 'beneficiaries'
        ? `beneficiar${needed === 1 || above === 1 ? 'y' : 'ies'}`
        : `service${needed === 1 || above === 1 ? '' : 's'}`;
  const text =
    needed > 0
      ? `${amount(needed)} more ${noun} to exceed ${amount(limit)}`
      : `${amount(above)} ${noun} above ${amount(limit)}`;
  return { criterion, value, limit, needed, above, text };
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

/** The limit a criterion's value must exceed (42 CFR 414.1305, "low-volume threshold"). */
export function lvtLimitOf(criterion: LvtCriterion, limits: LvtLimitsRow): number {
  if (criterion === 'charges') return limits.chargesCents;
  return criterion === 'beneficiaries' ? limits.beneficiaries : limits.services!;
}

export function determineLowVolume(
  m: EntityModel,
  ctx: EntityContext,
  sink: FindingSink,
): LowVolumeDetermination | null {
  if (!m.lowVolume) return null;
  const { py } = ctx;
  const limits = lvtLimitsFor(py)!;
  const lv = m.lowVolume;
  const { results, details } = assessPeriods(lv.segments, limits, py, sink);
  const status: LowVolumeDetermination['status'] =
    results.length === 0 ? 'not-determined' : results.every((r) => r.result === 'above') ? 'eligible' : 'excluded';
  // Opt-in: from PY2019, when each segment that caused the exclusion exceeds at least one criterion (414.1310(b)(1)(iii)).
  const deciding = results.filter((r) => r.result === 'below');
  const optInEligible = status === 'excluded' && limits.optInAllowed && deciding.every((r) => r.exceeded.length > 0);
  const election = (lv.election?.value ?? 'none') as LowVolumeDetermination['election'];
  const summary = lowVolumeSummary(py, status, deciding, optInEligible, limits);
  const expl = explanation(
    'MIPS low-volume threshold',
    py,
    '42 CFR 414.1310(b)',
    summary,
    [
      ...details,
      'A unit is excluded when it is at or below ANY limit; exactly the limit is not exceeded.',
      `Source: ${limits.source}.`,
    ],
    limits.provisional,
  );

  if (status !== 'not-determined') {
    // `${summary} ${details.join(' ')}` built by appending (join copies the long text once more).
    let message = `${summary} `;
    for (let i = 0; i < details.length; i++) message += i === 0 ? details[i] : ` ${details[i]}`;
    sink.add('LVT002', lv.key.start, lv.key.end, message);
  }
  checkElection(lv, { py, limits, status, optInEligible, deciding }, sink);
  return { status, optInEligible, election, segments: results, explanation: expl };
}

/** What the elections are checked against: the year, its limits, the result and the periods that excluded. */
interface LowVolumeOutcome {
  py: number;
  limits: LvtLimitsRow;
  status: LowVolumeDetermination['status'];
  optInEligible: boolean;
  deciding: readonly LvtSegmentResult[];
}

/**
 * LVT004 for an opt-in the year or the result does not allow (42 CFR 414.1310(b)(1)(iii)); ENT008 for a voluntary
 * election an eligible group does not use; LVT003 offers opt-in to a group that may elect it.
 */
function checkElection(lv: NonNullable<EntityModel['lowVolume']>, outcome: LowVolumeOutcome, sink: FindingSink): void {
  const { py, status, optInEligible, deciding } = outcome;
  const election = lv.election?.value ?? 'none';
  if (election === 'opt-in' && lv.election) {
    const why = optInRefusal(py, status, optInEligible, outcome.limits);
    if (why)
      sink.add(
        'LVT004',
        lv.election.start,
        lv.election.end,
        `Opt-in is not allowed: ${why} (42 CFR 414.1310(b)(1)(iii))`,
      );
  }
  if (election === 'voluntary' && status === 'eligible' && lv.election) {
    sink.add(
      'ENT008',
      lv.election.start,
      lv.election.end,
      `The election "voluntary" is not used: the APM Entity group exceeds the low-volume threshold in every period, so it is MIPS eligible and gets a payment adjustment (42 CFR 414.1310(b))`,
    );
  }
  if (optInEligible && election === 'none') {
    sink.add(
      'LVT003',
      lv.key.start,
      lv.key.end,
      `Excluded from MIPS but opt-in eligible for PY${py}: the group exceeds ${[...new Set(deciding.flatMap((r) => r.exceeded))].join(' and ')} but not every criterion. It may elect to opt in (binding) or report voluntarily.`,
      { draftOptIn: true },
    );
  }
}

/**
 * Each segment against its determination period's limits: at most one segment per period, two periods. Results come
 * in period order, with a sentence per period for the explanation.
 */
function assessPeriods(
  segments: readonly SegmentModel[],
  limits: LvtLimitsRow,
  py: number,
  sink: FindingSink,
): { results: LvtSegmentResult[]; details: string[] } {
  const criteria = limits.services === null ? CRITERIA.slice(0, 2) : CRITERIA;
  const results: LvtSegmentResult[] = [];
  const details: string[] = [];
  const taken = new Set<number>();
  for (let index = 0; index < segments.length; index++) {
    const seg = segments[index];
    if (index >= 2) {
      sink.add(
        'LVT006',
        seg.start,
        seg.start + 1,
        `PY${py} has two determination periods; segment ${index + 1} is ignored`,
      );
      continue;
    }
    const period = matchPeriod(seg, index, limits, py, sink);
    if (taken.has(period)) {
      sink.add(
        'LVT006',
        seg.start,
        seg.start + 1,
        `Two segments for determination period ${period}; the second is ignored`,
      );
      continue;
    }
    const values = segmentValues(seg, criteria, sink);
    if (!values) continue;
    taken.add(period);
    const exceeded = criteria.filter((c) => values[c]! > lvtLimitOf(c, limits));
    const notExceeded = criteria.filter((c) => values[c]! <= lvtLimitOf(c, limits));
    const criteriaText = criteria.map((c) => criterionText(c, values[c]!, limits)).join(', ');
    const p = limits.periods[period - 1];
    const margins = criteria.map((c) => lvtMargin(c, values[c]!, limits));
    results.push({
      period: period as 1 | 2,
      start: p.start,
      end: p.end,
      result: notExceeded.length === 0 ? 'above' : 'below',
      exceeded,
      notExceeded,
      margins,
    });
    const short = margins.filter((x) => x.needed > 0);
    details.push(
      `Period ${period} (${p.start}..${p.end}): ${criteriaText} → ${notExceeded.length === 0 ? 'exceeds all' : `exceeds ${exceeded.length} of ${criteria.length}`}${short.length ? `; short: ${short.map((x) => x.text).join(', ')}` : ''}.`,
    );
  }
  // There are at most two results (later segments are ignored) and their periods differ.
  if (results.length === 2 && results[0].period > results[1].period) results.reverse();
  return { results, details };
}

function lowVolumeSummary(
  py: number,
  status: LowVolumeDetermination['status'],
  deciding: readonly LvtSegmentResult[],
  optInEligible: boolean,
  limits: LvtLimitsRow,
): string {
  const limitsText = limitTexts(limits).all;
  if (status === 'not-determined')
    return `PY${py} low-volume threshold not determined: no segment has usable data (${limitsText}).`;
  if (status === 'eligible')
    return `PY${py} (payment year ${paymentYearOf(py)}): exceeds the low-volume threshold in every period, so the APM Entity group is MIPS eligible (${limitsText}).`;
  const choice = optInEligible
    ? ' and may opt in'
    : limits.optInAllowed
      ? '; it exceeds no criterion there, so it may only report voluntarily'
      : '; opt-in starts PY2019, so it may only report voluntarily';
  return `PY${py} (payment year ${paymentYearOf(py)}): at or below the low-volume threshold in ${deciding.map((r) => `period ${r.period}`).join(' and ')}, so the APM Entity group is excluded from MIPS${choice} (${limitsText}).`;
}

/** Why an opt-in election cannot stand (42 CFR 414.1310(b)(1)(iii)), or null when it can. */
function optInRefusal(
  py: number,
  status: LowVolumeDetermination['status'],
  optInEligible: boolean,
  limits: LvtLimitsRow,
): string | null {
  if (!limits.optInAllowed)
    return `opt-in starts in PY2019 (MIPS payment year 2021); PY${py} allows voluntary reporting only`;
  if (status === 'eligible') return 'the APM Entity group exceeds every criterion and is already MIPS eligible';
  if (status === 'not-determined') return 'the low-volume status cannot be determined without segment data';
  if (!optInEligible)
    return 'the APM Entity group exceeds no criterion in the period that excludes it; it may only report voluntarily';
  return null;
}

/** Day numbers of each LVT table row's periods, computed once per row. */
const PERIOD_DAYS = new Map<LvtLimitsRow, { start: number | null; end: number | null }[]>();
function periodDays(limits: LvtLimitsRow): { start: number | null; end: number | null }[] {
  let days = PERIOD_DAYS.get(limits);
  if (!days) {
    days = limits.periods.map((p) => ({ start: dayOf(p.start), end: dayOf(p.end) }));
    PERIOD_DAYS.set(limits, days);
  }
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
  if (edits.length)
    fixes.push({ title: `Set segment dates to PY${py} period ${period} (${expected.start}..${expected.end})`, edits });
  const at = seg.start_ ?? seg.end_;
  sink.add(
    'LVT001',
    at ? at.start : seg.start,
    at ? at.end : seg.start + 1,
    `Segment ${s ?? '?'}..${e ?? '?'} is not a PY${py} determination period; taken as period ${period} (${expected.start}..${expected.end}) by its position`,
    { period, expected, fixes },
  );
  return period;
}

function dayOf(iso: string | undefined): number | null {
  return iso === undefined ? null : parseDate(iso);
}

function segmentValues(
  seg: SegmentModel,
  criteria: LvtCriterion[],
  sink: FindingSink,
): Partial<Record<LvtCriterion, number>> | null {
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
      sink.add(
        'ENT001',
        seg.start,
        seg.start + 1,
        'From PY2019 a segment needs "services" (covered professional services), the third LVT criterion',
      );
      ok = false;
    }
  }
  return ok ? values : null;
}

// ---------------------------------------------------------------- QP (42 CFR 414.1425–414.1440)

interface Score {
  num: number;
  den: number;
}

const scoreCents = (loc: Located<number>): number | null =>
  centsFromDecimalText(loc.raw) ?? (Number.isFinite(loc.value) ? Math.round(loc.value * 100) : null);

function ratioScore(
  r: RatioModel | null,
  snap: SnapshotModel,
  py: number,
  what: string,
  sink: FindingSink,
): Score | null {
  if (!r?.numerator || !r.denominator) return null;
  const num = scoreCents(r.numerator);
  const den = scoreCents(r.denominator);
  if (num === null || den === null) return null;
  if (num < 0 || den < 0) {
    sink.add(
      'QP002',
      r.key.start,
      r.key.end,
      `${snapshotLabel(snap, py)} ${what}: numerator and denominator must not be negative (${r.numerator.raw}/${r.denominator.raw})`,
    );
    return null;
  }
  if (den === 0) {
    sink.add(
      'QP003',
      r.key.start,
      r.key.end,
      `${snapshotLabel(snap, py)} ${what}: zero denominator, so there is no score (no attribution-eligible beneficiaries)`,
    );
    return null;
  }
  if (num > den) {
    sink.add(
      'QP002',
      r.key.start,
      r.key.end,
      `${snapshotLabel(snap, py)} ${what}: numerator ${r.numerator.raw} is greater than denominator ${r.denominator.raw}`,
    );
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
    days = snapshotDates(py).map((s) => ({
      date: s.date,
      label: s.label,
      countsForQp: s.countsForQp,
      day: parseDate(s.date),
      longDate: longDate(s.date),
    }));
    SNAPSHOT_DAYS.set(py, days);
  }
  return days;
}

/** How messages name a snapshot (built only for a message). */
function snapshotLabel(snap: SnapshotModel, py: number): string {
  return snap.date ? longDate(snap.date.value.length === 10 ? snap.date.value : `${py}-01-01`) : 'snapshot';
}

/** A snapshot's validated scores, kept so the same inputs can be scored under another reading of the thresholds. */
interface SnapshotInput {
  date: string;
  countsForQp: boolean;
  payments: Score | null;
  patients: Score | null;
  allPayer: { payments: Score | null; patients: Score | null } | null;
}
interface ScoredSnapshots {
  inputs: SnapshotInput[];
  scores: QpSnapshotScore[];
  longDates: string[];
}

const hasScores = (snap: SnapshotModel): boolean => !!(snap.payments || snap.patients || snap.allPayer);

/**
 * One snapshots array (the entity's, or one clinician's) read against the PY's snapshot dates: QP004 for a date that
 * is no snapshot, QP009 for a repeated one, QP008 for All-Payer scores before PY2019, and QP010 for scores a QP
 * determination does not use (the Dec 31 snapshot; All-Payer scores without the Medicare score they need).
 */
function scoreSnapshots(
  snapshots: SnapshotModel[],
  py: number,
  t: QpThresholdRow,
  sink: FindingSink,
  who: string,
): ScoredSnapshots {
  const out: ScoredSnapshots = { inputs: [], scores: [], longDates: [] };
  const seenDates = new Set<string>();
  for (const snap of snapshots) {
    const payments = ratioScore(snap.payments, snap, py, `${who}payments`, sink);
    const patients = ratioScore(snap.patients, snap, py, `${who}patients`, sink);
    const match = snapshotDayOf(snap, py, who, sink);
    if (!match) continue;
    if (seenDates.has(match.date))
      sink.add(
        'QP009',
        snap.date!.start,
        snap.date!.end,
        `${who}Snapshot ${match.label} appears twice; each is scored, the best counts`,
      );
    seenDates.add(match.date);
    if (!match.countsForQp && hasScores(snap)) {
      sink.add(
        'QP010',
        snap.date!.start,
        snap.date!.end,
        `${who}The ${match.longDate} snapshot's scores are not used for QP: QP determinations use the Mar 31, Jun 30 and Aug 31 snapshots of the QP Performance Period (Jan 1–Aug 31); Dec 31 counts only for MIPS APM participation and the APP (qpp.cms.gov APM determination periods)`,
      );
    }
    const allPayer = allPayerScores(snap, match, py, t, who, sink);
    const input: SnapshotInput = { date: match.date, countsForQp: match.countsForQp, payments, patients, allPayer };
    out.inputs.push(input);
    out.scores.push(scoreSnapshot(input, t));
    out.longDates.push(match.longDate);
  }
  return out;
}

/** The PY's snapshot a snapshot's date names, or null: no date, or QP004 (with the nearest snapshot as its fix). */
function snapshotDayOf(snap: SnapshotModel, py: number, who: string, sink: FindingSink): SnapshotDay | null {
  if (!snap.date) return null;
  const valid = snapshotDays(py);
  const day = parseDate(snap.date.value);
  const match = valid.find((v) => day !== null && v.day === day);
  if (match) return match;
  const nearest = nearestSnapshot(day, valid, py);
  sink.add(
    'QP004',
    snap.date.start,
    snap.date.end,
    `${who}Snapshot date ${quoteUserText(snap.date.value)} is not a PY${py} snapshot (Mar 31, Jun 30, Aug 31; Dec 31 for MIPS APM participation only)`,
    {
      nearest,
      fixes: [
        {
          title: `Change to ${nearest}`,
          edits: [{ start: snap.date.start, end: snap.date.end, text: JSON.stringify(nearest) }],
        },
      ],
    },
  );
  return null;
}

/**
 * A snapshot's All-Payer Combination Option scores: QP008 before the option exists (PY2019), QP010 for an all-payer
 * score without the Medicare score by the same method that the option also needs (42 CFR 414.1440(d), 414.1430(b)).
 */
function allPayerScores(
  snap: SnapshotModel,
  match: SnapshotDay,
  py: number,
  t: QpThresholdRow,
  who: string,
  sink: FindingSink,
): SnapshotInput['allPayer'] {
  if (!snap.allPayer) return null;
  if (!t.allPayer) {
    sink.add(
      'QP008',
      snap.allPayer.key.start,
      snap.allPayer.key.end,
      `The All-Payer Combination Option starts in PY2019; PY${py} uses the Medicare Option only`,
    );
    return null;
  }
  const allPayer = {
    payments: ratioScore(snap.allPayer.payments, snap, py, `${who}all-payer payments`, sink),
    patients: ratioScore(snap.allPayer.patients, snap, py, `${who}all-payer patients`, sink),
  };
  if (!match.countsForQp) return allPayer;
  for (const method of ['payments', 'patients'] as const) {
    const ratio = snap.allPayer[method];
    if (allPayer[method] && !(method === 'payments' ? snap.payments : snap.patients)) {
      sink.add(
        'QP010',
        ratio!.key.start,
        ratio!.key.end,
        `${who}All-payer ${method} are not used without the Medicare ${method} score: the All-Payer Combination Option also needs a minimum Medicare Option score by the same method (42 CFR 414.1440(d), 414.1430(b))`,
      );
    }
  }
  return allPayer;
}

/** The best QP snapshot (QP beats Partial QP beats neither); the first wins a tie. */
function bestOf(scores: readonly QpSnapshotScore[]): QpSnapshotScore | null {
  let best: QpSnapshotScore | null = null;
  for (const s of scores) {
    if (!s.countsForQp) continue;
    if (!best || QP_STATUS_RANK[s.status] > QP_STATUS_RANK[best.status]) best = s;
  }
  return best;
}

/** 42 CFR 414.1425(c)(3)(ii): from PY2026 an eligible clinician is a QP "individually, or as part of an APM Entity group". */
export const INDIVIDUAL_QP_RULE = '42 CFR 414.1425(c)(3)(ii)';
/** The rule under which the APM Entity group's Threshold Score decides: (c)(3)(i) through PY2025, (c)(3)(ii) from PY2026. */
export function entityQpRule(py: number): string {
  return py >= INDIVIDUAL_QP_FROM.performanceYear
    ? '42 CFR 414.1425(c)(3)(ii) (as part of an APM Entity group)'
    : '42 CFR 414.1425(c)(3)(i)';
}

/** How a message names a clinician: the last four digits of the NPI only. */
export function npiLabel(npi: string): string {
  return npi.length > 4 ? `NPI …${npi.slice(-4)}` : `NPI ${npi}`;
}

export function determineQp(m: EntityModel, ctx: EntityContext, sink: FindingSink): QpDetermination | null {
  if (!m.qp) return null;
  const { py } = ctx;
  const t = qpThresholdsFor(py)!;
  const entity = scoreSnapshots(m.qp.snapshots, py, t, sink, '');
  const scores = entity.scores;
  const best = bestOf(scores);
  const notAdvanced = checkAdvancedApm(m.qp.key, ctx, sink);
  const capped = qpStatusCap(ctx);
  const status = capped(best ? best.status : 'not-determined');
  const individualAssessment = py >= INDIVIDUAL_QP_FROM.performanceYear;
  const usesAllPayer = entity.inputs.some((i) => i.allPayer);
  const thresholdsText = thresholdsTextOf(t, usesAllPayer);
  const qualifies = status === 'qp' || status === 'partial-qp';
  const summary = qpSummary(m.qp.clinicians.length, { py, t, status, best, entity, notAdvanced, thresholdsText });
  sink.add('QP001', m.qp.key.start, m.qp.key.end, summary);
  checkPartialQpElection(m.qp, py, status, individualAssessment, sink);

  const otherReadings = scoredUnderOtherReadings(entity.inputs, t, capped);
  if (t.provisional) flagProvisionalThresholds(m.qp.key, py, t, status, thresholdsText, otherReadings, sink);
  return {
    status,
    option: qualifies ? best!.option : null,
    method: qualifies ? best!.method : null,
    snapshot: qualifies ? best!.date : null,
    provisional: t.provisional,
    incentivePercent: status === 'qp' ? t.incentivePercent : null,
    snapshots: scores,
    individualAssessment,
    otherReadings,
    explanation: explanation(
      'QP / Partial QP determination',
      py,
      '42 CFR 414.1425, 414.1430, 414.1435, 414.1440',
      summary,
      snapshotDetails(scores, entity.longDates, t),
      t.provisional,
    ),
  };
}

type OtherReading = QpDetermination['otherReadings'][number];

/** Where sources disagree: the same inputs scored under each other reading of the thresholds. */
function scoredUnderOtherReadings(
  inputs: readonly SnapshotInput[],
  t: QpThresholdRow,
  capped: (status: QpStatus) => QpStatus,
): OtherReading[] {
  const usesAllPayer = inputs.some((i) => i.allPayer);
  return t.otherReadings.map((r) => {
    const row: QpThresholdRow = { ...t, medicare: r.medicare, allPayer: r.allPayer };
    const rBest = bestOf(inputs.map((i) => scoreSnapshot(i, row)));
    return {
      label: r.label,
      status: capped(rBest ? rBest.status : 'not-determined'),
      thresholds: thresholdsTextOf(row, usesAllPayer),
    };
  });
}

/** QP007: the year's thresholds are provisional; where sources disagree, the determination under each reading. */
function flagProvisionalThresholds(
  at: Span,
  py: number,
  t: QpThresholdRow,
  status: QpStatus,
  thresholdsText: string,
  otherReadings: readonly OtherReading[],
  sink: FindingSink,
): void {
  const readings =
    otherReadings.length === 0
      ? ''
      : ` Sources disagree; this result follows ${t.reading} (${thresholdsText}): ${QP_STATUS_IN_SENTENCE[status]}. ${otherReadings.map((r) => `Under ${r.label} (${r.thresholds}): ${QP_STATUS_IN_SENTENCE[r.status]}.`).join(' ')}`;
  const otherSources = t.otherReadings
    .filter((r) => !t.source.includes(r.source))
    .map((r) => `; ${r.label}: ${r.source}`)
    .join('');
  sink.add(
    'QP007',
    at.start,
    at.end,
    `PY${py} QP thresholds are provisional.${readings} Sources: ${t.source}${otherSources}`,
  );
}

/**
 * QP005 when the APM is not an Advanced APM for the year, or is one only in some tracks and none is given (the
 * determination then assumes an Advanced track). True when its clinicians cannot become QPs.
 */
function checkAdvancedApm(key: Span, { py, apm, track }: EntityContext, sink: FindingSink): boolean {
  const apmStatus = apmStatusFor(apm, py, track);
  const notAdvanced = !apmStatus.advanced && !apmStatus.advancedDependsOnTrack;
  if (!notAdvanced && !apmStatus.advancedDependsOnTrack) return false;
  const advancedTracks = apm.flags.find((f) => py >= f.fromYear && py <= f.toYear)?.advanced;
  const why = apmStatus.advancedDependsOnTrack
    ? `${apm.id} is an Advanced APM only in tracks ${(advancedTracks as string[]).join(', ')}; set apm.track, the status below assumes an Advanced track`
    : `${apm.name}${track ? ` track ${track}` : ''} is not an Advanced APM in PY${py}${apmStatus.verified ? '' : ' (catalog flag unverified)'}, so its clinicians cannot become QPs`;
  sink.add('QP005', key.start, key.end, why);
  return notAdvanced;
}

interface QpOutcome {
  py: number;
  t: QpThresholdRow;
  status: QpStatus;
  best: QpSnapshotScore | null;
  entity: ScoredSnapshots;
  notAdvanced: boolean;
  thresholdsText: string;
}

/** QP001's sentence: the status, where it was decided, the distance to the next status, and what else can change it. */
function qpSummary(
  listedClinicians: number,
  { py, t, status, best, entity, notAdvanced, thresholdsText }: QpOutcome,
): string {
  const py2 = paymentYearOf(py);
  const bestDate = best ? entity.longDates[entity.scores.indexOf(best)] : '';
  const where =
    (status === 'qp' || status === 'partial-qp') && best?.method
      ? ` at ${bestDate} by ${best.method} (${best.option === 'all-payer' ? 'All-Payer Combination Option' : 'Medicare Option'}: ${best.basis})`
      : best && status === 'none' && !notAdvanced
        ? ` (best snapshot ${bestDate}: ${best.basis})`
        : '';
  const incentive = status === 'qp' ? ` Incentive: ${t.incentiveNote} in payment year ${py2}.` : '';
  let individual = '';
  if (py >= INDIVIDUAL_QP_FROM.performanceYear && status !== 'qp') {
    individual =
      listedClinicians === 0
        ? ` This is the APM Entity group's result only: from PY${INDIVIDUAL_QP_FROM.performanceYear} each clinician is also assessed on their own threshold scores and may still be a QP (${INDIVIDUAL_QP_RULE}); give their scores under qp.clinicians to check.`
        : ` This is the APM Entity group's result: each clinician is also assessed on their own threshold scores (${INDIVIDUAL_QP_RULE}); QP012 gives the status of the ${listedClinicians} clinician${listedClinicians === 1 ? '' : 's'} under qp.clinicians, and the entity's other clinicians may still be QPs on theirs.`;
  }
  const toNext =
    best && (status === 'none' || status === 'partial-qp') && !notAdvanced && best.shortfalls.length
      ? ` To the next status at ${bestDate}: ${best.shortfalls.map((x) => x.text).join('; ')}.`
      : '';
  return `PY${py} (payment year ${py2}): ${QP_STATUS_IN_SENTENCE[status]}${where}; thresholds ${thresholdsText}${t.provisional ? ' (provisional)' : ''}.${toNext}${incentive}${individual}`;
}

/** The explanation's line per snapshot, then how scores are compared and where the thresholds come from. */
function snapshotDetails(
  scores: readonly QpSnapshotScore[],
  longDates: readonly string[],
  t: QpThresholdRow,
): string[] {
  const percent = (score: { percent: number | null } | null | undefined) =>
    score?.percent != null ? `${toFixed2(score.percent)}%` : 'no score';
  return [
    ...scores.map(
      (s, i) =>
        `${longDates[i]}${s.countsForQp ? '' : ' (MIPS APM participation only, not a QP snapshot)'}: payments ${percent(s.payments)}, patients ${percent(s.patients)} → ${s.status} (${s.basis}).${s.shortfalls.length ? ` To the next status: ${s.shortfalls.map((x) => x.text).join('; ')}.` : ''}`,
    ),
    'Scores meet a threshold when numerator × 100 ≥ threshold × denominator (no rounding); the better of the payment and patient methods counts; QP beats Partial QP.',
    `Source: ${t.source}. 42 CFR 414.1430 lists thresholds by payment year (PY + 2).`,
  ];
}

/** QP006 when a Partial QP has not elected; QP010 when an election cannot apply (42 CFR 414.1310(b)(1)(ii)). */
function checkPartialQpElection(
  qp: NonNullable<EntityModel['qp']>,
  py: number,
  status: QpStatus,
  individualAssessment: boolean,
  sink: FindingSink,
): void {
  if (status === 'partial-qp' && !qp.partialQpElection) {
    sink.add(
      'QP006',
      qp.key.start,
      qp.key.end,
      `Partial QP with no election: the APM Entity's clinicians are not in MIPS for PY${py} unless it elects "report-mips" (they may still report voluntarily)`,
    );
  }
  // From PY2026 any clinician may be a Partial QP on their own scores, so the election is never unused there.
  if (qp.partialQpElection && !individualAssessment && status !== 'partial-qp' && status !== 'not-determined') {
    const e = qp.partialQpElection;
    sink.add(
      'QP010',
      e.start,
      e.end,
      `The Partial QP election "${e.value}" is not used: the APM Entity group is ${QP_STATUS_IN_SENTENCE[status]}, not a Partial QP, for PY${py} (the election applies only to Partial QPs, 42 CFR 414.1310(b)(1)(ii))`,
    );
  }
}

/**
 * 42 CFR 414.1425(c)(3)(ii), from the CY2026 QP Performance Period: an eligible clinician is a QP (or Partial QP) if
 * they "individually, or as part of an APM Entity group" meet the threshold. Each clinician in qp.clinicians is scored
 * on their own Threshold Scores at each snapshot, and their status is the better of that and the APM Entity group's
 * (QP012, which says which level decided it). The entity's snapshots are scored again here, silently, so that this rule
 * stands on its own. ID001–ID003 check the NPI; QP011 a clinician listed twice; QP010 qp.clinicians before PY2026.
 */
export function determineIndividualQp(
  m: EntityModel,
  ctx: EntityContext,
  sink: FindingSink,
): IndividualQpDetermination | null {
  if (!m.qp) return null;
  const { py } = ctx;
  if (py < INDIVIDUAL_QP_FROM.performanceYear) {
    flagUnusedIndividualScores(m.qp, py, sink);
    return { assessed: false, clinicians: [] };
  }
  const t = qpThresholdsFor(py)!;
  const capped = qpStatusCap(ctx);
  // The APM Entity group's result, scored without findings (the QP rule reports on the entity's snapshots).
  const entity = scoreSnapshots(m.qp.snapshots, py, t, new FindingSink(), '');
  const entityBest = bestOf(entity.scores);
  const group: LevelResult = {
    scored: entity,
    best: entityBest,
    status: capped(entityBest?.status ?? 'not-determined'),
  };
  const results: IndividualQpResult[] = [];
  const seen = new Set<string>();
  for (const c of m.qp.clinicians) {
    const npi = usableClinicianNpi(c.npi, seen, sink);
    if (npi === null) continue;
    const own = scoreSnapshots(c.snapshots, py, t, sink, `${npiLabel(npi)}: `);
    const ownBest = bestOf(own.scores);
    const result = betterLevel(npi, group, {
      scored: own,
      best: ownBest,
      status: capped(ownBest?.status ?? 'not-determined'),
    });
    sink.add('QP012', c.npi!.start, c.npi!.end, result.summary);
    results.push(result);
  }
  return { assessed: true, clinicians: results };
}

/** A status capped for the APM: a non-Advanced APM's clinicians are not QPs or Partial QPs (42 CFR 414.1425(a)). */
function qpStatusCap({ py, apm, track }: EntityContext): (status: QpStatus) => QpStatus {
  const apmStatus = apmStatusFor(apm, py, track);
  const notAdvanced = !apmStatus.advanced && !apmStatus.advancedDependsOnTrack;
  return (s) => (notAdvanced && (s === 'qp' || s === 'partial-qp') ? 'none' : s);
}

/** QP010 when clinicians' own scores are given for a year before individual determinations. */
function flagUnusedIndividualScores(qp: NonNullable<EntityModel['qp']>, py: number, sink: FindingSink): void {
  if (qp.clinicians.length === 0) return;
  const at = qp.cliniciansKey ?? qp.key;
  sink.add(
    'QP010',
    at.start,
    at.end,
    `Clinicians' own scores are not used in PY${py}: under the Medicare Option QP status is the APM Entity group's until PY${INDIVIDUAL_QP_FROM.performanceYear} (42 CFR 414.1425(c)(3)(i)); individual determinations start with the CY${INDIVIDUAL_QP_FROM.performanceYear} QP Performance Period (414.1425(c)(3)(ii)). Individual All-Payer Combination Option requests go through CMS's All-Payer QP submission form, which QPP Lens does not model`,
  );
}

/** A qp.clinicians entry's NPI, or null (with a finding) when it is invalid or repeats an earlier entry's. */
function usableClinicianNpi(at: Located<string> | null, seen: Set<string>, sink: FindingSink): string | null {
  if (!at) return null;
  const npi = at.value.trim();
  const problem = checkNpi(npi);
  if (problem) {
    sink.add(
      problem,
      at.start,
      at.end,
      `${npiLabel(npi)} ${problem === 'ID001' ? 'is not 10 digits' : problem === 'ID002' ? 'fails the Luhn check digit (with the 80840 prefix)' : 'does not start with 1 or 2'}; its scores are not used`,
    );
    return null;
  }
  if (seen.has(npi)) {
    sink.add(
      'QP011',
      at.start,
      at.end,
      `${npiLabel(npi)} appears twice in qp.clinicians; only the first entry's scores are used`,
    );
    return null;
  }
  seen.add(npi);
  return npi;
}

/** One level's QP result: the APM Entity group's, or a clinician's own. */
interface LevelResult {
  scored: ScoredSnapshots;
  best: QpSnapshotScore | null;
  status: QpStatus;
}

/** The better of the group's and the clinician's own status counts (42 CFR 414.1425(c)(3)(ii)); ties go to the group. */
function betterLevel(npi: string, group: LevelResult, own: LevelResult): IndividualQpResult {
  const entityWins = QP_STATUS_RANK[group.status] >= QP_STATUS_RANK[own.status];
  const decider = entityWins ? group : own;
  const status = decider.status;
  const qualifies = status === 'qp' || status === 'partial-qp';
  const level = qualifies ? (entityWins ? 'entity' : 'individual') : null;
  const at =
    decider.best && qualifies ? ` at ${decider.scored.longDates[decider.scored.scores.indexOf(decider.best)]}` : '';
  const ownText = own.best ? `${QP_STATUS_IN_SENTENCE[own.status]} (${own.best.basis})` : 'no score at a QP snapshot';
  const summary = qualifies
    ? `${npiLabel(npi)}: ${QP_STATUS_IN_SENTENCE[status]}${at}, decided at the ${level === 'entity' ? 'APM Entity group' : 'individual'} level${decider.best ? ` (${decider.best.basis})` : ''}. ` +
      (level === 'entity' ? `Own scores: ${ownText}.` : `APM Entity group: ${QP_STATUS_IN_SENTENCE[group.status]}.`) +
      ` The better of the two counts (${INDIVIDUAL_QP_RULE}: "individually, or as part of an APM Entity group").`
    : `${npiLabel(npi)}: ${QP_STATUS_IN_SENTENCE[status]} at both levels (${INDIVIDUAL_QP_RULE}). APM Entity group: ${QP_STATUS_IN_SENTENCE[group.status]}; own scores: ${ownText}.`;
  return {
    npi,
    snapshots: own.scored.scores,
    individualStatus: own.status,
    status,
    level,
    snapshot: qualifies && decider.best ? decider.best.date : null,
    summary,
  };
}

/** Each QP table row's thresholds as text, built once per row (and per whether All-Payer values are shown). */
const THRESHOLDS_TEXTS = new Map<QpThresholdRow['medicare'], string>();
function thresholdsTextOf(t: Pick<QpThresholdRow, 'medicare' | 'allPayer'>, withAllPayer = false): string {
  let text = THRESHOLDS_TEXTS.get(t.medicare);
  if (text === undefined) {
    text = `QP ${t.medicare.qp.payments}% payments / ${t.medicare.qp.patients}% patients, Partial QP ${t.medicare.partialQp.payments}% / ${t.medicare.partialQp.patients}%`;
    THRESHOLDS_TEXTS.set(t.medicare, text);
  }
  if (!withAllPayer || !t.allPayer) return text;
  const a = t.allPayer;
  return (
    `${text}; All-Payer QP ${a.qp.payments.total}% payments (Medicare ≥ ${a.qp.payments.medicareMin}%) / ${a.qp.patients.total}% patients (Medicare ≥ ${a.qp.patients.medicareMin}%), ` +
    `Partial QP ${a.partialQp.payments.total}% (Medicare ≥ ${a.partialQp.payments.medicareMin}%) / ${a.partialQp.patients.total}% (Medicare ≥ ${a.partialQp.patients.medicareMin}%)`
  );
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

type Candidate = { status: QpStatus; option: 'medicare' | 'all-payer'; method: 'payments' | 'patients'; basis: string };

const pctText = (s: Score): string => `${toFixed2(pct(s))}%`;

function medicareCandidate(
  candidates: Candidate[],
  method: 'payments' | 'patients',
  s: Score | null,
  t: Pick<QpThresholdRow, 'medicare'>,
): void {
  if (!s) return;
  const qp = t.medicare.qp[method];
  const pqp = t.medicare.partialQp[method];
  if (meetsPercent(s.num, s.den, qp))
    candidates.push({
      status: 'qp',
      option: 'medicare',
      method,
      basis: `Medicare ${method} ${pctText(s)} ≥ QP ${qp}%`,
    });
  else if (meetsPercent(s.num, s.den, pqp))
    candidates.push({
      status: 'partial-qp',
      option: 'medicare',
      method,
      basis: `Medicare ${method} ${pctText(s)} ≥ Partial QP ${pqp}%, < QP ${qp}%`,
    });
  else
    candidates.push({
      status: 'none',
      option: 'medicare',
      method,
      basis: `${method} ${pctText(s)} < Partial QP ${pqp}%`,
    });
}

const allPayerMeets = (med: Score, all: Score, level: { medicareMin: number; total: number }): boolean =>
  meetsPercent(med.num, med.den, level.medicareMin) && meetsPercent(all.num, all.den, level.total);

const withPercent = (s: Score | null) =>
  s ? { numerator: s.num / 100, denominator: s.den / 100, percent: pct(s) } : null;

function scoreSnapshot(input: SnapshotInput, t: Pick<QpThresholdRow, 'medicare' | 'allPayer'>): QpSnapshotScore {
  const { payments, patients, allPayer } = input;
  const candidates: Candidate[] = [];
  medicareCandidate(candidates, 'payments', payments, t);
  medicareCandidate(candidates, 'patients', patients, t);
  allPayerCandidates(candidates, input, t);
  let best = candidates[0];
  for (const c of candidates) if (QP_STATUS_RANK[c.status] > QP_STATUS_RANK[best.status]) best = c;
  const status = best ? best.status : 'not-determined';
  const next = status === 'none' ? 'partial-qp' : status === 'partial-qp' ? 'qp' : null;
  return {
    date: input.date,
    countsForQp: input.countsForQp,
    payments: withPercent(payments),
    patients: withPercent(patients),
    allPayer: allPayer ? { payments: withPercent(allPayer.payments), patients: withPercent(allPayer.patients) } : null,
    status,
    option: best && best.status !== 'none' ? best.option : null,
    method: best && best.status !== 'none' ? best.method : null,
    basis: status === 'none' ? candidates.map((c) => c.basis).join(', ') : best ? best.basis : 'no score',
    shortfalls: next ? shortfallsTo(next, input, t) : [],
  };
}

/**
 * All-Payer Combination Option statuses a snapshot meets: the all-payer score against the total threshold with the
 * Medicare score by the same method at its minimum (42 CFR 414.1440(d), 414.1430(b)).
 */
function allPayerCandidates(
  candidates: Candidate[],
  { payments, patients, allPayer }: SnapshotInput,
  t: Pick<QpThresholdRow, 'allPayer'>,
): void {
  if (!allPayer || !t.allPayer) return;
  const ap = t.allPayer;
  for (const method of ['payments', 'patients'] as const) {
    const med = method === 'payments' ? payments : patients;
    const all = allPayer[method];
    if (!med || !all) continue;
    const basis = (level: { medicareMin: number; total: number }, name: string) =>
      `all-payer ${method} ${pctText(all)} ≥ ${name} ${level.total}% with Medicare ${method} ${pctText(med)} ≥ the ${level.medicareMin}% Medicare minimum`;
    if (allPayerMeets(med, all, ap.qp[method]))
      candidates.push({ status: 'qp', option: 'all-payer', method, basis: basis(ap.qp[method], 'QP') });
    else if (allPayerMeets(med, all, ap.partialQp[method]))
      candidates.push({
        status: 'partial-qp',
        option: 'all-payer',
        method,
        basis: basis(ap.partialQp[method], 'Partial QP'),
      });
  }
}

/** What each method and option lacks to reach the next status, exactly, with the denominator held as it is. */
function shortfallsTo(
  next: 'qp' | 'partial-qp',
  { payments, patients, allPayer }: SnapshotInput,
  t: Pick<QpThresholdRow, 'medicare' | 'allPayer'>,
): QpShortfall[] {
  const shortfalls: QpShortfall[] = [];
  const level = next === 'qp' ? 'qp' : 'partialQp';
  for (const [method, s] of [
    ['payments', payments],
    ['patients', patients],
  ] as const) {
    // When a Partial QP threshold is no lower than the QP one (PY2026's 50% payments), reaching it is reaching QP.
    const toQp = next === 'qp' || t.medicare.partialQp[method] >= t.medicare.qp[method];
    const shortfall = s && shortfallOf(method, s, toQp ? 'qp' : next, t.medicare[toQp ? 'qp' : level][method]);
    if (shortfall) shortfalls.push(shortfall);
  }
  // All-Payer Combination Option: the all-payer score's gap to the total, or the Medicare score's gap to the minimum.
  for (const method of ['payments', 'patients'] as const) {
    const med = method === 'payments' ? payments : patients;
    const all = allPayer?.[method];
    if (!t.allPayer || !med || !all) continue;
    const need = t.allPayer[level][method];
    const shortfall = meetsPercent(med.num, med.den, need.medicareMin)
      ? shortfallOf(method, all, next, need.total, 'all-payer')
      : shortfallOf(method, med, next, need.medicareMin, 'all-payer-medicare-min');
    if (shortfall) shortfalls.push(shortfall);
  }
  return shortfalls;
}

/**
 * How far a Medicare Option score is from the next status's threshold, exactly: points (rounded up to hundredths) and
 * the payments (dollars) or patients to add to the numerator at the same denominator. Score units are hundredths
 * (cents; patients × 100).
 */
export function shortfallOf(
  method: 'payments' | 'patients',
  s: Score,
  next: 'qp' | 'partial-qp',
  threshold: number,
  kind: 'medicare' | 'all-payer' | 'all-payer-medicare-min' = 'medicare',
): QpShortfall | null {
  const gap = shortfallToPercent(s.num, s.den, threshold);
  if (!gap || gap.units === 0) return null;
  const points = gap.hundredthsOfPoint / 100;
  const amount = method === 'payments' ? gap.units / 100 : Math.ceil(gap.units / 100);
  const scope = kind === 'all-payer' ? 'all-payer ' : '';
  const amountText =
    method === 'payments'
      ? `${formatDollars(gap.units)} more ${scope}APM payments`
      : `${amount} more ${scope}attributed patient${amount === 1 ? '' : 's'}`;
  const status = `${kind === 'medicare' ? '' : 'All-Payer '}${next === 'qp' ? 'QP' : 'Partial QP'}`;
  const what =
    kind === 'all-payer'
      ? `all-payer ${method}`
      : kind === 'all-payer-medicare-min'
        ? `Medicare ${method} of at least`
        : method;
  const text =
    kind === 'all-payer-medicare-min'
      ? `${status} needs ${what} ${threshold}%: ${toFixed2(points)} points short, ${amountText} at this denominator`
      : `${status} needs ${threshold}% ${what}: ${toFixed2(points)} points short, ${amountText} at this denominator`;
  return {
    option: kind === 'medicare' ? 'medicare' : 'all-payer',
    method,
    next,
    threshold,
    points,
    amount,
    unit: method === 'payments' ? 'dollars' : 'patients',
    text,
  };
}

// ---------------------------------------------------------------- MIPS status (docs/rules.md#mips-status)

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

export function determineMips(
  py: number,
  qp: QpDetermination | null,
  lvt: LowVolumeDetermination | null,
  m: EntityModel,
): { status: MipsStatus; explanation: Explanation } {
  let status: MipsStatus;
  const election = m.qp?.partialQpElection?.value;
  if (qp?.status === 'qp') status = 'exempt-qp';
  else if (qp?.status === 'partial-qp')
    status = election === 'report-mips' ? 'eligible-partial-qp' : 'exempt-partial-qp';
  else if (!lvt || lvt.status === 'not-determined') status = 'not-determined';
  else if (lvt.status === 'eligible') status = 'eligible';
  else if (lvt.election === 'opt-in' && lvt.optInEligible) status = 'eligible-opted-in';
  else if (lvt.optInEligible) status = 'opt-in-eligible';
  else status = 'excluded-low-volume';
  return {
    status,
    explanation: explanation(
      'MIPS status',
      py,
      '42 CFR 414.1310(b)',
      `PY${py} (MIPS payment year ${paymentYearOf(py)}): ${status}: ${MIPS_STATUS_TEXT[status]}.`,
    ),
  };
}

// ---------------------------------------------------------------- APP (from PY2021)

/** Each APP measure table row's measures as a Set, built once per row. */
const MEASURE_SETS = new Map<AppMeasureSetRow | undefined, Set<string>>();
function allowedMeasures(row: AppMeasureSetRow | undefined): Set<string> {
  let allowed = MEASURE_SETS.get(row);
  if (!allowed) {
    allowed = new Set(row?.measures ?? []);
    MEASURE_SETS.set(row, allowed);
  }
  return allowed;
}

/** The first performance years of the APP and of APP Plus (42 CFR 414.1367; CY2025 PFS final rule). */
const APP_START = APP_PROGRAM_START.find((p) => p.program === 'app1')!.firstPerformanceYear;
const APP_PLUS_START = APP_PROGRAM_START.find((p) => p.program === 'appPlus')!.firstPerformanceYear;

export function determineApp(m: EntityModel, ctx: EntityContext, sink: FindingSink): EntityDetermination['app'] {
  const { py, apm, track } = ctx;
  const mipsApm = apmStatusFor(apm, py, track).mipsApm;
  const available = py >= APP_START && mipsApm;
  const required = py >= APP_START && apm.id === 'SSP';
  const app = m.app;
  const reporting = app?.reporting?.value === true;
  if (app && reporting && app.reporting) {
    if (py < APP_START)
      sink.add(
        'APP001',
        app.reporting.start,
        app.reporting.end,
        `The APM Performance Pathway starts in PY${APP_START}; PY${py} cannot report it`,
      );
    else if (!mipsApm)
      sink.add(
        'APP005',
        app.reporting.start,
        app.reporting.end,
        `${apm.name} is not a MIPS APM in PY${py}, so its clinicians cannot report the APP`,
      );
  }
  const program = (app?.program?.value ?? 'app1') as 'app1' | 'appPlus';
  if (app) checkAppProgramAndMeasures(app, program, py, sink);
  if (required && !reporting) {
    const at = app?.reporting ?? app?.key ?? m.apmId!;
    sink.add(
      'APP004',
      at.start,
      at.end,
      py >= SSP_APP_PLUS_REQUIRED_FROM.performanceYear
        ? `Shared Savings Program ACOs must report the APP Plus quality measure set from PY${SSP_APP_PLUS_REQUIRED_FROM.performanceYear} (the APP from PY${APP_START}); this file does not report it`
        : `Shared Savings Program ACOs report quality through the APP from PY${APP_START}; this file does not report it`,
    );
  }
  if (apm.id === 'SSP' && reporting && program === 'app1' && py >= SSP_APP_PLUS_REQUIRED_FROM.performanceYear)
    sspAppPlusDuty(app!, py, sink);
  const summary = appSummary(py, apm, available, required);
  return {
    available,
    required,
    explanation: explanation('APM Performance Pathway', py, '42 CFR 414.1367; CY2021 PFS final rule', summary),
  };
}

/** APP002 for APP Plus before it starts; APP003 for a measure not in the year's set for the program. */
function checkAppProgramAndMeasures(
  app: NonNullable<EntityModel['app']>,
  program: 'app1' | 'appPlus',
  py: number,
  sink: FindingSink,
): void {
  if (app.program && program === 'appPlus' && py < APP_PLUS_START) {
    sink.add(
      'APP002',
      app.program.start,
      app.program.end,
      `APP Plus starts in PY${APP_PLUS_START}; use "app1" for PY${py}`,
    );
    return;
  }
  if (py < APP_START) return;
  const allowed = allowedMeasures(appMeasureSet(py, program));
  for (const measure of app.qualityMeasures) {
    if (!allowed.has(measure.value)) {
      sink.add(
        'APP003',
        measure.start,
        measure.end,
        `Measure "${quoteUserText(measure.value)}" is not an ${program} quality measure in PY${py}; allowed: ${[...allowed].join(', ')}`,
      );
    }
  }
}

function appSummary(py: number, apm: ApmCatalogEntry, available: boolean, required: boolean): string {
  return available
    ? `PY${py}: the APP is available to clinicians on this ${apm.name} entity's Participation or Affiliated Practitioner List on any snapshot date${required ? `; Shared Savings Program ACOs are required to report it${py >= SSP_APP_PLUS_REQUIRED_FROM.performanceYear ? ' with the APP Plus quality measure set' : ''}` : ''}. The highest available final score is used.`
    : py < APP_START
      ? `The APP starts in PY${APP_START}; not available in PY${py}.`
      : `${apm.name} is not a MIPS APM in PY${py}, so the APP is not available through it.`;
}

/** APP006: from PY2025 a Shared Savings Program ACO reports the APP Plus quality measure set, not app1 (CY2025 PFS final rule). */
function sspAppPlusDuty(app: NonNullable<EntityModel['app']>, py: number, sink: FindingSink): void {
  const at = app.program ?? app.reporting!;
  const fixes = app.program
    ? [{ title: 'Change to "appPlus"', edits: [{ start: app.program.start, end: app.program.end, text: '"appPlus"' }] }]
    : [];
  sink.add(
    'APP006',
    at.start,
    at.end,
    `Shared Savings Program ACOs must report the APP Plus quality measure set from PY${SSP_APP_PLUS_REQUIRED_FROM.performanceYear}; this file reports ${app.program ? '"app1"' : 'the APP with no program, which means "app1"'} for PY${py} (CY2025 PFS final rule)`,
    fixes.length ? { fixes } : undefined,
  );
}

// ---------------------------------------------------------------- EUC for an APM Entity

export function determineEuc(m: EntityModel, ctx: EntityContext, sink: FindingSink): EntityDetermination['euc'] {
  const { py, apm } = ctx;
  const euc = m.euc;
  const title = 'Extreme and uncontrollable circumstances (EUC)';
  const cite = 'QPP MIPS APMs page (EUC for APM Entities)';
  if (euc?.applying?.value !== true) {
    if (euc) flagUnusedEucCounts(euc, sink);
    return {
      status: 'not-applying',
      explanation: explanation(title, py, cite, `PY${py}: the entity is not applying for an EUC exception.`),
    };
  }
  const at = euc.applying;
  const listed = apm.eucEligibleYears.includes(py);
  if (!listed) {
    sink.add(
      'EUC002',
      at.start,
      at.end,
      `${apm.name} is not on the PY${py} list of APMs whose entities may apply for EUC${apm.eucEligibleYears.length ? ` (listed for ${apm.eucEligibleYears.join(', ')})` : ''}`,
    );
  }
  const counts = checkEucCounts(euc, sink);
  const ok = listed && counts.ok;
  return {
    status: ok ? 'may-apply' : 'may-not-apply',
    explanation: explanation(
      title,
      py,
      cite,
      `PY${py}: the entity ${ok ? 'may' : 'may not'} apply for an EUC exception. ${counts.detail}`.trim(),
      [`Source: ${SOURCES.EUC_APM}.`],
    ),
  };
}

/** ENT008 for clinician counts given while euc.applying is not true: nothing assesses them. */
function flagUnusedEucCounts(euc: NonNullable<EntityModel['euc']>, sink: FindingSink): void {
  const figures = [
    ['euc.mipsEligibleClinicians', euc.mipsEligibleClinicians],
    ['euc.piReweightingEligible', euc.piReweightingEligible],
  ] as const;
  for (const [name, figure] of figures) {
    if (figure)
      sink.add(
        'ENT008',
        figure.start,
        figure.end,
        `${name} is not used: euc.applying is not true, so no EUC application is assessed`,
      );
  }
}

/**
 * The entity may apply when at least the EUC percentage of its MIPS eligible clinicians qualify for Promoting
 * Interoperability reweighting (QPP MIPS APMs page). `detail` says how many do, when the counts are usable.
 */
function checkEucCounts(euc: NonNullable<EntityModel['euc']>, sink: FindingSink): { ok: boolean; detail: string } {
  const pctNeeded = EUC_PI_REWEIGHTING_PERCENT.value;
  const total = euc.mipsEligibleClinicians;
  const qualified = euc.piReweightingEligible;
  if (!total || !qualified) {
    sink.add(
      'ENT001',
      euc.key.start,
      euc.key.end,
      'An EUC application needs "mipsEligibleClinicians" and "piReweightingEligible"',
    );
    return { ok: false, detail: '' };
  }
  const wholeCount = (n: number) => Number.isInteger(n) && n >= 0;
  if (!wholeCount(total.value) || !wholeCount(qualified.value)) {
    sink.add('ENT005', euc.key.start, euc.key.end, 'EUC clinician counts must be whole numbers of 0 or more');
    return { ok: false, detail: '' };
  }
  if (qualified.value > total.value) {
    sink.add(
      'EUC003',
      qualified.start,
      qualified.end,
      `${qualified.value} clinicians qualify for PI reweighting but the entity has only ${total.value} MIPS eligible clinicians`,
    );
    return { ok: false, detail: '' };
  }
  const detail = `${qualified.value} of ${total.value} MIPS eligible clinicians (${total.value ? toFixed2((qualified.value * 100) / total.value) : '0.00'}%) qualify for Promoting Interoperability reweighting; at least ${pctNeeded}% are needed.`;
  if (total.value === 0 || qualified.value * 100 < pctNeeded * total.value) {
    sink.add('EUC001', qualified.start, qualified.end, `Only ${detail}`);
    return { ok: false, detail };
  }
  return { ok: true, detail };
}
