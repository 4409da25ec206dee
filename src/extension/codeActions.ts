import * as vscode from 'vscode';
import { applyEdits, fixUntilStableAsync } from '../core/fixes';
import type { Finding, Fix, FixKind, TextEdit } from '../core/model/finding';
import { CommandIds, FIX_ALL_KIND_SUFFIX } from './constants';
import { rangeOf, toDiagnostic } from './diagnostics';
import type { ClaimLinter, LintEntry } from './linter';
import type { Log } from './log';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_KIND_SUFFIX);

/** What a lazily resolved action will do; the edit is computed at apply time for the version it was offered for. */
type Plan =
  | { readonly type: 'edits'; readonly edits: readonly TextEdit[] }
  | { readonly type: 'fixAll' }
  | { readonly type: 'everywhere'; readonly ruleId: string; readonly kind: FixKind };

class ClaimCodeAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
    readonly version: number,
    readonly plan: Plan,
  ) {
    super(title, kind);
  }
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) {
    end++;
  }
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, rangeOf(document, e.span), e.newText);
  return we;
}

/**
 * How a fix loop lints the document's text (`original`, its getText() taken once) and its fixed
 * versions: the document's own lint for its text, a sliced lint for the others (a large batch does not hold the extension host). Undefined
 * once the document has changed or closed: the loop then stops and nothing is applied.
 */
function loopLinter(linter: ClaimLinter, document: vscode.TextDocument, original: string): (text: string) => Promise<readonly Finding[] | undefined> {
  const { version } = document;
  const stale = (): boolean => document.isClosed || document.version !== version;
  return async (text) => {
    if (stale()) return undefined;
    if (text === original) return (linter.current(document) ?? (await linter.lintInSlices(document)))?.findings;
    return (await linter.lintTextInSlices(document.uri, text, document.fileName, stale))?.findings;
  };
}

/** Mechanical fixes of the whole file, re-linted until stable; suggestions are never applied. Undefined when the document changed meanwhile. */
export async function fixAllEdit(linter: ClaimLinter, document: vscode.TextDocument): Promise<{ edit?: TextEdit; fixes: number } | undefined> {
  const original = document.getText();
  const result = await fixUntilStableAsync(original, loopLinter(linter, document, original), ['fix']);
  return result && { edit: minimalEdit(original, result.text), fixes: result.fixCount };
}

/** One rule's fixes of one kind applied over the whole file (the rule re-checked until stable). */
export async function everywhereEdit(linter: ClaimLinter, document: vscode.TextDocument, ruleId: string, kind: FixKind): Promise<TextEdit | undefined> {
  const original = document.getText();
  const lint = loopLinter(linter, document, original);
  const ofRule = async (text: string): Promise<readonly Finding[] | undefined> => (await lint(text))?.filter((f) => f.ruleId === ruleId);
  const first = await ofRule(original);
  if (!first) return undefined;
  const result = await fixUntilStableAsync(original, (text) => (text === original ? Promise.resolve(first) : ofRule(text)), [kind], first.length);
  return result && minimalEdit(original, result.text);
}

function wanted(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}

function intersects(a: vscode.Range, b: vscode.Range): boolean {
  return a.intersection(b) !== undefined;
}

export class ClaimCodeActionProvider implements vscode.CodeActionProvider<ClaimCodeAction> {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(
    private readonly linter: ClaimLinter,
    private readonly log: Log,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): ClaimCodeAction[] {
    const entry = this.linter.available(document);
    if (!entry) return [];
    const actions: ClaimCodeAction[] = [];
    if (wanted(context, vscode.CodeActionKind.QuickFix)) actions.push(...this.quickFixes(document, entry, range));
    const fixable = entry.findings.some((f) => f.fixes.some((x) => x.kind === 'fix'));
    if (fixable && wanted(context, FIX_ALL_KIND)) actions.push(this.fixAllAction(document, entry));
    return actions;
  }

  private fixAllAction(document: vscode.TextDocument, entry: LintEntry): ClaimCodeAction {
    const a = new ClaimCodeAction('Fix all mechanical claimlint problems', FIX_ALL_KIND, document, entry.version, { type: 'fixAll' });
    a.diagnostics = [];
    return a;
  }

  private quickFixes(document: vscode.TextDocument, entry: LintEntry, range: vscode.Range): ClaimCodeAction[] {
    const out: ClaimCodeAction[] = [];
    const here = entry.findings.filter((f) => {
      const r = rangeOf(document, f.span);
      return intersects(r, range) || r.contains(range);
    });
    const everywhereOffered = new Set<string>();
    const docsOffered = new Set<string>();
    // Findings with a fix, per rule: counted once, not once per finding under the cursor (with the
    // whole file selected that was every finding against every finding).
    let fixable: Map<string, number> | undefined;
    const fixableOf = (ruleId: string): number => {
      if (!fixable) {
        fixable = new Map();
        for (const f of entry.findings) if (f.fixes.length > 0) fixable.set(f.ruleId, (fixable.get(f.ruleId) ?? 0) + 1);
      }
      return fixable.get(ruleId) ?? 0;
    };
    for (const finding of here) {
      const diagnostic = toDiagnostic(document, document.uri, finding, this.linter);
      finding.fixes.forEach((fix: Fix) => {
        const a = new ClaimCodeAction(fix.title, vscode.CodeActionKind.QuickFix, document, entry.version, { type: 'edits', edits: fix.edits });
        a.diagnostics = [diagnostic];
        a.isPreferred = finding.fixes.length === 1;
        out.push(a);
      });
      const first = finding.fixes[0];
      const count = fixableOf(finding.ruleId);
      if (first && count > 1 && !everywhereOffered.has(finding.ruleId)) {
        everywhereOffered.add(finding.ruleId);
        const title =
          first.kind === 'suggestion'
            ? `Apply this suggestion everywhere in the file (${finding.ruleId}, ${count} places)`
            : `Apply this fix everywhere in the file (${finding.ruleId}, ${count} places)`;
        const a = new ClaimCodeAction(title, vscode.CodeActionKind.QuickFix, document, entry.version, {
          type: 'everywhere',
          ruleId: finding.ruleId,
          kind: first.kind,
        });
        a.diagnostics = [diagnostic];
        out.push(a);
      }
      if (!docsOffered.has(finding.ruleId)) {
        docsOffered.add(finding.ruleId);
        const a = new ClaimCodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix, document, entry.version, {
          type: 'edits',
          edits: [],
        });
        a.command = { title: a.title, command: CommandIds.showRuleDoc, arguments: [finding.ruleId] };
        a.diagnostics = [diagnostic];
        out.push(a);
      }
    }
    return out;
  }

  async resolveCodeAction(action: ClaimCodeAction): Promise<ClaimCodeAction> {
    const { document, version, plan } = action;
    if (plan.type === 'edits' && plan.edits.length === 0) return action;
    const stale = (): boolean => document.isClosed || document.version !== version;
    if (stale()) {
      this.log.info('Skipped a code action computed for an older version of the document.');
      return action;
    }
    if (plan.type === 'edits') {
      action.edit = toWorkspaceEdit(document, applyEdits(document.getText(), plan.edits).applied);
      return action;
    }
    const edit = plan.type === 'fixAll' ? (await fixAllEdit(this.linter, document))?.edit : await everywhereEdit(this.linter, document, plan.ruleId, plan.kind);
    // The whole-file fixes are computed in slices: the document may have changed meanwhile.
    if (stale()) {
      this.log.info('Skipped a code action: the document changed while it was being computed.');
      return action;
    }
    action.edit = toWorkspaceEdit(document, edit ? [edit] : []);
    return action;
  }
}
