// The workspace qpp-check checks: the input files (or the text of stdin), the lists entity files name, and the
// lists too large to hold, streamed.
import { readFileSync, statSync } from 'node:fs';
import { QppWorkspace } from '../core';
import { decodeFileText } from '../core/decode';
import { UsageError, type Options } from './args';
import {
  MAX_FINDINGS_PER_FILE,
  NotReadable,
  STREAM_ABOVE_BYTES,
  isJsonListFile,
  isMissing,
  reasonOf,
  readText,
  regularFileProblem,
  sizeProblem,
  type NotRead,
} from './inputs';
import type { SettingsLookup } from './settings';
import { readSheet } from './sheets';
import { checkStreamedLists } from './streamedLists';
import { isXlsxPath, type SheetList } from '../xlsx';

export interface LoadedWorkspace {
  ws: QppWorkspace;
  /** The inputs that were read, in path order: the files reported. */
  files: string[];
  /** Texts of the files read whole (inputs and the lists they name). */
  texts: Map<string, string>;
  /** The input whose text came from stdin, if any: it has no file to fix. */
  stdinKey: string | null;
  /** The .xlsx lists, each checked as its sheet's CSV text (in `texts`): positions are cells, nothing is fixed. */
  sheets: Map<string, SheetList>;
}

export async function loadWorkspace(
  options: Options,
  inputs: string[],
  lookup: SettingsLookup,
  notRead: NotRead,
  displayPath: (key: string) => string,
): Promise<LoadedWorkspace> {
  const explicit = options.config === null ? null : lookup.for(process.cwd());
  const kindOf = (file: string) => lookup.for(file).kindOf(file);
  const ws = new QppWorkspace({
    maxFindingsPerFile: explicit?.explicitCap ? explicit.settings.maxFindingsPerFile : MAX_FINDINGS_PER_FILE,
    columnNames: (key) => lookup.for(key).settings.columns,
    kindOf,
  });
  const texts = new Map<string, string>();
  const streamed = new Set<string>();
  const sheets = new Map<string, SheetList>();
  const setText = (file: string, text: string) => {
    texts.set(file, text);
    ws.setFile(file, text);
  };
  /** Reads or schedules for streaming a regular file; throws NotReadable. */
  const add = async (file: string) => {
    let bytes: number;
    try {
      bytes = statSync(file).size;
    } catch (e) {
      throw new NotReadable(`cannot read ${file}: ${reasonOf(e)}`);
    }
    if (kindOf(file) === 'participation' && isXlsxPath(file)) {
      const list = await readSheet(file, bytes, lookup.for(file).settings);
      sheets.set(file, list);
      setText(file, list.csv);
      return;
    }
    const tooLarge = sizeProblem(file, bytes, kindOf(file));
    if (tooLarge) throw new NotReadable(tooLarge);
    const large = options.stream || bytes > STREAM_ABOVE_BYTES;
    if (large && kindOf(file) === 'participation' && !isJsonListFile(file)) streamed.add(file);
    else setText(file, readText(file));
  };
  const unread = new Set<string>();
  const stdinKey = options.paths[0] === '-' ? inputs[0] : null;
  if (stdinKey !== null) {
    if (!kindOf(stdinKey))
      throw new UsageError(
        `--stdin-filename ${options.stdinFilename} must name a participation list or entity file (*.participation.csv, *.participation.json, *.entity.json, or the "files" globs of .qpp-lens.json): the name says what the text is`,
      );
    setText(stdinKey, decodeFileText(readFileSync(0)));
  }
  for (const file of inputs) {
    if (file === stdinKey) continue;
    try {
      await add(file);
    } catch (e) {
      if (!(e instanceof NotReadable)) throw e;
      notRead.push(e.message);
      unread.add(file);
    }
  }
  // Lists an entity file names are read even when they were not among the given paths.
  for (const file of inputs) {
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
  return { ws, files: inputs.filter((file) => !unread.has(file)), texts, stdinKey, sheets };
}
