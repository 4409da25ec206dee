import * as assert from 'assert';
import * as vscode from 'vscode';
import { capFindings, lint } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model/finding';
import { generate837 } from '../../../bench/generate';
import { activate, claimDiagnostics, codeOf, hasCode, hoverText, restoreSettings, setSetting, waitForDiagnostics } from './helpers';

interface Api {
  lintNow(uri: vscode.Uri): Promise<readonly unknown[] | undefined>;
  lastLint(uri: vscode.Uri): { version: number; incremental: boolean; fullReason?: string } | undefined;
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Everything a diagnostic shows: rule, severity, range and message, sorted. */
function shown(ds: readonly vscode.Diagnostic[]): string[] {
  return ds
    .map((d) => `${codeOf(d)}|${d.severity}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}`)
    .sort();
}

/** The same for the core's findings of the document's current text (a fresh full lint). */
function expected(doc: vscode.TextDocument, maxFindings: number): string[] {
  return capFindings(lint(doc.getText()).findings, maxFindings)
    .map((f) => {
      const s = doc.positionAt(f.span.start);
      const e = doc.positionAt(f.span.end);
      return `${f.ruleId}|${SEVERITY[f.severity]}|${s.line}:${s.character}-${e.line}:${e.character}|${f.message}`;
    })
    .sort();
}

/** Waits until the document shows exactly the problems a fresh lint of its current text gives; returns them. */
async function showsFreshLint(doc: vscode.TextDocument, what: string, deadlineMs = 30000): Promise<string[]> {
  const want = expected(doc, 1000);
  await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === want.join('\n'), what, deadlineMs);
  return want;
}

