// qpp-check: the rules core over files on disk, for CI and for files too large to open (SPEC §5).
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import { CONFIG_FILE_NAME, mergeSettings, parseQppLensConfig, type QppSettings } from './config';
import { NpiCensus, OffsetLocator, QppWorkspace, applySeverityOverrides, buildReport, fileKindOf, positionsInText, sarifLevel, sarifRules, type Code, type ReportJson } from './core';

declare const QPP_LENS_VERSION: string;

const USAGE = `Usage: qpp-check [paths or globs…] [options]

Checks APM Entity files (*.entity.json) and participation lists (*.participation.csv) against the
CMS Quality Payment Program rules. Directories are searched recursively; the default path is "."

Options:
  --format text|json|sarif   output format (default text)
  --reveal-tins              show TINs in full (they are masked as *****1234 by default: they may be SSNs)
  --max-warnings N           exit 1 when there are more than N warnings
  --config FILE              settings file (default: ./.qpp-lens.json when present; the editor reads the same
                             file: severity overrides per code, maxFindingsPerFile, revealTins, columns)
  --stream                   read every participation list in streaming passes, never whole (automatic for
                             lists over 16 MB): memory stays bounded, the findings are the same
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no errors, 1 errors found (or too many warnings), 2 bad usage or unreadable input.`;

class UsageError extends Error {}

/** The short reason an I/O call failed: its code (ENOENT, EACCES, …), else its message. */
const reasonOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

interface Options {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  revealTins: boolean;
  maxWarnings: number | null;
  config: string | null;
  stream: boolean;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { paths: [], format: 'text', revealTins: false, maxWarnings: null, config: null, stream: false };
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
    else if (flag === '--stream') options.stream = true;
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
      throw new UsageError(`cannot read directory ${dir}: ${reasonOf(e)}`);
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
    throw new UsageError(`cannot read ${p}: ${reasonOf(e)}`);
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
    throw new UsageError(`cannot read settings ${file}: ${reasonOf(e)}`);
  }
  const { config, errors } = parseQppLensConfig(text);
  if (errors.length > 0) throw new UsageError(`${file}: ${errors[0]}`);
  return { settings: mergeSettings(config), explicitCap: config.maxFindingsPerFile !== undefined };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${reasonOf(e)}`);
  }
}

/**
 * Lists larger than this are streamed: read whole, a 600 MB list would need several GB (or overflow V8's string
 * limit), and streaming a 1M-row list takes about as long (1.1 s against 1.0 s) in 115 MB instead of 280 MB.
 */
const STREAM_ABOVE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 16;

/** Decodes a file as UTF-8 in chunks (a character split between chunks is kept for the next one). */
function forEachChunk(file: string, onChunk: (text: string) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${reasonOf(e)}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${reasonOf(e)}`);
      }
      if (bytes === 0) break;
      onChunk(decoder.write(buffer.subarray(0, bytes)));
    }
    onChunk(decoder.end());
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks lists too large to hold in two streaming passes with the same validator as the in-memory path:
 * the first counts each membership row's NPI across every list, the second checks each list and keeps only
 * the rows cross-file rules can use (rows whose NPI repeats, the first row of each entity id, rows of
 * entities with an entity file), so memory follows those rows and the findings, not the file size.
 */
function checkStreamedLists(ws: QppWorkspace, streamed: readonly string[]): void {
  const census = new NpiCensus();
  for (const key of ws.keys()) {
    const rows = ws.list(key)?.rows;
    for (let i = 0; rows && i < rows.length; i++) census.add(rows.npiKeyAt(i));
  }
  for (const file of streamed) {
    const counter = ws.listValidator((npiKey) => {
      census.add(npiKey);
      return false;
    }, 0, file);
    forEachChunk(file, (text) => counter.push(text));
    counter.push('', true);
  }
  const entityIds = new Set(ws.keys().map((key) => ws.entity(key)?.model.entityId?.value));
  for (const file of streamed) {
    const validator = ws.listValidator((npiKey, entityId, firstOfEntity) => firstOfEntity || census.isRepeated(npiKey) || entityIds.has(entityId), undefined, file);
    forEachChunk(file, (text) => validator.push(text));
    validator.push('', true);
    ws.setCheckedList(file, validator.result());
  }
}

/** Writes a large output a megabyte at a time: one write would copy all of it into a buffer at once. */
function writeInPieces(text: string): void {
  for (let i = 0; i < text.length; i += OUTPUT_PIECE) process.stdout.write(text.slice(i, i + OUTPUT_PIECE));
}

