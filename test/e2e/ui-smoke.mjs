#!/usr/bin/env node
// One UI smoke test through the real VS Code workbench (code-server + headless chromium, playwright-core):
// open a fixture list and read the Problems panel, hover an LVT figure, open the eligibility report, and check
// that HTML and script in entity ids and file names (test/fixtures/hostile-report/) reach the report as text only.
// Screenshots go to test-results/. Ends with one line: "N passed, N failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from '../../scripts/ensure-tools.mjs';
import {
  freePort,
  requireBuiltBundles,
  launchChromium,
  makeSandbox,
  seedUserSettings,
  startCodeServer,
  workbenchUrl,
} from './code-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '../..');
const RESULTS = path.join(ROOT, 'test-results');
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, '.gitignore'), '*\n'); // screenshots are never committed

requireBuiltBundles(ROOT);
await ensureTools();

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qpp-ui-'));
const workspace = path.join(scratch, 'workspace');
fs.cpSync(path.join(HERE, 'workspace'), workspace, { recursive: true });
// An Excel list (XL001 at Participants!C5), never opened: its problem reaches the Problems panel from disk.
fs.copyFileSync(
  path.join(ROOT, 'samples/real-layouts/excel-workbook.participation.xlsx'),
  path.join(workspace, 'roster.participation.xlsx'),
);
// Hostile report data. One entity file gets an HTML file name here rather than in git (such names break checkouts on Windows).
const HOSTILE_FILE_NAME = '"><svg onload=window.__pwned=4>.entity.json';
const HOSTILE_ENTITY_IDS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=2</script><svg onload="window.__pwned=3">',
];
fs.cpSync(path.join(ROOT, 'test/fixtures/hostile-report'), path.join(workspace, 'hostile'), { recursive: true });
fs.renameSync(path.join(workspace, 'hostile/img.entity.json'), path.join(workspace, 'hostile', HOSTILE_FILE_NAME));
const sandbox = makeSandbox();
seedUserSettings(`${sandbox.dir}/udd`);

const checks = [];
let failureScreenshot = async () => undefined;
async function check(name, body) {
  try {
    await body();
    checks.push(true);
    console.log(`  ✔ ${name}`);
  } catch (error) {
    checks.push(false);
    const shot = await failureScreenshot(checks.length).catch(() => undefined);
    console.log(
      `  ✘ ${name}${shot ? ` (screenshot: ${shot})` : ''}\n    ${String(error instanceof Error ? error.message : error)
        .split('\n')
        .join('\n    ')}`,
    );
  }
}

