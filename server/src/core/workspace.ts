// A set of entity files and participation lists, keyed by the caller (paths or URIs): each file's own findings, the
// cross-file check over all of them (crossfile/) and each clinician's status across entities. Pure: callers feed text.
import { analyzeEntity, type AnalyzedEntity } from './entity/entity';
import { capFindings } from './findings';
import {
  ListValidator,
  parseParticipationList,
  type ColumnNames,
  type ListValidatorOptions,
  type ParsedList,
} from './csv/list';
import { updateParticipationList } from './csv/update';
import { parseEligibilityFile, type ParsedEligibilityFile } from './eligibility/record';
import { dirnameOf, resolveRelative } from './paths';
import { defaultFileKindOf } from './fileKinds';
import type { ClinicianSummary, EntityDetermination, FileKind, Finding } from './types';
import type { LinkedRow, RecordOfNpi } from './crossfile/index';
import { checkCrossFile, type CrossFileResult } from './crossfile/check';
import { clinicianSummaries } from './clinicians';

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
  /** The kind of the file at `key` by the settings' globs (fileKindMatcher); by default by the default globs. */
  kindOf?: (key: string) => FileKind | null;
}

/**
 * Which cross-file check an answer comes from: the current one (made first if the files changed since), or the last
 * complete one, which never waits but may be older than the files: for requests answered while a check is under way.
 */
export type CrossFileCheckChoice = 'current' | 'lastComplete';

interface CrossFileState extends CrossFileResult {
  /** clinicians(), built on first use: hovers ask for it once per NPI they show. */
  clinicians?: readonly ClinicianSummary[];
}

