// Which files are participation lists and which APM Entity files: one table of kinds, each with the settings key of
// its globs and its default globs. The language server, the CLI and the VS Code client all ask `fileKindMatcher`.

/** The kinds of file QPP Lens reads; a new kind is one more row. */
export const FILE_KINDS = [
  {
    kind: 'participation',
    setting: 'participationLists',
    defaults: ['*.participation.csv', '*.participation.json', '*.participation.xlsx'],
  },
  { kind: 'entity', setting: 'entityFiles', defaults: ['*.entity.json'] },
  // Saved CMS QPP eligibility records: read and set against the lists and entity files, never edited by a fix.
  { kind: 'eligibility', setting: 'eligibilityRecords', defaults: ['*.eligibility.json'] },
] as const;

export type FileKind = (typeof FILE_KINDS)[number]['kind'];
export type FileKindSetting = (typeof FILE_KINDS)[number]['setting'];

/** The user's globs per kind (`"files": {"participationLists": [...]}`), in addition to the defaults. */
export type FileGlobs = Partial<Record<FileKindSetting, readonly string[]>>;

/**
 * The kind of a file from its '/'-separated path relative to the settings' folder: the user's globs first, then the
 * defaults, each in table order. A glob without `/` matches the file name in any folder (as `*.participation.csv`
 * always has); one with `/` matches the relative path. File names match in any case.
 */
export function fileKindMatcher(globs: FileGlobs = {}): (relativePath: string) => FileKind | null {
  const rules: { kind: FileKind; pattern: RegExp; byName: boolean }[] = [];
  const add = (kind: FileKind, list: readonly string[]) => {
    for (const glob of list) {
      const trimmed = glob.trim().replace(/^\.\//, '');
      rules.push({ kind, pattern: globRegExp(trimmed, 'i'), byName: !trimmed.includes('/') });
    }
  };
  for (const row of FILE_KINDS) add(row.kind, globs[row.setting] ?? []);
  for (const row of FILE_KINDS) add(row.kind, row.defaults);
  return (relativePath) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    for (const rule of rules) if (rule.pattern.test(rule.byName ? name : relativePath)) return rule.kind;
    return null;
  };
}

/** The kind of a file by the default globs alone. */
export const defaultFileKindOf = fileKindMatcher();

/**
 * A glob as a regular expression over '/'-separated paths: `**` spans folders, `*` and `?` stay within one name,
 * `{a,b}` is either.
 */
export function globRegExp(glob: string, flags = ''): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}${')'.repeat(braces)}$`, flags);
}
