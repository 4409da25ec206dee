/**
 * Captures the README screenshots from the real VS Code the integration tests use (VS Code's own
 * server + headless Chromium, see docs/testing.md), by driving the workbench with the keyboard:
 *   media/screenshot-problems.png    the Problems panel with findings
 *   media/screenshot-hover.png       the hover over procedure code 97124 (fails if it needs scrolling)
 *   media/screenshot-quick-fix.png   the quick-fix menu on that finding
 *   media/screenshot-txt.png         a clearinghouse's claim.txt, linted as X12
 *   media/screenshot-claim-view.png  the claim view of patient-visits.837 (and a click on a line)
 *   media/screenshot-code-set.png    a diagnosis hover with its ICD-10-CM description, after
 *                                    claimlint: Import Code Set… picked an order file in the file dialog
 *
 *   npm run screenshots [-- --file <fixture>] [--out <dir>] [--verbose]
 *
 * The fixture defaults to test/integration/workspace/massage-with-cmt-no-59.837 (97124 billed with
 * chiropractic manipulation and no modifier 59). It is opened from a temporary copy of its folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Browser,
  checkInstalled,
  closeBrowser,
  launchBrowser,
  makeRunDir,
  Page,
  repoRoot,
  Server,
  startServer,
  workbenchUrl,
} from '../test/integration/vscode-server';

const VIEWPORT = { width: 1280, height: 800 };
/** The .txt claim file and the file the claim view is shown for (both in the fixture's folder). */
const TXT_FIXTURE = 'claim.txt';
const VIEW_FIXTURE = 'patient-visits.837';
/** A claim of 2024-03-04 billing header M54.5, added to the folder's copy, and the code set file imported for it. */
const CODE_SET_CLAIM = { from: 'test/fixtures/rules/diagnosis-header-and-unknown-fy2024.837', name: 'visit-2024.837', code: 'M545' };
const CODE_SET_FILE = 'test/fixtures/codesets/icd10cm_order_2024.txt';

/** Settings that make the window look like a fresh, quiet VS Code. */
/**
 * Two batches of one patient for the history shots, written into the folder under these names: two
 * massage visits each, a fourth visit over both. Another patient than the fixtures' (they share one).
 */
const HISTORY_BATCHES = [
  { from: 'test/fixtures/history/visits-0601-0608.837', name: 'history/batch-2019-06-08.837' },
  { from: 'test/fixtures/history/visits-0615-0622.837', name: 'history/batch-2019-06-22.837' },
];

const SCREENSHOT_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.hover.delay': 100,
  'editor.stickyScroll.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
};

