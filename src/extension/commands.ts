import * as vscode from 'vscode';
import { countOffsetsIn, type LineIndex } from '../core/model/span';
import { detectContent, isClaimContent } from '../core/parsers/detect';
import { RULES, RULES_BY_ID } from '../core/rules';
import { everywhereEdit, fixAllEdit } from './codeActions';
import { CommandIds, WORKSPACE_CLAIM_GLOB, WORKSPACE_EXCLUDE_GLOB, WORKSPACE_FHIR_GLOB, WORKSPACE_LINT_LIMIT } from './constants';
import { rangeOf, ruleDocUri, type DiagnosticsController } from './diagnostics';
import type { ClaimLinter, LintEntry } from './linter';
import { countsText, type Log } from './log';
import { quoteForMessage } from '../core/display';

export interface CommandDeps {
  readonly linter: ClaimLinter;
  readonly diagnostics: DiagnosticsController;
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
}

export interface ClaimSummary {
  readonly id: string;
  readonly totalCharge?: number;
  readonly lines: number;
  readonly problems: number;
  readonly range: vscode.Range;
}

export interface WorkspaceLintResult {
  readonly files: number;
  readonly problems: number;
  readonly skipped: number;
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return undefined;
}

function openDocument(uri: vscode.Uri | undefined): vscode.TextDocument | undefined {
  if (!uri) return vscode.window.activeTextEditor?.document;
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

async function applyTextEdit(
  document: vscode.TextDocument,
  version: number,
  edit: { span: { start: number; end: number }; newText: string } | undefined,
): Promise<boolean> {
  if (!edit || document.version !== version) return false;
  const we = new vscode.WorkspaceEdit();
  we.replace(document.uri, rangeOf(document, edit.span), edit.newText);
  return vscode.workspace.applyEdit(we);
}

/** Registers the palette commands; each returns a value the integration tests can check. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { linter, diagnostics, extensionUri, log } = deps;

  const fixAll = async (uriArg?: unknown, versionArg?: unknown): Promise<number> => {
    const document = openDocument(toUri(uriArg));
    if (!document || !linter.isClaimDocument(document)) return 0;
    // A version passed by a caller pins the edit to what the caller saw; a newer document is left alone.
    const version = typeof versionArg === 'number' ? versionArg : document.version;
    if (document.version !== version) {
      log.info('Fix all skipped: the document changed since it was requested.');
      return 0;
    }
    const computed = await fixAllEdit(linter, document);
    if (!computed) {
      log.info('Fix all skipped: the document changed while the fixes were computed.');
      return 0;
    }
    const { edit, fixes } = computed;
    const applied = await applyTextEdit(document, version, edit);
    log.info(`Fix all: ${applied ? fixes : 0} mechanical ${fixes === 1 ? 'fix' : 'fixes'} applied.`);
    return applied ? fixes : 0;
  };

  const applySuggestionEverywhere = async (uriArg: unknown, versionArg: unknown, ruleId: unknown, kind: unknown): Promise<boolean> => {
    const document = openDocument(toUri(uriArg));
    if (!document || typeof ruleId !== 'string' || typeof versionArg !== 'number') return false;
    if (document.version !== versionArg) {
      log.info('Apply everywhere skipped: the document changed since it was requested.');
      return false;
    }
    const edit = await everywhereEdit(linter, document, ruleId, kind === 'fix' ? 'fix' : 'suggestion');
    return applyTextEdit(document, versionArg, edit);
  };

  const showRuleDoc = async (ruleArg?: unknown): Promise<vscode.Uri | undefined> => {
    let ruleId = typeof ruleArg === 'string' ? ruleArg : (ruleArg as { value?: unknown } | undefined)?.value;
    if (typeof ruleId !== 'string') {
      const pick = await vscode.window.showQuickPick(
        RULES.map((r) => ({ label: r.meta.id, detail: r.meta.description })),
        { placeHolder: 'Rule to show the documentation of', matchOnDetail: true },
      );
      ruleId = pick?.label;
    }
    if (typeof ruleId !== 'string') return undefined;
    if (!RULES_BY_ID.has(ruleId)) {
      void vscode.window.showWarningMessage(`claimlint: there is no rule "${quoteForMessage(ruleId)}".`);
      return undefined;
    }
    const uri = ruleDocUri(extensionUri, ruleId);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showWarningMessage(`claimlint: the documentation of ${ruleId} is missing from this installation.`);
      return undefined;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri;
  };

  const showClaimSummary = async (uriArg?: unknown): Promise<ClaimSummary[]> => {
    const document = openDocument(toUri(uriArg));
    const entry = document && linter.lint(document);
    if (!document || !entry) {
      void vscode.window.showInformationMessage('claimlint: the active file is not a claim file.');
      return [];
    }
    const claims = entry.result.document.claims;
    const problems = countOffsetsIn(
      claims.map((c) => c.span),
      entry.findings.map((f) => f.span.start),
    );
    const summaries: ClaimSummary[] = claims.map((c, k) => ({
      id: c.id.value,
      totalCharge: c.totalCharge?.value,
      lines: c.lines.length,
      problems: problems[k],
      range: rangeOf(document, c.span),
    }));
    const outside = entry.findings.length - summaries.reduce((n, s) => n + s.problems, 0);
    const items = summaries.map((s) => ({
      label: `$(file-text) ${s.id}`,
      description: `${s.totalCharge !== undefined ? `$${s.totalCharge.toFixed(2)} · ` : ''}${s.lines} line${s.lines === 1 ? '' : 's'}`,
      detail: s.problems === 0 ? 'No problems' : `${s.problems} problem${s.problems === 1 ? '' : 's'}`,
      summary: s,
    }));
    if (!uriArg) {
      const title = `${summaries.length} claim${summaries.length === 1 ? '' : 's'}${outside > 0 ? `, ${outside} problem${outside === 1 ? '' : 's'} outside any claim` : ''}`;
      void vscode.window.showQuickPick(items, { title, placeHolder: 'Go to claim' }).then(async (pick) => {
        if (!pick) return;
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(pick.summary.range.start, pick.summary.range.start);
        editor.revealRange(pick.summary.range, vscode.TextEditorRevealType.AtTop);
      });
    }
    return summaries;
  };

  const lintWorkspace = async (): Promise<WorkspaceLintResult> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('claimlint: open a folder to lint its claim files.');
      return { files: 0, problems: 0, skipped: 0 };
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'claimlint: linting claim files', cancellable: true },
      async (progress, token) => {
        const [x12, fhir] = await Promise.all([
          vscode.workspace.findFiles(WORKSPACE_CLAIM_GLOB, WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LINT_LIMIT + 1, token),
          vscode.workspace.findFiles(WORKSPACE_FHIR_GLOB, WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LINT_LIMIT + 1, token),
        ]);
        const all = [...x12, ...fhir];
        const uris = all.slice(0, WORKSPACE_LINT_LIMIT);
        const skipped = all.length - uris.length;
        const decoder = new TextDecoder('utf-8');
        const cancelled = (): boolean => token.isCancellationRequested;
        let files = 0;
        let problems = 0;
        const byRule = new Map<string, number>();
        const count = (entry: LintEntry): void => {
          files++;
          problems += entry.findings.length;
          for (const f of entry.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
        };
        // Every file is linted in time slices, so the extension host keeps answering (and the
        // Cancel button works) while a folder of large batches is checked.
        for (const [i, uri] of uris.entries()) {
          if (cancelled()) break;
          progress.report({ increment: 100 / uris.length });
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          if (open) {
            const entry = linter.isClaimDocument(open) ? ((await linter.lintInSlices(open)) ?? linter.current(open)) : undefined;
            if (entry && !open.isClosed && entry.version === open.version) {
              diagnostics.publish(open, entry);
              count(entry);
            }
            continue;
          }
          let text: string;
          try {
            text = decoder.decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
          } catch {
            continue;
          }
          const isFhirFile = i >= x12.length;
          if (isFhirFile ? detectContent(text) === 'x12' || !isClaimContent(text) : detectContent(text, uri.path) !== 'x12') continue;
          const entry = await linter.lintTextInSlices(uri, text, uri.path, cancelled);
          if (!entry) break;
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
          count(entry);
        }
        log.info(
          `Workspace lint: ${files} claim file${files === 1 ? '' : 's'}, ${countsText(problems, byRule)}${skipped ? `; ${skipped} files over the limit skipped` : ''}.`,
        );
        void vscode.commands.executeCommand('workbench.actions.view.problems');
        return { files, problems, skipped };
      },
    );
  };

  return [
    vscode.commands.registerCommand(CommandIds.fixAll, fixAll),
    vscode.commands.registerCommand(CommandIds.applySuggestionEverywhere, applySuggestionEverywhere),
    vscode.commands.registerCommand(CommandIds.showRuleDoc, showRuleDoc),
    vscode.commands.registerCommand(CommandIds.showClaimSummary, showClaimSummary),
    vscode.commands.registerCommand(CommandIds.lintWorkspace, lintWorkspace),
  ];
}
