// The files qpp-check reads: inputs found from paths, folders and globs, and reading them whole or in chunks.
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { decodeFileText, fileTextDecoder } from '../core/decode';
import { isJsonList } from '../core/csv/jsonRows';
import { OffsetLocator, type FileKind } from '../core';
import { MAX_LINE, type Line } from '../suppression';

/** The short reason an I/O call failed: its code (ENOENT, EACCES, …), else its message. */
export const reasonOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.qpp-lens-tools']);

/**
 * Paths that could not be checked, each with why: one bad path (an unreadable folder, a FIFO, a dangling link, a file
 * too large) is reported and the others are still checked; the run then exits 2.
 */
export type NotRead = string[];

/**
 * The entity files and lists under `inputs`. `ignored` (the settings' ignore globs) drops what a folder walk or a
 * glob finds; a folder or file named on the command line is always searched, as ESLint does. A folder or glob with
 * no file to check is a mistake (a typo, a shell that expanded the glob first) and is added to `notRead`.
 */
export function collectFiles(
  inputs: string[],
  notRead: NotRead,
  ignored: (file: string) => boolean,
  kindOf: (file: string) => FileKind | null,
): string[] {
  const found = new Set<string>();
  let matched = 0;
  const addIfRegular = (file: string) => {
    // Reading a FIFO or a device blocks or never ends: only regular files (or links to them) are ever opened.
    const problem = regularFileProblem(file);
    if (problem) notRead.push(problem);
    else found.add(path.resolve(file));
    matched++;
  };
  const noMatch = (input: string, what: string, ignoredCount: number) =>
    notRead.push(
      `no entity file or participation list ${what} "${input}"${ignoredCount > 0 ? ` (${ignoredCount} ignored by the "ignore" globs of .qpp-lens.json)` : ''}`,
    );
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
    matched = 0;
    if (/[*?[\]{}]/.test(input)) {
      let ignoredCount = 0;
      for (const match of globSync(input, { ignore: ['**/node_modules/**', '**/.git/**'] })) {
        if (!kindOf(match)) continue;
        if (ignored(path.resolve(match))) ignoredCount++;
        else addIfRegular(match);
      }
      if (matched === 0) noMatch(input, 'matches', ignoredCount);
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
    if (stats.isDirectory()) {
      walk(input, new Set(), ignored(path.resolve(input)) ? () => false : (file) => ignored(path.resolve(file)));
      if (matched === 0) noMatch(input, 'is in', 0);
    } else if (!stats.isFile()) notRead.push(`${input}: not a regular file`);
    else if (!kindOf(input))
      notRead.push(
        `${input}: not a participation list or entity file by its name (*.participation.csv, *.participation.json, *.entity.json, *.eligibility.json, or the "files" globs of .qpp-lens.json)`,
      );
    else found.add(path.resolve(input));
  }
  return [...found].sort();
}

/** Why `p` is not a regular file that can be read (stat only: nothing is opened), or null when it is one. */
export function regularFileProblem(p: string): string | null {
  let stats: Stats;
  try {
    stats = statSync(p);
  } catch (e) {
    return `cannot read ${p}: ${reasonOf(e)}`;
  }
  return stats.isFile() ? null : `${p}: not a regular file`;
}

export function isMissing(p: string): boolean {
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

export class NotReadable extends Error {}

export function readText(file: string): string {
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
export const STREAM_ABOVE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 16;
/**
 * Findings kept per file unless the settings file sets maxFindingsPerFile: far more than the editor's 1,000 (output
 * shows the first 200 of each code anyway), but a list with a mistake on each of millions of rows keeps memory bounded.
 */
export const MAX_FINDINGS_PER_FILE = 100_000;
/** Entity files are read whole; a real one is a few kilobytes. */
const MAX_ENTITY_FILE_BYTES = 16 * 1024 * 1024;
/** About 16 million rows, ten times the clinicians in Medicare: a larger "list" (a disk image, a sparse file) is not read. */
const MAX_LIST_BYTES = 1024 * 1024 * 1024;
/** A saved record is a few kilobytes; an array of 10,000 of them some 30 MB. */
const MAX_RECORD_FILE_BYTES = 256 * 1024 * 1024;
/**
 * JSON lists are read whole and parsed into a tree: about 40 bytes of memory per byte of text (a 29 MB list of 450k
 * rows took 1.1 GB). Larger ones are CSV's job, which is streamed.
 */
const MAX_JSON_LIST_BYTES = 32 * 1024 * 1024;

/** Whether a list file is JSON, from its first bytes: JSON lists are read whole, never streamed. */
export function isJsonListFile(file: string): boolean {
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

/** Why a file of `bytes` is too large to read, or null. */
export function sizeProblem(file: string, bytes: number, kind: FileKind | null): string | null {
  const isList = kind === 'participation';
  const isRecords = kind === 'eligibility';
  if (isList && bytes > MAX_JSON_LIST_BYTES && isJsonListFile(file))
    return `${file}: not read: ${formatBytes(bytes)} is more than qpp-check reads for a JSON participation list (${formatBytes(MAX_JSON_LIST_BYTES)}); save it as CSV, which is read in streaming passes`;
  const limit = isList ? MAX_LIST_BYTES : isRecords ? MAX_RECORD_FILE_BYTES : MAX_ENTITY_FILE_BYTES;
  if (bytes <= limit) return null;
  const what = isList ? 'a participation list' : isRecords ? 'a CMS record file' : 'an entity file';
  return `${file}: not read: ${formatBytes(bytes)} is more than qpp-check reads for ${what} (${formatBytes(limit)})`;
}

export const formatBytes = (bytes: number) =>
  bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;

/** Decodes a file in chunks as decodeFileText decodes it whole. */
export function forEachChunk(file: string, onChunk: (text: string) => void): void {
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

/** Positions in a streamed file: one more pass, holding only the offsets asked for. */
export function positionsInFile(file: string, offsets: readonly number[]) {
  const locator = new OffsetLocator(offsets);
  forEachChunk(file, (text) => locator.push(text));
  const found = locator.finish();
  return offsets.map((offset) => found.get(offset)!);
}

/**
 * The line around each offset in a streamed file, as lineAround finds it in a text (one more pass): what ignore rules
 * and fingerprints read.
 */
export function linesInFile(file: string, offsets: readonly number[]): Map<number, Line> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const lines = new Map<number, Line>();
  let next = 0;
  let line = '';
  let lineStart = 0;
  let position = 0;
  const endLine = (end: number) => {
    while (next < wanted.length && wanted[next] <= end) lines.set(wanted[next++], { text: line, start: lineStart });
  };
  const take = (text: string, from: number, to: number) => {
    if (line.length < MAX_LINE) line += text.slice(from, Math.min(to, from + MAX_LINE - line.length));
  };
  forEachChunk(file, (text) => {
    let from = 0;
    for (const lineBreak of text.matchAll(/\r|\n/g)) {
      take(text, from, lineBreak.index);
      endLine(position + lineBreak.index);
      line = '';
      from = lineBreak.index + 1;
      lineStart = position + from;
    }
    take(text, from, text.length);
    position += text.length;
  });
  endLine(Number.POSITIVE_INFINITY);
  return lines;
}
