// qpp-check: the rules core over files on disk, for CI and for files too large to open (docs/cli.md).
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import { decodeFileText, fileTextDecoder } from './core/decode';
import { isJsonList } from './core/csv/jsonRows';
import { CONFIG_FILE_NAME, ignoredBy, mergeSettings, parseQppLensConfig, type QppSettings } from './config';
import { maskTinShaped } from './core/privacy';
import { MAX_XLSX_BYTES, cellReference, isXlsxPath, readXlsxList, sheetCellAt, type SheetList } from './xlsx';
import {
  NpiCensus,
  OffsetLocator,
  QppWorkspace,
  applySeverityOverrides,
  buildReport,
  fileKindMatcher,
  positionsInText,
  sarifLevel,
  sarifRules,
  type Code,
  type FileKind,
  type ReportJson,
} from './core';

declare const QPP_LENS_VERSION: string;

const USAGE = `Usage: qpp-check [paths or globs…] [options]

Checks APM Entity files (*.entity.json) and participation lists (*.participation.csv, *.participation.json,
*.participation.xlsx) against the CMS Quality Payment Program rules. Directories are searched recursively; the default path is "."

Options:
  --format text|json|sarif   output format (default text)
  --reveal-tins              show TINs in full (they are masked as *****1234 by default: they may be SSNs)
  --max-warnings N           exit 1 when there are more than N warnings
  --config FILE              settings file (default: ./.qpp-lens.json when present; the editor reads the same
                             file: severity overrides per code, maxFindingsPerFile, revealTins, columns;
                             "ignore": path globs a folder search skips, e.g. ["test/**"]; "files": which
                             other files are lists and entity files, e.g. {"participationLists": ["ACO_*.csv"]};
                             "xlsx": {"sheet": "Participants"}: the sheet of .xlsx lists to check)
  --stream                   read every participation list in streaming passes, never whole (automatic for
                             lists over 16 MB): memory stays bounded, the findings are the same
  -h, --help                 show this help
  -v, --version              show the version

Paths that cannot be read (or entity files over 16 MiB, lists over 1 GiB) are reported on stderr and the
other paths still checked.

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
  const options: Options = {
    paths: [],
    format: 'text',
    revealTins: false,
    maxWarnings: null,
    config: null,
    stream: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '-v' || flag === '--version') return 'version';
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif')
        throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
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

/**
 * Paths that could not be checked, each with why: one bad path (an unreadable folder, a FIFO, a dangling link, a file
 * too large) is reported and the others are still checked; the run then exits 2.
 */
type NotRead = string[];

/** The files to check under the given paths; what cannot be read is added to `notRead`. */
/**
 * The entity files and lists under `inputs`. `ignored` (the settings' ignore globs) drops what a folder walk or a
 * glob finds; a folder or file named on the command line is always searched, as ESLint does.
 */
function collectFiles(
  inputs: string[],
  notRead: NotRead,
  kindOf: (file: string) => FileKind | null,
  ignored: (file: string) => boolean = () => false,
): string[] {
  const found = new Set<string>();
  const addIfRegular = (file: string) => {
    // Reading a FIFO or a device blocks or never ends: only regular files (or links to them) are ever opened.
    const problem = regularFileProblem(file);
    if (problem) notRead.push(problem);
    else found.add(path.resolve(file));
  };
  const walk = (dir: string, seen: Set<string>, skip: (file: string) => boolean) => {
    let entries: Dirent[];
    try {
      const stats = statSync(dir);
      const id = `${stats.dev}:${stats.ino}`;
      if (seen.has(id)) return; // a symlink loop
      seen.add(id);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notRead.push(`cannot read directory ${dir}: ${reasonOf(e)}`);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (skip(full)) continue;
      if (entry.isDirectory() || (entry.isSymbolicLink() && safeIsDirectory(full))) {
        if (!SKIP_DIRS.has(entry.name)) walk(full, seen, skip);
      } else if (kindOf(full)) addIfRegular(full);
    }
  };
  for (const input of inputs) {
    if (/[*?[\]{}]/.test(input)) {
      for (const match of globSync(input, { ignore: ['**/node_modules/**', '**/.git/**'] }))
        if (kindOf(match) && !ignored(path.resolve(match))) addIfRegular(match);
      continue;
    }
    let stats: Stats;
    try {
      stats = statSync(input);
    } catch (e) {
      notRead.push(
        `${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
      );
      continue;
    }
    // A folder the ignore globs cover is still searched whole when it is named: the user asked for it.
    if (stats.isDirectory())
      walk(input, new Set(), ignored(path.resolve(input)) ? () => false : (file) => ignored(path.resolve(file)));
    else if (!stats.isFile()) notRead.push(`${input}: not a regular file`);
    else if (!kindOf(input))
      notRead.push(
        `${input}: not a participation list or entity file by its name (*.participation.csv, *.participation.json, *.participation.xlsx, *.entity.json, or the "files" globs of .qpp-lens.json)`,
      );
    else found.add(path.resolve(input));
  }
  return [...found].sort();
}

