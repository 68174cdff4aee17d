#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests(): it starts code-server and a
// headless chromium, runs the extension tests in code-server's node extension host through the smoke-test
// driver, forwards their output, and exits with the test run's exit code.
// runTests calls it as: WORKSPACE --extensionDevelopmentPath=... --extensionTestsPath=... --user-data-dir=...
// --disable-workspace-trust; like VS Code, workspace trust is on only when that flag is absent (runTests always
// passes it, so run.mjs starts the untrusted-workspace session by calling this shim itself).
import fs from 'node:fs';
import util from 'node:util';
import {
  freePort,
  launchChromium,
  makeSandbox,
  seedUserSettings,
  startCodeServer,
  WORKBENCH_LOG,
  workbenchUrl,
} from './code-server.mjs';

/**
 * The workbench's own messages on this offline machine: its connection chatter, and lookups of hosts it cannot
 * reach (the extension gallery, GitHub sign-in). They go to WORKBENCH_LOG; the test output and anything not
 * listed here reach the terminal.
 */
const WORKBENCH_CHATTER = [
  /^Resolving connection token|^Resolved connection token|^Creating a socket|^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache|^\[Service Worker\]|^\[AgentHost:|^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution '[^']+' took \d+ms/,
  /^getaddrinfo ENOTFOUND open-vsx\.org/,
  /^Timed out waiting for authentication provider 'github'/,
];

const options = { developmentPaths: [], positional: [], flags: new Set() };
for (const arg of process.argv.slice(2)) {
  const match = /^--([^=]+)=(.*)$/.exec(arg);
  if (match?.[1] === 'extensionDevelopmentPath') options.developmentPaths.push(match[2]);
  else if (match) options[match[1]] = match[2];
  else if (arg.startsWith('--')) options.flags.add(arg.slice(2));
  else options.positional.push(arg);
}
const workspaceTrust = !options.flags.has('disable-workspace-trust');

const sandbox = makeSandbox();
const userDataDir = options['user-data-dir'] || `${sandbox.dir}/udd`;
seedUserSettings(userDataDir, { workspaceTrust });
const port = await freePort();
let server;
let exitCode = 1;
try {
  server = await startCodeServer({
    env: sandbox.env,
    userDataDir,
    extensionsDir: options['extensions-dir'],
    port,
    workspaceTrust,
  });
  const browser = await launchChromium(sandbox);
  const page = browser.pages()[0] ?? (await browser.newPage());
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const message = util.format(...[].concat(args));
    if (WORKBENCH_CHATTER.some((pattern) => pattern.test(message))) fs.appendFileSync(WORKBENCH_LOG, `${message}\n`);
    else console[type === 'error' ? 'error' : 'log'](message);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code)); // the workbench calls this when the run ends
  const payload = [
    ...options.developmentPaths.map((p) => ['extensionDevelopmentPath', p]),
    ['extensionTestsPath', options.extensionTestsPath],
  ];
  await page.goto(workbenchUrl(port, options.positional[0], payload));
  let timer;
  const result = await Promise.race([
    finished,
    new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 300_000))),
  ]);
  clearTimeout(timer);
  if (result === 'timeout') console.error(`The extension test run did not finish within 300 s.\n${server.log()}`);
  exitCode = typeof result === 'number' ? result : 1;
  await browser.close();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await server?.stop();
  sandbox.remove();
}
process.exit(exitCode);
