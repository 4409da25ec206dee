import * as vscode from 'vscode';
import type { ClaimViewModel } from '../core/view/claim-view';
import { RULES, RULES_BY_ID } from '../core/rules';
import type { ClaimViewPanel } from './claimView';
import { everywhereEdit, fixAllEdit } from './codeActions';
import { CommandIds } from './constants';
import { rangeOf, ruleDocUri, type DiagnosticsController } from './diagnostics';
import type { ClaimLinter } from './linter';
import type { Log } from './log';
import { lintWorkspace } from './workspaceLint';
import { quoteForMessage } from '../core/display';

export interface CommandDeps {
  readonly linter: ClaimLinter;
  readonly claimView: ClaimViewPanel;
  readonly diagnostics: DiagnosticsController;
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
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

/** A Markdown page in the built-in preview (rendered), or as text where the preview is missing. */
export async function showRendered(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

/** Registers the palette commands; each returns a value the integration tests can check. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { linter, diagnostics, claimView, extensionUri, log } = deps;

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

  /** The rules of the findings under the cursor (else on its line) in the active editor. */
  const rulesAtCursor = (): string[] => {
    const editor = vscode.window.activeTextEditor;
    const entry = editor && linter.available(editor.document);
    if (!editor || !entry) return [];
    const at = entry.findingsAt(editor.document.offsetAt(editor.selection.active));
    const line = editor.selection.active.line;
    const found = at.length > 0 ? at : entry.findings.filter((f) => editor.document.positionAt(f.span.start).line === line);
    return [...new Set(found.map((f) => f.ruleId))];
  };

  /** A rule from the list, the rule under the cursor selected (and first). */
  const pickRule = (): Promise<string | undefined> => {
    const here = rulesAtCursor();
    const rank = (id: string): number => (here.includes(id) ? here.indexOf(id) : here.length);
    const items = [...RULES]
      .sort((a, b) => rank(a.meta.id) - rank(b.meta.id))
      .map((r) => ({ label: r.meta.id, description: here.includes(r.meta.id) ? 'at the cursor' : undefined, detail: r.meta.description }));
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.items = items;
    pick.placeholder = 'Rule to show the documentation of';
    pick.matchOnDetail = true;
    if (here.length > 0) pick.activeItems = [items[0]];
    return new Promise((resolve) => {
      let chosen: string | undefined;
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0]?.label ?? pick.activeItems[0]?.label;
        pick.hide();
      });
      pick.onDidHide(() => {
        pick.dispose();
        resolve(chosen);
      });
      pick.show();
    });
  };

  const showRuleDoc = async (ruleArg?: unknown): Promise<vscode.Uri | undefined> => {
    let ruleId = typeof ruleArg === 'string' ? ruleArg : (ruleArg as { value?: unknown } | undefined)?.value;
    if (typeof ruleId !== 'string') ruleId = await pickRule();
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
    await showRendered(uri);
    return uri;
  };

  /** The claim view of a claim file (the active one by default); returns what it shows. */
  const showClaimSummary = async (uriArg?: unknown): Promise<ClaimViewModel | undefined> => {
    const document = openDocument(toUri(uriArg));
    const entry = document && ((await linter.lintInSlices(document)) ?? linter.current(document));
    if (!document || !entry) {
      void vscode.window.showInformationMessage('claimlint: the active file is not a claim file.');
      return undefined;
    }
    return claimView.show(document, entry);
  };

  return [
    vscode.commands.registerCommand(CommandIds.fixAll, fixAll),
    vscode.commands.registerCommand(CommandIds.applySuggestionEverywhere, applySuggestionEverywhere),
    vscode.commands.registerCommand(CommandIds.showRuleDoc, showRuleDoc),
    vscode.commands.registerCommand(CommandIds.showClaimSummary, showClaimSummary),
    vscode.commands.registerCommand(CommandIds.lintWorkspace, () => lintWorkspace(linter, diagnostics, log)),
  ];
}
