// A set of entity files and participation lists, keyed by the caller (paths or URIs), with the
// cross-file rules (XF001–XF006) and each clinician's status across entities. Pure: callers feed text.
import { apmStatusFor, snapshotDates } from './data';
import { longDate, parseDate } from './dates';
import { analyzeEntity, type AnalyzedEntity } from './entity/entity';
import { quoteUserText } from './privacy';
import { capFindings, FindingSink } from './findings';
import {
  cellRange,
  ListValidator,
  parseParticipationList,
  type ColumnNames,
  type ListValidatorOptions,
  type ParsedList,
} from './csv/list';
import { updateParticipationList } from './csv/update';
import { parseEligibilityFile, type ParsedEligibilityFile } from './eligibility/record';
import { NpiTable } from './csv/npiTable';
import { npiString } from './identifiers';
import { basenameOf, dirnameOf, resolveRelative } from './paths';
import { firstConflicts, type StintFacts } from './stintConflicts';
import { entityQpRule, INDIVIDUAL_QP_RULE } from './entity/rules';
import type { ClinicianSummary, EntityDetermination, FileKind, Finding, QpSnapshotScore, QpStatus } from './types';
import { QP_STATUS_RANK } from './statusText';
import { recordsByNpi, runToEnd, type LinkedRow, type RecordOfNpi } from './crossfile/index';
import { checkCrossFile } from './crossfile/check';

export function fileKindOf(key: string): FileKind | null {
  const name = basenameOf(key).toLowerCase();
  if (name.endsWith('.entity.json')) return 'entity';
  if (name.endsWith('.participation.csv')) return 'participation';
  if (name.endsWith('.eligibility.json')) return 'eligibility';
  return null;
}

/** Whether two sets of user header names map the same names to the same columns. */
function sameColumnNames(a: ColumnNames | undefined, b: ColumnNames | undefined): boolean {
  const entries = (names: ColumnNames | undefined) =>
    JSON.stringify(
      Object.entries(names ?? {})
        .filter(([, list]) => list && list.length > 0)
        .sort(byKey),
    );
  return a === b || entries(a) === entries(b);
}

export interface FileAnalysis {
  key: string;
  kind: FileKind;
  findings: Finding[];
  determination: EntityDetermination | null;
}

export interface WorkspaceOptions {
  maxFindingsPerFile?: number;
  /** The user's header names for the list at `key` (`.qpp-lens.json` "columns"); read when a list is checked. */
  columnNames?: (key: string) => ColumnNames | undefined;
  /** The cross-file check as one method, kept only until the differential test has compared it with the rules table. */
  legacyCrossFile?: boolean;
}

interface CrossFileIndex {
  entitiesById: ReadonlyMap<string, readonly string[]>;
  /** Rows that count for each entity file. */
  rowsOfEntity: ReadonlyMap<string, readonly LinkedRow[]>;
  findings: ReadonlyMap<string, FindingSink>;
  /** CMS eligibility records by NPI, files in key order. */
  recordsByNpi: ReadonlyMap<string, readonly RecordOfNpi[]>;
  /** clinicians(), built on first use: hovers ask for it once per NPI they show. */
  clinicians?: readonly ClinicianSummary[];
}

/**
 * XF006: a clinician's own scores (qp.clinicians, from PY2026) count only at snapshots on which the clinician is on the
 * entity's Participation List (42 CFR 414.1425(c)(3)(ii) assesses the entity's eligible clinicians); scores of an NPI
 * that is not on the list at a snapshot with scores are not used, and the entity file says so at the NPI.
 */
