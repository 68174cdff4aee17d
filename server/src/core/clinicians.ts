// The clinicians of the workspace: one summary per TIN/NPI on a list linked to an entity file, with the best QP status
// over every entity and QP snapshot the row's dates include, and whether the APP is available to them.
import { apmStatusFor, snapshotDates } from './data';
import { parseDate } from './dates';
import type { AnalyzedEntity } from './entity/entity';
import { entityQpRule, INDIVIDUAL_QP_RULE } from './entity/rules';
import type { CrossFileIndex, LinkedRow } from './crossfile/index';
import { QP_STATUS_RANK } from './statusText';
import type { ClinicianSummary, QpSnapshotScore, QpStatus } from './types';

/** What one NPI has gathered so far (QP status is the clinician's, across TINs). */
interface NpiRecord {
  tins: Set<string>;
  entities: Set<string>;
  qp: ClinicianSummary['qp'];
  appAvailable: boolean;
}

type DatedScore = { score: QpSnapshotScore; day: number };

/** An entity file's facts every row of it is read against, found once per entity rather than per row. */
interface EntityQpFacts {
  entity: AnalyzedEntity;
  /** The PY's snapshot days: a row whose dates include one can use the APP. */
  snapshotDays: number[];
  /** Whether its APM lets a clinician be a QP or Partial QP (Advanced, or Advanced by track). */
  canQualify: boolean;
  /** The APM Entity group's QP snapshots. */
  groupSnapshots: DatedScore[];
  /** From PY2026, the clinicians' own QP snapshots given in the entity file (42 CFR 414.1425(c)(3)(ii)), by NPI. */
  ownSnapshots: Map<string, DatedScore[]>;
}

export function clinicianSummaries(index: CrossFileIndex): ClinicianSummary[] {
  const byNpi = new Map<string, NpiRecord>();
  for (const [entityKey, linked] of index.rowsOfEntity) {
    const facts = entityQpFacts(index.entity(entityKey)!);
    for (const { row } of linked) addRow(byNpi, row, facts);
  }
  const out: ClinicianSummary[] = [];
  for (const [npi, rec] of byNpi) {
    const entities = [...rec.entities].sort();
    for (const tin of rec.tins) out.push({ npi, tin, entities, qp: rec.qp, appAvailable: rec.appAvailable });
  }
  // Code-unit order (ids are ASCII digits): localeCompare costs far more on 100k clinicians.
  return out.sort((a, b) => (a.npi < b.npi ? -1 : a.npi > b.npi ? 1 : a.tin < b.tin ? -1 : a.tin > b.tin ? 1 : 0));
}

function entityQpFacts(entity: AnalyzedEntity): EntityQpFacts {
  const d = entity.determination;
  const ctx = entity.context;
  const apmStatus = ctx ? apmStatusFor(ctx.apm, ctx.py, ctx.track) : null;
  const dated = (scores: readonly QpSnapshotScore[]): DatedScore[] =>
    scores.filter((s) => s.countsForQp).map((s) => ({ score: s, day: parseDate(s.date)! }));
  const ownSnapshots = new Map<string, DatedScore[]>();
  for (const c of d?.individualQp?.clinicians ?? []) ownSnapshots.set(c.npi, dated(c.snapshots));
  return {
    entity,
    snapshotDays: ctx ? snapshotDates(ctx.py).map((s) => parseDate(s.date)!) : [],
    canQualify: apmStatus !== null && (apmStatus.advanced || apmStatus.advancedDependsOnTrack),
    groupSnapshots: dated(d?.qp?.snapshots ?? []),
    ownSnapshots,
  };
}

/** One list row of an entity: its TIN and entity, APP availability on its dates, and its best QP status there. */
function addRow(byNpi: Map<string, NpiRecord>, row: LinkedRow['row'], facts: EntityQpFacts): void {
  let rec = byNpi.get(row.npi);
  if (!rec) {
    rec = {
      tins: new Set(),
      entities: new Set(),
      qp: { status: 'not-determined', entityId: null, snapshot: null, level: null, rule: null },
      appAvailable: false,
    };
    byNpi.set(row.npi, rec);
  }
  rec.tins.add(row.tin);
  rec.entities.add(row.entityId);
  const d = facts.entity.determination;
  if (!d) return;
  const from = row.startDay ?? Number.NEGATIVE_INFINITY;
  const to = row.endDay ?? Number.POSITIVE_INFINITY;
  if (d.app.available && !rec.appAvailable) {
    for (const day of facts.snapshotDays) if (from <= day && day <= to) rec.appAvailable = true;
  }
  if (row.affiliated) return;
  // The entity level first: at equal status the APM Entity group's result is the one reported.
  for (const [level, snapshots] of [
    ['entity', facts.groupSnapshots],
    ['individual', facts.ownSnapshots.get(row.npi) ?? []],
  ] as const) {
    for (const { score, day } of snapshots) {
      if (day < from || day > to) continue;
      const status: QpStatus = facts.canQualify || score.status === 'not-determined' ? score.status : 'none';
      if (QP_STATUS_RANK[status] <= QP_STATUS_RANK[rec.qp.status]) continue;
      const qualifies = status === 'qp' || status === 'partial-qp';
      rec.qp = {
        status,
        entityId: row.entityId,
        snapshot: qualifies ? score.date : null,
        level: qualifies ? level : null,
        rule: qualifies ? (level === 'entity' ? entityQpRule(facts.entity.context!.py) : INDIVIDUAL_QP_RULE) : null,
      };
    }
  }
}
