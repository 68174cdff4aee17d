// qpp-check: the rules core over files on disk, for CI and for files too large to open (docs/cli.md). This file runs
// one check from the command line to the exit status; the parts are in cli/.
import * as path from 'node:path';
import { buildReport, type Position, type QppWorkspace, type ReportJson } from './core';
import { parseArgs, USAGE, UsageError, type Options } from './cli/args';
import { Baseline } from './cli/baseline';
import { fixFiles, type FixedFile } from './cli/fix';
import { collectFiles, NotReadable, type NotRead } from './cli/inputs';
import { junitXml } from './cli/junit';
import { loadWorkspace } from './cli/loadWorkspace';
import { fileOutput, stdoutOutput, writeJson, type Output } from './cli/output';
import { sarifLog } from './cli/sarif';
import { SettingsLookup } from './cli/settings';
import { cellPositions, nameCells } from './cli/sheets';
import { ShownFindings } from './cli/shownFindings';
import { formatText, PLAIN_WIDTH } from './cli/textFormat';

declare const QPP_LENS_VERSION: string;

const toPosix = (p: string) => p.split(path.sep).join('/');
const displayPath = (key: string) => toPosix(path.relative(process.cwd(), key) || key);

/** The exit status so far: what a reader closing the pipe early (`| head -1`) leaves the process with. */
let exitStatus = 0;

export async function main(argv: string[]): Promise<number> {
  let out: Output | null = null;
  try {
    const options = parseArgs(argv);
    if (options === 'help' || options === 'version') {
      process.stdout.write(options === 'help' ? `${USAGE}\n` : `qpp-check ${QPP_LENS_VERSION}\n`);
      return 0;
    }
    // Opened first: an -o path that cannot be written is bad usage before any file is checked or fixed.
    out = options.outputFile === null ? stdoutOutput(() => exitStatus) : fileOutput(options.outputFile);
    const lookup = new SettingsLookup(options.config);
    const notRead: NotRead = [];
    const inputs =
      options.paths[0] === '-'
        ? [path.resolve(options.stdinFilename!)]
        : collectFiles(
            options.paths,
            notRead,
            (file) => lookup.for(file).ignores(file),
            (file) => lookup.for(path.resolve(file)).kindOf(path.resolve(file)),
          );
    const { ws, files, texts, stdinKey, sheets } = await loadWorkspace(options, inputs, lookup, notRead, displayPath);
    const shown = new ShownFindings(ws, texts, lookup, {
      quiet: options.quiet,
      baseline: options.baseline === null ? null : Baseline.read(options.baseline),
      writtenBaseline: options.writeBaseline === null ? null : Baseline.empty(options.writeBaseline),
      capEachFile: options.config === null,
      fingerprints: options.format === 'sarif',
    });
    const notes: string[] = [];
    const fixed = options.fix ? fixInputs(files, texts, stdinKey, sheets, ws, shown, notes) : [];
    const positionsOf = (key: string, offsets: readonly number[]) => {
      const sheet = sheets.get(key);
      return sheet ? cellPositions(sheet, offsets) : shown.positionsOf(key, offsets);
    };
    const report = buildReport(ws, files, {
      revealTins: options.revealTins || lookup.for(path.resolve('.qpp-lens.json')).settings.revealTins,
      displayPath,
      positionsOf,
      analysisOf: (key) => ({ ...ws.analyze(key), findings: shown.show(key) }),
    });
    if (options.writeBaseline !== null) shown.writtenBaseline().write(options.writeBaseline);
    const tooManyWarnings = options.maxWarnings !== null && report.summary.warnings > options.maxWarnings;
    exitStatus = notRead.length > 0 ? 2 : report.summary.errors > 0 || tooManyWarnings ? 1 : 0;
    nameCells(report, sheets, displayPath);
    writeReport(out, options, report, { notRead, fixed, shown, positionsOf, unfixable: new Set(sheets.keys()) });
    for (const file of fixed)
      process.stderr.write(
        `qpp-check: fixed ${displayPath(file.key)}: ${Object.entries(file.codes)
          .map(([code, n]) => `${code} ×${n}`)
          .join(', ')}\n`,
      );
    for (const line of [...notes, ...notRead]) process.stderr.write(`qpp-check: ${line}\n`);
    if (tooManyWarnings && options.format === 'text')
      process.stderr.write(
        `qpp-check: ${report.summary.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`,
      );
    return exitStatus;
  } catch (e) {
    if (e instanceof UsageError || e instanceof NotReadable) {
      process.stderr.write(`qpp-check: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`qpp-check: internal error: ${(e as Error).message}\n`);
    return 2;
  } finally {
    out?.close();
  }
}

/** --fix over the inputs read whole; a streamed list is too large to rewrite in memory and is left as it is. */
function fixInputs(
  files: readonly string[],
  texts: Map<string, string>,
  stdinKey: string | null,
  sheets: ReadonlyMap<string, unknown>,
  ws: QppWorkspace,
  shown: ShownFindings,
  notes: string[],
): FixedFile[] {
  const fixable = new Map<string, string>();
  for (const file of files) {
    const text = texts.get(file);
    if (file === stdinKey) continue;
    if (sheets.has(file)) {
      notes.push(`not fixed ${displayPath(file)}: an Excel workbook is fixed in Excel (its findings name the cells)`);
      continue;
    }
    if (text === undefined)
      notes.push(`not fixed ${displayPath(file)}: it was read in streaming passes (--stream, or over 16 MB)`);
    else fixable.set(file, text);
  }
  const fixed = fixFiles(ws, fixable, (key) => shown.visible(key).findings, displayPath, notes);
  for (const [key, text] of fixable) texts.set(key, text);
  return fixed;
}

function writeReport(
  out: Output,
  options: Options,
  report: ReportJson,
  context: {
    notRead: NotRead;
    fixed: FixedFile[];
    shown: ShownFindings;
    positionsOf: (key: string, offsets: readonly number[]) => readonly Position[];
    unfixable: ReadonlySet<string>;
  },
): void {
  const { notRead, fixed, shown } = context;
  const suppressing = shown.suppressing();
  if (options.format === 'json') {
    writeJson(out, {
      ...report,
      ...(suppressing && {
        summary: {
          ...report.summary,
          suppressed: { byRules: shown.suppressedByRules, byBaseline: shown.suppressedByBaseline },
        },
      }),
      ...(options.fix && { fixed: fixed.map((f) => ({ path: displayPath(f.key), codes: f.codes })) }),
      ...(notRead.length > 0 && { notRead }),
    });
  } else if (options.format === 'sarif') {
    writeJson(
      out,
      sarifLog(report, {
        files: shown.shown,
        positionsOf: context.positionsOf,
        unfixable: context.unfixable,
        displayPath,
        notRead,
        exitCode: exitStatus,
        revealTins: options.revealTins,
      }),
    );
  } else if (options.format === 'junit') out.write(junitXml(report));
  else {
    const color = options.color ?? (out.isTerminal && !process.env.NO_COLOR);
    out.write(
      formatText(
        report,
        { color, width: out.columns ?? PLAIN_WIDTH },
        {
          fixedFiles: fixed.length,
          fixedFindings: fixed.reduce((n, f) => n + Object.values(f.codes).reduce((a, b) => a + b, 0), 0),
          suppressedByRules: shown.suppressedByRules,
          suppressedByBaseline: shown.suppressedByBaseline,
          suppressing,
        },
      ),
    );
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
