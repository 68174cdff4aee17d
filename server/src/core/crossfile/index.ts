// The cross-file index: what the workspace's entity files and lists say about each other, built once per change of
// the files, for the cross-file rules (CROSS_FILE_RULES) and for each clinician's status across entities. Built as a generator: each `yield` is a point where the language server may answer requests before the
// build goes on (QppWorkspace.checkCrossFileStep).
import type { ParsedList, MembershipRow } from '../csv/list';
import { NpiTable } from '../csv/npiTable';
import type { AnalyzedEntity } from '../entity/entity';
import type { Located } from '../entity/model';
import type { EligibilityRecord, ParsedEligibilityFile } from '../eligibility/record';
import { dirnameOf, resolveRelative } from '../paths';

export interface LinkedRow {
  list: string;
  row: MembershipRow;
}

/** A `participationLists` entry of an entity file and the list key it resolves to. */
export interface NamedList {
  ref: Located<string>;
  key: string;
}

/**
 * Participation stints: the non-affiliated rows of every list, numbered in key order of the lists and row order
 * within each, in typed columns (a workspace can hold millions of rows).
 */
export interface Stints {
  count: number;
  /** Index into CrossFileIndex.lists. */
  list: Int32Array;
  /** Row index in that list's rows. */
  row: Int32Array;
  /** The stint's APM (the row's, else its entity file's, else none) as an index into apmNames (0: none). */
  apm: Int32Array;
  apmNames: string[];
  /** The stint's entity as a number: equal numbers, same entity id, across lists. */
  entity: Int32Array;
  /** The same NPI's previous and next stint, or -1: each NPI's stints form a chain. */
  earlier: Int32Array;
  later: Int32Array;
}

/** A CMS eligibility record and the record file it is in. */
export interface RecordOfNpi {
  key: string;
  record: EligibilityRecord;
}

export interface CrossFileIndex {
  /** In key order, so which file gets a cross-file finding never depends on the order files were added. */
  readonly entities: readonly (readonly [string, AnalyzedEntity])[];
  readonly lists: readonly (readonly [string, ParsedList])[];
  list(key: string): ParsedList | undefined;
  entity(key: string): AnalyzedEntity | undefined;
  /** Entity file keys by APM Entity id. */
  readonly entitiesById: ReadonlyMap<string, readonly string[]>;
  /** The APM of each entity id, from its first entity file that has a valid one. */
  readonly apmOfEntityId: ReadonlyMap<string, string>;
  /** Each entity file's `participationLists`, resolved against its folder (absent when it names none). */
  readonly namedLists: ReadonlyMap<string, readonly NamedList[]>;
  /** Rows that count for each entity file (docs/file-formats.md#how-an-entity-file-finds-its-rows). */
  readonly rowsOfEntity: ReadonlyMap<string, readonly LinkedRow[]>;
  readonly stints: Stints;
  /** Saved CMS eligibility record files (*.eligibility.json), in key order. */
  readonly records: readonly (readonly [string, ParsedEligibilityFile])[];
  /** Their records by NPI, files in key order. */
  readonly recordsByNpi: ReadonlyMap<string, readonly RecordOfNpi[]>;
}

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** Rows of a list taken in the stint pass before the build lets requests in. */
const ROWS_PER_STEP = 4096;

export function* buildCrossFileIndex(
  entityFiles: ReadonlyMap<string, AnalyzedEntity>,
  listFiles: ReadonlyMap<string, ParsedList>,
  recordFiles: ReadonlyMap<string, ParsedEligibilityFile> = new Map(),
): Generator<void, CrossFileIndex> {
  // The files as they are now: the index outlives them (requests read the last complete one while the next is built).
  const entities = [...entityFiles].sort(byKey);
  const lists = [...listFiles].sort(byKey);
  const entityByKey = new Map(entities);
  const listByKey = new Map(lists);
  const records = [...recordFiles].sort(byKey);
  yield;
  const entitiesById = new Map<string, string[]>();
  for (const [key, e] of entities) {
    const id = e.model.entityId?.value;
    if (!id) continue;
    const keys = entitiesById.get(id);
    if (keys) keys.push(key);
    else entitiesById.set(id, [key]);
  }
  const apmOfEntityId = new Map<string, string>();
  for (const [id, keys] of entitiesById) {
    const ctx = entityByKey.get(keys[0])!.context;
    if (ctx) apmOfEntityId.set(id, ctx.apm.id);
  }
  const namedLists = new Map<string, NamedList[]>();
  const rowsOfEntity = new Map<string, LinkedRow[]>();
  const rowsWithEntityId = rowsByEntityId(listByKey);
  for (const [key, e] of entities) {
    const named = e.model.participationLists;
    const resolved = named?.map((ref) => ({ ref, key: resolveRelative(dirnameOf(key), ref.value) }));
    if (resolved) namedLists.set(key, resolved);
    const id = e.model.entityId?.value;
    const linked: LinkedRow[] = [];
    // The lists it names, else every list's rows with its id.
    const searched = resolved && resolved.length > 0 ? resolved.map((n) => n.key) : id ? lists.map(([k]) => k) : [];
    if (id) {
      for (const listKey of searched) {
        const list = listByKey.get(listKey);
        if (!list) continue;
        for (const i of rowsWithEntityId(listKey, id)) linked.push({ list: listKey, row: list.rows.get(i) });
      }
    }
    rowsOfEntity.set(key, linked);
    yield;
  }
  const stints = yield* chainStints(lists, apmOfEntityId);
  return {
    entities,
    lists,
    list: (key) => listByKey.get(key),
    entity: (key) => entityByKey.get(key),
    entitiesById,
    apmOfEntityId,
    namedLists,
    rowsOfEntity,
    stints,
    records,
    recordsByNpi: recordsByNpi(records),
  };
}

