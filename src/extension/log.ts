import * as vscode from 'vscode';
import type { Finding } from '../core/model/finding';
import { escapeControls } from '../core/display';
import { OUTPUT_CHANNEL_NAME } from './constants';

/**
 * The output channel. Privacy: only rule ids, counts and timings go here, never claim content
 * or file names (a claim file's name can carry a patient's name).
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Said once debug lines are on (at start, or when the level changes to debug). */
export const DEBUG_ON = 'Debug logging is on: each lint logs its time and its findings per rule.';

export function createLog(context: vscode.ExtensionContext): Log {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const announce = (level: vscode.LogLevel): void => {
    if (level === vscode.LogLevel.Debug || level === vscode.LogLevel.Trace) channel.debug(DEBUG_ON);
  };
  announce(channel.logLevel);
  context.subscriptions.push(channel.onDidChangeLogLevel(announce));
  // Control characters (an ESC sequence from a file or a policy pack) never reach the channel raw.
  return {
    info: (m) => channel.info(escapeControls(m)),
    warn: (m) => channel.warn(escapeControls(m)),
    debug: (m) => channel.debug(escapeControls(m)),
  };
}

/** "3 findings: cmt-modifier-59 ×1, x12-envelope ×2". */
export function countByRule(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return countsText(findings.length, counts);
}

/** "3 findings: a ×1, b ×2" from a total and per-rule counts (rule ids and numbers only). */
export function countsText(total: number, counts: ReadonlyMap<string, number>): string {
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([id, n]) => `${id} ×${n}`);
  return `${total} ${total === 1 ? 'finding' : 'findings'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