async function openUntitled(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'x12', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function closeUntitled(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

async function type(doc: vscode.TextDocument, offset: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.positionAt(offset), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function backspace(doc: vscode.TextDocument, offset: number): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.delete(doc.uri, new vscode.Range(doc.positionAt(offset - 1), doc.positionAt(offset)));
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** A massage line without 59 in a claim after the first few (edits there are re-checked locally). */
function laterMissing59(text: string): number {
  const findings = lint(text).findings.filter((f) => f.ruleId === 'cmt-modifier-59');
  assert.ok(findings.length >= 3, 'the generated batch has several massage lines without 59');
  const end = findings[findings.length - 2].span.end;
  assert.strictEqual(text.slice(end - 5, end), '97124');
  return end;
}

suite('incremental re-lint while typing', () => {
  let api: Api;
  suiteSetup(async () => {
    api = (await activate()) as unknown as Api;
  });
  teardown(restoreSettings);

  test('typing inside one claim of a multi-claim file gives exactly the problems of a fresh open of the final text', async function () {
    this.timeout(60000);
    const text = generate837(80_000, 7);
    const doc = await openUntitled(text);
    let copy: vscode.TextDocument | undefined;
    try {
      const first = expected(doc, 1000);
      assert.ok(first.length > 5, 'the generated batch has problems');
      await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === first.join('\n'), 'the problems of the opened text');
      const end = laterMissing59(text);

      // One keystroke, linted on its own: only that claim is re-checked.
      await type(doc, end, ':');
      await api.lintNow(doc.uri);
      assert.deepStrictEqual(api.lastLint(doc.uri), { version: doc.version, incremental: true, fullReason: undefined });
      assert.deepStrictEqual(shown(claimDiagnostics(doc.uri)), expected(doc, 1000));

      // Two more before the debounced lint: the changes of both versions are composed into one.
      await type(doc, end + 1, '5');
      await type(doc, end + 2, '9');
      assert.strictEqual(doc.getText().slice(end - 5, end + 3), '97124:59');
      const last = expected(doc, 1000);
      assert.notDeepStrictEqual(last, first, 'the edit changed what is found');
      const ds = await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === last.join('\n'), 'the problems of the final text');
      assert.strictEqual(api.lastLint(doc.uri)?.version, doc.version);
      assert.strictEqual(api.lastLint(doc.uri)?.incremental, true, 'the composed edit was re-checked locally');

      // A fresh open of the same text shows the very same problems.
      copy = await openUntitled(doc.getText());
      const fresh = await waitForDiagnostics(copy.uri, (x) => x.length === ds.length, `${ds.length} problems in the copy`);
      assert.deepStrictEqual(shown(fresh), shown(ds));

      // Hover still answers from the cached entry of the current version.
      const hover = await hoverText(doc.uri, doc.positionAt(end - 2));
      assert.match(hover, /97124/);

      // Back to the original text, one deletion at a time (two of them coalesced).
      await vscode.window.showTextDocument(doc, { preview: false });
      await backspace(doc, end + 3);
      await api.lintNow(doc.uri);
      assert.strictEqual(api.lastLint(doc.uri)?.incremental, true);
      await backspace(doc, end + 2);
      await backspace(doc, end + 1);
      assert.strictEqual(doc.getText(), text);
      await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === first.join('\n'), 'the problems of the original text again');
    } finally {
      if (copy) await closeUntitled(copy);
      await closeUntitled(doc);
    }
  });

  test('edits far apart and across segments still end with exactly a full lint’s problems', async function () {
    this.timeout(60000);
    const text = generate837(80_000, 8);
    const doc = await openUntitled(text);
    try {
      await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === expected(doc, 1000).join('\n'), 'the problems of the opened text');
      const end = laterMissing59(text);
      // In two claims at once, then a segment terminator removed: full lints, still exact.
      await type(doc, end, ':59');
      await type(doc, 10, ' ');
      const terminator = doc.getText().indexOf('~', end);
      const edit = new vscode.WorkspaceEdit();
      edit.delete(doc.uri, new vscode.Range(doc.positionAt(terminator), doc.positionAt(terminator + 1)));
      assert.ok(await vscode.workspace.applyEdit(edit));
      const last = expected(doc, 1000);
      await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === last.join('\n'), 'the problems of the final text');
      assert.strictEqual(api.lastLint(doc.uri)?.version, doc.version);
    } finally {
      await closeUntitled(doc);
    }
  });

  test('a large file linted in slices is at once the base of incremental re-checks: an edit re-checks one claim', async function () {
    this.timeout(60000);
    const text = generate837(400_000, 5);
    const doc = await openUntitled(text);
    try {
      await showsFreshLint(doc, 'the problems of the opened text');
      // The sliced lint that showed them was the incremental linter's own: no second, blocking lint.
      assert.deepStrictEqual(api.lastLint(doc.uri), { version: doc.version, incremental: false, fullReason: 'first lint, in slices' });
      await type(doc, laterMissing59(text), ':59');
      await showsFreshLint(doc, 'the problems of the edited text');
      assert.deepStrictEqual(api.lastLint(doc.uri), { version: doc.version, incremental: true, fullReason: undefined });
    } finally {
      await closeUntitled(doc);
    }
  });

  test('in a large file, an edit that is not local (a typed segment terminator) is linted again in slices, not at once', async function () {
    this.timeout(60000);
    const text = generate837(400_000, 5);
    const doc = await openUntitled(text);
    try {
      const first = await showsFreshLint(doc, 'the problems of the opened text');
      // Split a DTP segment of a later claim in two: "DTP*472*D8*2024…" becomes "DTP*472~*D8*2024…".
      const dtp = text.indexOf('DTP*472*', text.length >> 1) + 'DTP*472'.length;
      await type(doc, dtp, '~');
      const last = await showsFreshLint(doc, 'the problems of the edited text');
      assert.notDeepStrictEqual(last, first, 'the split segment changes what is found');
      assert.deepStrictEqual(api.lastLint(doc.uri), { version: doc.version, incremental: false, fullReason: 'first lint, in slices' });
    } finally {
      await closeUntitled(doc);
    }
  });

  test('claimlint.maxProblems = 2 shows two problems and one summary, also after an edit', async function () {
    this.timeout(60000);
    const text = generate837(80_000, 7);
    const doc = await openUntitled(text);
    try {
      const all = lint(text).findings.length;
      assert.ok(all > 3, 'more findings than the cap');
      await waitForDiagnostics(doc.uri, (ds) => ds.length === Math.min(all, 1000), 'all problems');
      await setSetting('maxProblems', 2);
      const capped = await waitForDiagnostics(doc.uri, (ds) => ds.length === 3 && hasCode('too-many-findings')(ds), 'two problems and the summary');
      assert.deepStrictEqual(shown(capped), expected(doc, 2));
      const summary = capped.find((d) => codeOf(d) === 'too-many-findings')!;
      assert.match(summary.message, new RegExp(`^${all - 2} more findings are not shown .*: ${all} in all, the limit is 2 per file`));
      assert.deepStrictEqual(summary.range, new vscode.Range(0, 0, 0, 0));

      const end = laterMissing59(text);
      await type(doc, end, ':59');
      const last = expected(doc, 2);
      const after = await waitForDiagnostics(doc.uri, (ds) => shown(ds).join('\n') === last.join('\n'), 'the capped problems of the edited text');
      assert.strictEqual(after.length, 3);
      assert.strictEqual(api.lastLint(doc.uri)?.incremental, true);
    } finally {
      await closeUntitled(doc);
    }
  });
});
