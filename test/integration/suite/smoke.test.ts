import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'claimlint.claimlint';

suite('smoke', () => {
  test('the extension is installed', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found`);
  });

  test('the extension activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('the window matches the run mode (folder or no folder)', () => {
    const mode = process.env.CLAIMLINT_TEST_MODE;
    if (mode === undefined) return; // run by something other than the server launcher
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, mode === 'nofolder' ? 0 : 1, `mode ${mode}`);
  });
});