/** Polls `probe` until it returns something other than undefined. */
async function waitFor(description, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let server;
let browser;
try {
  const port = await freePort();
  server = await startCodeServer({
    env: sandbox.env,
    userDataDir: `${sandbox.dir}/udd`,
    extensionsDir: `${sandbox.dir}/extensions`,
    port,
  });
  browser = await launchChromium(sandbox);
  const page = browser.pages()[0] ?? (await browser.newPage());
  // The width of a common laptop screen: the report must lay out its clinician table without clipping there.
  await page.setViewportSize({ width: 1280, height: 800 });
  failureScreenshot = async (n) => {
    const file = path.join(RESULTS, `ui-failure-${n}.png`);
    await page.screenshot({ path: file });
    return path.relative(process.cwd(), file);
  };
  await page.goto(workbenchUrl(port, workspace, [['extensionDevelopmentPath', ROOT]]));
  console.log('QPP Lens UI smoke test');

  const openFromExplorer = async (name) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: 60_000 });
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  };

  await check('the Problems panel lists the bad NPI and the short row', async () => {
    await openFromExplorer('bad-rows.participation.csv');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    const text = await waitFor('ID002 and CSV002 in the Problems panel', async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      const joined = rows.join('\n');
      return /ID002/.test(joined) && /CSV002/.test(joined) ? joined : undefined;
    });
    await page.screenshot({ path: path.join(RESULTS, 'ui-problems.png') });
    if (!/1234567890/.test(text)) throw new Error(`the ID002 problem names the NPI:\n${text}`);
  });

  await check("the Problems panel lists an .xlsx list's problem at its cell (C5: Ln 5, Col 3)", async () => {
    await waitFor('the workbook and XL001 in the Problems panel', async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      const workbook = rows.some((row) => row.includes('roster.participation.xlsx'));
      const atCell = rows.some((row) => row.includes('XL001') && row.includes('Ln 5, Col 3'));
      return workbook && atCell ? true : undefined;
    });
    await page.screenshot({ path: path.join(RESULTS, 'ui-problems-xlsx.png') });
  });

  await check('hovering an allowed-charges figure explains the low-volume threshold', async () => {
    await openFromExplorer('aco.entity.json');
    const lines = fs.readFileSync(path.join(workspace, 'aco.entity.json'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('125000.00'));
    const column = lines[line].indexOf('125000.00') + 3;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`${line + 1}:${column}`);
    await page.keyboard.press('Enter');
    const text = await waitFor('the QPP hover', async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = await page.locator('.monaco-hover:visible').first().innerText({ timeout: 2_000 });
      return /90,000/.test(hover) ? hover : undefined;
    });
    await page.screenshot({ path: path.join(RESULTS, 'ui-hover.png') });
    if (!/414\.1310/.test(text)) throw new Error(`the hover cites 42 CFR 414.1310:\n${text}`);
    await page.keyboard.press('Escape');
  });

  await check("the language status item shows the entity's determination", async () => {
    await page.locator('[id="status.languageStatus"]').first().hover();
    const text = await waitFor('the QPP determination in the language status hover', async () => {
      const hover = await page
        .locator('.monaco-hover:visible, .context-view:visible')
        .first()
        .innerText({ timeout: 2_000 });
      return /A1234/.test(hover) ? hover : undefined;
    });
    await page.screenshot({ path: path.join(RESULTS, 'ui-status.png') });
    if (!/QP/.test(text)) throw new Error(`the status names the QP status:\n${text}`);
    await page.mouse.move(700, 300);
  });

  await check('QPP: Show Eligibility Report opens the report with entity cards and clinicians', async () => {
    await page.keyboard.press('F1');
    await page.keyboard.type('QPP: Show Eligibility Report');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Eligibility Report' })
      .first()
      .waitFor({ timeout: 10_000 });
    const asked = Date.now();
    await page.keyboard.press('Enter');
    // The report lives in nested webview iframes: find the frame that holds the cards.
    const cards = await waitFor('entity cards in the report webview', async () => {
      for (const frame of page.frames()) {
        const titles = await frame
          .locator('#entities .card h3')
          .allInnerTexts()
          .catch(() => []);
        const rows = await frame
          .locator('#clinicians tbody tr')
          .count()
          .catch(() => 0);
        if (titles.length > 0 && rows > 0) return { titles, rows, frame };
      }
      return undefined;
    });
    const shownAfterMs = Date.now() - asked;
    // Where the time goes: VS Code starts the webview's host frame, which loads the report page into its own frame.
    const startedAfter = async (frame) =>
      frame
        ? Math.round((await frame.evaluate(() => performance.timeOrigin).catch(() => Number.NaN)) - asked)
        : Number.NaN;
    const hostFrameAfterMs = await startedAfter(cards.frame.parentFrame());
    const pageFrameAfterMs = await startedAfter(cards.frame);
    await page.screenshot({ path: path.join(RESULTS, 'ui-report.png') });
    console.log(
      `    report shown ${shownAfterMs} ms after the command (webview host frame at ${hostFrameAfterMs} ms, report page at ${pageFrameAfterMs} ms; viewport ${JSON.stringify(page.viewportSize())})`,
    );
    // A hang guard, not a benchmark: the target (1 s) is measured and printed above.
    if (shownAfterMs > 15_000) throw new Error(`the report took ${shownAfterMs} ms to appear`);
    if (!cards.titles.some((t) => t.includes('A1234')))
      throw new Error(`a card for A1234 among: ${cards.titles.join(', ')}`);
    const layout = await cards.frame.evaluate(() => {
      const table = document.getElementById('clinicians');
      return {
        tableWidth: table.scrollWidth,
        pageWidth: document.documentElement.clientWidth,
        wrappedDates: [...table.querySelectorAll('td.nowrap')].filter(
          (td) =>
            td.getClientRects().length > 1 || td.offsetHeight > 2 * parseFloat(getComputedStyle(td).lineHeight || '16'),
        ).length,
      };
    });
    if (layout.tableWidth > layout.pageWidth)
      throw new Error(`the clinician table is wider than the report (${layout.tableWidth} > ${layout.pageWidth} px)`);
    if (layout.wrappedDates > 0) throw new Error(`${layout.wrappedDates} identifier or date cells wrap`);
    const statusCells = await cards.frame
      .locator('#clinicians tbody td[title]')
      .evaluateAll((cells) => cells.map((td) => [td.textContent, td.title]));
    if (!statusCells.some(([words, code]) => words === 'QP' && code === 'qp'))
      throw new Error(`QP status in words with the code as tooltip: ${JSON.stringify(statusCells.slice(0, 5))}`);
    const table = await cards.frame.locator('#clinicians').innerText();
    if (/\b123456789\b/.test(table)) throw new Error('the clinician table shows an unmasked TIN');
    if (!/\*{5}6789/.test(table)) throw new Error(`the clinician table shows masked TINs:\n${table}`);
  });

  await check(
    'the report shows HTML and script from entity ids and file names as text, and runs none of it',
    async () => {
      const { frame } = await waitFor('the hostile entity cards in the report webview', async () => {
        for (const candidate of page.frames()) {
          const titles = await candidate
            .locator('#entities .card h3')
            .allInnerTexts()
            .catch(() => []);
          if (HOSTILE_ENTITY_IDS.every((id) => titles.includes(`${id} · SSP · PY2024`))) return { frame: candidate };
        }
        return undefined;
      });
      await frame.locator('#entities .card h3', { hasText: HOSTILE_ENTITY_IDS[0] }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(RESULTS, 'ui-report-hostile.png') });
      const fileLinks = await frame.locator('#entities .card .file').allInnerTexts();
      if (!fileLinks.includes(`hostile/${HOSTILE_FILE_NAME}`))
        throw new Error(`the card links the HTML file name as text; links:\n${fileLinks.join('\n')}`);
      const table = await frame.locator('#clinicians tbody').innerText();
      for (const id of HOSTILE_ENTITY_IDS)
        if (!table.includes(id)) throw new Error(`the clinician table shows ${id} as text:\n${table}`);
      const audit = await frame.evaluate(() => ({
        injected: [...document.querySelectorAll('img, iframe, object, embed, svg:not(.chart)')].map((e) =>
          e.outerHTML.slice(0, 120),
        ),
        handlers: [...document.querySelectorAll('*')].flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.localName} ${a.name}>`),
        ),
        scriptsFromData: [...document.scripts].filter((s) => /__pwned/.test(s.outerHTML)).length,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      }));
      if (audit.injected.length || audit.handlers.length || audit.scriptsFromData) {
        throw new Error(`data became markup in the report: ${JSON.stringify(audit)}`);
      }
      if (!/(^|; )script-src 'nonce-[^' ]+'(;|$)/.test(audit.csp) || /unsafe/.test(audit.csp))
        throw new Error(`the report's CSP allows only its nonce'd script: ${audit.csp}`);
      const ran = [];
      for (const candidate of page.frames()) {
        const value = await candidate.evaluate(() => window.__pwned).catch(() => undefined);
        if (value !== undefined) ran.push(`${candidate.url().slice(0, 80)}: __pwned=${value}`);
      }
      if (ran.length) throw new Error(`a script from the data ran:\n${ran.join('\n')}`);
    },
  );

  await check('the report refreshes when an entity file changes on disk', async () => {
    const file = path.join(workspace, 'aco.entity.json');
    const text = fs.readFileSync(file, 'utf8');
    // Jun 30 scores drop to 45% payments / 30% patients: Partial QP instead of QP.
    fs.writeFileSync(
      file,
      text.replace('"numerator": 550000', '"numerator": 450000').replace('"numerator": 380', '"numerator": 300'),
    );
    await waitFor('the A1234 card to say Partial QP', async () => {
      for (const frame of page.frames()) {
        const cards = await frame
          .locator('#entities .card')
          .allInnerTexts()
          .catch(() => []);
        const card = cards.find((c) => c.includes('A1234'));
        if (card && /QP \/ PQP\s+Partial QP/.test(card)) return card;
      }
      return undefined;
    });
    await page.screenshot({ path: path.join(RESULTS, 'ui-report-refreshed.png') });
  });
} catch (error) {
  checks.push(false);
  console.error(error instanceof Error ? error.message : error);
} finally {
  await browser?.close();
  await server?.stop();
  sandbox.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
}
const passed = checks.filter(Boolean).length;
console.log(
  `Screenshots: ${path.relative(process.cwd(), RESULTS)}/ui-problems.png, ui-problems-xlsx.png, ui-hover.png, ui-status.png, ui-report.png, ui-report-hostile.png, ui-report-refreshed.png`,
);
console.log(`${passed} passed, ${checks.length - passed} failed`);
process.exit(checks.length > 0 && passed === checks.length ? 0 : 1);
