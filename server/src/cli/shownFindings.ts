// The findings qpp-check shows for a file: the workspace's, with the nearest settings' severity overrides and cap,
// errors only under --quiet, without those an ignore rule (as in the editor) or the baseline hides.
import * as path from 'node:path';
import { applySeverityOverrides, capFindings, positionsInText, type Finding, type QppWorkspace } from '../core';
import { applySuppressions, findingSubject, lineAround, type Line } from '../suppression';
import { type Baseline, fingerprints } from './baseline';
import { linesInFile, positionsInFile } from './inputs';
import type { SettingsLookup } from './settings';

/** The text a fingerprint reads at a finding, at most this long. */
const POINTED_LIMIT = 200;

export interface ShownFile {
  key: string;
  findings: Finding[];
  fingerprints: string[];
}

export class ShownFindings {
  suppressedByRules = 0;
  /** Whether a settings file had ignore rules. */
  private rulesInEffect = false;
  suppressedByBaseline = 0;
  /** Every file shown, in the order show() was called (the report's order). */
  readonly shown: ShownFile[] = [];

  constructor(
    private readonly ws: QppWorkspace,
    private readonly texts: ReadonlyMap<string, string>,
    private readonly lookup: SettingsLookup,
    private readonly options: {
      quiet: boolean;
      baseline: Baseline | null;
      writtenBaseline: Baseline | null;
      capEachFile: boolean;
      /** Whether the output needs fingerprints (SARIF); a baseline always does. */
      fingerprints: boolean;
    },
  ) {}

  /** The findings the user sees before the baseline: what --fix fixes. */
  visible(key: string): { findings: Finding[]; suppressed: number } {
    const { settings, folder, explicitCap } = this.lookup.for(key);
    let findings = applySeverityOverrides(this.ws.analyze(key).findings, settings.severity);
    if (this.options.capEachFile && explicitCap && findings.length > settings.maxFindingsPerFile)
      findings = capFindings(findings, settings.maxFindingsPerFile);
    if (this.options.quiet) findings = findings.filter((f) => f.severity === 'error');
    if (settings.suppress.length === 0) return { findings, suppressed: 0 };
    this.rulesInEffect = true;
    const lines = this.linesOf(key, findings);
    const kind = this.ws.kindOf(key)!;
    const context = { columns: this.ws.list(key)?.columns, entityId: this.ws.entity(key)?.model.entityId?.value };
    const relative = path.relative(folder, key).split(path.sep).join('/');
    const { kept, suppressed } = applySuppressions(findings, settings.suppress, relative, (f) =>
      findingSubject(kind, lines(f).text, this.pointed(f, lines(f)), context),
    );
    return { findings: kept, suppressed };
  }

  /** The findings of a file as reported, recorded in `shown` with their fingerprints. */
  show(key: string): Finding[] {
    const { findings, suppressed } = this.visible(key);
    this.suppressedByRules += suppressed;
    const baseline = this.options.writtenBaseline ?? this.options.baseline;
    if (!baseline && !this.options.fingerprints) {
      this.shown.push({ key, findings, fingerprints: [] });
      return findings;
    }
    // Lines of a streamed file take one more pass: only when something reads them.
    const lines = this.linesOf(key, findings);
    const prints = fingerprints(
      findings.map((f) => ({ code: f.code, line: lines(f).text, pointed: this.pointed(f, lines(f)) })),
    );
    const written = this.options.writtenBaseline;
    if (written) for (const [i, f] of findings.entries()) written.add(key, f.code, prints[i]);
    const kept: Finding[] = [];
    const keptPrints: string[] = [];
    findings.forEach((f, i) => {
      if (baseline?.has(key, f.code, prints[i])) this.suppressedByBaseline++;
      else {
        kept.push(f);
        keptPrints.push(prints[i]);
      }
    });
    this.shown.push({ key, findings: kept, fingerprints: keptPrints });
    return kept;
  }

  /** Whether ignore rules or a baseline were in effect: then the summary says how many findings they hid. */
  suppressing(): boolean {
    return this.rulesInEffect || this.options.baseline !== null || this.options.writtenBaseline !== null;
  }

  writtenBaseline(): Baseline {
    return this.options.writtenBaseline!;
  }

  /** Positions of offsets in a file read whole or streamed. */
  positionsOf = (key: string, offsets: readonly number[]) => {
    const text = this.texts.get(key);
    return text === undefined ? positionsInFile(key, offsets) : positionsInText(text, offsets);
  };

  /** The line of each finding's start: from the text, or one pass over a streamed file. */
  private linesOf(key: string, findings: readonly Finding[]): (f: Finding) => Line {
    const text = this.texts.get(key);
    if (text !== undefined) return (f) => lineAround(text, f.start);
    const lines =
      findings.length > 0
        ? linesInFile(
            key,
            findings.map((f) => f.start),
          )
        : new Map<number, Line>();
    return (f) => lines.get(f.start)!;
  }

  /** The text a finding points at, from its line (what is past the line's end is cut). */
  private pointed(f: Finding, line: Line): string {
    const from = f.start - line.start;
    return line.text.slice(from, Math.min(from + POINTED_LIMIT, f.end - line.start));
  }
}
