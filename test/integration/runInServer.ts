/**
 * Runs the integration suites inside a real VS Code extension host: VS Code's own server (from the
 * npm package code-server, on Node 24) with its web workbench in headless Chromium. The suites run
 * twice, with the test workspace open as a folder and with no folder. See docs/testing.md.
 *
 *   node out/test/integration/runInServer.js [--verbose] [--timeout <s>] [--mode folder|nofolder|untrusted|all]
 *        [--extension <dir>] [--tests <dir>] [--workspace <dir>]
 *
 * Exit codes: 0 all passed; 1 a test failed or no results were written; 124 a run did not finish in
 * time; 3 the server died; 4 the page closed; 5 the page crashed; 2 bad usage or nothing installed;
 * 130/143 interrupted. The last line printed is always `N passed, N failed[, N skipped]`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import type { Results } from './index';
import { fixtureIdentifiers, scanRun } from './privacy';
import { Browser, checkInstalled, closeBrowser, delay, launchBrowser, makeRunDir, repoRoot, Server, startServer, workbenchUrl } from './vscode-server';

/**
 * folder: the test workspace folder open; nofolder: no folder (files opened by path);
 * untrusted: the folder open in restricted mode (workspace trust on, never trusted) — only the
 * suites about trust run there.
 */
type Mode = 'folder' | 'nofolder' | 'untrusted';
const MODES: readonly Mode[] = ['folder', 'nofolder', 'untrusted'];
/** Mocha grep for the untrusted run: the smoke suite and the tests that are about trust. */
const UNTRUSTED_GREP = '^(smoke|workspace trust|settings change diagnostics live a policy pack path)';
/**
 * A stand-in for another X12 extension (same `x12` language id), installed beside claimlint in every
 * run: copied into the run's extensions folder, which the server scans at start (the workbench
 * payload takes only one extension under development).
 */
const OTHER_X12_EXTENSION = path.join(repoRoot, 'test/integration/other-x12-extension');
/** Restricted mode without a prompt: trust is on and nothing is ever trusted. */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

interface Options {
  verbose: boolean;
  timeoutSeconds: number;
  modes: Mode[];
  extension: string;
  tests: string;
  workspace: string;
}

interface RunOutcome {
  mode: Mode;
  code: number;
  passes: number;
  failures: number;
  pending: number;
}

const EXIT = { ok: 0, failed: 1, usage: 2, serverDied: 3, pageClosed: 4, pageCrashed: 5, timeout: 124 };