/** The answers before any cross-file check is complete: no file is linked to another. */
const NO_CHECK_YET: CrossFileState = (() => {
  const check = checkCrossFile(new Map(), new Map(), 0);
  for (;;) {
    const step = check.next();
    if (step.done) return step.value;
  }
})();

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export class QppWorkspace {
  private readonly entities = new Map<string, AnalyzedEntity>();
  private readonly lists = new Map<string, ParsedList>();
  private readonly records = new Map<string, ParsedEligibilityFile>();
  /** The cross-file check of the files as they are; null when a file changed since. */
  private current: CrossFileState | null = null;
  private lastComplete: CrossFileState | null = null;
  /** The check under way, driven a step at a time by checkCrossFileStep (or run to its end by crossFile). */
  private underWay: Generator<void, CrossFileResult> | null = null;
  private readonly maxFindings: number;
  private readonly columnNamesOf: (key: string) => ColumnNames | undefined;
  /** The kind of the file at `key` by the settings' globs, whether it is in the workspace or not. */
  readonly kindByGlobs: (key: string) => FileKind | null;

  constructor(options: WorkspaceOptions = {}) {
    this.maxFindings = options.maxFindingsPerFile ?? 1000;
    this.columnNamesOf = options.columnNames ?? (() => undefined);
    this.kindByGlobs = options.kindOf ?? defaultFileKindOf;
  }

  /**
   * Checks `text` as a file of `kind`: by default the kind its key has by the globs; an editor that gives the
   * document our language decides it whatever the name. Returns the kind, or null when the file is not ours.
   */
  setFile(key: string, text: string, kind: FileKind | null = this.kindByGlobs(key)): FileKind | null {
    if (kind === null) return null;
    if (this.kindOf(key) !== kind) this.deleteFile(key);
    if (kind === 'entity') this.entities.set(key, analyzeEntity(text, this.parseCap()));
    else if (kind === 'eligibility') this.records.set(key, parseEligibilityFile(text, this.parseCap()));
    else this.lists.set(key, this.checkedList(key, text));
    this.filesChanged();
    return kind;
  }

  /** The kind of a file in the workspace, else the kind its key has by the globs. */
  kindOf(key: string): FileKind | null {
    if (this.entities.has(key)) return 'entity';
    if (this.lists.has(key)) return 'participation';
    if (this.records.has(key)) return 'eligibility';
    return this.kindByGlobs(key);
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
      this.filesChanged();
    }
  }

  /** A validator for a list fed in chunks, with this workspace's findings cap (qpp-check streams large lists). */
  listValidator(keepRow: ListValidatorOptions['keepRow'], maxFindings = this.parseCap(), key = ''): ListValidator {
    return new ListValidator({ maxFindings, keepRow, columnNames: this.columnNamesOf(key) });
  }

  /** A participation list checked by a listValidator. */
  setCheckedList(key: string, list: ParsedList): void {
    this.lists.set(key, list);
    this.filesChanged();
  }

  /** The cross-file check is out of date, and so is any check under way: it read the files before the change. */
  private filesChanged(): void {
    this.current = null;
    this.underWay = null;
  }

  /** Files are checked with a generous cap: the per-file cap is applied once cross-file findings are merged. */
  private parseCap(): number {
    return this.maxFindings * 2 + 10;
  }

  deleteFile(key: string): void {
    if (this.entities.delete(key) || this.lists.delete(key) || this.records.delete(key)) this.filesChanged();
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
  cmsRecordsOf(npi: string, check: CrossFileCheckChoice = 'current'): readonly RecordOfNpi[] {
    return this.crossFile(check).index.recordsByNpi.get(npi) ?? [];
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
      if (this.kindOf(key)) joined = true;
    }
    // Cross-file rules join entities and lists in both directions; every list's XF findings and every
    // entity's linked rows can move, so all of them are dependants. The join itself is linear.
    if (joined) for (const k of this.keys()) out.add(k);
    return [...out];
  }

  analyze(key: string, check: CrossFileCheckChoice = 'current'): FileAnalysis {
    const kind = this.kindOf(key);
    const cross = this.crossFile(check).findings.get(key);
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
  rowsOfEntity(key: string, check: CrossFileCheckChoice = 'current'): readonly LinkedRow[] {
    return this.crossFile(check).index.rowsOfEntity.get(key) ?? [];
  }

  /** The performance year of the first entity file with this APM Entity id that has one. */
  performanceYearOfEntity(entityId: string | undefined, check: CrossFileCheckChoice = 'current'): number | null {
    for (const key of entityId ? this.entitiesWithId(entityId, check) : []) {
      const py = this.entities.get(key)?.context?.py;
      if (py !== undefined) return py;
    }
    return null;
  }

  /** Entity file keys with the given APM Entity id. */
  entitiesWithId(entityId: string, check: CrossFileCheckChoice = 'current'): readonly string[] {
    return this.crossFile(check).index.entitiesById.get(entityId) ?? [];
  }

  /**
   * Takes the cross-file check one bounded step further (a file, or a few thousand rows); true once it is up to
   * date, so that answers from the current check do not wait. A change to the files starts it over.
   */
  checkCrossFileStep(): boolean {
    if (this.current) return true;
    this.underWay ??= checkCrossFile(this.entities, this.lists, this.maxFindings + 1, this.records);
    const step = this.underWay.next();
    if (!step.done) return false;
    this.current = this.lastComplete = step.value;
    this.underWay = null;
    return true;
  }

  /** Whether a cross-file check has been completed: before, answers from the last complete one know of no file. */
  hasCompleteCrossFileCheck(): boolean {
    return this.lastComplete !== null;
  }

  private crossFile(check: CrossFileCheckChoice): CrossFileState {
    if (check === 'lastComplete') return this.lastComplete ?? NO_CHECK_YET;
    while (!this.checkCrossFileStep());
    return this.current!;
  }

  /** Every clinician (TIN/NPI) on a list linked to an entity file, with QP status across entities and snapshots. */
  clinicians(check: CrossFileCheckChoice = 'current'): readonly ClinicianSummary[] {
    const state = this.crossFile(check);
    state.clinicians ??= clinicianSummaries(state.index);
    return state.clinicians;
  }
}
