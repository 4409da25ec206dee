import * as assert from 'assert';
import * as vscode from 'vscode';
import { claimDiagnostics, codeOf, fixtureUri, hasCode, open, revert, waitForDiagnostics } from './helpers';

/** Each diagnostic as rule id, message and the text it underlines: what a layout change must keep. */
function kept(doc: vscode.TextDocument, ds: readonly vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${codeOf(d)} | ${d.message} | ${doc.getText(d.range)}`).sort();
}

suite('X12 formatting', () => {
  teardown(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  test('Format Document puts one segment per line; Join Segments puts them back; the problems stay', async () => {
    const uri = fixtureUri('one-line.x12');
    const doc = await open(uri);
    const original = doc.getText();
    const before = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 on the one-line file');
    const cmt = before.find((d) => codeOf(d) === 'cmt-modifier-59')!;
    assert.strictEqual(cmt.range.start.line, 0);
    const cmtOffset = doc.offsetAt(cmt.range.start);
    const segmentsBefore = original.slice(0, cmtOffset).split('~').length - 1;
    const keptBefore = kept(doc, before);
    const underlined = doc.getText(cmt.range);

    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits && edits.length > 0, 'the formatter offers edits');
    const we = new vscode.WorkspaceEdit();
    we.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    const segments = original.split('~').length - 1;
    assert.strictEqual(doc.lineCount, segments + (original.endsWith('\n') ? 1 : 0), 'one line per segment');
    assert.strictEqual(doc.getText().replace(/\n/g, ''), original.replace(/\n/g, ''), 'nothing but line breaks changed');
    for (let line = 0; line < segments; line++) assert.ok(doc.lineAt(line).text.endsWith('~'), `line ${line} is one segment`);

    const split = await waitForDiagnostics(
      uri,
      (ds) => ds.some((d) => codeOf(d) === 'cmt-modifier-59' && d.range.start.line > 0),
      'the problems after formatting',
    );
    assert.deepStrictEqual(kept(doc, split), keptBefore, 'same rules, messages and underlined text');
    const moved = split.find((d) => codeOf(d) === 'cmt-modifier-59')!;
    assert.strictEqual(moved.range.start.line, segmentsBefore, 'the finding is on the line of its segment');
    assert.strictEqual(doc.getText(moved.range), underlined);

    assert.strictEqual(await vscode.commands.executeCommand<boolean>('claimlint.joinSegments'), true);
    assert.strictEqual(doc.getText(), original, 'joined back byte for byte');
    const joined = await waitForDiagnostics(
      uri,
      (ds) => ds.some((d) => codeOf(d) === 'cmt-modifier-59' && d.range.start.line === 0),
      'the problems after joining',
    );
    assert.deepStrictEqual(kept(doc, joined), keptBefore);
    assert.deepStrictEqual(
      claimDiagnostics(uri).map((d) => [codeOf(d), d.range.start.character, d.range.end.character]),
      before.map((d) => [codeOf(d), d.range.start.character, d.range.end.character]),
    );
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('claimlint.joinSegments'), false, 'already one line: no edit');
  });

  test('Put Each Segment on Its Own Line works as a command; Format Selection only touches the selection', async () => {
    const uri = fixtureUri('one-line.x12');
    const doc = await open(uri);
    const original = doc.getText();
    const clm = original.indexOf('CLM*');
    const lx = original.indexOf('LX*1~');
    const range = new vscode.Range(doc.positionAt(clm), doc.positionAt(lx));
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatRangeProvider', uri, range, { tabSize: 2, insertSpaces: true });
    assert.deepStrictEqual(
      edits.map((e) => doc.offsetAt(e.range.start)),
      [clm, ...[...original.slice(clm, lx).matchAll(/~/g)].map((m) => clm + m.index + 1)],
      'a break before the selected segments and after each of them',
    );
    for (const e of edits) assert.ok(range.contains(e.range), 'inside the selection');

    assert.strictEqual(await vscode.commands.executeCommand<boolean>('claimlint.splitSegments'), true);
    assert.strictEqual(doc.lineCount, original.split('~').length - 1 + (original.endsWith('\n') ? 1 : 0));
  });
});
