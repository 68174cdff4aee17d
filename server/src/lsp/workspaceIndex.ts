// The server's view of the workspace: one QppWorkspace fed with the entity files and lists found on disk, with the
// text of open buffers laid over them. Buffer text reaches the core lazily (flush) so a burst of keystrokes in a
// large list is parsed once, when diagnostics or a request need it. An .xlsx list is read from disk only (editors
// open no text document for a workbook): its chosen sheet's CSV text goes to the core, and positions in it are cells.
import { type Dirent, constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { QppWorkspace, lineStarts, positionAt, type FileKind, type WorkspaceOptions } from '../core';
import { decodeFileText } from '../core/decode';
import { isDiskKey } from './uris';
import type { Logger } from './safety';
import type { QppSettings } from '../config';
import { isXlsxPath, readXlsxList, sheetCellAt, type SheetList } from '../xlsx';

export const DEFAULT_MAX_FILE_SIZE_BYTES = 50 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface Position {
  line: number;
  character: number;
}

export class WorkspaceIndex {
  readonly core: QppWorkspace;
  private readonly diskKeys = new Set<string>();
  /** Files over the size cap: key → size in bytes (or UTF-16 units for buffers). Not given to the core. */
  private readonly tooLarge = new Map<string, number>();
  /** Line starts of files that are not open, for turning finding offsets into positions. */
  private readonly closedLineStarts = new Map<string, number[]>();
  /** The sheets of the .xlsx lists read, whose CSV text the core holds. */
  private readonly sheets = new Map<string, SheetList>();
  /** Workbooks that could not be read: key → why. Not given to the core. */
  private readonly unreadable = new Map<string, string>();
  /** Settles when the workbook being read is done: the next one waits for it. */
  private workbookTurn: Promise<void> = Promise.resolve();
  private readonly openDocuments = new Map<string, TextDocument>();
  /** The kind the editor gave each open document (its language), which wins over the globs. */
  private readonly openKinds = new Map<string, FileKind>();
  private readonly dirty = new Set<string>();
  /** Bumped by every disk load, removal and open of a key: a disk read that finishes after a newer event is dropped. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    readonly maxFileSizeBytes: number,
    /** Options of the core workspace (the settings' header names for lists). */
    coreOptions: WorkspaceOptions = {},
    /** The settings a workbook is read with: its sheet and the header names of its folder. */
    private readonly sheetSettingsFor: (key: string) => Pick<QppSettings, 'xlsx' | 'columns'> = () => ({
      xlsx: {},
      columns: {},
    }),
  ) {
    this.core = new QppWorkspace(coreOptions);
  }

  /** Finds every entity file and list under the folders; returns their keys. */
  async findWorkspaceFiles(folderPaths: string[]): Promise<string[]> {
    const found: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await fs.readdir(directory, { withFileTypes: true });
      } catch (error) {
        this.logger.info(`Cannot list ${directory}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        return;
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
        } else if (entry.isFile()) {
          const key = full.split(path.sep).join('/');
          if (this.core.kindByGlobs(key)) found.push(key);
        }
      }
    };
    for (const folder of folderPaths) await walk(folder);
    return found;
  }

  /**
   * Whether the startup scan (findWorkspaceFiles) would find `key`: an entity file or list under one of the folders,
   * a regular file reached through directories, none of them a symbolic link or a skipped directory.
   */
  async isWorkspaceFile(key: string, folderPaths: string[]): Promise<boolean> {
    if (!this.core.kindByGlobs(key)) return false;
    const folder = folderPaths.find((f) => key.startsWith(f.endsWith('/') ? f : `${f}/`));
    if (folder === undefined) return false;
    const names = key
      .slice(folder.length)
      .split('/')
      .filter((name) => name !== '');
    let current = folder;
    for (let i = 0; i < names.length; i++) {
      const isFile = i === names.length - 1;
      if (!isFile && SKIPPED_DIRECTORIES.has(names[i])) return false;
      current = path.posix.join(current, names[i]);
      try {
        const stats = await fs.lstat(current);
        if (isFile ? !stats.isFile() : !stats.isDirectory()) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  private bump(key: string): number {
    const next = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, next);
    return next;
  }

  /** (Re-)reads a file from disk; a missing file is removed. Open buffers keep their text. */
  async loadFromDisk(key: string): Promise<void> {
    const mine = this.bump(key);
    if (!this.openDocuments.has(key) && !this.kindOf(key)) {
      // Not ours by the globs (any more): a buffer that had our language closed, or the settings changed.
      this.diskKeys.delete(key);
      this.forget(key);
      return;
    }
    const superseded = () => this.generation.get(key) !== mine;
    if (!isXlsxPath(key)) return this.readFromDisk(key, superseded);
    // A workbook unzips to several times its size: one is read at a time, so the scan's parallel reads of a folder
    // of large workbooks do not hold them all at once.
    const turn = this.workbookTurn.then(() => this.readFromDisk(key, superseded));
    this.workbookTurn = turn.catch(() => undefined);
    return turn;
  }

  /** Reads a regular file and gives the core its text (a workbook's: its sheet as CSV), unless a newer read began. */
  private async readFromDisk(key: string, superseded: () => boolean): Promise<void> {
    if (superseded()) return;
    let read: RegularFile | null;
    try {
      read = await readRegularFile(key, this.maxFileSizeBytes);
    } catch {
      read = null;
    }
    if (read === null) {
      if (!superseded()) this.removeFromDisk(key);
      return;
    }
    if (superseded()) return;
    this.diskKeys.add(key);
    if (this.openDocuments.has(key)) return;
    if ('tooLarge' in read) {
      this.markTooLarge(key, read.tooLarge);
      return;
    }
    if (isXlsxPath(key)) return this.setWorkbook(key, read.bytes, superseded);
    const text = decodeFileText(read.bytes);
    if (superseded() || this.openDocuments.has(key)) return; // deleted, re-read or opened while we were reading
    this.tooLarge.delete(key);
    this.core.setFile(key, text, this.kindOf(key));
    this.closedLineStarts.set(key, lineStarts(text));
  }

  /** Gives the core the CSV text of a workbook's sheet, or notes why the workbook cannot be read. */
  private async setWorkbook(key: string, bytes: Uint8Array, superseded: () => boolean): Promise<void> {
    const settings = this.sheetSettingsFor(key);
    const result = await readXlsxList(bytes, settings.xlsx.sheet, settings.columns);
    if (superseded()) return;
    if ('problem' in result) {
      this.forget(key);
      this.unreadable.set(key, result.problem);
      return;
    }
    this.tooLarge.delete(key);
    this.unreadable.delete(key);
    this.sheets.set(key, result.list);
    this.core.setFile(key, result.list.csv, this.kindOf(key));
  }

  /** Why a workbook could not be read, or undefined. */
  unreadableBecause(key: string): string | undefined {
    return this.unreadable.get(key);
  }

  /** The sheet of a workbook that was read, or undefined. */
  sheetOf(key: string): SheetList | undefined {
    return this.sheets.get(key);
  }

  /** Every workbook known (read or not), to read again when the settings that choose its sheet change. */
  workbookKeys(): string[] {
    return [...new Set([...this.sheets.keys(), ...this.unreadable.keys()])];
  }

  removeFromDisk(key: string): void {
    this.bump(key);
    this.diskKeys.delete(key);
    if (this.openDocuments.has(key)) return;
    this.forget(key);
  }

  /** The kind of a file: the editor's language for an open document, else the workspace's (by the globs). */
  kindOf(key: string): FileKind | null {
    return this.openKinds.get(key) ?? this.core.kindByGlobs(key);
  }

  /** `kind`: the kind the document's language gives it, if any. */
  open(key: string, document: TextDocument, kind?: FileKind): void {
    this.bump(key);
    if (kind) this.openKinds.set(key, kind);
    else this.openKinds.delete(key);
    this.openDocuments.set(key, document);
    this.closedLineStarts.delete(key);
    this.dirty.add(key);
  }

  changed(key: string, document: TextDocument): void {
    this.openDocuments.set(key, document);
    this.dirty.add(key);
  }

  /**
   * The buffer closed: the file goes back to its disk content, or away if it has none or the startup scan would not
   * read it (outside the folders, or reached through a symbolic link).
   */
  async close(key: string, folderPaths: string[]): Promise<void> {
    this.openDocuments.delete(key);
    this.openKinds.delete(key);
    this.dirty.delete(key);
    // A disk file may have been saved (or created) while open: read what is there now.
    if (isDiskKey(key) && (await this.isWorkspaceFile(key, folderPaths))) {
      await this.loadFromDisk(key);
    } else if (!this.openDocuments.has(key)) {
      this.bump(key);
      this.diskKeys.delete(key);
      this.forget(key);
    }
  }

  /** Hands pending buffer text to the core. */
  flush(): void {
    for (const key of this.dirty) this.flushFile(key);
  }

  /** Hands one buffer's pending text to the core: a request about one file need not parse every other edited one. */
  flushFile(key: string): void {
    if (!this.dirty.delete(key)) return;
    const document = this.openDocuments.get(key);
    if (!document) return;
    const text = document.getText();
    if (text.length > this.maxFileSizeBytes) {
      this.markTooLarge(key, text.length);
    } else {
      this.tooLarge.delete(key);
      this.core.setFile(key, text, this.kindOf(key));
    }
  }

  /** Whether an open buffer has text the core has not been given yet. */
  hasUnflushedText(key: string): boolean {
    return this.dirty.has(key);
  }

  document(key: string): TextDocument | undefined {
    return this.openDocuments.get(key);
  }

  isOpen(key: string): boolean {
    return this.openDocuments.has(key);
  }

  openKeys(): string[] {
    return [...this.openDocuments.keys()];
  }

  /** Size of a file that is over the cap, or undefined. */
  oversizedBy(key: string): number | undefined {
    return this.tooLarge.get(key);
  }

  /** Every known entity file and list, including those over the size cap and workbooks that cannot be read. */
  allKeys(): string[] {
    return [...new Set([...this.core.keys(), ...this.tooLarge.keys(), ...this.unreadable.keys()])];
  }

  /** Offset → position for any known file (open buffer, disk text, or a workbook's cell: line = row - 1). */
  positionAt(key: string, offset: number): Position {
    const document = this.openDocuments.get(key);
    if (document) return document.positionAt(offset);
    const sheet = this.sheets.get(key);
    if (sheet) {
      const { row, column } = sheetCellAt(sheet, offset);
      return { line: row - 1, character: column };
    }
    const starts = this.closedLineStarts.get(key);
    return starts ? positionAt(starts, offset) : { line: 0, character: 0 };
  }

  /** The range of a finding: its text, or in a workbook the one cell it starts in. */
  rangeAt(key: string, start: number, end: number): { start: Position; end: Position } {
    const from = this.positionAt(key, start);
    if (this.sheets.has(key) && !this.openDocuments.has(key))
      return { start: from, end: { line: from.line, character: from.character + 1 } };
    return { start: from, end: this.positionAt(key, end) };
  }

  private markTooLarge(key: string, size: number): void {
    this.tooLarge.set(key, size);
    if (this.core.has(key)) this.core.deleteFile(key);
    this.closedLineStarts.delete(key);
    this.sheets.delete(key);
    this.unreadable.delete(key);
  }

  private forget(key: string): void {
    this.tooLarge.delete(key);
    this.closedLineStarts.delete(key);
    this.sheets.delete(key);
    this.unreadable.delete(key);
    if (this.core.has(key)) this.core.deleteFile(key);
  }
}

type RegularFile = { bytes: Buffer } | { tooLarge: number };

/**
 * A regular file's bytes, or its size when it is over `maxBytes`; null when it is not a regular file (a FIFO or device
 * with a list's name would block a reader forever, so it is opened non-blocking and never read). One open, one fstat
 * and one read per file: a workspace of 20,000 lists is mostly file-system round trips.
 */
async function readRegularFile(key: string, maxBytes: number): Promise<RegularFile | null> {
  const handle = await fs.open(key, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return null;
    if (stats.size > maxBytes) return { tooLarge: stats.size };
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break; // shortened since: the watcher reports the change
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}