interface Options {
  file: string;
  out: string;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    file: path.join(repoRoot, 'test/integration/workspace/massage-with-cmt-no-59.837'),
    out: path.join(repoRoot, 'media'),
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--file') o.file = path.resolve(argv[++i]);
    else if (argv[i] === '--out') o.out = path.resolve(argv[++i]);
    else if (argv[i] === '--verbose') o.verbose = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

/** 1-based line and column of the first match, as the workbench's go-to-line expects. */
function position(text: string, needle: RegExp): { line: number; column: number } {
  const m = needle.exec(text);
  if (!m) throw new Error(`${needle} not found in the fixture`);
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  return { line, column: m.index - before.lastIndexOf('\n') };
}

/** Runs a command through the command palette (F1), the way a user would. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Quick open: `name` opens a file, `:line:column` moves the cursor. */
async function quickOpen(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  if (!text.startsWith(':')) await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const missing = checkInstalled();
  if (missing) throw new Error(missing);
  if (!fs.existsSync(path.join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.js`');
  if (!fs.existsSync(o.file)) throw new Error(`fixture not found: ${o.file}`);
  const text = fs.readFileSync(o.file, 'utf8');
  const at97124 = position(text, /97124/);

  const runDir = makeRunDir('cls-');
  const settingsFile = path.join(runDir, 'user-data/User/settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), ...SCREENSHOT_SETTINGS }, null, 2));
  const folder = path.join(runDir, path.basename(path.dirname(o.file)));
  fs.cpSync(path.dirname(o.file), folder, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  fs.copyFileSync(path.join(repoRoot, CODE_SET_CLAIM.from), path.join(folder, CODE_SET_CLAIM.name));
  // The fixtures of the folder are independent examples that share one patient: each file on its
  // own (a folder setting), until the history shots turn the workspace history on.
  const folderSettings = path.join(folder, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(folderSettings));
  fs.writeFileSync(folderSettings, JSON.stringify({ 'claimlint.history.scope': 'file' }, null, 2));
  fs.mkdirSync(path.join(folder, 'history'));
  for (const b of HISTORY_BATCHES) {
    const batch = fs
      .readFileSync(path.join(repoRoot, b.from), 'utf8')
      .replace(/DOE\*JANE/g, 'ROE*RICHARD')
      .replace(/M123456/g, 'M777777');
    fs.writeFileSync(path.join(folder, b.name), batch);
  }
  // Where a download would be: outside the workspace.
  const downloads = path.join(runDir, 'Downloads');
  fs.mkdirSync(downloads);
  const codeSetFile = path.join(downloads, path.basename(CODE_SET_FILE));
  fs.copyFileSync(path.join(repoRoot, CODE_SET_FILE), codeSetFile);

  let server: Server | undefined;
  let browser: Browser | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void closeBrowser(browser)
        .then(() => server?.kill())
        .finally(() => {
          fs.rmSync(runDir, { recursive: true, force: true });
          process.exit(130);
        });
    });
  }
  const log: string[] = [];
  const note = (line: string) => (o.verbose ? console.log(`  | ${line}`) : log.push(line));
  try {
    server = await startServer(runDir, (line) => note(`[server] ${line}`));
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(30000);
    await page.goto(workbenchUrl({ port: server.port, extensionDevelopmentPath: repoRoot, folder }));
    await page.locator('.monaco-workbench').waitFor();
    // the explorer shows the folder once the remote connection and file service are up
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();

    await quickOpen(page, path.basename(o.file));
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    // the extension lints on open: wait for its squiggles
    await page
      .locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info')
      .first()
      .waitFor({ timeout: 60000 })
      .catch(() => {
        throw new Error('no diagnostics appeared in the editor within 60 s (is dist/extension.js current?)');
      });
    await runCommand(page, 'View: Focus Problems');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    await page.waitForTimeout(500); // let the panel finish laying out
    fs.mkdirSync(o.out, { recursive: true });
    await shoot(page, o.out, 'screenshot-problems.png');

    // The common hover, at the window's own size: it must fit without scrolling (a hover is at most
    // max(editor height / 4, 250) px tall, and VS Code puts the problem in the same hover).
    await runCommand(page, 'View: Close Panel');
    await quickOpen(page, `:${at97124.line}:${at97124.column + 2}`);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '97124' }).first();
    await hover.waitFor();
    await page.waitForTimeout(300);
    await shoot(page, o.out, 'screenshot-hover.png', await hoverClip(page, '97124'));
    const overflow = await hoverOverflow(page, '97124');
    if (overflow > 0)
      throw new Error(`the hover over 97124 scrolls: its content is ${overflow} px taller than the hover (see ${path.join(o.out, 'screenshot-hover.png')})`);

    await page.keyboard.press('Escape');
    await runCommand(page, 'Quick Fix...');
    await page.locator('.action-widget').first().waitFor();
    await page.waitForTimeout(300);
    await shoot(page, o.out, 'screenshot-quick-fix.png', await editorClip(page));
    await page.keyboard.press('Escape');

    // A clearinghouse's .txt: linted like an .837 (the status bar says X12 EDI).
    await runCommand(page, 'View: Close All Editors');
    await quickOpen(page, TXT_FIXTURE);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60000 });
    await page.locator('.statusbar-item', { hasText: 'X12 EDI' }).first().waitFor();
    await runCommand(page, 'View: Focus Problems');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    await page.waitForTimeout(500);
    await shoot(page, o.out, 'screenshot-txt.png');
    await runCommand(page, 'View: Close Panel');

    // The claim view of a patient's visits, beside the file; a click on a line selects it.
    await runCommand(page, 'View: Close All Editors');
    await quickOpen(page, VIEW_FIXTURE);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60000 });
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'claimlint: Show Claim Summary');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('figure.timeline').first().waitFor();
    await page.waitForTimeout(500);
    await shoot(page, o.out, 'screenshot-claim-view.png');
    await view.locator('#line-1-1').click();
    const visits = fs.readFileSync(path.join(folder, VIEW_FIXTURE), 'utf8');
    const lx = visits.slice(0, visits.indexOf('LX*2', visits.indexOf('CLM*VISIT2'))).split('\n').length;
    await page
      .locator('.statusbar-item', { hasText: `Ln ${lx}, Col 1` })
      .first()
      .waitFor();
    console.log(`claim view: a click on VISIT2's second line selected line ${lx} in the editor`);

    // Import an ICD-10-CM order file through the file dialog, as a user would, then hover a header
    // code billed on a claim of FY2024: the problem names the set, the hover gives the description.
    await runCommand(page, 'View: Close All Editors');
    // The file dialog opens in the same quick input as the palette, holding a folder's path.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>claimlint: Import Code Set');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'CLAIM837' }).first().waitFor(); // the dialog has listed the workspace folder (a file near its top)
    await input.fill(codeSetFile);
    const picked = rows.filter({ hasText: path.basename(codeSetFile) }).first();
    await picked.waitFor();
    await picked.click();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await quickOpen(page, CODE_SET_CLAIM.name);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60000 });
    const claimText = fs.readFileSync(path.join(folder, CODE_SET_CLAIM.name), 'utf8');
    const atCode = position(claimText, new RegExp(`${CODE_SET_CLAIM.code}\\*`));
    await quickOpen(page, `:${atCode.line}:${atCode.column + 2}`);
    await runCommand(page, 'Show or Focus Hover');
    await page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'ICD-10-CM FY2024' }).first().waitFor();
    await page.waitForTimeout(300);
    await shoot(page, o.out, 'screenshot-code-set.png', await hoverClip(page, CODE_SET_CLAIM.code));
    // A patient's history across the workspace: the workspace history on (the default), the
    // second batch's fourth massage visit is found over both files; the hover counts the visits.
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    fs.writeFileSync(folderSettings, '{}\n');
    const second = HISTORY_BATCHES[1].name;
    await quickOpen(page, path.basename(second));
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60000 });
    await runCommand(page, 'View: Focus Problems');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'visits-0601-0608' })
      .first()
      .waitFor()
      .catch(() => undefined);
    await page.waitForTimeout(500);
    await shoot(page, o.out, 'screenshot-history-problems.png');
    await runCommand(page, 'View: Close Panel');
    const batch = fs.readFileSync(path.join(folder, second), 'utf8');
    // The first 97124 of the batch, the patient's third visit (no finding on it): the hover counts the visits.
    const third = position(batch, /97124/);
    await quickOpen(page, `:${third.line}:${third.column + 2}`);
    await runCommand(page, 'Show or Focus Hover');
    await page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Visit 3 of 4 for this patient' }).first().waitFor();
    await page.waitForTimeout(300);
    await shoot(page, o.out, 'screenshot-history.png', await hoverClip(page, '97124'));
  } catch (e) {
    if (!o.verbose) for (const line of log) console.error(`  | ${line}`);
    throw e;
  } finally {
    await closeBrowser(browser);
    await server?.kill();
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function shoot(page: Page, dir: string, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const file = path.join(dir, name);
  await page.screenshot({ path: file, clip });
  console.log(path.relative(process.cwd(), file));
}

/** From the top of the hover to just below the hovered line (the one holding `code`), across the editor. */
async function hoverClip(page: Page, code: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const editor = await page.locator('.part.editor').boundingBox();
  const hover = await page.locator('.monaco-resizable-hover').first().boundingBox();
  const line = await page.locator('.view-lines .view-line span span', { hasText: code }).first().boundingBox();
  if (!editor || !hover || !line) return editorClip(page);
  const top = editor.y; // keep the tab and breadcrumbs
  const bottom = Math.max(hover.y + hover.height, line.y + line.height) + 40;
  return { x: editor.x, y: top, width: editor.width, height: bottom - top };
}

/** How many pixels of the visible hover's content do not fit (0 when it needs no scrolling). */
async function hoverOverflow(page: Page, code: string): Promise<number> {
  return page.evaluate((code) => {
    const hover = Array.from(document.querySelectorAll('.monaco-hover:not(.hidden)')).find((h) => h.textContent?.includes(code));
    const scrollable = hover?.querySelector('.monaco-scrollable-element');
    const content = hover?.querySelector('.monaco-hover-content');
    if (!scrollable || !content) return 0;
    return Math.max(0, content.scrollHeight - scrollable.clientHeight);
  }, code);
}

/** The editor area (without the side bar and panel), where hovers and menus open. */
async function editorClip(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('.part.editor').boundingBox();
  if (!box) return { x: 0, y: 0, ...VIEWPORT };
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`screenshots: ${(e as Error).message ?? e}`);
    process.exit(1);
  },
);
