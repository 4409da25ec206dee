import * as assert from 'assert';
import * as vscode from 'vscode';
import { capFindings, lint } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model/finding';
import { generate837 } from '../../../bench/generate';
import {
  eachFileOnItsOwn,
  historyAsDefault,
  claimDiagnostics,
  codeOf,
  fixtureUri,
  hasCode,
  open,
  restoreSettings,
  setSetting,
  waitForDiagnostics,
} from './helpers';

/** "ruleId@line:char-line:char" for diagnostics and for the core's findings, to compare the two. */
function keysOf(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
}

function expectedKeys(doc: vscode.TextDocument, findings: readonly Finding[]): string[] {
  return findings
    .map((f) => {
      const s = doc.positionAt(f.span.start);
      const e = doc.positionAt(f.span.end);
      return `${f.ruleId}@${s.line}:${s.character}-${e.line}:${e.character}`;
    })
    .sort();
}

/**
 * A 2 MB batch whose first SE01 is 5 too high, open in an editor with its x12-envelope problem
 * shown: one mechanical fix, found and checked by lints of the whole file.
 */
async function openBatchWithWrongSe01(): Promise<{ text: string; doc: vscode.TextDocument }> {
  const text = generate837(2_000_000, 9).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 5}*`);
  const doc = await vscode.workspace.openTextDocument({ language: 'x12', content: text });
  await vscode.window.showTextDocument(doc);
  await waitForDiagnostics(doc.uri, hasCode('x12-envelope'), 'the wrong SE01', 30000);
  return { text, doc };
}

suite('large files and the problem cap', () => {
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);
  teardown(restoreSettings);

  test('claimlint.maxProblems caps the problems of a file, with one summary saying how many more', async () => {
    const uri = fixtureUri('two-claims-missing-59.837');
    await open(uri);
    await waitForDiagnostics(uri, (ds) => ds.filter((d) => codeOf(d) === 'cmt-modifier-59').length === 2, 'both cmt-modifier-59 problems');
    await setSetting('maxProblems', 1);
    const ds = await waitForDiagnostics(uri, (ds) => ds.length === 2 && hasCode('too-many-findings')(ds), 'one problem and the summary');
    const summary = ds.find((d) => codeOf(d) === 'too-many-findings')!;
    assert.match(summary.message, /^1 more findings are not shown \(1 error\): 2 in all, the limit is 1 per file/);
    assert.deepStrictEqual(summary.range, new vscode.Range(0, 0, 0, 0));
    await setSetting('maxProblems', undefined);
    await waitForDiagnostics(uri, (ds) => ds.length === 2 && !hasCode('too-many-findings')(ds), 'both problems again');
  });

  test('a large batch is linted in slices with exactly the problems a full lint gives, also after typing', async function () {
    this.timeout(60000);
    const text = generate837(400_000, 5);
    const doc = await vscode.workspace.openTextDocument({ language: 'x12', content: text });
    try {
      await vscode.window.showTextDocument(doc);
      const findings = capFindings(lint(text).findings, 1000);
      const first = expectedKeys(doc, findings);
      assert.ok(first.length > 50, 'the generated batch has problems');
      await waitForDiagnostics(doc.uri, (ds) => ds.length === first.length, `${first.length} problems`, 30000);
      assert.deepStrictEqual(keysOf(claimDiagnostics(doc.uri)), first);

      // Type 59 onto the first massage line that lacks it, one keystroke at a time, while the
      // previous lints may still be running: only the final text's problems may remain.
      const missing59 = findings.find((f) => f.ruleId === 'cmt-modifier-59');
      assert.ok(missing59, 'the batch has a massage line without 59');
      const end = missing59.span.end;
      assert.strictEqual(text.slice(end - 5, end), '97124');
      for (const [k, ch] of [':', '5', '9'].entries()) {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, doc.positionAt(end + k), ch);
        assert.ok(await vscode.workspace.applyEdit(edit));
      }
      assert.strictEqual(doc.getText().slice(end - 5, end + 3), '97124:59');
      const last = expectedKeys(doc, capFindings(lint(doc.getText()).findings, 1000));
      assert.notDeepStrictEqual(last, first, 'the edit changed what is found');
      const ds = await waitForDiagnostics(doc.uri, (ds) => keysOf(ds).join() === last.join(), 'the problems of the final text', 30000);
      assert.deepStrictEqual(keysOf(ds), last);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('fix-all on a large batch (its lints run in slices) fixes the segment count', async function () {
    this.timeout(90000);
    const { text, doc } = await openBatchWithWrongSe01();
    try {
      assert.strictEqual(await vscode.commands.executeCommand<number>('claimlint.fixAll', doc.uri, doc.version), 1);
      assert.strictEqual(
        doc.getText(),
        text.replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) - 5}*`),
      );
      await waitForDiagnostics(doc.uri, (ds) => !hasCode('x12-envelope')(ds), 'the count fixed', 30000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('fix-all gives up, changing nothing, when the document is edited while the fixes are computed', async function () {
    this.timeout(90000);
    const { text, doc } = await openBatchWithWrongSe01();
    try {
      const pending = vscode.commands.executeCommand<number>('claimlint.fixAll', doc.uri, doc.version);
      // Typed while the fix loop is between two slices.
      await new Promise((r) => setImmediate(r));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), ' ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.strictEqual(await pending, 0);
      assert.strictEqual(doc.getText(), ' ' + text);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
