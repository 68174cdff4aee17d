// SARIF 2.1.0 for code scanning: one run, every code a rule with an https help page, one result per finding with
// its related places, a fingerprint that survives unrelated edits, and its fix when it has exactly one.
import type { Finding, Position, ReportJson } from '../core';
import { maskTinShaped, sarifLevel, sarifRules, type Code } from '../core';
import packageJson from '../../../package.json';
import type { CellDiagnostic } from './sheets';

declare const QPP_LENS_VERSION: string;

/** A checked file's findings in report order, with their fingerprints (baseline.ts). */
export interface SarifFile {
  key: string;
  findings: readonly Finding[];
  fingerprints: readonly string[];
}

export interface SarifContext {
  files: readonly SarifFile[];
  /** Positions (0-based lines, UTF-16 characters) of offsets in the file at `key`. */
  positionsOf(key: string, offsets: readonly number[]): readonly Position[];
  displayPath(key: string): string;
  notRead: readonly string[];
  /** qpp-check's exit status for this run. */
  exitCode: number;
  /** Whether fixes may insert TIN-shaped text: only when the user asked to reveal TINs. */
  revealTins: boolean;
  /** Files whose fixes cannot be applied to them (.xlsx lists: their findings are about a sheet, not text). */
  unfixable: ReadonlySet<string>;
}

/** The repository's web address from package.json: `git+https://…/x.git` and `github:owner/name` spellings too. */
export function repositoryWebUrl(repository: string | { url?: string } | undefined): string {
  const raw = typeof repository === 'string' ? repository : (repository?.url ?? '');
  const url = raw
    .replace(/^github:/, 'https://github.com/')
    .replace(/^git\+/, '')
    .replace(/^git:\/\//, 'https://')
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
  if (!/^https:\/\/[^/]+\/.+/.test(url)) throw new Error(`package.json "repository" is not an https address: ${raw}`);
  return url;
}

const rulePageUri = (code: Code) =>
  `${repositoryWebUrl(packageJson.repository)}/blob/main/docs/rules/${encodeURIComponent(code)}.md`;

export function sarifLog(report: ReportJson, context: SarifContext): object {
  const rules = sarifRules(rulePageUri);
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file, f) => {
    const checked = context.files[f];
    const places = placesOf(checked, context);
    return file.diagnostics.map((d, i) => {
      const finding = checked.findings[i];
      const related = finding.related ?? [];
      const fix = finding.data?.fixes?.length === 1 ? finding.data.fixes[0] : undefined;
      const fixShown =
        fix &&
        !context.unfixable.has(checked.key) &&
        (context.revealTins || fix.edits.every((e) => maskTinShaped(e.text) === e.text));
      return {
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [
          {
            ...location(file.path, d.range.start, d.range.end),
            ...((d as CellDiagnostic).cell && {
              logicalLocations: [{ fullyQualifiedName: (d as CellDiagnostic).cell, kind: 'element' }],
            }),
          },
        ],
        partialFingerprints: { 'qppFindingHash/v1': checked.fingerprints[i] },
        ...(related.length > 0 && {
          relatedLocations: related.map((r, j) => {
            const key = r.file ?? checked.key;
            return {
              id: j + 1,
              ...location(context.displayPath(key), places.at(key, r.start), places.at(key, r.end)),
              message: { text: r.message },
            };
          }),
        }),
        ...(fix &&
          fixShown && {
            fixes: [
              {
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri: file.path },
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: region(places.at(checked.key, e.start), places.at(checked.key, e.end)),
                      insertedContent: { text: e.text },
                    })),
                  },
                ],
              },
            ],
          }),
      };
    });
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'qpp-check',
            version: QPP_LENS_VERSION,
            informationUri: repositoryWebUrl(packageJson.repository),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: context.notRead.length === 0,
            exitCode: context.exitCode,
            ...(context.notRead.length > 0 && {
              toolExecutionNotifications: context.notRead.map((problem) => ({
                level: 'error',
                message: { text: problem },
              })),
            }),
          },
        ],
        results,
      },
    ],
  };
}

const region = (start: Position, end: Position) => ({
  startLine: start.line + 1,
  startColumn: start.character + 1,
  endLine: end.line + 1,
  endColumn: end.character + 1,
});

const location = (uri: string, start: Position, end: Position) => ({
  physicalLocation: { artifactLocation: { uri }, region: region(start, end) },
});

/** Positions of every related place and fix edit of a file's findings, found in one pass per file they are in. */
function placesOf(checked: SarifFile, context: SarifContext) {
  const wanted = new Map<string, number[]>();
  const want = (key: string, offset: number) => {
    const offsets = wanted.get(key) ?? [];
    wanted.set(key, offsets);
    offsets.push(offset);
  };
  for (const finding of checked.findings) {
    for (const r of finding.related ?? []) {
      want(r.file ?? checked.key, r.start);
      want(r.file ?? checked.key, r.end);
    }
    const fixes = finding.data?.fixes;
    if (fixes?.length === 1)
      for (const e of fixes[0].edits) {
        want(checked.key, e.start);
        want(checked.key, e.end);
      }
  }
  const found = new Map<string, Map<number, Position>>();
  for (const [key, offsets] of wanted) {
    const positions = context.positionsOf(key, offsets);
    found.set(key, new Map(offsets.map((offset, i) => [offset, positions[i]])));
  }
  return { at: (key: string, offset: number) => found.get(key)!.get(offset)! };
}