function parseArgs(argv: string[]): Options {
  const o: Options = {
    verbose: false,
    timeoutSeconds: Number(process.env.CLAIMLINT_TEST_TIMEOUT || 180),
    modes: [...MODES],
    extension: repoRoot,
    tests: path.join(repoRoot, 'out/test/integration'),
    workspace: path.join(repoRoot, 'test/integration/workspace'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--verbose':
        o.verbose = true;
        break;
      case '--timeout':
        o.timeoutSeconds = Number(value());
        break;
      case '--mode': {
        const m = value();
        if (m !== 'all' && !(MODES as readonly string[]).includes(m)) usage(`unknown mode ${m}`);
        o.modes = m === 'all' ? [...MODES] : [m as Mode];
        break;
      }
      case '--extension':
        o.extension = path.resolve(value());
        break;
      case '--tests':
        o.tests = path.resolve(value());
        break;
      case '--workspace':
        o.workspace = path.resolve(value());
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (!(o.timeoutSeconds > 0)) usage('--timeout must be a positive number of seconds');
  return o;
}

function usage(message: string): never {
  console.error(`runInServer: ${message}`);
  console.error(
    'usage: runInServer [--verbose] [--timeout <s>] [--mode folder|nofolder|untrusted|all] [--extension <dir>] [--tests <dir>] [--workspace <dir>]',
  );
  process.exit(EXIT.usage);
}

/** The run in progress, so a signal can tear it down, and the runs already finished. */
let cleanupActive: (() => Promise<void>) | undefined;
let interruptedBy: NodeJS.Signals | undefined;
const outcomes: RunOutcome[] = [];

async function runOnce(mode: Mode, o: Options): Promise<RunOutcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  // The backstop for hangs anywhere (server, workbench, activation, a test with no timeout): started
  // before the server, so it bounds everything below.
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(EXIT.timeout), o.timeoutSeconds * 1000);
  });

  const runDir = makeRunDir('cl-', mode === 'untrusted' ? UNTRUSTED_SETTINGS : {});
  const resultsFile = path.join(runDir, 'results.json');
  const wsCopy = path.join(runDir, 'workspace');
  // Tests may edit and save fixtures: they work on a copy, and both modes see the same files.
  fs.cpSync(o.workspace, wsCopy, { recursive: true });
  fs.cpSync(OTHER_X12_EXTENSION, path.join(runDir, 'extensions', 'claimlint-test.other-x12-0.0.1'), { recursive: true });

  const log: string[] = [];
  const note = (line: string): void => {
    log.push(line);
    if (o.verbose) console.log(`  | ${line}`);
  };

  let server: Server | undefined;
  let browser: Browser | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      clearTimeout(timer);
      await closeBrowser(browser);
      await server?.kill();
      fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    })());
  cleanupActive = cleanup;

  let code: number;
  let why = '';
  let settled = false;
  try {
    const outcome = (async (): Promise<number> => {
      try {
        server = await startServer(runDir, (line) => note(`[server] ${line}`), {}, { workspaceTrust: mode === 'untrusted' });
      } catch (e) {
        why = (e as Error).message;
        return EXIT.serverDied;
      }
      const serverDied = server.exited.then((how) => {
        if (!settled) why = `VS Code server exited (${how})`;
        return EXIT.serverDied;
      });
      browser = await launchBrowser();
      const page = await browser.newPage();
      let exitResolve!: (code: number) => void;
      const automationExit = new Promise<number>((resolve) => (exitResolve = resolve));
      // Both hooks must exist before the page loads: the workbench looks for them once.
      await page.exposeFunction('codeAutomationLog', (_level: unknown, args: unknown[]) => {
        note(util.format(...(Array.isArray(args) ? args : [args])));
      });
      await page.exposeFunction('codeAutomationExit', (exitCode: number) => {
        note(`[launcher] codeAutomationExit(${exitCode})`);
        settled = true; // what follows (teardown) is no longer the reason for the outcome
        exitResolve(exitCode === 0 ? EXIT.ok : EXIT.failed);
      });
      const pageGone = new Promise<number>((resolve) => {
        page.on('close', () => {
          if (!settled) why = 'the workbench page closed';
          resolve(EXIT.pageClosed);
        });
        page.on('crash', () => {
          if (!settled) why = 'the workbench page crashed';
          resolve(EXIT.pageCrashed);
        });
      });
      page.on('pageerror', (err) => note(`[page error] ${err.message}`));
      const url = workbenchUrl({
        port: server.port,
        extensionDevelopmentPath: o.extension,
        extensionTestsPath: o.tests,
        extensionEnvironment: {
          VSCODE_TEST_RESULTS: resultsFile,
          CLAIMLINT_TEST_MODE: mode,
          CLAIMLINT_TEST_WORKSPACE: wsCopy,
          ...(mode === 'untrusted' ? { CLAIMLINT_TEST_GREP: UNTRUSTED_GREP } : {}),
        },
        folder: mode === 'nofolder' ? undefined : wsCopy,
      });
      note(`[launcher] ${url}`);
      await page.goto(url);
      return Promise.race([automationExit, serverDied, pageGone]);
    })().catch((e: Error) => {
      // also reached when a timeout or a signal tears the browser down under a pending call
      if (!settled) why = `launcher error: ${e.stack ?? e}`;
      return EXIT.failed;
    });
    code = await Promise.race([outcome, timedOut]);
    if (code === EXIT.timeout && !settled) why = `no result within ${o.timeoutSeconds} s`;
    settled = true;
  } catch (e) {
    code = EXIT.failed;
    why = `launcher error: ${(e as Error).stack ?? e}`;
  }

  const results = readResults(resultsFile);
  // Stop the server first so every log is flushed, then search them before the run dir goes.
  await closeBrowser(browser);
  await server?.kill();
  const privacy = scanRun(runDir, [wsCopy], log, fixtureIdentifiers(o.workspace));
  await cleanup();
  cleanupActive = undefined;

  if (interruptedBy) why = `interrupted by ${interruptedBy}`;
  else if (!results) why ||= 'no results file was written (tests module not loaded, or mocha never ran)';
  if (code === EXIT.ok && !results?.done) {
    code = EXIT.failed;
    why = results ? 'the tests module resolved before mocha finished' : 'no results file was written (tests module not loaded, or mocha never ran)';
  }
  if (code === EXIT.ok && results && results.failures > 0) code = EXIT.failed;

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n== ${mode === 'folder' ? 'with the test workspace folder' : 'with no folder'} (${seconds} s) ==`);
  if (results) for (const line of results.report) console.log(line);
  if (results && !results.done && results.running) console.log(`\n  still running when the run ended: ${results.running}`);
  if (code !== EXIT.ok) {
    if (why) console.log(`\n  run failed: ${why}`);
    console.log(`\n-- workbench and server log (${mode}) --`);
    const { lines, hidden } = denoise(log, new Set(results?.report ?? []));
    for (const line of lines) console.log(`  | ${line}`);
    if (hidden)
      console.log(
        `  (${hidden} lines of known, harmless noise hidden: missing optional native modules, unreachable extension gallery; --verbose shows everything)`,
      );
    console.log(`-- end of log --`);
  }

  let failures = results?.failures ?? 0;
  if (privacy.leaks.length > 0 || (results && (!privacy.sawOutputChannel || !privacy.sawDebugLines))) {
    console.log(`\n  privacy check failed (${mode}):`);
    if (!privacy.sawOutputChannel) console.log(`    the output channel's log was not found among ${privacy.scanned.length} log files, so it was not checked`);
    else if (!privacy.sawDebugLines)
      console.log(`    the output channel's log has no debug lines (the log level did not reach debug), so they were not checked`);
    for (const leak of privacy.leaks) console.log(`    a fixture patient's name or member id appears in ${leak}`);
    failures += 1;
    if (code === EXIT.ok) code = EXIT.failed;
  } else if (o.verbose) {
    console.log(`  privacy check: ${privacy.scanned.length} log files and ${log.length} workbench messages, no fixture patient names or member ids`);
  }
  // A run that failed without a failing test (hang, crash, no results) still counts as one failure,
  // so the closing line never reads "0 failed" for a broken run.
  if (code !== EXIT.ok && failures === 0) failures = 1;
  return { mode, code, passes: results?.passes ?? 0, failures, pending: results?.pending ?? 0 };
}

