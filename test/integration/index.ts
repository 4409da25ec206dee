/**
 * The tests module the extension host loads (`extensionTestsPath`): runs every
 * `suite/**\/*.test.js` with mocha's TDD ui (`suite` / `test`), in sorted order.
 *
 * When $VSCODE_TEST_RESULTS names a file (the server launcher sets it), the counts, the failed
 * tests and the spec reporter's lines are written there after every test and once at the end, so
 * the launcher can print a clean report, and on a hang, name the test that was running.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { globSync } from 'glob';

/** What run() writes to $VSCODE_TEST_RESULTS (after each test, and at the end); the launcher reads it. */
export interface Results {
  done: boolean;
  passes: number;
  failures: number;
  pending: number;
  running?: string;
  failed: { title: string; error: string }[];
  report: string[];
}

export async function run(): Promise<void> {
  // Debug level for every log, the extension's output channel included, so the privacy check
  // (privacy.ts) also reads the debug lines the extension writes (per-lint counts and timings).
  // A VS Code command for extension tests; without it the default level stays, and the launcher's
  // check that debug lines were scanned fails.
  await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'debug').then(undefined, () => undefined);
  return runMocha();
}

function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 20000,
    reporter: 'spec',
    grep: process.env.CLAIMLINT_TEST_GREP || undefined,
  });
  const files = globSync('suite/**/*.test.js', { cwd: __dirname }).sort();
  for (const f of files) mocha.addFile(path.resolve(__dirname, f));

  const resultsFile = process.env.VSCODE_TEST_RESULTS;
  const results: Results = { done: false, passes: 0, failures: 0, pending: 0, failed: [], report: [] };
  const write = (): void => {
    if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };

  // Collect the spec reporter's lines, and still print them (the workbench log shows them live).
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const consoleLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    results.report.push(util.format(...args));
    consoleLog(...args);
  };

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        base.consoleLog = consoleLog;
        results.done = true;
        results.running = undefined;
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
      runner.on('test', (t) => {
        results.running = t.fullTitle();
        write();
      });
      runner.on('pass', () => results.passes++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (t, err: Error) => {
        results.failures++;
        results.failed.push({ title: t.fullTitle(), error: String(err?.message ?? err) });
        write();
      });
      runner.on('test end', write);
    } catch (e) {
      base.consoleLog = consoleLog;
      results.failures++;
      results.failed.push({ title: 'loading the suites', error: String((e as Error)?.stack ?? e) });
      results.report.push(`Error loading the suites: ${(e as Error)?.stack ?? e}`);
      results.done = true;
      write();
      reject(e);
    }
  });
}
