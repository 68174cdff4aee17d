// Lookups over the rules tables. A new performance year is a new row in each table, not code.
import { APM_CATALOG, type ApmCatalogEntry } from './apmCatalog';
import { APP_MEASURE_SETS, type AppMeasureSetRow } from './appMeasures';
import { LVT_LIMITS, type LvtLimitsRow } from './lvt';
import { PAYMENT_YEAR_OFFSET, PERFORMANCE_YEARS } from './programYears';
import { QP_THRESHOLDS, SNAPSHOTS, type QpThresholdRow } from './qpThresholds';

export * from './apmCatalog';
export * from './columnAliases';
export * from './appMeasures';
export * from './lvt';
export * from './programYears';
export * from './qpThresholds';
export * from './sources';

export const paymentYearOf = (performanceYear: number): number => performanceYear + PAYMENT_YEAR_OFFSET;

export function isSupportedYear(py: number): boolean {
  return Number.isInteger(py) && py >= PERFORMANCE_YEARS.first && py <= PERFORMANCE_YEARS.last;
}

export function lvtLimitsFor(py: number): LvtLimitsRow | undefined {
  return LVT_LIMITS.find((row) => row.performanceYear === py);
}

export function qpThresholdsFor(py: number): QpThresholdRow | undefined {
  return QP_THRESHOLDS.find((row) => row.performanceYear === py);
}

/** The PY's snapshot dates as ISO strings, in order. */
export function snapshotDates(py: number): { date: string; label: string; countsForQp: boolean }[] {
  return SNAPSHOTS.map((s) => ({ date: `${py}-${s.monthDay}`, label: s.label, countsForQp: s.countsForQp }));
}

const APM_BY_ANY_ID = new Map<string, ApmCatalogEntry>();
for (const apm of APM_CATALOG) {
  for (const id of [apm.id, ...apm.aliases]) APM_BY_ANY_ID.set(id.toUpperCase(), apm);
  if (apm.cms) APM_BY_ANY_ID.set(apm.cms.apmId, apm);
}

/**
 * CMS's numeric ids are two digits ("08"); a spreadsheet that read the column as numbers writes 8. Digits are
 * compared as that number, written with two digits.
 */
function cmsNumber(id: string): string | null {
  if (!/^\d{1,3}$/.test(id)) return null;
  const n = Number(id);
  return n > 0 && n < 100 ? String(n).padStart(2, '0') : null;
}

/** Finds a catalog entry by id, alias or CMS numeric APM id (`08`, or `8`), case-insensitively. */
export function findApm(id: string): ApmCatalogEntry | undefined {
  const key = id.trim().toUpperCase();
  return APM_BY_ANY_ID.get(key) ?? APM_BY_ANY_ID.get(cmsNumber(key) ?? '');
}

/**
 * The catalog track a track value names: a track (any case) or CMS's subdivision id of one (`06` = ENHANCED). A
 * value that is neither comes back upper-cased (ENT006 judges it).
 */
export function findTrack(apm: ApmCatalogEntry, value: string): string {
  const upper = value.trim().toUpperCase();
  const number = cmsNumber(upper);
  const sub = number === null ? undefined : apm.cms?.subdivisions.find((s) => s.id === number);
  return sub?.track ?? upper;
}

export interface ApmStatusForYear {
  advanced: boolean;
  /** True when only some tracks are Advanced and no track was given. */
  advancedDependsOnTrack: boolean;
  mipsApm: boolean;
  verified: boolean;
  active: boolean;
  source: string;
}

export function apmStatusFor(apm: ApmCatalogEntry, py: number, track: string | null): ApmStatusForYear {
  const flags = apm.flags.find((f) => py >= f.fromYear && py <= f.toYear);
  const active = py >= apm.firstYear && py <= apm.lastYear;
  if (!flags)
    return {
      advanced: false,
      advancedDependsOnTrack: false,
      mipsApm: false,
      verified: false,
      active,
      source: apm.source,
    };
  let advanced: boolean;
  let dependsOnTrack = false;
  if (Array.isArray(flags.advanced)) {
    dependsOnTrack = track === null;
    advanced = track !== null && flags.advanced.includes(track.toUpperCase());
  } else {
    advanced = flags.advanced;
  }
  return {
    advanced,
    advancedDependsOnTrack: dependsOnTrack,
    mipsApm: flags.mipsApm,
    verified: flags.verified,
    active,
    source: flags.source,
  };
}

export function appMeasureSet(py: number, program: 'app1' | 'appPlus'): AppMeasureSetRow | undefined {
  return APP_MEASURE_SETS.find((row) => row.performanceYear === py && row.program === program);
}

const ENTITY_ID_PATTERNS = new Map<string, RegExp>();
/** true when the APM publishes no id pattern or the id matches it. */
export function entityIdMatches(apm: ApmCatalogEntry, entityId: string): boolean {
  if (!apm.entityIdPattern) return true;
  let pattern = ENTITY_ID_PATTERNS.get(apm.id);
  if (!pattern) {
    pattern = new RegExp(apm.entityIdPattern);
    ENTITY_ID_PATTERNS.set(apm.id, pattern);
  }
  return pattern.test(entityId);
}

/** Lump-sum APM incentive for a QP: the PY's percent of the base-year paid amounts (42 CFR 414.1450), in cents. */
export function incentiveAmountCents(py: number, paidCents: number): number | null {
  const percent = qpThresholdsFor(py)?.incentivePercent;
  return percent == null ? null : Math.round((paidCents * Math.round(percent * 100)) / 10000);
}

/** The final score used for a TIN/NPI is the highest available (APP entity, group, individual, ...). */
export function finalScoreUsed(availableScores: number[]): number | null {
  return availableScores.length === 0 ? null : Math.max(...availableScores);
}
