// QPP Lens settings: the `qpp` editor settings section and the `.qpp-lens.json` file at a workspace root share one
// shape. Pure (no fs, no LSP) so the language server and the CLI read them the same way.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isCode } from './core/codes';
import { headerKey, LIST_COLUMNS, type ColumnNames, type ListColumn } from './core/csv/list';
import type { Severity } from './core/types';
import { FILE_KINDS, globRegExp, type FileGlobs, type FileKindSetting } from './core/fileKinds';

export type ValidationScope = 'openFiles' | 'workspace';
export type SeverityOverride = Severity | 'off';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface QppSettings {
  validationScope: ValidationScope;
  /** Diagnostic code → severity (or `off`), applied after the rules ran. */
  severity: Record<string, SeverityOverride>;
  maxFindingsPerFile: number;
  revealTins: boolean;
  trace: TraceLevel;
  /** The user's header names per participation-list column, e.g. `{"npi": ["Clinician NPI"]}`. */
  columns: ColumnNames;
  /** Globs of paths `qpp-check` does not search, relative to the settings file's folder, e.g. `["test/**"]`. */
  ignore: readonly string[];
  /** Globs of the files that are lists and entity files, besides the defaults, e.g. `{"participationLists": ["ACO_*.csv"]}`. */
  files: FileGlobs;
  /** Findings not shown, by code (the object entries of `ignore`), in the editor and in `qpp-check` alike. */
  suppress: readonly SuppressionRule[];
  /** The folder of the `.qpp-lens.json` these settings come from ('/'-separated): `files` globs of rules start there. */
  folder?: string;
  /** How .xlsx lists are read: the sheet to check (default: the first whose header names list columns). */
  xlsx: XlsxSettings;
}

export interface XlsxSettings {
  sheet?: string;
}

/**
 * `{"code": "XF005", "reason": "…"}` in `ignore`: findings of that code are not shown, optionally only at one NPI,
 * for one APM Entity id or in the files a glob covers (relative to the settings file's folder). The reason is
 * required: whoever reads the file later must know why.
 */
export interface SuppressionRule {
  code: string;
  reason: string;
  npi?: string;
  entityId?: string;
  files?: string;
}

/** Settings from one source; only the keys that source actually sets. */
export type PartialQppSettings = Partial<QppSettings>;

export const DEFAULT_SETTINGS: QppSettings = Object.freeze({
  validationScope: 'openFiles',
  severity: Object.freeze({}) as Record<string, SeverityOverride>,
  maxFindingsPerFile: 1000,
  revealTins: false,
  trace: 'off',
  columns: Object.freeze({}) as ColumnNames,
  ignore: Object.freeze([]) as readonly string[],
  files: Object.freeze({}) as FileGlobs,
  suppress: Object.freeze([]) as readonly SuppressionRule[],
  xlsx: Object.freeze({}) as XlsxSettings,
});

export const CONFIG_FILE_NAME = '.qpp-lens.json';

