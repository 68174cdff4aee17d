// What the CMS-record rules (XF007–XF012) share: which entity file a record's APM names, which list rows and records
// belong to one NPI, and the QP status QPP Lens gives a clinician, all for one performance year.
import type { MembershipRow } from '../csv/list';
import { apmStatusFor } from '../data';
import { parseDate } from '../dates';
import type { EligibilityApm, EligibilityRecord } from '../eligibility/record';
import type { AnalyzedEntity } from '../entity/entity';
import type { Span } from '../entity/model';
import { QP_STATUS_RANK } from '../statusText';
import type { QpStatus } from '../types';
import type { CrossFileIndex, RecordOfNpi } from './index';

/** An entity file and what the rules read of it. */
export interface EntityOfRecord {
  key: string;
  entity: AnalyzedEntity;
  id: string;
  py: number;
}

/** Entity files by lower-case name, for records that name the entity only by entityName (the public schema's case). */
function entitiesByName(index: CrossFileIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, e] of index.entities) {
    const name = e.model.entityName?.value.trim().toLowerCase();
    const id = e.model.entityId?.value;
    if (name && id && !out.has(name)) out.set(name, id);
  }
  return out;
}

/** Finds the APM Entity id a record's APM names: its apmEntityId, else the id of the entity file with its name. */
export function entityIdResolver(index: CrossFileIndex): (apm: EligibilityApm) => string | null {
  const byName = entitiesByName(index);
  return (apm) => apm.entityId?.value ?? byName.get(apm.entityName?.value.trim().toLowerCase() ?? '') ?? null;
}

/** The entity file of an entity id whose performance year is `py`, or null. */
export function entityFileOf(index: CrossFileIndex, id: string, py: number): EntityOfRecord | null {
  for (const key of index.entitiesById.get(id) ?? []) {
    const entity = index.entity(key)!;
    if (entity.context?.py === py) return { key, entity, id, py };
  }
  return null;
}

/** Records of a year: reconciliation compares a record only with entity files of its own performance year. */
export function recordsOfYear(records: readonly RecordOfNpi[] | undefined, py: number): RecordOfNpi[] {
  return (records ?? []).filter((r) => r.record.year === py);
}

/** Where a finding on a record's APM points: its entity id, else its name, else the APM object. */
export function apmSpan(apm: EligibilityApm): Span {
  return apm.entityId ?? apm.entityName ?? { start: apm.start, end: apm.start + 1 };
}

/** Where a finding on a record points when it is about the whole record: its NPI, else its first character. */
export function recordSpan(record: EligibilityRecord): Span {
  return record.npi ?? { start: record.start, end: record.start + 1 };
}

/** The NPI's participation rows linked to entity files, by NPI, for the NPIs that have records. */
export function listedRowsByNpi(
  index: CrossFileIndex,
): Map<string, { entityKey: string; list: string; row: MembershipRow }[]> {
  const out = new Map<string, { entityKey: string; list: string; row: MembershipRow }[]>();
  for (const [entityKey, linked] of index.rowsOfEntity) {
    for (const { list, row } of linked) {
      if (row.affiliated || !index.recordsByNpi.has(row.npi)) continue;
      const known = out.get(row.npi);
      if (known) known.push({ entityKey, list, row });
      else out.set(row.npi, [{ entityKey, list, row }]);
    }
  }
  return out;
}

/**
 * The QP status QPP Lens gives the NPI in `py` (as the report's clinicians do): the best over every entity file of the
 * year whose Participation List has the NPI on a QP snapshot date, at the entity level or on the clinician's own
 * scores; only an APM that is Advanced that year (or whose track decides it) passes QP or Partial QP on.
 */
export function workspaceQpStatus(
  index: CrossFileIndex,
  rows: readonly { entityKey: string; row: MembershipRow }[],
  npi: string,
  py: number,
): { status: QpStatus; entityKey: string | null; snapshot: string | null } {
  let best: { status: QpStatus; entityKey: string | null; snapshot: string | null } = {
    status: 'not-determined',
    entityKey: null,
    snapshot: null,
  };
  for (const { entityKey, row } of rows) {
    const e = index.entity(entityKey)!;
    const ctx = e.context;
    const d = e.determination;
    if (!ctx || ctx.py !== py || !d?.qp) continue;
    const apm = apmStatusFor(ctx.apm, ctx.py, ctx.track);
    const canQualify = apm.advanced || apm.advancedDependsOnTrack;
    const own = d.individualQp?.clinicians.find((c) => c.npi === npi)?.snapshots ?? [];
    for (const score of [...d.qp.snapshots, ...own]) {
      const day = parseDate(score.date);
      if (!score.countsForQp || day === null) continue;
      if ((row.startDay !== null && day < row.startDay) || (row.endDay !== null && day > row.endDay)) continue;
      const status: QpStatus = canQualify || score.status === 'not-determined' ? score.status : 'none';
      if (QP_STATUS_RANK[status] > QP_STATUS_RANK[best.status]) best = { status, entityKey, snapshot: score.date };
    }
  }
  return best;
}
