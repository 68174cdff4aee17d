// The settings each file is checked with: --config for every file, else the .qpp-lens.json nearest to the file,
// found upward from its folder as ESLint finds its config (the nearest wins; files are not merged).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ignoredBy, mergeSettings, parseQppLensConfig, type QppSettings } from '../config';
import { fileKindMatcher, maskTinShaped, type FileKind } from '../core';
import { UsageError } from './args';
import { reasonOf } from './inputs';

export interface FileSettings {
  settings: QppSettings;
  /** The settings file's folder: `ignore` globs and rules are relative to it. */
  folder: string;
  /** The settings file, or null when there is none. */
  file: string | null;
  /** Whether the file sets maxFindingsPerFile (qpp-check reports every finding unless it does). */
  explicitCap: boolean;
  /** Whether a path (absolute) is covered by the `ignore` path globs. */
  ignores(file: string): boolean;
  /** The kind of the file at a path (absolute) by the `files` globs: relative to the folder, by its name outside it. */
  kindOf(file: string): FileKind | null;
}

export class SettingsLookup {
  private readonly byFolder = new Map<string, FileSettings>();
  private readonly explicit: FileSettings | null;

  constructor(configFile: string | null) {
    this.explicit = configFile === null ? null : load(path.resolve(configFile), true)!;
  }

  /** The settings for the file at `file` (absolute). */
  for(file: string): FileSettings {
    return this.explicit ?? this.nearest(path.dirname(file));
  }

  private nearest(folder: string): FileSettings {
    let found = this.byFolder.get(folder);
    if (found) return found;
    const parent = path.dirname(folder);
    found =
      load(path.join(folder, CONFIG_FILE_NAME), false) ??
      (parent === folder ? defaults(process.cwd()) : this.nearest(parent));
    this.byFolder.set(folder, found);
    return found;
  }
}

/** The settings file at `file`; null when it does not exist and was not named. A bad file is bad usage. */
function load(file: string, named: boolean): FileSettings | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!named && (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')) return null;
    throw new UsageError(`cannot read settings ${file}: ${reasonOf(e)}`);
  }
  const { config, errors } = parseQppLensConfig(text);
  // The error may quote a key the user wrote, which may be an SSN.
  if (errors.length > 0) throw new UsageError(maskTinShaped(`${path.relative(process.cwd(), file)}: ${errors[0]}`));
  return withIgnores(mergeSettings(config), path.dirname(file), file, config.maxFindingsPerFile !== undefined);
}

const defaults = (folder: string) => withIgnores(mergeSettings(), folder, null, false);

function withIgnores(settings: QppSettings, folder: string, file: string | null, explicitCap: boolean): FileSettings {
  const ignoredGlob = ignoredBy(settings.ignore);
  const kindByGlobs = fileKindMatcher(settings.files);
  const inFolder = (p: string): string | null => {
    const relative = path.relative(folder, p).split(path.sep).join('/');
    return relative.startsWith('..') || path.isAbsolute(relative) ? null : relative;
  };
  return {
    settings,
    folder,
    file,
    explicitCap,
    ignores: (p) => {
      const relative = inFolder(p);
      return relative !== null && ignoredGlob(relative);
    },
    kindOf: (p) => kindByGlobs(inFolder(p) ?? path.basename(p)),
  };
}