function unlistedIndividualScores(e: AnalyzedEntity, linked: readonly LinkedRow[], sink: FindingSink): void {
  const results = e.determination?.individualQp?.clinicians ?? [];
  if (results.length === 0 || !e.model.qp) return;
  const id = e.model.entityId?.value ?? '';
  for (const result of results) {
    const rows = linked.filter((l) => !l.row.affiliated && l.row.npi === result.npi).map((l) => l.row);
    const scored = result.snapshots.filter((s) => s.countsForQp && (s.payments || s.patients));
    const missed = scored.filter((s) => {
      const day = parseDate(s.date)!;
      return !rows.some(
        (r) => (r.startDay ?? Number.NEGATIVE_INFINITY) <= day && day <= (r.endDay ?? Number.POSITIVE_INFINITY),
      );
    });
    if (missed.length === 0) continue;
    const at = e.model.qp.clinicians.find((c) => c.npi?.value.trim() === result.npi)?.npi;
    if (!at) continue;
    const label = `NPI …${result.npi.slice(-4)}`;
    sink.add(
      'XF006',
      at.start,
      at.end,
      rows.length === 0
        ? `${label} is not on APM Entity ${id}'s Participation List in the workspace, so their own scores are not used (only clinicians on the list at a snapshot are assessed)`
        : `${label}'s own scores at ${missed.map((s) => longDate(s.date)).join(', ')} are not used: the clinician is not on APM Entity ${id}'s Participation List on ${missed.length === 1 ? 'that date' : 'those dates'}`,
    );
  }
}

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export class QppWorkspace {
  private readonly entities = new Map<string, AnalyzedEntity>();
  private readonly lists = new Map<string, ParsedList>();
  private readonly records = new Map<string, ParsedEligibilityFile>();
  private index: CrossFileIndex | null = null;
  private readonly maxFindings: number;
  private readonly columnNamesOf: (key: string) => ColumnNames | undefined;
  private readonly legacy: boolean;

  constructor(options: WorkspaceOptions = {}) {
    this.maxFindings = options.maxFindingsPerFile ?? 1000;
    this.columnNamesOf = options.columnNames ?? (() => undefined);
    this.legacy = options.legacyCrossFile ?? false;
  }

  setFile(key: string, text: string): FileKind | null {
    const kind = fileKindOf(key);
    if (kind === 'entity') this.entities.set(key, analyzeEntity(text, this.parseCap()));
    else if (kind === 'participation') this.lists.set(key, this.checkedList(key, text));
    else if (kind === 'eligibility') this.records.set(key, parseEligibilityFile(text, this.parseCap()));
    else return null;
    this.index = null;
    return kind;
  }

  /**
   * A list checked; an edited one only from the edit on, until its records line up with the old ones. The update
   * is a shortcut to the whole check's result: should it ever fail, the whole check stands in (list-update.test.ts
   * calls it unguarded).
   */
  private checkedList(key: string, text: string): ParsedList {
    const previous = this.lists.get(key);
    const columnNames = this.columnNamesOf(key);
    if (previous && sameColumnNames(previous.columnNames, columnNames)) {
      try {
        return updateParticipationList(previous, text, this.parseCap());
      } catch {
        // fall through to the whole check
      }
    }
    return parseParticipationList(text, this.parseCap(), { columnNames });
  }

  /**
   * The settings' header names may have changed: lists checked with other names than they now give are checked
   * again (lists streamed by qpp-check are not held, and are not).
   */
  columnNamesChanged(): void {
    for (const [key, list] of this.lists) {
      const columnNames = this.columnNamesOf(key);
      if (list.text === null || sameColumnNames(list.columnNames, columnNames)) continue;
      this.lists.set(key, parseParticipationList(list.text, this.parseCap(), { columnNames }));
      this.index = null;
    }
  }

  /** A validator for a list fed in chunks, with this workspace's findings cap (qpp-check streams large lists). */
  listValidator(keepRow: ListValidatorOptions['keepRow'], maxFindings = this.parseCap(), key = ''): ListValidator {
    return new ListValidator({ maxFindings, keepRow, columnNames: this.columnNamesOf(key) });
  }

  /** A participation list checked by a listValidator. */
  setCheckedList(key: string, list: ParsedList): void {
    this.lists.set(key, list);
    this.index = null;
  }

  /** Files are checked with a generous cap: the per-file cap is applied once cross-file findings are merged. */
  private parseCap(): number {
    return this.maxFindings * 2 + 10;
  }

  deleteFile(key: string): void {
    if (this.entities.delete(key) || this.lists.delete(key) || this.records.delete(key)) this.index = null;
  }

  has(key: string): boolean {
    return this.entities.has(key) || this.lists.has(key) || this.records.has(key);
  }

  keys(): string[] {
    return [...this.entities.keys(), ...this.lists.keys(), ...this.records.keys()].sort();
  }

  /** A saved CMS eligibility record file (*.eligibility.json). */
  eligibility(key: string): ParsedEligibilityFile | undefined {
    return this.records.get(key);
  }

  /** Every CMS record of an NPI in the workspace's record files, with the file it is in (files in key order). */
  cmsRecordsOf(npi: string): readonly RecordOfNpi[] {
    return this.crossFile().recordsByNpi.get(npi) ?? [];
  }

  entity(key: string): AnalyzedEntity | undefined {
    return this.entities.get(key);
  }

  list(key: string): ParsedList | undefined {
    return this.lists.get(key);
  }

  /** Keys of the lists an entity file names (resolved), present or not. */
  referencedLists(key: string): string[] {
    const e = this.entities.get(key);
    return (e?.model.participationLists ?? []).map((l) => resolveRelative(dirnameOf(key), l.value));
  }

  /** Files whose findings may change when `key` changes (present files only). */
  dependants(key: string): string[] {
    return this.dependantsOfAll([key]);
  }

  /** Files whose findings may change when any of `keys` changes (present files only), in time linear in both. */
  dependantsOfAll(keys: Iterable<string>): string[] {
    const out = new Set<string>();
    let joined = false;
    for (const key of keys) {
      if (this.has(key)) out.add(key);
      if (fileKindOf(key)) joined = true;
    }
    // Cross-file rules join entities and lists in both directions; every list's XF findings and every
    // entity's linked rows can move, so all of them are dependants. The join itself is linear.
    if (joined) for (const k of this.keys()) out.add(k);
    return [...out];
  }

  analyze(key: string): FileAnalysis {
    const kind = fileKindOf(key);
    const index = this.crossFile();
    const cross = index.findings.get(key);
    if (kind === 'entity') {
      const e = this.entities.get(key);
      if (!e) return { key, kind, findings: [], determination: null };
      const local = e.findings;
      return {
        key,
        kind,
        findings: capFindings(
          [...local.items, ...(cross?.items ?? [])],
          this.maxFindings,
          local.suppressed + (cross?.suppressed ?? 0),
        ),
        determination: e.determination,
      };
    }
    if (kind === 'eligibility') {
      const r = this.records.get(key);
      const items = [...(r?.findings.items ?? []), ...(cross?.items ?? [])];
      const suppressed = (r?.findings.suppressed ?? 0) + (cross?.suppressed ?? 0);
      return { key, kind, findings: capFindings(items, this.maxFindings, suppressed), determination: null };
    }
    const l = kind === 'participation' ? this.lists.get(key) : undefined;
    if (!l || kind !== 'participation') return { key, kind: 'participation', findings: [], determination: null };
    return {
      key,
      kind,
      findings: capFindings(
        [...l.findings.items, ...(cross?.items ?? [])],
        this.maxFindings,
        l.findings.suppressed + (cross?.suppressed ?? 0),
      ),
      determination: null,
    };
  }

  /** Rows (list key + membership row) that count for an entity file. */
  rowsOfEntity(key: string): readonly LinkedRow[] {
    return this.crossFile().rowsOfEntity.get(key) ?? [];
  }

  /** The performance year of the first entity file with this APM Entity id that has one. */
  performanceYearOfEntity(entityId: string | undefined): number | null {
    for (const key of entityId ? this.entitiesWithId(entityId) : []) {
      const py = this.entities.get(key)?.context?.py;
      if (py !== undefined) return py;
    }
    return null;
  }

  /** Entity file keys with the given APM Entity id. */
  entitiesWithId(entityId: string): readonly string[] {
    return this.crossFile().entitiesById.get(entityId) ?? [];
  }

  private crossFile(): CrossFileIndex {
    if (this.index) return this.index;
    if (this.legacy) return this.legacyCrossFile();
    const { index, findings } = runToEnd(checkCrossFile(this.entities, this.lists, this.maxFindings + 1, this.records));
    this.index = {
      entitiesById: index.entitiesById,
      rowsOfEntity: index.rowsOfEntity,
      findings,
      recordsByNpi: index.recordsByNpi,
    };
    return this.index;
  }

  private legacyCrossFile(): CrossFileIndex {
    const findings = new Map<string, FindingSink>();
    const sinkOf = (key: string) => {
      let s = findings.get(key);
      if (!s) {
        s = new FindingSink(this.maxFindings + 1);
        findings.set(key, s);
      }
      return s;
    };
    // In key order, so which file gets a cross-file finding never depends on the order files were added (the
    // editor's open order, or qpp-check adding lists it streams after the ones it reads whole).
    const entities = [...this.entities].sort(byKey);
    const lists = [...this.lists].sort(byKey);
    const entitiesById = new Map<string, string[]>();
    for (const [key, e] of entities) {
      const id = e.model.entityId?.value;
      if (!id) continue;
      const keys = entitiesById.get(id);
      if (keys) keys.push(key);
      else entitiesById.set(id, [key]);
    }
    // Rows of one entity id in one list, grouped on first use (most lists have no entity file to link to).
    const groups = new Map<string, Map<string, number[]>>();
    const rowsWithEntityId = (listKey: string, id: string): readonly number[] => {
      let byEntity = groups.get(listKey);
      if (!byEntity) {
        const rows = this.lists.get(listKey)!.rows;
        const byIndex: number[][] = rows.entityIds.map(() => []);
        for (let i = 0; i < rows.length; i++) byIndex[rows.entityAt(i)].push(i);
        byEntity = new Map(rows.entityIds.map((entityId, index) => [entityId, byIndex[index]]));
        groups.set(listKey, byEntity);
      }
      return byEntity.get(id) ?? [];
    };

    // Entity → rows: the lists it names, else every list's rows with its id (docs/file-formats.md#how-an-entity-file-finds-its-rows).
    const rowsOfEntity = new Map<string, LinkedRow[]>();
    for (const [key, e] of entities) {
      const id = e.model.entityId?.value;
      const linked: LinkedRow[] = [];
      const named = e.model.participationLists;
      let missingList = false;
      const link = (listKey: string) => {
        if (!id) return;
        const rows = this.lists.get(listKey)!.rows;
        for (const i of rowsWithEntityId(listKey, id)) linked.push({ list: listKey, row: rows.get(i) });
      };
      if (named && named.length > 0) {
        for (const ref of named) {
          const listKey = resolveRelative(dirnameOf(key), ref.value);
          if (!this.lists.has(listKey)) {
            missingList = true;
            sinkOf(key).add(
              'XF001',
              ref.start,
              ref.end,
              `Participation list "${quoteUserText(ref.value)}" does not exist (looked for ${quoteUserText(basenameOf(listKey))} next to this file)`,
            );
            continue;
          }
          link(listKey);
        }
      } else if (id) {
        for (const [listKey] of lists) link(listKey);
      }
      if (id && e.model.entityId && linked.length === 0 && !missingList) {
        sinkOf(key).add(
          'XF005',
          e.model.entityId.start,
          e.model.entityId.end,
          `No participation list row in the workspace names APM Entity ${quoteUserText(id)}; clinician-level QP and APP results need its list`,
        );
      }
      rowsOfEntity.set(key, linked);
      if (linked.length > 0) unlistedIndividualScores(e, linked, sinkOf(key));
    }

    // List-side rules: XF002 (APM disagrees), XF004 (no entity file), XF003 (two entities, same APM, same date).
    const apmOfEntityId = new Map<string, string>();
    for (const [id, keys] of entitiesById) {
      const ctx = this.entities.get(keys[0])!.context;
      if (ctx) apmOfEntityId.set(id, ctx.apm.id);
    }
    // Participation stints (non-affiliated rows of every list) in typed arrays, chained by NPI both ways.
    let rowCount = 0;
    for (const [, list] of lists) rowCount += list.rows.length;
    const stintList = new Int32Array(rowCount);
    const stintRow = new Int32Array(rowCount);
    /** The stint's APM (the row's, else its entity file's, else none), as an index into apmNames. */
    const stintApm = new Int32Array(rowCount);
    /** The stint's entity as a number: equal numbers, same entity id, across lists. */
    const stintEntity = new Int32Array(rowCount);
    const entityNumbers = new Map<string, number>();
    const entityNumber = (id: string): number => {
      let n = entityNumbers.get(id);
      if (n === undefined) {
        n = entityNumbers.size;
        entityNumbers.set(id, n);
      }
      return n;
    };
    const earlierStint = new Int32Array(rowCount);
    const laterStint = new Int32Array(rowCount);
    const apmNames = [''];
    const apmNumber = (name: string | undefined): number => {
      if (name === undefined) return 0;
      let n = apmNames.indexOf(name);
      if (n < 0) n = apmNames.push(name) - 1;
      return n;
    };
    let stintCount = 0;
    const newestStintOfNpi = new NpiTable(rowCount);
    lists.forEach(([listKey, list], listIndex) => {
      const rows = list.rows;
      const apmCol = list.columns.apm_id;
      // Per entity id of this list (rows hold interned indexes): its entity file's APM, and XF004 reported.
      const fileApm = rows.entityIds.map((id) => apmOfEntityId.get(id));
      const fileApmNumber = fileApm.map(apmNumber);
      const rowApmNumber = rows.apmIds.map(apmNumber);
      const listEntityNumber = rows.entityIds.map(entityNumber);
      const missingReported = new Uint8Array(rows.entityIds.length);
      for (let i = 0; i < rows.length; i++) {
        const entity = rows.entityAt(i);
        const entityId = rows.entityIds[entity];
        const apm = rows.apmAt(i);
        const entityApm = fileApm[entity];
        if (apm >= 0 && entityApm && rows.apmIds[apm] !== entityApm && apmCol >= 0) {
          const [s, e] = cellRange(list, i, 'apm_id');
          const entityKey = entitiesById.get(entityId)![0];
          const ent = this.entities.get(entityKey)!;
          sinkOf(listKey).add(
            'XF002',
            s,
            e,
            `Row says APM ${rows.apmIds[apm]} but the entity file for ${quoteUserText(entityId)} says ${entityApm}`,
            undefined,
            ent.model.apmId
              ? [
                  {
                    file: entityKey,
                    start: ent.model.apmId.start,
                    end: ent.model.apmId.end,
                    message: `APM of ${quoteUserText(entityId)}`,
                  },
                ]
              : undefined,
          );
        }
        if (missingReported[entity] === 0 && !entitiesById.has(entityId)) {
          missingReported[entity] = 1;
          const [s, e] = cellRange(list, i, 'apm_entity_id');
          sinkOf(listKey).add(
            'XF004',
            s,
            e,
            `Rows for APM Entity ${quoteUserText(entityId)} have no entity file (*.entity.json) in the workspace, so their determinations are not shown`,
          );
        }
        if (rows.isAffiliated(i)) continue;
        const stint = stintCount++;
        const earlier = newestStintOfNpi.get(rows.npiKeyAt(i));
        newestStintOfNpi.setFound(rows.npiKeyAt(i), stint);
        stintList[stint] = listIndex;
        stintRow[stint] = i;
        stintApm[stint] = apm >= 0 ? rowApmNumber[apm] : fileApmNumber[entity];
        stintEntity[stint] = listEntityNumber[entity];
        earlierStint[stint] = earlier;
        laterStint[stint] = -1;
        if (earlier >= 0) laterStint[earlier] = stint;
      }
    });
    const listOf = (stint: number) => lists[stintList[stint]][1];
    const entityOf = (stint: number) => {
      const rows = listOf(stint).rows;
      return rows.entityIds[rows.entityAt(stintRow[stint])];
    };
    const facts: StintFacts = {
      apm: (stint) => stintApm[stint],
      entity: (stint) => stintEntity[stint],
      fromDay: (stint) => listOf(stint).rows.fromDay(stintRow[stint]),
      toDay: (stint) => listOf(stint).rows.toDay(stintRow[stint]),
    };
    // NPIs in order of their first stint; each later stint is reported once, against the first it conflicts with.
    const chain: number[] = [];
    for (let first = 0; first < stintCount; first++) {
      if (earlierStint[first] >= 0) continue;
      chain.length = 0;
      for (let stint = first; stint >= 0; stint = laterStint[stint]) chain.push(stint);
      if (chain.length === 1) continue;
      const conflicts = firstConflicts(chain, facts);
      for (let k = 1; k < chain.length; k++) {
        const a = conflicts[k];
        if (a < 0) continue;
        const b = chain[k];
        const [s, e] = cellRange(listOf(b), stintRow[b], 'npi');
        const [otherStart, otherEnd] = cellRange(listOf(a), stintRow[a], 'npi');
        const npi = npiString(listOf(b).rows.npiAt(stintRow[b]));
        const apm = apmNames[stintApm[a]];
        sinkOf(lists[stintList[b]][0]).add(
          'XF003',
          s,
          e,
          `NPI ${npi} is on the Participation Lists of ${quoteUserText(entityOf(a))} and ${quoteUserText(entityOf(b))}${apm ? ` (both ${apm})` : ''} on overlapping dates`,
          undefined,
          [
            {
              file: lists[stintList[a]][0],
              start: otherStart,
              end: otherEnd,
              message: `${quoteUserText(entityOf(a))} row`,
            },
          ],
        );
      }
    }
    this.index = { entitiesById, rowsOfEntity, findings, recordsByNpi: recordsByNpi([...this.records].sort(byKey)) };
    return this.index;
  }

  /** Every clinician (TIN/NPI) on a list linked to an entity file, with QP status across entities and snapshots. */
  clinicians(): readonly ClinicianSummary[] {
    const index = this.crossFile();
    index.clinicians ??= this.clinicianSummaries(index);
    return index.clinicians;
  }

  private clinicianSummaries(index: CrossFileIndex): ClinicianSummary[] {
    // One record per NPI (QP status is the clinician's, across TINs); one summary per TIN/NPI at the end.
    interface NpiRecord {
      tins: Set<string>;
      entities: Set<string>;
      qp: ClinicianSummary['qp'];
      appAvailable: boolean;
    }
    const byNpi = new Map<string, NpiRecord>();
    for (const [entityKey, linked] of index.rowsOfEntity) {
      const e = this.entities.get(entityKey)!;
      const d = e.determination;
      const ctx = e.context;
      // Per entity, not per row: the snapshot days and the QP snapshots that count.
      const snapshotDays = ctx ? snapshotDates(ctx.py).map((s) => parseDate(s.date)!) : [];
      const apmStatus = ctx ? apmStatusFor(ctx.apm, ctx.py, ctx.track) : null;
      const canQualify = apmStatus !== null && (apmStatus.advanced || apmStatus.advancedDependsOnTrack);
      const qpSnapshots = (d?.qp?.snapshots ?? [])
        .filter((s) => s.countsForQp)
        .map((s) => ({ score: s, day: parseDate(s.date)! }));
      // From PY2026, the clinicians' own scores given in the entity file (42 CFR 414.1425(c)(3)(ii)), by NPI.
      const ownSnapshots = new Map<string, { score: QpSnapshotScore; day: number }[]>();
      for (const c of d?.individualQp?.clinicians ?? []) {
        ownSnapshots.set(
          c.npi,
          c.snapshots.filter((s) => s.countsForQp).map((s) => ({ score: s, day: parseDate(s.date)! })),
        );
      }
      const appAvailable = d?.app.available;
      for (const { row } of linked) {
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
        if (!d) continue;
        const from = row.startDay ?? Number.NEGATIVE_INFINITY;
        const to = row.endDay ?? Number.POSITIVE_INFINITY;
        if (appAvailable && !rec.appAvailable) {
          for (const day of snapshotDays) if (from <= day && day <= to) rec.appAvailable = true;
        }
        if (row.affiliated) continue;
        // The entity level first: at equal status the APM Entity group's result is the one reported.
        for (const [level, snapshots] of [
          ['entity', qpSnapshots],
          ['individual', ownSnapshots.get(row.npi) ?? []],
        ] as const) {
          for (const { score, day } of snapshots) {
            if (day < from || day > to) continue;
            const status: QpStatus = canQualify || score.status === 'not-determined' ? score.status : 'none';
            if (QP_STATUS_RANK[status] > QP_STATUS_RANK[rec.qp.status]) {
              const qualifies = status === 'qp' || status === 'partial-qp';
              rec.qp = {
                status,
                entityId: row.entityId,
                snapshot: qualifies ? score.date : null,
                level: qualifies ? level : null,
                rule: qualifies ? (level === 'entity' ? entityQpRule(ctx!.py) : INDIVIDUAL_QP_RULE) : null,
              };
            }
          }
        }
      }
    }
    const out: ClinicianSummary[] = [];
    for (const [npi, rec] of byNpi) {
      const entities = [...rec.entities].sort();
      for (const tin of rec.tins) out.push({ npi, tin, entities, qp: rec.qp, appAvailable: rec.appAvailable });
    }
    // Code-unit order (ids are ASCII digits): localeCompare costs far more on 100k clinicians.
    return out.sort((a, b) => (a.npi < b.npi ? -1 : a.npi > b.npi ? 1 : a.tin < b.tin ? -1 : a.tin > b.tin ? 1 : 0));
  }
}