/** Each NPI's CMS records, record files in the order given. */
export function recordsByNpi(
  records: readonly (readonly [string, ParsedEligibilityFile])[],
): Map<string, RecordOfNpi[]> {
  const byNpi = new Map<string, RecordOfNpi[]>();
  for (const [key, file] of records) {
    for (const record of file.records) {
      const npi = record.npi?.value;
      if (!npi) continue;
      const known = byNpi.get(npi);
      if (known) known.push({ key, record });
      else byNpi.set(npi, [{ key, record }]);
    }
  }
  return byNpi;
}

/** Rows of one entity id in one list, grouped per list on first use (most lists have no entity file to link to). */
function rowsByEntityId(lists: ReadonlyMap<string, ParsedList>): (listKey: string, id: string) => readonly number[] {
  const groups = new Map<string, Map<string, number[]>>();
  return (listKey, id) => {
    let byEntity = groups.get(listKey);
    if (!byEntity) {
      const rows = lists.get(listKey)!.rows;
      const byIndex: number[][] = rows.entityIds.map(() => []);
      for (let i = 0; i < rows.length; i++) byIndex[rows.entityAt(i)].push(i);
      byEntity = new Map(rows.entityIds.map((entityId, index) => [entityId, byIndex[index]]));
      groups.set(listKey, byEntity);
    }
    return byEntity.get(id) ?? [];
  };
}

function* chainStints(
  lists: readonly (readonly [string, ParsedList])[],
  apmOfEntityId: ReadonlyMap<string, string>,
): Generator<void, Stints> {
  let rowCount = 0;
  for (const [, list] of lists) rowCount += list.rows.length;
  const stints: Stints = {
    count: 0,
    list: new Int32Array(rowCount),
    row: new Int32Array(rowCount),
    apm: new Int32Array(rowCount),
    apmNames: [''],
    entity: new Int32Array(rowCount),
    earlier: new Int32Array(rowCount),
    later: new Int32Array(rowCount),
  };
  const apmNumber = (name: string | undefined): number => {
    if (name === undefined) return 0;
    let n = stints.apmNames.indexOf(name);
    if (n < 0) n = stints.apmNames.push(name) - 1;
    return n;
  };
  const entityNumbers = new Map<string, number>();
  const entityNumber = (id: string): number => {
    let n = entityNumbers.get(id);
    if (n === undefined) {
      n = entityNumbers.size;
      entityNumbers.set(id, n);
    }
    return n;
  };
  const newestStintOfNpi = new NpiTable(rowCount);
  for (let listIndex = 0; listIndex < lists.length; listIndex++) {
    const rows = lists[listIndex][1].rows;
    // Per entity id of this list (rows hold interned indexes).
    const fileApmNumber = rows.entityIds.map((id) => apmNumber(apmOfEntityId.get(id)));
    const rowApmNumber = rows.apmIds.map(apmNumber);
    const listEntityNumber = rows.entityIds.map(entityNumber);
    for (let i = 0; i < rows.length; i++) {
      if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
      if (rows.isAffiliated(i)) continue;
      const entity = rows.entityAt(i);
      const apm = rows.apmAt(i);
      const stint = stints.count++;
      const earlier = newestStintOfNpi.get(rows.npiKeyAt(i));
      newestStintOfNpi.setFound(rows.npiKeyAt(i), stint);
      stints.list[stint] = listIndex;
      stints.row[stint] = i;
      stints.apm[stint] = apm >= 0 ? rowApmNumber[apm] : fileApmNumber[entity];
      stints.entity[stint] = listEntityNumber[entity];
      stints.earlier[stint] = earlier;
      stints.later[stint] = -1;
      if (earlier >= 0) stints.later[earlier] = stint;
    }
    yield;
  }
  return stints;
}