const OUTPUT_PIECE = 1 << 20;

/**
 * Writes JSON.stringify(value, null, 2) and a line break, the same text, without holding all of it: the outer
 * STREAMED_LEVELS of objects and arrays are written member by member and what is below (a diagnostic, a SARIF
 * result) stringified alone, so the output of a list with a hundred thousand findings never sits in memory whole
 * next to the report it was made from (that string was most of qpp-check's peak memory on a 10-million-row list).
 */
function writeJson(value: unknown): void {
  const pending: string[] = [];
  let pendingLength = 0;
  const write = (text: string) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= OUTPUT_PIECE) flush();
  };
  const flush = () => {
    process.stdout.write(pending.join(''));
    pending.length = 0;
    pendingLength = 0;
  };
  const writeValue = (v: unknown, indent: string, level: number): void => {
    const inner = indent + '  ';
    if (level < STREAMED_LEVELS && Array.isArray(v) && v.length > 0) {
      write('[');
      v.forEach((item, i) => {
        write(i === 0 ? `\n${inner}` : `,\n${inner}`);
        // JSON.stringify writes null for array members it cannot represent.
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') write('null');
        else writeValue(item, inner, level + 1);
      });
      write(`\n${indent}]`);
    } else if (level < STREAMED_LEVELS && isPlainObject(v) && Object.values(v).some(isWritten)) {
      write('{');
      let first = true;
      for (const [key, member] of Object.entries(v)) {
        if (!isWritten(member)) continue;
        write(`${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
        writeValue(member, inner, level + 1);
        first = false;
      }
      write(`\n${indent}}`);
    } else {
      // Nested values' lines take this value's indent (JSON strings hold no raw line breaks).
      write(JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`));
    }
  };
  writeValue(value, '', 0);
  write('\n');
  flush();
}

/** report → files → file → diagnostics, or SARIF log → runs → run → results: below them one item is small. */
const STREAMED_LEVELS = 4;

/** Object members JSON.stringify writes (it leaves out undefined, functions and symbols). */
const isWritten = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/** Positions in a streamed file: one more pass, holding only the offsets asked for. */
function positionsInFile(file: string, offsets: readonly number[]) {
  const locator = new OffsetLocator(offsets);
  forEachChunk(file, (text) => locator.push(text));
  const found = locator.finish();
  return offsets.map((offset) => found.get(offset)!);
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

function sarifLog(report: ReportJson): object {
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
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'qpp-check', version: QPP_LENS_VERSION, rules } }, results }],
  };
}

export function main(argv: string[]): number {
  try {
    const options = parseArgs(argv);
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
    const ws = new QppWorkspace({ maxFindingsPerFile: explicitCap ? settings.maxFindingsPerFile : Number.MAX_SAFE_INTEGER, columnNames: () => settings.columns });
    const texts = new Map<string, string>();
    const streamed = new Set<string>();
    const add = (file: string) => {
      if (fileKindOf(file) === 'participation' && (options.stream || statSync(file).size > STREAM_ABOVE_BYTES)) {
        streamed.add(file);
        return;
      }
      const text = readText(file);
      texts.set(file, text);
      ws.setFile(file, text);
    };
    for (const file of files) add(file);
    // Lists an entity file names are read even when they were not among the given paths.
    for (const file of files) {
      for (const ref of ws.referencedLists(file)) {
        // Only participation lists that are regular files: an entity file may name any path (a FIFO, a device).
        if (ws.has(ref) || streamed.has(ref) || fileKindOf(ref) !== 'participation' || !isRegularFile(ref)) continue;
        try {
          add(ref);
        } catch {
          // Unreadable: reported as XF001 on the entity file.
        }
      }
    }
    if (streamed.size > 0) checkStreamedLists(ws, [...streamed]);
    const report = buildReport(ws, files, {
      revealTins: options.revealTins || settings.revealTins,
      displayPath,
      positionsOf: (key, offsets) => {
        const text = texts.get(key);
        return text === undefined ? positionsInFile(key, offsets) : positionsInText(text, offsets);
      },
      analysisOf: (k) => {
        const analysis = ws.analyze(k);
        return { ...analysis, findings: applySeverityOverrides(analysis.findings, settings.severity) };
      },
    });
    if (options.format === 'json') writeJson(report);
    else if (options.format === 'sarif') writeJson(sarifLog(report));
    else writeInPieces(formatText(report));
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
