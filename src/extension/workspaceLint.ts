import * as vscode from 'vscode';
import type { LineIndex } from '../core/model/span';
import { workspaceLintMessage, type WorkspaceLintSummary } from './claimFiles';
import { WORKSPACE_LINT_LIMIT } from './constants';
import type { DiagnosticsController } from './diagnostics';
import type { ClaimLinter, LintEntry } from './linter';
import { countsText, type Log } from './log';
import { listClaimCandidates, readCandidate, type ReadCandidate } from './workspaceFiles';

export interface WorkspaceLintResult extends WorkspaceLintSummary {
  /** All problems published (errors, warnings and infos). */
  readonly problems: number;
  /** The result message shown. */
  readonly message: string;
}

/**
 * Lint every claim file in the open folders into the Problems panel, with a cancellable progress
 * notification and a result message. Files are found by name and, where the name says nothing
 * (`.txt`, `.dat`, no extension), by a bounded read of their start (an ISA header). Each file is
 * linted in time slices, so the extension host keeps answering and Cancel stops at once.
 */
export async function lintWorkspace(linter: ClaimLinter, diagnostics: DiagnosticsController, log: Log): Promise<WorkspaceLintResult> {
  if (!vscode.workspace.workspaceFolders?.length) {
    const message = 'Open a folder to lint its claim files.';
    void vscode.window.showInformationMessage(`claimlint: ${message}`);
    return { files: 0, problems: 0, errors: 0, warnings: 0, infos: 0, notClaims: 0, skippedNotClaims: 0, overLimit: 0, cancelled: false, message };
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'claimlint', cancellable: true }, async (progress, token) => {
    progress.report({ message: 'finding claim files…' });
    const candidates = await listClaimCandidates(token);
    const cancelled = (): boolean => token.isCancellationRequested;
    const tally = { files: 0, errors: 0, warnings: 0, infos: 0, notClaims: 0, skippedNotClaims: 0, overLimit: 0 };
    const byRule = new Map<string, number>();
    const publish = (entry: LintEntry, document?: vscode.TextDocument): void => {
      if (document) diagnostics.publish(document, entry);
      else {
        const lines: LineIndex = entry.result.lines;
        diagnostics.publish(
          {
            positionAt: (o) => {
              const p = lines.positionAt(o);
              return new vscode.Position(p.line, p.character);
            },
          },
          entry,
        );
      }
      for (const f of entry.findings) {
        tally[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
        byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      }
    };

    for (const [i, candidate] of candidates.entries()) {
      const { uri } = candidate;
      if (cancelled()) break;
      progress.report({ message: `${i + 1} of ${candidates.length} files`, increment: 100 / candidates.length });
      if (tally.files >= WORKSPACE_LINT_LIMIT) {
        tally.overLimit++;
        continue;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open && linter.isClaimDocument(open)) {
        const entry = (await linter.lintInSlices(open)) ?? linter.current(open);
        if (entry && !open.isClosed && entry.version === open.version) {
          publish(entry, open);
          tally.files++;
        }
        continue;
      }
      let read: ReadCandidate;
      try {
        read = await readCandidate(candidate);
      } catch {
        continue; // unreadable (gone, a folder, no permission): nothing to say about it
      }
      if (read.kind === 'not-claim') {
        tally.skippedNotClaims++;
        continue;
      }
      const entry = await linter.lintTextInSlices(uri, read.text, uri.path, cancelled);
      if (!entry) break;
      // A FHIR resource that is not a claim (a Patient among exports) gets the core's
      // format-unsupported finding, an info, as in the CLI's walks.
      publish(entry);
      if (read.kind === 'claim') tally.files++;
      else tally.notClaims++;
    }
    const summary: WorkspaceLintSummary = { ...tally, cancelled: cancelled() };
    const message = workspaceLintMessage(summary);
    log.info(`Workspace lint: ${message} ${countsText(tally.errors + tally.warnings + tally.infos, byRule)}.`);
    const problems = tally.errors + tally.warnings + tally.infos;
    if (problems > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showInformationMessage(`claimlint: ${message}`);
    return { ...summary, problems, message };
  });
}
