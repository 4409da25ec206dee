/**
 * The privacy check of the integration runs (issue 6): after a run, every log the server, the
 * extension host and the output channel wrote, and every line the workbench sent the launcher, is
 * searched for the fixture patients' names and member ids. Claim content must never reach a log.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from '../../src/core/engine';

/** Marker the extension writes to its output channel on activation; proves the channel's log was scanned. */
export const ACTIVATION_MARKER = 'claimlint is active';

/** A debug-level line the extension writes on activation; proves debug lines (per-lint counts and timings) were scanned too. */
export const DEBUG_MARKER = /\[debug\] Debug logging is on/;

/** Names (3+ letters) and member ids of every patient in the fixture claims. */
export function fixtureIdentifiers(workspaceDir: string): string[] {
  const ids = new Set<string>();
  for (const name of fs.readdirSync(workspaceDir)) {
    const file = path.join(workspaceDir, name);
    if (!fs.statSync(file).isFile()) continue;
    const doc = parseDocument(fs.readFileSync(file, 'utf8'), name);
    for (const claim of doc.claims) {
      const p = claim.patient;
      for (const v of [p.memberId, p.lastName, p.firstName]) if (v && v.trim().length >= 3) ids.add(v.trim());
    }
  }
  return [...ids];
}

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) yield p;
  }
}

export interface PrivacyReport {
  /** Log files read. */
  scanned: string[];
  /** Whether the output channel's own log was among them. */
  sawOutputChannel: boolean;
  /** Whether it held debug-level lines (the log level reached debug). */
  sawDebugLines: boolean;
  /** "<where>: <identifier>" for every hit. */
  leaks: string[];
}

/**
 * Scan the `.log` files below `runDir` (skipping the workspace copy, which holds the claims
 * themselves) and the given message lines for any identifier, as a whole word.
 */
export function scanRun(runDir: string, skipDirs: readonly string[], lines: readonly string[], identifiers: readonly string[]): PrivacyReport {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = identifiers.length ? new RegExp(`(?<![A-Za-z0-9])(${identifiers.map(escape).join('|')})(?![A-Za-z0-9])`) : undefined;
  const report: PrivacyReport = { scanned: [], sawOutputChannel: false, sawDebugLines: false, leaks: [] };
  const check = (where: string, text: string) => {
    const m = pattern?.exec(text);
    if (m) report.leaks.push(`${where}: ${m[1]}`);
  };
  for (const file of files(runDir)) {
    if (skipDirs.some((d) => file.startsWith(d + path.sep)) || !file.endsWith('.log')) continue;
    const text = fs.readFileSync(file, 'utf8');
    report.scanned.push(path.relative(runDir, file));
    if (text.includes(ACTIVATION_MARKER)) {
      report.sawOutputChannel = true;
      if (DEBUG_MARKER.test(text)) report.sawDebugLines = true;
    }
    check(path.relative(runDir, file), text);
  }
  lines.forEach((line, k) => check(`workbench message ${k + 1}`, line));
  return report;
}
