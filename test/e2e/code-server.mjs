// Starts code-server (VS Code 1.139 server + web workbench, on node 24) and a headless Debian chromium,
// each with HOME/XDG/TMPDIR in a private sandbox so runs leave nothing in /root or /tmp.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { TOOLS } from '../../scripts/ensure-tools.mjs';

export { TOOLS };

/** Where the workbench's own messages go (see code-shim.mjs); git-ignored, with the UI test's screenshots. */
export const WORKBENCH_LOG = path.join(TOOLS.root, 'test-results', 'e2e-workbench.log');

/** The e2e runners need the built bundles; without them they fail with one counted failure, not a stack trace. */
export function requireBuiltBundles(root) {
  for (const bundle of ['dist/extension.js', 'dist/server.js', 'dist/report-webview.js']) {
    if (!fs.existsSync(path.join(root, bundle))) {
      console.error(`${bundle} is missing: run \`npm run build\` first.`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .on('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
  });
}

export function makeSandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-cs-'));
  const env = {
    ...process.env,
    PATH: `${TOOLS.node24Bin}:${process.env.PATH}`,
    HOME: dir,
    XDG_CONFIG_HOME: `${dir}/.config`,
    XDG_DATA_HOME: `${dir}/.local/share`,
    XDG_CACHE_HOME: `${dir}/.cache`,
    TMPDIR: dir,
  };
  return { dir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Seeds user settings that keep the workbench quiet (no welcome page, no AI panels). With `workspaceTrust`, trust
 * is on and nothing asks for it, so a folder nobody trusted opens in restricted mode. With `walkthrough`, QPP Lens
 * opens its walkthrough on first start as it does for a new user (the first-screen test); otherwise it does not.
 */
export function seedUserSettings(userDataDir, { workspaceTrust = false, walkthrough = false } = {}) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const trust = workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      }
    : { 'security.workspace.trust.enabled': false };
  fs.writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.tips.enabled': false,
      'qpp.openWalkthroughOnFirstStart': walkthrough,
      ...trust,
    }),
  );
}

/**
 * Spawns code-server in its own process group and resolves once /healthz answers. Workspace trust is off unless
 * `workspaceTrust` is set (code-server then tells the workbench to enable it: `enableWorkspaceTrust`).
 */
export async function startCodeServer({
  env,
  userDataDir,
  extensionsDir,
  port,
  smokeTestDriver = true,
  workspaceTrust = false,
  extraArgs = [],
}) {
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    ...(extensionsDir ? ['--extensions-dir', extensionsDir] : []),
    // The workbench reads extensionDevelopmentPath/extensionTestsPath from the URL payload only with this driver on.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...extraArgs,
  ];
  const child = spawn(TOOLS.codeServer, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** Stops our own process group only, and resolves when code-server has exited. */
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, stop, log: () => log };
}

export async function launchChromium(sandbox) {
  const { chromium } = createRequire(path.join(TOOLS.codeServerDir, 'package.json'))('playwright-core');
  return chromium.launchPersistentContext(`${sandbox.dir}/chrome`, {
    env: sandbox.env,
    executablePath: TOOLS.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A workbench URL that opens `folder` and, through the payload, runs a development extension (and tests). */
export function workbenchUrl(port, folder, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const entries = [
    ...payload.map(([key, value]) => [key, key.startsWith('extension') ? remote(value) : value]),
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?${folder ? `folder=${encodeURIComponent(folder)}&` : 'ew=true&'}payload=${encodeURIComponent(JSON.stringify(entries))}`;
}
