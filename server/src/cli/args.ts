// qpp-check's command line: its options and the usage text that lists them (docs/cli.md is the reference).

export const USAGE = `Usage: qpp-check [paths or globs…] [options]

Checks APM Entity files (*.entity.json) and participation lists (*.participation.csv, *.participation.json)
against the CMS Quality Payment Program rules. Directories are searched recursively; the default path is "."
"-" reads one file from stdin (with --stdin-filename).

Options:
  --format text|json|sarif|junit  output format (default text)
  -o, --output-file FILE     write the output to FILE instead of stdout
  --quiet                    report errors only
  --fix                      apply every safe fix to the files (as the editor's "Fix all"); files with a
                             syntax error are left alone
  --stdin-filename NAME      the name of the file read from stdin ("-"): its kind, settings and output path
  --baseline FILE            do not report the findings recorded in FILE (see --write-baseline)
  --write-baseline FILE      record every finding in FILE, for --baseline in later runs
  --reveal-tins              show TINs in full (they are masked as *****1234 by default: they may be SSNs)
  --max-warnings N           exit 1 when there are more than N warnings
  --config FILE              settings file for every input (default: the .qpp-lens.json nearest to each file,
                             found upward from its folder; the editor reads the same file: severity per code,
                             maxFindingsPerFile, revealTins, columns; "ignore": path globs a folder search skips
                             and rules such as {"code": "XF005", "reason": "…"} that hide findings; "files":
                             which other files are lists and entity files, e.g. {"participationLists": ["ACO_*.csv"]})
  --stream                   read every participation list in streaming passes, never whole (automatic for
                             lists over 16 MB): memory stays bounded, the findings are the same
  --color, --no-color        colour the text output or not (default: colour on a terminal unless NO_COLOR is set)
  -h, --help                 show this help
  -v, --version              show the version

Paths that cannot be read (or entity files over 16 MiB, lists over 1 GiB) are reported on stderr and the
other paths still checked.

Exit status: 0 no errors, 1 errors found (or too many warnings), 2 bad usage, unreadable input, or a path
or glob that matches no file.`;

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif' | 'junit';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit'];

export interface Options {
  paths: string[];
  format: Format;
  outputFile: string | null;
  quiet: boolean;
  fix: boolean;
  stdinFilename: string | null;
  baseline: string | null;
  writeBaseline: string | null;
  revealTins: boolean;
  maxWarnings: number | null;
  config: string | null;
  stream: boolean;
  /** null: colour when the output is a terminal and NO_COLOR is not set. */
  color: boolean | null;
}

export function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = {
    paths: [],
    format: 'text',
    outputFile: null,
    quiet: false,
    fix: false,
    stdinFilename: null,
    baseline: null,
    writeBaseline: null,
    revealTins: false,
    maxWarnings: null,
    config: null,
    stream: false,
    color: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '-v' || flag === '--version') return 'version';
    if (flag === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f))
        throw new UsageError(`--format must be text, json, sarif or junit, not "${f}"`);
      options.format = f as Format;
    } else if (flag === '-o' || flag === '--output-file') options.outputFile = value();
    else if (flag === '--quiet') options.quiet = true;
    else if (flag === '--fix') options.fix = true;
    else if (flag === '--stdin-filename') options.stdinFilename = value();
    else if (flag === '--baseline') options.baseline = value();
    else if (flag === '--write-baseline') options.writeBaseline = value();
    else if (flag === '--reveal-tins') options.revealTins = true;
    else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
      options.maxWarnings = Number(v);
    } else if (flag === '--config') options.config = value();
    else if (flag === '--stream') options.stream = true;
    else if (flag === '--color') options.color = true;
    else if (flag === '--no-color') options.color = false;
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag} (see --help)`);
    else options.paths.push(arg);
  }
  const fromStdin = options.paths.includes('-');
  if (fromStdin && options.paths.length > 1)
    throw new UsageError('"-" (stdin) cannot be mixed with other paths: check one text from stdin at a time');
  if (fromStdin && options.stdinFilename === null)
    throw new UsageError(
      '"-" needs --stdin-filename NAME.entity.json, NAME.participation.csv or NAME.participation.json: the name says what the text is',
    );
  if (!fromStdin && options.stdinFilename !== null)
    throw new UsageError('--stdin-filename is for text read from stdin: add "-" to the paths');
  if (fromStdin && options.fix)
    throw new UsageError('--fix cannot write to stdin: check the file on disk, or apply the fixes in the editor');
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}
