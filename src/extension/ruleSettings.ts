import * as vscode from 'vscode';
import { escapeControls } from '../core/display';
import { RULES, RULES_BY_ID } from '../core/rules';
import { CONFIG_SECTION, Setting } from './constants';
import type { Log } from './log';

/**
 * What to say of an id in `claimlint.rules` that names no rule. A policy clause id (`audit-trigger`)
 * is the usual mix-up: the message names the rules that report that clause.
 */
export function unknownRuleMessage(id: string): string {
  const reporting = RULES.filter((r) => r.meta.clauses.includes(id)).map((r) => r.meta.id);
  if (reporting.length > 0) {
    return `"${id}" in claimlint.rules is a policy clause, not a rule, so it is ignored; the rules that report it: ${reporting.join(', ')}.`;
  }
  return `"${id}" in claimlint.rules is not a rule id, so it is ignored. Rule ids: ${RULES.map((r) => r.meta.id).join(', ')}.`;
}

/**
 * Reports each unknown id in `claimlint.rules` once per session (user, workspace and folder
 * settings alike), in a warning and in the output channel. Rule ids are not claim content.
 */
export class UnknownRuleIds {
  /** Every id reported so far, in order (the extension's API returns it for tests). */
  readonly reported: string[] = [];

  constructor(private readonly log: Log) {}

  check(): void {
    const scopes: (vscode.Uri | undefined)[] = [undefined, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    const fresh: string[] = [];
    for (const scope of scopes) {
      const rules = vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<unknown>(Setting.rules);
      if (!rules || typeof rules !== 'object') continue;
      for (const id of Object.keys(rules)) {
        if (RULES_BY_ID.has(id) || this.reported.includes(id) || fresh.includes(id)) continue;
        fresh.push(id);
      }
    }
    for (const id of fresh) {
      this.reported.push(id);
      const message = unknownRuleMessage(id);
      this.log.warn(message);
      void vscode.window.showWarningMessage(`claimlint: ${escapeControls(message)}`);
    }
  }
}
