// The `ignore` rules of `.qpp-lens.json` (SuppressionRule in config.ts) over findings: which rule, if any, hides a
// finding. Pure, so the language server and qpp-check hide the same findings: the editor and CI agree.
import { ignoredBy, type QppSettings, type SuppressionRule } from './config';
import {
  applySeverityOverrides,
  parseCsv,
  type FileKind,
  type Finding,
  type ListColumn,
  type QppWorkspace,
} from './core';

/** What a finding is about, as far as rules narrow it: the row's NPI and APM Entity id, or the entity file's id. */
export interface FindingSubject {
  npi?: string;
  entityId?: string;
}

/**
 * The line holding `offset` (a list record, unless a quoted cell breaks lines), without its line break, and at most
 * MAX_LINE characters of it: a rule or a fingerprint needs the row's cells, not all of an overlong record.
 */
export function lineAround(text: string, offset: number): Line {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && end - start < MAX_LINE && text[end] !== '\n' && text[end] !== '\r') end++;
  return { text: text.slice(start, Math.min(end, start + MAX_LINE)), start };
}

/** A line of a file: its text (at most MAX_LINE characters) and the offset it starts at. */
export interface Line {
  text: string;
  start: number;
}

export const MAX_LINE = 4096;

/**
 * The subject of a finding in a list, from the text of its record and the list's column map; in an entity file, the
 * file's entity id and the NPI the finding points at, if it points at one.
 */
export function findingSubject(
  kind: FileKind,
  line: string,
  pointedText: string,
  context: { columns?: Readonly<Record<ListColumn, number>>; entityId?: string },
): FindingSubject {
  if (kind === 'entity') {
    const npi = pointedText.replace(/^"|"$/g, '');
    return { entityId: context.entityId, ...(/^\d{10}$/.test(npi) && { npi }) };
  }
  const columns = context.columns;
  if (!columns || line === '') return {};
  const table = parseCsv(line);
  const cell = (column: ListColumn) =>
    columns[column] >= 0 && columns[column] < table.fieldsInRow(0) ? table.value(0, columns[column]) : undefined;
  return { npi: cell('npi'), entityId: cell('apm_entity_id') };
}

/**
 * The rule hiding a finding of `code` about `subject` in the file at `relativePath` ('/'-separated, relative to the
 * settings file's folder), or undefined.
 */
export function suppressingRule(
  rules: readonly SuppressionRule[],
  code: string,
  relativePath: string,
  subject: FindingSubject,
): SuppressionRule | undefined {
  return rules.find(
    (rule) =>
      rule.code === code &&
      (rule.npi === undefined || rule.npi === subject.npi) &&
      (rule.entityId === undefined || rule.entityId.toUpperCase() === subject.entityId?.toUpperCase()) &&
      (rule.files === undefined || filesMatcher(rule.files)(relativePath)),
  );
}

const matchers = new Map<string, (relativePath: string) => boolean>();
const filesMatcher = (glob: string) => {
  const matcher = matchers.get(glob) ?? ignoredBy([glob]);
  matchers.set(glob, matcher);
  return matcher;
};

/** The findings of one file that no rule hides, and how many were hidden. */
export function applySuppressions(
  findings: readonly Finding[],
  rules: readonly SuppressionRule[],
  relativePath: string,
  subjectOf: (finding: Finding) => FindingSubject,
): { kept: Finding[]; suppressed: number } {
  if (rules.length === 0) return { kept: [...findings], suppressed: 0 };
  const kept = findings.filter((f) => !suppressingRule(rules, f.code, relativePath, subjectOf(f)));
  return { kept, suppressed: findings.length - kept.length };
}

/** `key` relative to the settings' folder ('/'-separated), or `key` itself outside it. */
function relativeToSettings(key: string, settings: QppSettings): string {
  const folder = settings.folder?.replace(/\/+$/, '');
  return folder && key.startsWith(`${folder}/`) ? key.slice(folder.length + 1) : key;
}

/** Whether the file at `key` is under the `ignore` path globs of its settings. */
export function underIgnoredPath(key: string, settings: QppSettings): boolean {
  return settings.ignore.length > 0 && pathMatcher(settings.ignore)(relativeToSettings(key, settings));
}

const pathMatchers = new WeakMap<readonly string[], (relativePath: string) => boolean>();
const pathMatcher = (globs: readonly string[]) => {
  const matcher = pathMatchers.get(globs) ?? ignoredBy(globs);
  pathMatchers.set(globs, matcher);
  return matcher;
};

/**
 * The findings the editor shows for the file at `key` ('/'-separated path): the core's, after the severity overrides
 * and the ignore rules of its settings, as qpp-check shows them.
 */
export function shownFindings(ws: QppWorkspace, key: string, findings: Finding[], settings: QppSettings): Finding[] {
  const overridden = applySeverityOverrides(findings, settings.severity);
  const kind = ws.kindOf(key);
  if (settings.suppress.length === 0 || !kind) return overridden;
  const list = ws.list(key);
  const entity = ws.entity(key);
  const text = list?.text ?? entity?.text ?? '';
  const relativePath = relativeToSettings(key, settings);
  const context = { columns: list?.columns, entityId: entity?.model.entityId?.value };
  return applySuppressions(overridden, settings.suppress, relativePath, (f) => {
    const line = lineAround(text, f.start);
    return findingSubject(kind, line.text, text.slice(f.start, Math.min(f.end, f.start + MAX_LINE)), context);
  }).kept;
}
