import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  claimDiagnostics,
  describe,
  extensionFixtureUri,
  hasCode,
  open,
  rangeOf,
  restoreSettings,
  setSetting,
  waitForDiagnostics,
  withFolder,
} from './helpers';

/** Longer than the extension's typing debounce, so a lint that was going to run has run. */
const SETTLE_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A private copy of a fixture in a temporary folder, so saving it leaves the shipped fixture alone. */
function tempCopy(name: string): vscode.Uri {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-lifecycle-'));
  const file = path.join(dir, name);
  fs.copyFileSync(extensionFixtureUri(name).fsPath, file);
  return vscode.Uri.file(file);
}

/** files.autoSave where the tests' other settings go (workspace with a folder, else user). */
async function autoSave(value: string | undefined): Promise<void> {
  const target = withFolder() ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('files').update('autoSave', value, target);
}

suite('document lifecycle', () => {
  const temps: vscode.Uri[] = [];
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await restoreSettings();
    await autoSave(undefined);
  });
  suiteTeardown(() => {
    for (const uri of temps) fs.rmSync(path.dirname(uri.fsPath), { recursive: true, force: true });
  });

  test('claimlint.run = onSave: typing leaves the problems as they were; saving re-checks', async function () {
    this.timeout(30000);
    const uri = tempCopy('massage-with-cmt-no-59.837');
    temps.push(uri);
    // VS Code in a browser saves after a delay by default; a coder who picks onSave saves by hand.
    await autoSave('off');
    await setSetting('run', 'onSave');
    const doc = await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 on open');

    // Append modifier 59 to the 97124 composite by typing, as a coder would.
    const composite = rangeOf(doc, 'HC:97124');
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), uri.toString());
    assert.ok(await editor.edit((b) => b.insert(composite.end, ':59')));
    await sleep(SETTLE_MS);
    assert.ok(doc.isDirty, 'the edit was saved before the test saved it (auto save?)');
    const typed = claimDiagnostics(uri);
    assert.ok(hasCode('cmt-modifier-59')(typed), `on save only, typing must not re-check: ${describe(typed)}`);

    assert.ok(await doc.save(), 'the copy could not be saved');
    await waitForDiagnostics(uri, (ds) => !hasCode('cmt-modifier-59')(ds), 'the re-check after saving');
    assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /HC:97124:59/);
  });

  test('claimlint.run = onType (the default): typing re-checks without saving', async function () {
    this.timeout(30000);
    const uri = tempCopy('massage-with-cmt-no-59.837');
    temps.push(uri);
    const doc = await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 on open');
    const editor = vscode.window.activeTextEditor!;
    assert.ok(await editor.edit((b) => b.insert(rangeOf(doc, 'HC:97124').end, ':59')));
    await waitForDiagnostics(uri, (ds) => !hasCode('cmt-modifier-59')(ds), 'the re-check while typing');
    assert.ok(doc.isDirty, 'the edit was not saved');
  });

  test('closing a claim file clears its problems (an untitled one: VS Code drops it as its tab closes)', async function () {
    this.timeout(30000);
    const text = fs.readFileSync(extensionFixtureUri('massage-with-cmt-no-59.837').fsPath, 'utf8');
    const doc = await vscode.workspace.openTextDocument({ language: 'x12', content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
    const uri = doc.uri;
    assert.strictEqual(uri.scheme, 'untitled');
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 in the untitled file');
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() !== uri.toString()) return;
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closed;
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no problems after closing');
  });

  test('editor.codeActionsOnSave with source.fixAll.claimlint fixes the segment count on save, and no suggestion', async function () {
    this.timeout(30000);
    const uri = tempCopy('se-count-and-suggestion.837');
    temps.push(uri);
    const target = withFolder() ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'x12' });
    await editorConfig.update('codeActionsOnSave', { 'source.fixAll.claimlint': 'explicit' }, target, true);
    await autoSave('off');
    try {
      const doc = await open(uri);
      await waitForDiagnostics(uri, hasCode('x12-envelope'), 'the wrong SE01');
      const before = doc.getText();
      // An explicit save (as Ctrl+S): a small edit first, so there is something to save.
      const editor = vscode.window.activeTextEditor!;
      assert.ok(await editor.edit((b) => b.insert(doc.positionAt(before.length), '\n')));
      await vscode.commands.executeCommand('workbench.action.files.save');
      for (let waited = 0; doc.isDirty && waited < 10000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const saved = fs.readFileSync(uri.fsPath, 'utf8');
      assert.match(saved, /SE\*26\*0003~/, 'the mechanical SE01 fix was applied on save');
      assert.doesNotMatch(saved, /97124:59/, 'no suggestion was applied');
      assert.strictEqual(saved, before.replace('SE*99*0003~', 'SE*26*0003~') + '\n');
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, target, true);
    }
  });
});
