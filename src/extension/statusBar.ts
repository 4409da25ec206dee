import * as vscode from 'vscode';
import { CommandIds } from './constants';
import type { LintEntry } from './linter';

/** "$(checklist) 1 claim · 2 problems" for the active claim file; hidden for other files. */
export class ClaimStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('claimlint.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'claimlint';
    this.item.command = CommandIds.showClaimSummary;
  }

  update(entry: LintEntry | undefined): void {
    if (!entry) {
      this.item.hide();
      return;
    }
    const claims = entry.claimCount;
    const problems = entry.findings.length;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    this.item.text = `$(checklist) ${plural(claims, 'claim')} · ${plural(problems, 'problem')}`;
    this.item.tooltip = `claimlint: ${plural(claims, 'claim')}, ${plural(problems, 'problem')} in this file. Click for a claim summary.`;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
