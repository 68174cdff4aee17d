// QPP Lens settings: the `qpp` editor settings section and the `.qpp-lens.json` file at a workspace root share one
// shape. Pure (no fs, no LSP) so the language server and the CLI read them the same way.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isCode } from './core/codes';
import type { Severity } from './core/types';

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
}

/** Settings from one source; only the keys that source actually sets. */
export type PartialQppSettings = Partial<QppSettings>;

export const DEFAULT_SETTINGS: QppSettings = Object.freeze({
  validationScope: 'openFiles',
  severity: Object.freeze({}) as Record<string, SeverityOverride>,
  maxFindingsPerFile: 1000,
  revealTins: false,
  trace: 'off',
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
 * `{"validation":{"scope":…},"severity":{CODE:…},"maxFindingsPerFile":N,"revealTins":bool,"trace":{"server":…}}`.
 * Unknown keys and bad values are reported in `errors` and ignored; the rest still applies.
 */
export function readSettingsObject(value: unknown, sourceName: string): { config: PartialQppSettings; errors: string[] } {
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
          else if (typeof scope === 'string' && SCOPE_VALUES.includes(scope)) config.validationScope = scope as ValidationScope;
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
          else if (typeof level === 'string' && SEVERITY_VALUES.includes(level)) severity[code] = level as SeverityOverride;
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
      default:
        errors.push(`${sourceName}: unknown setting "${key}"`);
    }
  }
  return { config, errors };
}

/** Parses the text of a `.qpp-lens.json` (comments allowed). Never throws. */
export function parseQppLensConfig(text: string): { config: PartialQppSettings; errors: string[] } {
  const parseErrors: ParseError[] = [];
  const value: unknown = parse(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0) {
    const first = parseErrors[0];
    return { config: {}, errors: [`${CONFIG_FILE_NAME}: ${printParseErrorCode(first.error)} at offset ${first.offset}`] };
  }
  return readSettingsObject(value, CONFIG_FILE_NAME);
}

/**
 * Layers setting sources over the defaults, later sources winning key by key; severity maps are merged code by code.
 * Callers pass the `.qpp-lens.json` config first and the editor settings last, so the editor wins where both set.
 */
export function mergeSettings(...sources: (PartialQppSettings | undefined)[]): QppSettings {
  const merged: QppSettings = { ...DEFAULT_SETTINGS, severity: {} };
  for (const source of sources) {
    if (!source) continue;
    if (source.validationScope !== undefined) merged.validationScope = source.validationScope;
    if (source.maxFindingsPerFile !== undefined) merged.maxFindingsPerFile = source.maxFindingsPerFile;
    if (source.revealTins !== undefined) merged.revealTins = source.revealTins;
    if (source.trace !== undefined) merged.trace = source.trace;
    if (source.severity !== undefined) Object.assign(merged.severity, source.severity);
  }
  return merged;
}
