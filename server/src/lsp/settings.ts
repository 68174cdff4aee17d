// Settings per workspace folder: the `.qpp-lens.json` at the folder root under the editor's `qpp` section.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import {
  CONFIG_FILE_NAME,
  DEFAULT_SETTINGS,
  mergeSettings,
  parseQppLensConfig,
  readSettingsObject,
  type PartialQppSettings,
  type QppSettings,
} from '../config';
import type { Logger } from './safety';
import { fileKindMatcher, type FileKind } from '../core/fileKinds';

export interface WorkspaceFolderInfo {
  /** '/'-separated folder path. */
  path: string;
  uri: string;
}

/**
 * Editors such as VS Code answer `workspace/configuration` with every contributed default filled in, so a value equal
 * to the default cannot be told from "not set"; such values are dropped to let `.qpp-lens.json` decide them.
 */
function withoutDefaults(config: PartialQppSettings): PartialQppSettings {
  const result: PartialQppSettings = { ...config };
  if (result.validationScope === DEFAULT_SETTINGS.validationScope) delete result.validationScope;
  if (result.maxFindingsPerFile === DEFAULT_SETTINGS.maxFindingsPerFile) delete result.maxFindingsPerFile;
  if (result.revealTins === DEFAULT_SETTINGS.revealTins) delete result.revealTins;
  if (result.trace === DEFAULT_SETTINGS.trace) delete result.trace;
  if (result.columns !== undefined && Object.keys(result.columns).length === 0) delete result.columns;
  return result;
}

export class SettingsStore {
  private folders: WorkspaceFolderInfo[] = [];
  private readonly fileConfigs = new Map<string, PartialQppSettings>();
  private readonly editorConfigs = new Map<string, PartialQppSettings>();
  /** Settings pushed with didChangeConfiguration, for clients without `workspace/configuration`. */
  private pushedConfig: PartialQppSettings = {};
  private readonly reportedErrors = new Set<string>();
  /** The file-kind matcher of each set of `files` globs in use (keyed by the globs as JSON). */
  private readonly matchers = new Map<string, (relativePath: string) => FileKind | null>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly clientHasConfiguration: boolean,
    /** False when the editor says the workspace is not trusted: its .qpp-lens.json may not reveal TINs. */
    private readonly workspaceTrusted: boolean,
  ) {}

  setFolders(folders: WorkspaceFolderInfo[]): void {
    this.folders = [...folders].sort((a, b) => b.path.length - a.path.length);
    this.merged.clear();
  }

  workspaceFolders(): WorkspaceFolderInfo[] {
    return this.folders;
  }

  /** Settings for the settings object a client pushed (`{ qpp: {...} }`). */
  setPushedSettings(settings: unknown): void {
    const section =
      typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>).qpp : undefined;
    const { config, errors } = readSettingsObject(section, 'settings "qpp"');
    this.report(errors);
    this.pushedConfig = config;
    this.merged.clear();
  }

  /** Re-reads `.qpp-lens.json` of every folder and asks the editor for its settings. */
  async refresh(): Promise<void> {
    for (const folder of this.folders) {
      await this.readConfigFile(folder);
    }
    if (!this.clientHasConfiguration) return;
    const items =
      this.folders.length > 0 ? this.folders.map((f) => ({ scopeUri: f.uri, section: 'qpp' })) : [{ section: 'qpp' }];
    let answers: unknown[] = [];
    try {
      answers = await this.connection.workspace.getConfiguration(items);
    } catch (error) {
      this.logger.info(`workspace/configuration failed: ${(error as Error).message}`);
    }
    this.editorConfigs.clear();
    answers.forEach((answer, index) => {
      const { config, errors } = readSettingsObject(answer ?? undefined, 'settings "qpp"');
      this.report(errors);
      this.editorConfigs.set(this.folders[index]?.path ?? '', withoutDefaults(config));
    });
    this.merged.clear();
  }

  isConfigFile(filePath: string): boolean {
    return path.posix.basename(filePath) === CONFIG_FILE_NAME;
  }

  /** The `.qpp-lens.json` that holds the settings of `key` (its workspace folder's), or null outside every folder. */
  configFileFor(key: string): string | null {
    const folder = this.folderOf(key);
    return folder ? path.posix.join(folder.path, CONFIG_FILE_NAME) : null;
  }

  private folderOf(key: string): WorkspaceFolderInfo | undefined {
    return this.folders.find((f) => key === f.path || key.startsWith(f.path.endsWith('/') ? f.path : `${f.path}/`));
  }

  /** The settings of each folder, merged once per change of any source: every published file asks for its own. */
  private readonly merged = new Map<string, Readonly<QppSettings>>();

  settingsFor(key: string): Readonly<QppSettings> {
    const folderPath = this.folderOf(key)?.path ?? '';
    let settings = this.merged.get(folderPath);
    if (!settings) {
      settings = Object.freeze({
        ...mergeSettings(this.fileConfigs.get(folderPath), this.pushedConfig, this.editorConfigs.get(folderPath)),
        folder: folderPath,
      });
      this.merged.set(folderPath, settings);
    }
    return settings;
  }

  /**
   * The kind of the file at `key` by its folder's `files` globs (relative to the folder), or by its name outside
   * every folder.
   */
  fileKindOf(key: string): FileKind | null {
    const folder = this.folderOf(key);
    const files = this.settingsFor(key).files;
    const id = JSON.stringify(files);
    let matcher = this.matchers.get(id);
    if (!matcher) {
      matcher = fileKindMatcher(files);
      this.matchers.set(id, matcher);
    }
    return matcher(folder ? key.slice(folder.path.replace(/\/$/, '').length + 1) : path.posix.basename(key));
  }

  /** Every `files` glob of every folder, for the file watcher. */
  fileGlobs(): string[] {
    const globs = new Set<string>();
    for (const folder of ['', ...this.folders.map((f) => f.path)])
      for (const list of Object.values(this.settingsFor(`${folder}/`).files))
        for (const glob of list ?? []) globs.add(glob);
    return [...globs].sort();
  }

  /** TINs are revealed in workspace-wide output only when every folder reveals them. */
  revealTinsEverywhere(): boolean {
    if (this.folders.length === 0) return this.settingsFor('').revealTins;
    return this.folders.every((folder) => this.settingsFor(`${folder.path}/`).revealTins);
  }

  private async readConfigFile(folder: WorkspaceFolderInfo): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(path.posix.join(folder.path, CONFIG_FILE_NAME), 'utf8');
    } catch {
      this.fileConfigs.delete(folder.path);
      this.merged.clear();
      return;
    }
    const { config, errors } = parseQppLensConfig(text);
    this.report(errors);
    if (config.revealTins && !this.workspaceTrusted) {
      delete config.revealTins;
      this.report([
        `${CONFIG_FILE_NAME} in ${folder.path} asks to reveal TINs, but the workspace is not trusted: TINs stay masked`,
      ]);
    }
    this.fileConfigs.set(folder.path, config);
    this.merged.clear();
  }

  /** Tells the user about a bad setting once, not at every refresh. */
  private report(errors: string[]): void {
    for (const error of errors) {
      if (this.reportedErrors.has(error)) continue;
      this.reportedErrors.add(error);
      this.logger.info(error);
      void this.connection.window.showWarningMessage(`QPP Lens: ${error}`);
    }
  }
}