const SEVERITY_VALUES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
const SCOPE_VALUES: readonly string[] = ['openFiles', 'workspace'];
const TRACE_VALUES: readonly string[] = ['off', 'messages', 'verbose'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a settings object of the shape
 * `{"validation":{"scope":…},"severity":{CODE:…},"maxFindingsPerFile":N,"revealTins":bool,"trace":{"server":…},"columns":{column:[header names]}}`.
 * Unknown keys and bad values are reported in `errors` and ignored; the rest still applies.
 */
export function readSettingsObject(
  value: unknown,
  sourceName: string,
): { config: PartialQppSettings; errors: string[] } {
  const config: PartialQppSettings = {};
  const errors: string[] = [];
  if (value === undefined || value === null) return { config, errors };
  if (!isRecord(value)) return { config, errors: [`${sourceName}: expected an object`] };

  for (const [key, item] of Object.entries(value)) {
    switch (key) {
      case 'validation': {
        if (!isRecord(item)) {
          errors.push(`${sourceName}: "validation" must be an object`);
          break;
        }
        for (const [subKey, scope] of Object.entries(item)) {
          if (subKey !== 'scope') errors.push(`${sourceName}: unknown setting "validation.${subKey}"`);
          else if (typeof scope === 'string' && SCOPE_VALUES.includes(scope))
            config.validationScope = scope as ValidationScope;
          else errors.push(`${sourceName}: "validation.scope" must be "openFiles" or "workspace"`);
        }
        break;
      }
      case 'severity': {
        if (!isRecord(item)) {
          errors.push(`${sourceName}: "severity" must be an object of code → severity`);
          break;
        }
        const severity: Record<string, SeverityOverride> = {};
        for (const [code, level] of Object.entries(item)) {
          if (!isCode(code)) errors.push(`${sourceName}: "severity.${code}": no such diagnostic code`);
          else if (typeof level === 'string' && SEVERITY_VALUES.includes(level))
            severity[code] = level as SeverityOverride;
          else errors.push(`${sourceName}: "severity.${code}" must be one of ${SEVERITY_VALUES.join(', ')}`);
        }
        config.severity = severity;
        break;
      }
      case 'maxFindingsPerFile':
        if (typeof item === 'number' && Number.isInteger(item) && item > 0) config.maxFindingsPerFile = item;
        else errors.push(`${sourceName}: "maxFindingsPerFile" must be a positive integer`);
        break;
      case 'revealTins':
        if (typeof item === 'boolean') config.revealTins = item;
        else errors.push(`${sourceName}: "revealTins" must be true or false`);
        break;
      case 'trace': {
        const level = isRecord(item) ? item.server : undefined;
        if (typeof level === 'string' && TRACE_VALUES.includes(level)) config.trace = level as TraceLevel;
        else errors.push(`${sourceName}: "trace.server" must be one of ${TRACE_VALUES.join(', ')}`);
        break;
      }
      case 'ignore':
        if (Array.isArray(item)) readIgnore(item, sourceName, errors, config);
        else
          errors.push(
            `${sourceName}: "ignore" must be a list of path globs and rules, e.g. ["test/**", {"code": "XF005", "reason": "…"}]`,
          );
        break;
      case 'files': {
        const files = readFiles(item, sourceName, errors);
        if (files) config.files = files;
        break;
      }
      case 'columns': {
        const columns = readColumns(item, sourceName, errors);
        if (columns) config.columns = columns;
        break;
      }
      case 'xlsx':
        if (isRecord(item) && Object.keys(item).every((k) => k === 'sheet') && isSheetName(item.sheet))
          config.xlsx = item.sheet === undefined ? {} : { sheet: item.sheet };
        else errors.push(`${sourceName}: "xlsx" must be {"sheet": "<sheet name>"}`);
        break;
      default:
        errors.push(`${sourceName}: unknown setting "${key}"`);
    }
  }
  return { config, errors };
}

const isSheetName = (value: unknown): value is string | undefined =>
  value === undefined || (typeof value === 'string' && value.trim() !== '');

/** `"files": {"participationLists": ["ACO_*.csv"], "entityFiles": [...]}`: bad entries are reported and skipped. */
function readFiles(item: unknown, sourceName: string, errors: string[]): FileGlobs | null {
  const settings: readonly string[] = FILE_KINDS.map((row) => row.setting);
  if (!isRecord(item)) {
    errors.push(
      `${sourceName}: "files" must be an object of file kind → list of file globs; kinds: ${settings.join(', ')}`,
    );
    return null;
  }
  const files: Partial<Record<FileKindSetting, readonly string[]>> = {};
  for (const [setting, globs] of Object.entries(item)) {
    if (!settings.includes(setting))
      errors.push(`${sourceName}: "files.${setting}": no such file kind; kinds: ${settings.join(', ')}`);
    else if (!Array.isArray(globs) || globs.some((glob) => typeof glob !== 'string' || glob.trim() === ''))
      errors.push(`${sourceName}: "files.${setting}" must be a list of file globs, e.g. ["ACO_*.csv"]`);
    else files[setting as FileKindSetting] = globs;
  }
  return files;
}

const RULE_KEYS: readonly string[] = ['code', 'reason', 'npi', 'entityId', 'files'];

/** What is wrong with a suppression rule object, or null. */
function ruleProblem(entry: Record<string, unknown>): string | null {
  const unknown = Object.keys(entry).find((key) => !RULE_KEYS.includes(key));
  if (unknown) return `has unknown key "${unknown}"; a rule has ${RULE_KEYS.join(', ')}`;
  if (typeof entry.code !== 'string' || !isCode(entry.code))
    return `"code": no such diagnostic code ${JSON.stringify(entry.code ?? null)}`;
  const blank = (key: string) => typeof entry[key] !== 'string' || (entry[key] as string).trim() === '';
  if (blank('reason')) return 'needs a "reason": say why these findings are not shown';
  const bad = ['npi', 'entityId', 'files'].find((key) => key in entry && blank(key));
  return bad ? `"${bad}" must be a non-empty string` : null;
}

/** `"ignore"`: path globs (strings) and suppression rules (objects); bad entries are reported and skipped. */
function readIgnore(items: unknown[], sourceName: string, errors: string[], config: PartialQppSettings): void {
  const globs: string[] = [];
  const rules: SuppressionRule[] = [];
  for (const [i, entry] of items.entries()) {
    const where = `${sourceName}: "ignore[${i}]"`;
    if (typeof entry === 'string') {
      if (entry.trim() === '') errors.push(`${where} is an empty path glob`);
      else globs.push(entry);
      continue;
    }
    if (!isRecord(entry)) {
      errors.push(`${where} must be a path glob or a rule such as {"code": "XF005", "reason": "…"}`);
      continue;
    }
    const problem = ruleProblem(entry);
    if (problem) {
      errors.push(`${where} ${problem}`);
      continue;
    }
    const text = (key: string) => (entry[key] as string | undefined)?.trim();
    rules.push({
      code: entry.code as string,
      reason: text('reason')!,
      ...(text('npi') && { npi: text('npi') }),
      ...(text('entityId') && { entityId: text('entityId') }),
      ...(text('files') && { files: text('files') }),
    });
  }
  config.ignore = globs;
  config.suppress = rules;
}

/** `"columns": {"npi": ["Clinician NPI"], …}`: list column → header names; bad entries are reported and skipped. */
function readColumns(item: unknown, sourceName: string, errors: string[]): ColumnNames | null {
  if (!isRecord(item)) {
    errors.push(`${sourceName}: "columns" must be an object of column → list of header names`);
    return null;
  }
  const columns: Partial<Record<ListColumn, string[]>> = {};
  const mappedTo = new Map<string, string>();
  for (const [column, names] of Object.entries(item)) {
    if (!(LIST_COLUMNS as readonly string[]).includes(column)) {
      errors.push(`${sourceName}: "columns.${column}": no such column; columns: ${LIST_COLUMNS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
      errors.push(`${sourceName}: "columns.${column}" must be a list of header names, e.g. ["Billing TIN"]`);
      continue;
    }
    const kept: string[] = [];
    for (const name of names as string[]) {
      const key = headerKey(name);
      const other = mappedTo.get(key);
      if (key === '') errors.push(`${sourceName}: "columns.${column}" has an empty header name`);
      else if (other !== undefined && other !== column)
        errors.push(`${sourceName}: "columns.${column}": header "${name}" is already mapped to ${other}`);
      else {
        mappedTo.set(key, column);
        kept.push(name);
      }
    }
    if (kept.length > 0) columns[column as ListColumn] = kept;
  }
  return columns;
}

/** Parses the text of a `.qpp-lens.json` (comments allowed). Never throws. */
export function parseQppLensConfig(text: string): { config: PartialQppSettings; errors: string[] } {
  const parseErrors: ParseError[] = [];
  const value: unknown = parse(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0) {
    const first = parseErrors[0];
    return {
      config: {},
      errors: [`${CONFIG_FILE_NAME}: ${printParseErrorCode(first.error)} at offset ${first.offset}`],
    };
  }
  return readSettingsObject(value, CONFIG_FILE_NAME);
}

/**
 * Layers setting sources over the defaults, later sources winning key by key; severity maps are merged code by code.
 * Callers pass the `.qpp-lens.json` config first and the editor settings last, so the editor wins where both set.
 */
export function mergeSettings(...sources: (PartialQppSettings | undefined)[]): QppSettings {
  const merged: QppSettings = { ...DEFAULT_SETTINGS, severity: {}, columns: {}, files: {} };
  for (const source of sources) {
    if (!source) continue;
    if (source.validationScope !== undefined) merged.validationScope = source.validationScope;
    if (source.maxFindingsPerFile !== undefined) merged.maxFindingsPerFile = source.maxFindingsPerFile;
    if (source.revealTins !== undefined) merged.revealTins = source.revealTins;
    if (source.trace !== undefined) merged.trace = source.trace;
    if (source.severity !== undefined) Object.assign(merged.severity, source.severity);
    if (source.columns !== undefined) Object.assign(merged.columns, source.columns);
    if (source.ignore !== undefined) merged.ignore = source.ignore;
    // Globs add up: every source's globs name files of their kind (an editor sends its empty defaults too).
    if (source.files !== undefined)
      for (const [setting, globs] of Object.entries(source.files) as [FileKindSetting, readonly string[]][])
        if (globs.length > 0) merged.files[setting] = [...(merged.files[setting] ?? []), ...globs];
    if (source.suppress !== undefined) merged.suppress = source.suppress;
    if (source.xlsx !== undefined) merged.xlsx = source.xlsx;
  }
  return merged;
}

/**
 * Whether a '/'-separated path (relative to the settings file's folder) is covered by one of the `ignore` globs:
 * the path itself or a folder it is in. `**` spans folders, `*` and `?` stay within one name, as in ESLint's ignores.
 */
export function ignoredBy(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map(globPattern);
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (patterns.some((pattern) => pattern.test(prefix))) return true;
    }
    return false;
  };
}

function globPattern(glob: string): RegExp {
  return globRegExp(glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''));
}
