// Progress for long steps (tool installs, builds, test suites): one line when a step starts with what it is
// expected to take, a line every 30 s while it runs, and one line when it ends with what it took. Tools' own
// output (apt, npm, node-gyp's compiler warnings) goes to one log file and is shown in full only when it fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored; `npm start` keeps its code-server profile in the same folder. */
export const TOOL_LOG = path.join(ROOT, '.qpp-lens-tools', 'install.log');

const HEARTBEAT_MS = 30_000;

const seconds = (ms) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

/**
 * Runs `work` between a start line and an end line. `expectedSeconds` is what the step took on this project's
 * CI machine (2 shared cores, cold caches); it tells a newcomer whether a quiet minute is normal. `judge` turns
 * what `work` resolved with into the end line's verdict (by default: resolved means it worked).
 */
export async function timedStep(label, expectedSeconds, work, judge = () => ({ ok: true, detail: '' })) {
  const started = Date.now();
  const expected = `expected ~${expectedSeconds} s`;
  console.log(`▶ ${label} (${expected})`);
  const heartbeat = setInterval(
    () => console.log(`  … ${label}: ${seconds(Date.now() - started)} so far (${expected})`),
    HEARTBEAT_MS,
  );
  try {
    const result = await work();
    const { ok, detail } = judge(result);
    const line = `${ok ? '✔' : '✖'} ${label}: ${detail ? `${detail} in ` : ''}${seconds(Date.now() - started)} (${expected})`;
    if (ok) console.log(line);
    else console.error(line);
    return result;
  } catch (error) {
    // The caller reports the error itself, with the tool's output.
    console.error(`✖ ${label} failed after ${seconds(Date.now() - started)}`);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Runs a tool with its stdout and stderr appended to TOOL_LOG. On failure the error carries the tool's whole
 * output, which the caller prints; on success the console shows nothing of it.
 */
export async function runLogged(command, args, options = {}) {
  fs.mkdirSync(path.dirname(TOOL_LOG), { recursive: true });
  const log = fs.createWriteStream(TOOL_LOG, { flags: 'a' });
  const header = `\n=== ${new Date().toISOString()} ${options.cwd ? `(in ${options.cwd}) ` : ''}${command} ${args.join(' ')}\n`;
  log.write(header);
  let output = '';
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const capture = (chunk) => {
    output += chunk;
    log.write(chunk);
  };
  child.stdout.on('data', capture);
  child.stderr.on('data', capture);
  const [code, spawnError] = await new Promise((resolve) => {
    child.once('error', (error) => resolve([null, error]));
    child.once('close', (exitCode) => resolve([exitCode, null]));
  });
  await new Promise((resolve) => log.end(resolve));
  if (spawnError) throw new Error(`${command} could not run: ${spawnError.message}`);
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed with exit code ${code}. Its output (also in ${TOOL_LOG}):\n${output}`,
    );
  }
}