/** Why `p` is not a regular file that can be read (stat only: nothing is opened), or null when it is one. */
function regularFileProblem(p: string): string | null {
  let stats: Stats;
  try {
    stats = statSync(p);
  } catch (e) {
    return `cannot read ${p}: ${reasonOf(e)}`;
  }
  return stats.isFile() ? null : `${p}: not a regular file`;
}

function isMissing(p: string): boolean {
  try {
    statSync(p);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
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
function loadSettings(configPath: string | null): { settings: QppSettings; explicitCap: boolean; folder: string } {
  const file = configPath ?? CONFIG_FILE_NAME;
  const folder = path.dirname(path.resolve(file));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (configPath === null && (e as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: mergeSettings(), explicitCap: false, folder };
    throw new UsageError(`cannot read settings ${file}: ${reasonOf(e)}`);
  }
  const { config, errors } = parseQppLensConfig(text);
  if (errors.length > 0) throw new UsageError(`${file}: ${errors[0]}`);
  return { settings: mergeSettings(config), explicitCap: config.maxFindingsPerFile !== undefined, folder };
}

/** A file that could not be read; its message names the file and the reason. */
class NotReadable extends Error {}

/** Whether a list file is JSON, from its first bytes: JSON lists are read whole, never streamed. */
function isJsonListFile(file: string): boolean {
  const head = Buffer.alloc(JSON_SNIFF_BYTES);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const bytes = readSync(fd, head, 0, head.length, 0);
    return isJsonList(decodeFileText(head.subarray(0, bytes)));
  } catch {
    return false; // reading it whole reports why
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Enough of a file's start to pass any white space before a JSON list's `[`. */
const JSON_SNIFF_BYTES = 4096;

function readText(file: string): string {
  try {
    return decodeFileText(readFileSync(file));
  } catch (e) {
    throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
  }
}

/**
 * Lists larger than this are streamed: read whole, a 600 MB list would need several GB (or overflow V8's string
 * limit), and streaming a 1M-row list takes about as long (1.1 s against 1.0 s) in 115 MB instead of 280 MB.
 */
const STREAM_ABOVE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 16;
/**
 * Findings kept per file unless the settings file sets maxFindingsPerFile: far more than the editor's 1,000 (output
 * shows the first 200 of each code anyway), but a list with a mistake on each of millions of rows keeps memory bounded.
 */
const MAX_FINDINGS_PER_FILE = 100_000;
/** Entity files are read whole; a real one is a few kilobytes. */
const MAX_ENTITY_FILE_BYTES = 16 * 1024 * 1024;
/**
 * JSON lists are read whole and parsed into a tree: about 40 bytes of memory per byte of text (a 29 MB list of 450k
 * rows took 1.1 GB). Larger ones are CSV's job, which is streamed.
 */
const MAX_JSON_LIST_BYTES = 32 * 1024 * 1024;
/** About 16 million rows, ten times the clinicians in Medicare: a larger "list" (a disk image, a sparse file) is not read. */
const MAX_LIST_BYTES = 1024 * 1024 * 1024;

/** Why a file of `bytes` is too large to read, or null. */
function sizeProblem(file: string, bytes: number, kind: FileKind | null): string | null {
  const isList = kind === 'participation';
  if (isList && bytes > MAX_JSON_LIST_BYTES && isJsonListFile(file))
    return `${file}: not read: ${formatBytes(bytes)} is more than qpp-check reads for a JSON participation list (${formatBytes(MAX_JSON_LIST_BYTES)}); save it as CSV, which is read in streaming passes`;
  const limit = isList ? MAX_LIST_BYTES : MAX_ENTITY_FILE_BYTES;
  if (bytes <= limit) return null;
  return `${file}: not read: ${formatBytes(bytes)} is more than qpp-check reads for ${isList ? 'a participation list' : 'an entity file'} (${formatBytes(limit)})`;
}

const formatBytes = (bytes: number) =>
  bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;

/** Decodes a file in chunks as decodeFileText decodes it whole. */
function forEachChunk(file: string, onChunk: (text: string) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let decode: ((bytes: Uint8Array, final?: boolean) => string) | null = null;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (e) {
        throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
      }
      if (bytes === 0) break;
      decode ??= fileTextDecoder(buffer.subarray(0, bytes));
      onChunk(decode(buffer.subarray(0, bytes)));
    }
    if (decode) onChunk(decode(new Uint8Array(0), true));
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
function checkStreamedLists(ws: QppWorkspace, streamed: readonly string[], notRead: NotRead): Set<string> {
  const unread = new Set<string>();
  /** Runs one pass over a file; a file that fails a pass is reported and left out of the rest. */
  const pass = (file: string, run: () => void) => {
    if (unread.has(file)) return;
    try {
      run();
    } catch (e) {
      if (!(e instanceof NotReadable)) throw e;
      notRead.push(e.message);
      unread.add(file);
    }
  };
  const census = new NpiCensus();
  for (const key of ws.keys()) {
    const rows = ws.list(key)?.rows;
    for (let i = 0; rows && i < rows.length; i++) census.add(rows.npiKeyAt(i));
  }
  for (const file of streamed) {
    pass(file, () => {
      const counter = ws.listValidator(
        (npiKey) => {
          census.add(npiKey);
          return false;
        },
        0,
        file,
      );
      forEachChunk(file, (text) => counter.push(text));
      counter.push('', true);
    });
  }
  const entityIds = new Set(ws.keys().map((key) => ws.entity(key)?.model.entityId?.value));
  for (const file of streamed) {
    pass(file, () => {
      const validator = ws.listValidator(
        (npiKey, entityId, firstOfEntity) => firstOfEntity || census.isRepeated(npiKey) || entityIds.has(entityId),
        undefined,
        file,
      );
      forEachChunk(file, (text) => validator.push(text));
      validator.push('', true);
      ws.setCheckedList(file, validator.result());
    });
  }
  return unread;
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
    const inner = `${indent}  `;
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
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

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

/** A report whose .xlsx lists name their sheet and each finding's cell (`Participants!C5`). */
type CellDiagnostic = ReportJson['files'][number]['diagnostics'][number] & { cell?: string };
type CliReport = Omit<ReportJson, 'files'> & {
  files: (Omit<ReportJson['files'][number], 'diagnostics'> & { sheet?: string; diagnostics: CellDiagnostic[] })[];
};

function formatText(report: CliReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const where = d.cell ? ` ${d.cell}` : `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${file.path}:${where} ${d.severity} ${d.code} ${d.message}`);
    }
  }
  const s = report.summary;
  lines.push(
    `${s.files} file${s.files === 1 ? '' : 's'} checked: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.information} information`,
  );
  return `${lines.join('\n')}\n`;
}

function sarifLog(report: CliReport, notRead: NotRead): object {
  const rules = sarifRules(rulePageUri);
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: sarifLevel(d.severity),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file.path },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
          ...(d.cell && { logicalLocations: [{ fullyQualifiedName: d.cell, kind: 'element' }] }),
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'qpp-check', version: QPP_LENS_VERSION, rules } },
        ...(notRead.length > 0 && {
          invocations: [
            {
              executionSuccessful: false,
              toolExecutionNotifications: notRead.map((problem) => ({ level: 'error', message: { text: problem } })),
            },
          ],
        }),
        results,
      },
    ],
  };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (options === 'version') {
      process.stdout.write(`qpp-check ${QPP_LENS_VERSION}\n`);
      return 0;
    }
    const { settings, explicitCap, folder } = loadSettings(options.config);
    const notRead: NotRead = [];
    const ignoredGlob = ignoredBy(settings.ignore);
    const ignored = (file: string) => {
      const relative = path.relative(folder, file).split(path.sep).join('/');
      return !relative.startsWith('..') && !path.isAbsolute(relative) && ignoredGlob(relative);
    };
    // A file's kind by the "files" globs, relative to the settings' folder (by its name outside it).
    const kindByGlobs = fileKindMatcher(settings.files);
    const kindOf = (file: string): FileKind | null => {
      const relative = path.relative(folder, path.resolve(file)).split(path.sep).join('/');
      return kindByGlobs(relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(file) : relative);
    };
    const files = collectFiles(options.paths, notRead, kindOf, ignored);
    const ws = new QppWorkspace({
      maxFindingsPerFile: explicitCap ? settings.maxFindingsPerFile : MAX_FINDINGS_PER_FILE,
      columnNames: () => settings.columns,
      kindOf,
    });
    const texts = new Map<string, string>();
    const streamed = new Set<string>();
    const sheets = new Map<string, SheetList>();
    /** Reads or schedules for streaming a regular file; throws NotReadable. */
    const add = async (file: string) => {
      let bytes: number;
      try {
        bytes = statSync(file).size;
      } catch (e) {
        throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
      }
      if (kindOf(file) === 'participation' && isXlsxPath(file)) {
        const list = await readSheet(file, bytes, settings);
        sheets.set(file, list);
        texts.set(file, list.csv);
        ws.setFile(file, list.csv);
        return;
      }
      const tooLarge = sizeProblem(file, bytes, kindOf(file));
      if (tooLarge) throw new NotReadable(tooLarge);
      const large = options.stream || bytes > STREAM_ABOVE_BYTES;
      if (large && kindOf(file) === 'participation' && !isJsonListFile(file)) {
        streamed.add(file);
        return;
      }
      const text = readText(file);
      texts.set(file, text);
      ws.setFile(file, text);
    };
    const unread = new Set<string>();
    for (const file of files) {
      try {
        await add(file);
      } catch (e) {
        if (!(e instanceof NotReadable)) throw e;
        notRead.push(e.message);
        unread.add(file);
      }
    }
    // Lists an entity file names are read even when they were not among the given paths.
    for (const file of files) {
      for (const ref of ws.referencedLists(file)) {
        if (ws.has(ref) || streamed.has(ref) || unread.has(ref) || kindOf(ref) !== 'participation') continue;
        if (isMissing(ref)) continue; // the entity file's XF001
        // An entity file may name a FIFO or a device, which would block or never end: only a regular file is read.
        const problem = regularFileProblem(ref);
        try {
          if (problem) throw new NotReadable(problem);
          await add(ref);
        } catch (e) {
          if (!(e instanceof NotReadable)) throw e;
          notRead.push(`${e.message} (named by ${displayPath(file)})`);
          unread.add(ref);
        }
      }
    }
    if (streamed.size > 0) for (const file of checkStreamedLists(ws, [...streamed], notRead)) unread.add(file);
    const report = buildReport(
      ws,
      files.filter((file) => !unread.has(file)),
      {
        revealTins: options.revealTins || settings.revealTins,
        displayPath,
        positionsOf: (key, offsets) => {
          const sheet = sheets.get(key);
          if (sheet) return offsets.map((offset) => cellPosition(sheet, offset));
          const text = texts.get(key);
          return text === undefined ? positionsInFile(key, offsets) : positionsInText(text, offsets);
        },
        analysisOf: (k) => {
          const analysis = ws.analyze(k);
          return { ...analysis, findings: applySeverityOverrides(analysis.findings, settings.severity) };
        },
      },
    );
    nameCells(report, sheets);
    if (options.format === 'json') writeJson(notRead.length > 0 ? { ...report, notRead } : report);
    else if (options.format === 'sarif') writeJson(sarifLog(report, notRead));
    else writeInPieces(formatText(report));
    for (const problem of notRead) process.stderr.write(`qpp-check: ${problem}\n`);
    const tooManyWarnings = options.maxWarnings !== null && report.summary.warnings > options.maxWarnings;
    if (tooManyWarnings && options.format === 'text')
      process.stderr.write(
        `qpp-check: ${report.summary.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`,
      );
    if (notRead.length > 0) return 2;
    return report.summary.errors > 0 || tooManyWarnings ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof NotReadable) {
      process.stderr.write(`qpp-check: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`qpp-check: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

/** The list of an .xlsx file, in the sheet the settings name; throws NotReadable. */
async function readSheet(file: string, bytes: number, settings: QppSettings): Promise<SheetList> {
  if (bytes > MAX_XLSX_BYTES)
    throw new NotReadable(
      `${file}: not read: ${formatBytes(bytes)} is more than a workbook may be (${formatBytes(MAX_XLSX_BYTES)})`,
    );
  let content: Uint8Array;
  try {
    content = readFileSync(file);
  } catch (e) {
    throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
  }
  const result = await readXlsxList(content, settings.xlsx.sheet, settings.columns);
  if ('problem' in result) throw new NotReadable(`${file}: ${result.problem}`);
  return result.list;
}

/** A sheet cell as a position: line = row - 1, character = column index, so "Ln 5, Col 3" is C5. */
function cellPosition(list: SheetList, offset: number) {
  const { row, column } = sheetCellAt(list, offset);
  return { line: row - 1, character: column };
}

/** Adds the sheet to each .xlsx list of the report, and the cell (`Participants!C5`) to each of its findings. */
function nameCells(report: CliReport, sheets: Map<string, SheetList>): void {
  const byPath = new Map([...sheets].map(([key, list]) => [displayPath(key), list.sheet]));
  for (const file of report.files) {
    const sheet = byPath.get(file.path);
    if (sheet === undefined) continue;
    file.sheet = maskTinShaped(sheet);
    for (const d of file.diagnostics) d.cell = cellReference(sheet, d.range.start.line + 1, d.range.start.character);
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
