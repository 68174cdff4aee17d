#!/usr/bin/env node
// `npm start`: build, package the .vsix, make sure code-server/node 24/chromium are installed, install the
// .vsix into a private code-server profile under .qpp-lens-tools/, and serve VS Code on 127.0.0.1 with
// samples/ open, in the foreground until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureTools, TOOLS } from './ensure-tools.mjs';
import { firstScreenUrl } from './first-screen.mjs';

const ROOT = TOOLS.root;
const STATE = path.join(ROOT, '.qpp-lens-tools'); // git-ignored: code-server profile, extensions, config
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const vsix = path.join(ROOT, `qpp-lens-${version}.vsix`);
const env = {
  ...process.env,
  PATH: `${TOOLS.node24Bin}:${process.env.PATH}`,
  XDG_CONFIG_HOME: path.join(STATE, 'config'),
  XDG_DATA_HOME: path.join(STATE, 'data'),
  XDG_CACHE_HOME: path.join(STATE, 'cache'),
};
const profile = ['--user-data-dir', path.join(STATE, 'user-data'), '--extensions-dir', path.join(STATE, 'extensions')];

async function step(label, work) {
  const started = Date.now();
  console.log(`▶ ${label}`);
  const result = await work();
  console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  if (await portIsFree(8080)) return 8080;
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function seedSettings() {
  const settings = path.join(STATE, 'user-data/User/settings.json');
  if (fs.existsSync(settings)) return; // keep what the user changed
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, null, 2));
}

async function waitForHealth(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(child.exitCode === null ? 'code-server did not answer within 60 s' : `code-server exited with code ${child.exitCode}`);
}

async function main() {
  const started = Date.now();
  await step('Build (npm run build)', () => run('npm', ['run', 'build']));
  await step(`Package ${path.basename(vsix)}`, () =>
    run(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix]),
  );
  await step('Ensure tools (code-server 4.139.1, node 24, chromium)', () => ensureTools());
  fs.mkdirSync(STATE, { recursive: true });
  seedSettings();
  await step('Install the extension into code-server', () =>
    run(TOOLS.codeServer, [...profile, '--install-extension', vsix, '--force'], { env }),
  );
  const port = await choosePort();
  const url = `http://127.0.0.1:${port}`;
  const samples = path.join(ROOT, 'samples');
  const child = await step(`Start code-server on ${url}`, async () => {
    const server = spawn(
      TOOLS.codeServer,
      // The samples are ours: trusted, so nothing starts in Restricted Mode.
      ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...profile, samples],
      { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true },
    );
    await waitForHealth(url, server);
    return server;
  });
  console.log(`\nQPP Lens is running in VS Code (code-server) after ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  console.log(`  ${firstScreenUrl(url, port, samples)}\n`);
  console.log('Press Ctrl-C to stop.');
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM'); // code-server's own process group
    } catch {
      /* already gone */
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await new Promise((resolve) => child.once('exit', (exitCode, signal) => resolve(signal ? 0 : exitCode ?? 0)));
  console.log('code-server stopped.');
  process.exit(code);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
