// Shared runner of the third-party client checks: installs the editor when it is missing (scripts/ensure-tools.mjs,
// as root) or fails, copies the fixtures to a temp dir, runs one editor process per case, compares its stdout with
// test/clients/expected/<name>.txt, and ends with "N passed, N failed".
// UPDATE_EXPECTED=1 rewrites the expected files from the current output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from '../../scripts/ensure-tools.mjs';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const serverCommand = `${process.execPath} ${path.join(root, 'dist', 'server.js')} --stdio`;

/** The cases every client runs: a file, a 1-based line and a 0-based column to hover. */
export const CASES = [
  { name: 'entity-lvt-hover', file: 'a2345-2024.entity.json', line: 8, col: 72 },
  { name: 'entity-qp004-actions', file: 'a2345-2024.entity.json', line: 14, col: 20 },
  { name: 'list-npi-hover', file: 'a2345-2024.participation.csv', line: 2, col: 25 },
  { name: 'list-tin-actions', file: 'a2345-2024.participation.csv', line: 2, col: 12 },
];

function failEarly(client, message) {
  console.error(`${client}: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/**
 * @param {object} options
 * @param {string} options.client          name used in messages
 * @param {keyof import('../../scripts/ensure-tools.mjs').TOOL_SETS} options.toolSet  the editor's packages
 * @param {string} options.executable      the editor binary
 * @param {(file: string, line: number, col: number) => string[]} options.argsFor
 * @param {string} options.expectedPrefix  prefix of the expected files of this client ('' for Neovim)
 * @param {typeof CASES} [options.cases]
 * @param {string} [options.outputFileName] the editor writes its report to this file in the temp dir instead of stdout
 */
export async function runClientChecks({ client, toolSet, executable, argsFor, expectedPrefix, cases = CASES, outputFileName }) {
  await ensureTools([toolSet]).catch((error) => failEarly(client, error.message));
  const probe = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) failEarly(client, `${executable} --version failed (${probe.error?.message ?? `exit ${probe.status}`}); this test needs the real editor`);
  if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) failEarly(client, 'dist/server.js is missing: run npm run build first');

  // Fixtures are copied so a run never touches the repository; editor state lives in the temp dir too.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `qpp-${client}-`));
  const fixtures = path.join(work, 'fixtures');
  fs.cpSync(path.join(here, 'fixtures'), fixtures, { recursive: true });
  const env = {
    ...process.env,
    LSP_CMD: serverCommand,
    HOME: work,
    XDG_CACHE_HOME: work,
    XDG_DATA_HOME: work,
    XDG_STATE_HOME: work,
    XDG_CONFIG_HOME: work,
    NVIM_LOG_FILE: path.join(work, 'nvim.log'),
  };
  let passed = 0;
  let failed = 0;
  try {
    for (const c of cases) {
      const outputFile = outputFileName ? path.join(work, outputFileName) : null;
      if (outputFile) fs.rmSync(outputFile, { force: true });
      const result = spawnSync(executable, argsFor(path.join(fixtures, c.file), c.line, c.col), { encoding: 'utf8', timeout: 60_000, env: { ...env, ALE_OUT: outputFile ?? '' }, cwd: work });
      const output = outputFile ? (fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : '') : result.stdout ?? '';
      const actual = `${output.replaceAll(fixtures, '<fixtures>').replace(/\s+$/, '')}\n`;
      const expectedPath = path.join(here, 'expected', `${expectedPrefix}${c.name}.txt`);
      if (process.env.UPDATE_EXPECTED) fs.writeFileSync(expectedPath, actual);
      const expected = fs.existsSync(expectedPath) ? fs.readFileSync(expectedPath, 'utf8') : null;
      if (result.status === 0 && expected === actual) {
        passed++;
        console.log(`ok ${client} ${c.name}`);
      } else {
        failed++;
        console.log(`FAIL ${client} ${c.name} (exit ${result.status}${result.error ? `, ${result.error.message}` : ''})`);
        if (expected === null) console.log(`  no expected output at ${path.relative(root, expectedPath)}`);
        console.log(`--- actual ---\n${actual}${result.stderr ? `--- stderr ---\n${result.stderr}` : ''}`);
        if (expected !== null) console.log(`--- expected ---\n${expected}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
