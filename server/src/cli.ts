// qpp-check: the rules core over files on disk, for CI and for files too large to open (SPEC §5).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import { CONFIG_FILE_NAME, mergeSettings, parseQppLensConfig, type QppSettings } from './config';
import { QppWorkspace, applySeverityOverrides, buildReport, fileKindOf, sarifLevel, sarifRules, type Code, type ReportJson } from './core';

declare const QPP_LENS_VERSION: string;

const USAGE = `Usage: qpp-check [paths or globs…] [options]

Checks APM Entity files (*.entity.json) and participation lists (*.participation.csv) against the
CMS Quality Payment Program rules. Directories are searched recursively; the default path is "."

Options:
  --format text|json|sarif   output format (default text)
  --reveal-tins              show TINs in full (they are masked as *****1234 by default: they may be SSNs)
  --max-warnings N           exit 1 when there are more than N warnings
  --config FILE              settings file (default: ./.qpp-lens.json when present; the editor reads the same
                             file: severity overrides per code, maxFindingsPerFile, revealTins)
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no errors, 1 errors found (or too many warnings), 2 bad usage or unreadable input.`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  revealTins: boolean;
  maxWarnings: number | null;
  config: string | null;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { paths: [], format: 'text', revealTins: false, maxWarnings: null, config: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '-v' || flag === '--version') return 'version';
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
      options.format = f;
    } else if (flag === '--reveal-tins') options.revealTins = true;
    else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
      options.maxWarnings = Number(v);
    } else if (flag === '--config') options.config = value();
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag} (see --help)`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.qpp-lens-tools']);

function collectFiles(inputs: string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string, seen: Set<string>) => {
    try {
      const stats = statSync(dir);
      const id = `${stats.dev}:${stats.ino}`;
      if (seen.has(id)) return; // a symlink loop
      seen.add(id);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() || (entry.isSymbolicLink() && safeIsDirectory(full))) {
          if (!SKIP_DIRS.has(entry.name)) walk(full, seen);
        } else if (fileKindOf(entry.name)) {
          // Reading a FIFO or a device blocks or never ends: only regular files (or links to them) are read.
          requireRegularFile(full);
          found.add(path.resolve(full));
        }
      }
    } catch (e) {
      throw new UsageError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  for (const input of inputs) {
    if (/[*?[\]{}]/.test(input)) {
      for (const match of globSync(input, { ignore: ['**/node_modules/**', '**/.git/**'] })) if (fileKindOf(match)) found.add(path.resolve(match));
      continue;
    }
    let stats;
    try {
      stats = statSync(input);
    } catch (e) {
      throw new UsageError(`${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    if (stats.isDirectory()) walk(input, new Set());
    else if (!stats.isFile()) throw new UsageError(`${input}: not a regular file`);
    else if (!fileKindOf(input)) throw new UsageError(`${input}: not an *.entity.json or *.participation.csv file`);
    else found.add(path.resolve(input));
  }
  return [...found].sort();
}

function requireRegularFile(p: string): void {
  let stats;
  try {
    stats = statSync(p);
  } catch (e) {
    throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stats.isFile()) throw new UsageError(`${p}: not a regular file`);
}

function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function safeIsDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The shared settings file: explicit --config, else .qpp-lens.json in the working directory when present. */
function loadSettings(configPath: string | null): { settings: QppSettings; explicitCap: boolean } {
  const file = configPath ?? CONFIG_FILE_NAME;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (configPath === null && (e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: mergeSettings(), explicitCap: false };
    throw new UsageError(`cannot read settings ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { config, errors } = parseQppLensConfig(text);
  if (errors.length > 0) throw new UsageError(`${file}: ${errors[0]}`);
  return { settings: mergeSettings(config), explicitCap: config.maxFindingsPerFile !== undefined };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const toPosix = (p: string) => p.split(path.sep).join('/');
const displayPath = (key: string) => toPosix(path.relative(process.cwd(), key) || key);
const rulePageUri = (code: Code) => pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules', `${code}.md`)).href;

function formatText(report: ReportJson): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) lines.push(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`);
  }
  const s = report.summary;
  lines.push(`${s.files} file${s.files === 1 ? '' : 's'} checked: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.information} information`);
  return lines.join('\n') + '\n';
}

function formatSarif(report: ReportJson): string {
  const rules = sarifRules(rulePageUri);
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: sarifLevel(d.severity),
      message: { text: d.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: file.path },
          region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
        },
      }],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'qpp-check', version: QPP_LENS_VERSION, rules } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function main(argv: string[]): number {
  let options;
  try {
    options = parseArgs(argv);
    if (options === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (options === 'version') {
      process.stdout.write(`qpp-check ${QPP_LENS_VERSION}\n`);
      return 0;
    }
    const { settings, explicitCap } = loadSettings(options.config);
    const files = collectFiles(options.paths);
    // The CLI reports every finding unless the settings file caps them.
    const ws = new QppWorkspace({ maxFindingsPerFile: explicitCap ? settings.maxFindingsPerFile : Number.MAX_SAFE_INTEGER });
    const texts = new Map<string, string>();
    for (const file of files) {
      const text = readText(file);
      texts.set(file, text);
      ws.setFile(file, text);
    }
    // Lists an entity file names are read even when they were not among the given paths.
    for (const file of files) {
      for (const ref of ws.referencedLists(file)) {
        // Only participation lists that are regular files: an entity file may name any path (a FIFO, a device).
        if (ws.has(ref) || fileKindOf(ref) !== 'participation' || !isRegularFile(ref)) continue;
        try {
          const text = readFileSync(ref, 'utf8');
          texts.set(ref, text);
          ws.setFile(ref, text);
        } catch {
          // Missing: reported as XF001 on the entity file.
        }
      }
    }
    const report = buildReport(ws, files, {
      revealTins: options.revealTins || settings.revealTins,
      displayPath,
      textOf: (k) => texts.get(k) ?? '',
      analysisOf: (k) => {
        const analysis = ws.analyze(k);
        return { ...analysis, findings: applySeverityOverrides(analysis.findings, settings.severity) };
      },
    });
    const out = options.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : options.format === 'sarif' ? formatSarif(report) : formatText(report);
    process.stdout.write(out);
    const tooManyWarnings = options.maxWarnings !== null && report.summary.warnings > options.maxWarnings;
    if (tooManyWarnings && options.format === 'text') process.stderr.write(`qpp-check: ${report.summary.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    return report.summary.errors > 0 || tooManyWarnings ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`qpp-check: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`qpp-check: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
