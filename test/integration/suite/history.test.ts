import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaimIndex } from '../../../src/extension/claimIndex';
import {
  historySettled,
  activate,
  claimDiagnostics,
  codeOf,
  extensionPath,
  hoverText,
  open,
  poll,
  rangeOf,
  setSetting,
  waitForDiagnostics,
  withFolder,
} from './helpers';

/** A folder the tests create and remove; its name sorts after every fixture. */
const TEMP = 'zz-history';
const FIRST = 'visits-0601-0608.837';
const SECOND = 'visits-0615-0622.837';

async function claimIndex(): Promise<ClaimIndex> {
  const api = (await activate()) as unknown as { claimIndex(): ClaimIndex };
  return api.claimIndex();
}

/**
 * A patient's history across the workspace (issue 16), in the real editor: a finding in one file
 * that cites lines in another, a related location that opens the other file, and the hover that
 * counts the patient's visits over both.
 */
suite('a patient history across the workspace', () => {
  let folder: vscode.Uri;
  let index: ClaimIndex;

  suiteSetup(async function () {
    if (!withFolder()) return;
    this.timeout(30000);
    index = await claimIndex();
    folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, TEMP);
    await vscode.workspace.fs.createDirectory(folder);
    for (const name of [FIRST, SECOND]) {
      const text = fs.readFileSync(path.join(extensionPath(), 'test', 'fixtures', 'history', name));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), text);
    }
    await poll(
      () => (index.files.some((f) => f.name.endsWith(FIRST)) && index.files.some((f) => f.name.endsWith(SECOND)) ? true : undefined),
      'the index to read both files',
    );
  });

  suiteTeardown(async () => {
    if (!withFolder()) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true }).then(
      () => undefined,
      () => undefined,
    );
    await setSetting('history.scope', undefined);
    await historySettled();
  });

  test('the fourth visit is found over two files; its related locations in the other file open it', async function () {
    if (!withFolder()) this.skip();
    this.timeout(30000);
    const second = vscode.Uri.joinPath(folder, SECOND);
    const doc = await open(second);
    const ds = await waitForDiagnostics(second, (d) => d.some((x) => codeOf(x) === 'audit-visit-count'), 'audit-visit-count over two files');
    const d = ds.find((x) => codeOf(x) === 'audit-visit-count')!;
    assert.deepStrictEqual(d.range, rangeOf(doc, 'HC:97124', 1));
    const related = d.relatedInformation ?? [];
    const firstUri = vscode.Uri.joinPath(folder, FIRST);
    assert.deepStrictEqual(
      related.map((r) => [r.location.uri.toString(), r.location.range.start.line, r.location.range.start.character, r.message]),
      [
        [firstUri.toString(), 22, 4, 'Visit 1: 2019-06-01'],
        [firstUri.toString(), 29, 4, 'Visit 2: 2019-06-08'],
        [second.toString(), 22, 4, 'Visit 3: 2019-06-15'],
      ],
    );
    // What a click on the related location does: the other file opens, the line selected.
    const location = related[1].location;
    const editor = await vscode.window.showTextDocument(location.uri, { selection: location.range });
    assert.strictEqual(editor.document.uri.toString(), firstUri.toString());
    assert.strictEqual(editor.document.getText(editor.selection), 'HC:97124');
  });

  test('the hover of the massage code says which visit it is, and where the others are', async function () {
    if (!withFolder()) this.skip();
    this.timeout(30000);
    const second = vscode.Uri.joinPath(folder, SECOND);
    const doc = await open(second);
    await waitForDiagnostics(second, (d) => d.some((x) => codeOf(x) === 'audit-visit-count'), 'the lint against the history');
    const text = await hoverText(second, rangeOf(doc, '97124', 1).start.translate(0, 2));
    assert.match(
      text,
      /Visit 4 of 4 for this patient — 2019-06-01 in zz-history\/visits-0601-0608\.837, 2019-06-08 in zz-history\/visits-0601-0608\.837, 2019-06-15 \(this file\), 2019-06-22 \(this file\)/,
    );
  });

  test('the workspace lint checks files that are not open against the history too', async function () {
    if (!withFolder()) this.skip();
    this.timeout(60000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const second = vscode.Uri.joinPath(folder, SECOND);
    await vscode.commands.executeCommand('claimlint.lintWorkspace');
    const d = claimDiagnostics(second).find((x) => codeOf(x) === 'audit-visit-count');
    assert.ok(d, `the fourth visit, found with the file closed: ${JSON.stringify(claimDiagnostics(second).map(codeOf))}`);
    assert.deepStrictEqual(
      (d.relatedInformation ?? []).map((r) => r.location.uri.toString()),
      [vscode.Uri.joinPath(folder, FIRST).toString(), vscode.Uri.joinPath(folder, FIRST).toString(), second.toString()],
    );
  });

  test('claimlint.history.scope = file: each file on its own, and back', async function () {
    if (!withFolder()) this.skip();
    this.timeout(30000);
    const second = vscode.Uri.joinPath(folder, SECOND);
    await open(second);
    await setSetting('history.scope', 'file');
    await waitForDiagnostics(second, (d) => !d.some((x) => codeOf(x) === 'audit-visit-count'), 'no fourth visit in the file alone');
    await setSetting('history.scope', undefined);
    await waitForDiagnostics(second, (d) => d.some((x) => codeOf(x) === 'audit-visit-count'), 'the fourth visit again');
  });
});