/** Known, harmless noise (docs/testing.md): optional native modules not built, no network. */
const NOISE =
  /Could not locate the bindings file|build\/Release\/watchdog|ENOTFOUND|open-vsx\.org|queryRawGalleryExtensions|^Canceled: Canceled|register a ServiceWorker|node_modules\/vsda\//;

/**
 * Drops the known noise and the mocha report lines (already printed) from the log. A page message
 * is one entry, possibly multi-line; the server's errors span several stdout lines, so skipping
 * continues until the next line that starts a new log entry.
 */
function denoise(log: string[], report: Set<string>): { lines: string[]; hidden: number } {
  const lines: string[] = [];
  let hidden = 0;
  let skippingServer = false;
  for (const entry of log) {
    const count = entry.split('\n').length;
    if (entry.startsWith('[server] ')) {
      const text = entry.slice('[server] '.length);
      if (NOISE.test(text)) skippingServer = true;
      else if (text.startsWith('[')) skippingServer = false;
      if (skippingServer || text.trim() === '') {
        hidden++;
        continue;
      }
    } else if (NOISE.test(entry) || report.has(entry)) {
      hidden += report.has(entry) ? 0 : count;
      continue;
    }
    lines.push(...entry.split('\n'));
  }
  return { lines, hidden };
}

function readResults(file: string): Results | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
    if (typeof r.passes !== 'number' || typeof r.failures !== 'number' || !Array.isArray(r.report)) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

function summary(outcomes: RunOutcome[]): string {
  const sum = (k: 'passes' | 'failures' | 'pending') => outcomes.reduce((n, r) => n + r[k], 0);
  const skipped = sum('pending');
  return `${sum('passes')} passed, ${sum('failures')} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const missing = checkInstalled();
  if (missing) {
    console.error(`runInServer: ${missing}`);
    console.log('0 passed, 1 failed');
    return EXIT.usage;
  }
  for (const [what, p] of [
    ['extension', path.join(o.extension, 'package.json')],
    ['tests', o.tests],
    ['workspace', o.workspace],
  ]) {
    if (!fs.existsSync(p)) {
      console.error(`runInServer: ${what} not found: ${p}${what === 'tests' ? ' (run `tsc -p .` first)' : ''}`);
      console.log('0 passed, 1 failed');
      return EXIT.usage;
    }
  }

  for (const mode of o.modes) {
    if (interruptedBy) break;
    outcomes.push(await runOnce(mode, o));
  }

  console.log('');
  for (const r of outcomes) {
    console.log(`${r.mode}: ${r.passes} passed, ${r.failures} failed${r.pending ? `, ${r.pending} skipped` : ''}${r.code ? ` (exit ${r.code})` : ''}`);
  }
  console.log(summary(outcomes));
  return outcomes.find((r) => r.code !== EXIT.ok)?.code ?? EXIT.ok;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    if (interruptedBy) return;
    interruptedBy = signal;
    console.error(`runInServer: ${signal}, stopping`);
    void Promise.race([cleanupActive?.(), delay(8000)]).finally(() => {
      // the interrupted run may or may not have reported yet; either way the summary shows a failure
      const interrupted: RunOutcome = { mode: 'folder', code, passes: 0, failures: 1, pending: 0 };
      console.log(summary(outcomes.some((r) => r.code !== EXIT.ok) ? outcomes : [...outcomes, interrupted]));
      process.exit(code);
    });
  });
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(e);
    await cleanupActive?.();
    console.log(summary([...outcomes, { mode: 'folder', code: EXIT.failed, passes: 0, failures: 1, pending: 0 }]));
    process.exit(EXIT.failed);
  },
);
