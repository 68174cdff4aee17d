// What the CMS-record rules (XF007–XF012) share: which entity file a record's APM names, which list rows and records
// belong to one NPI, and the QP status QPP Lens gives a clinician, all for one performance year.
import type { MembershipRow } from '../csv/list';
import { apmStatusFor } from '../data';
import { parseDate } from '../dates';
import type { EligibilityApm, EligibilityRecord } from '../eligibility/record';
import type { AnalyzedEntity } from '../entity/entity';
import type { Span } from '../entity/model';
import { QP_STATUS_RANK } from '../statusText';
import type { QpSnapshotScore, QpStatus } from '../types';
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

/** A record's APM that names an entity file of the record's year: what XF007, XF010 and XF012 compare. */
export interface RecordApmOfEntity {
  /** The record file. */
  key: string;
  record: EligibilityRecord;
  apm: EligibilityApm;
  entity: EntityOfRecord;
}

/** Each APM of each record, with the entity file of the record's year it names; APMs naming none are skipped. */
export function* recordApmsWithEntityFile(index: CrossFileIndex): Generator<RecordApmOfEntity, void> {
  const entityIdOf = entityIdResolver(index);
  for (const [key, file] of index.records) {
    for (const record of file.records) {
      if (record.year === null) continue;
      for (const apm of record.organizations.flatMap((o) => o.apms)) {
        const id = entityIdOf(apm);
        const entity = id ? entityFileOf(index, id, record.year) : null;
        if (entity) yield { key, record, apm, entity };
      }
    }
  }
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

export interface ListedRow {
  entityKey: string;
  list: string;
  row: MembershipRow;
}

/** Built once per index: three rules ask for it, and it walks every linked row. */
const listedRowsCache = new WeakMap<CrossFileIndex, ReadonlyMap<string, readonly ListedRow[]>>();

/** The participation rows linked to entity files, by NPI, for the NPIs that have records. */
export function listedRowsByNpi(index: CrossFileIndex): ReadonlyMap<string, readonly ListedRow[]> {
  let cached = listedRowsCache.get(index);
  if (!cached) {
    cached = linkedRowsOfRecordNpis(index);
    listedRowsCache.set(index, cached);
  }
  return cached;
}

function linkedRowsOfRecordNpis(index: CrossFileIndex): Map<string, ListedRow[]> {
  const out = new Map<string, ListedRow[]>();
  if (index.recordsByNpi.size === 0) return out;
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
 * The QP status QPP Lens gives an NPI in a year (as the report's clinicians do): the best over every entity file of the
 * year whose Participation List has the NPI on a QP snapshot date, at the entity level or on the clinician's own
 * scores; only an APM that is Advanced that year (or whose track decides it) passes QP or Partial QP on.
 */
export function qpStatusResolver(
  index: CrossFileIndex,
): (rows: readonly ListedRow[], npi: string, py: number) => WorkspaceQp {
  const facts = new Map<string, EntityQpFacts | null>();
  const factsOf = (entityKey: string): EntityQpFacts | null => {
    let f = facts.get(entityKey);
    if (f === undefined) {
      f = entityQpFacts(index.entity(entityKey)!);
      facts.set(entityKey, f);
    }
    return f;
  };
  return (rows, npi, py) => {
    let best: WorkspaceQp = { status: 'not-determined', entityKey: null, snapshot: null };
    for (const { entityKey, row } of rows) {
      const f = factsOf(entityKey);
      if (!f || f.py !== py) continue;
      const own = f.own.get(npi) ?? [];
      for (const { score, day } of [...f.snapshots, ...own]) {
        if ((row.startDay !== null && day < row.startDay) || (row.endDay !== null && day > row.endDay)) continue;
        const status: QpStatus = f.canQualify || score.status === 'not-determined' ? score.status : 'none';
        if (QP_STATUS_RANK[status] > QP_STATUS_RANK[best.status]) best = { status, entityKey, snapshot: score.date };
      }
    }
    return best;
  };
}

export interface WorkspaceQp {
  status: QpStatus;
  entityKey: string | null;
  snapshot: string | null;
}

interface DatedScore {
  score: QpSnapshotScore;
  day: number;
}

/** Per entity file, once: its year, whether its APM passes QP on, its QP snapshots and its clinicians' own, dated. */
interface EntityQpFacts {
  py: number;
  canQualify: boolean;
  snapshots: DatedScore[];
  own: Map<string, DatedScore[]>;
}

function entityQpFacts(e: AnalyzedEntity): EntityQpFacts | null {
  const ctx = e.context;
  const d = e.determination;
  if (!ctx || !d?.qp) return null;
  const apm = apmStatusFor(ctx.apm, ctx.py, ctx.track);
  const dated = (scores: readonly QpSnapshotScore[]): DatedScore[] =>
    scores.flatMap((score) => {
      const day = parseDate(score.date);
      return score.countsForQp && day !== null ? [{ score, day }] : [];
    });
  return {
    py: ctx.py,
    canQualify: apm.advanced || apm.advancedDependsOnTrack,
    snapshots: dated(d.qp.snapshots),
    own: new Map((d.individualQp?.clinicians ?? []).map((c) => [c.npi, dated(c.snapshots)])),
  };
}
