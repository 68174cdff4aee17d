// The first screen of `npm start`, in real VS Code (code-server) and Chromium: samples/ open and trusted, the entity
// file of scripts/first-screen.mjs in the editor with its code lens and findings, the report button in the editor's
// title, and the walkthrough beside it. Screenshot: test-results/first-screen.png. Ends with "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstScreenUrl, FIRST_FILE } from '../../scripts/first-screen.mjs';
import {
  freePort,
  launchChromium,
  makeSandbox,
  requireBuiltBundles,
  seedUserSettings,
  startCodeServer,
} from './code-server.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'test-results');
requireBuiltBundles(ROOT);
fs.mkdirSync(RESULTS, { recursive: true });

const sandbox = makeSandbox();
const userDataDir = `${sandbox.dir}/udd`;
// A quiet workbench, as npm start seeds it, with the walkthrough left to open as it does for a new user.
seedUserSettings(userDataDir, { walkthrough: true });

const checks = [];
let server;
let browser;
try {
  const port = await freePort();
  server = await startCodeServer({ env: sandbox.env, userDataDir, extensionsDir: `${sandbox.dir}/extensions`, port });
  browser = await launchChromium(sandbox);
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  await page.goto(
    firstScreenUrl(`http://127.0.0.1:${port}`, port, path.join(ROOT, 'samples'), [
      ['extensionDevelopmentPath', remote(ROOT)],
    ]),
  );
  console.log('QPP Lens first screen');
  const check = async (name, work) => {
    try {
      await work();
      checks.push(true);
      console.log(`  ✔ ${name}`);
    } catch (error) {
      checks.push(false);
      console.log(
        `  ✘ ${name}\n    ${String(error instanceof Error ? error.message : error)
          .split('\n')
          .join('\n    ')}`,
      );
    }
  };
  const fileName = path.basename(FIRST_FILE);
  await check(`${fileName} is open with its code lens and findings`, async () => {
    await page.locator('.tab', { hasText: fileName }).first().waitFor({ timeout: 60_000 });
    await page
      .locator('.monaco-editor .codelens-decoration', { hasText: 'BPC0042' })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor [class*="squiggly-"]').first().waitFor({ timeout: 30_000 });
  });
  await check('the report button is in the editor title', async () => {
    await page.locator('.editor-actions [aria-label*="Show Eligibility Report"]').first().waitFor({ timeout: 30_000 });
  });
  await check('the walkthrough is open', async () => {
    await page.getByText('Get started with QPP Lens').first().waitFor({ timeout: 30_000 });
  });
  await check('the samples are trusted (no Restricted Mode)', async () => {
    const restricted = await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count();
    if (restricted > 0) throw new Error('the status bar shows Restricted Mode');
  });
  await page.screenshot({ path: path.join(RESULTS, 'first-screen.png') });
} catch (error) {
  checks.push(false);
  console.error(error instanceof Error ? error.message : error);
} finally {
  await browser?.close();
  await server?.stop();
  sandbox.remove();
}
const passed = checks.filter(Boolean).length;
console.log(`Screenshot: ${path.relative(process.cwd(), RESULTS)}/first-screen.png`);
console.log(`${passed} passed, ${checks.length - passed} failed`);
process.exitCode = passed === checks.length && passed > 0 ? 0 : 1;
