import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activate, claimDiagnostics, codeOf, extensionFixtureUri, fixtureUri, hasCode, hoverText, rangeOf, waitForDiagnostics } from './helpers';

const DEADLINE_MS = 10000;

/** The open document of `uri` once it has `language` (a language switch closes the document and opens it again). */
function documentWithLanguage(uri: vscode.Uri, language: string): Promise<vscode.TextDocument> {
  const find = (): vscode.TextDocument | undefined =>
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed && d.languageId === language);
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      reject(new Error(`timed out waiting for ${uri.path} as ${language} (it is ${doc?.languageId ?? 'not open'})`));
    }, DEADLINE_MS);
    const sub = vscode.workspace.onDidOpenTextDocument(() => {
      const doc = find();
      if (!doc) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(doc);
    });
  });
}

/** Opens a file and shows it; resolves with the language it opened in (before any switch, which needs a round trip to the window). */
async function openFile(uri: vscode.Uri): Promise<string> {
  await activate();
  const doc = await vscode.workspace.openTextDocument(uri);
  const language = doc.languageId;
  await vscode.window.showTextDocument(doc, { preview: false });
  return language;
}

/**
 * Events are handled in order: once a later document has been switched, every document opened
 * before it has been looked at too. Lets a test see that something did not happen, without sleeping.
 */
async function afterPendingSwitches(): Promise<void> {
  const text = fs.readFileSync(extensionFixtureUri('claim.txt').fsPath, 'utf8');
  const probe = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
  await documentWithLanguage(probe.uri, 'x12');
}

suite('plain-text claim files (.txt, .dat, no extension)', () => {
  suiteSetup(activate);

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a .txt holding an 837 is X12 and is linted', async () => {
    // Its first line starts with ISA, so VS Code's firstLine match already makes it X12.
    const uri = fixtureUri('claim.txt');
    await openFile(uri);
    const doc = await documentWithLanguage(uri, 'x12');
    const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 in claim.txt');
    assert.strictEqual(ds.length, 1);
    assert.deepStrictEqual(ds[0].range, rangeOf(doc, 'HC:97124'));
    assert.match(await hoverText(uri, rangeOf(doc, '97124').start), /Massage, including effleurage/);
  });

  test('a .dat with a BOM and blank lines before the ISA opens as Plain Text and is switched to X12; a file without an extension is X12 too', async () => {
    const dat = fixtureUri('claim.dat');
    assert.strictEqual(await openFile(dat), 'plaintext', 'no firstLine match: the ISA is not on the first line');
    const datDoc = await documentWithLanguage(dat, 'x12');
    await waitForDiagnostics(dat, hasCode('timed-units-minutes'), 'timed-units-minutes in claim.dat');
    assert.deepStrictEqual(
      claimDiagnostics(dat).map((d) => [codeOf(d), datDoc.getText(d.range)]),
      [['timed-units-minutes', 'MJ*23']],
    );
    const bare = fixtureUri('CLAIM837');
    await openFile(bare);
    await documentWithLanguage(bare, 'x12');
    await waitForDiagnostics(bare, hasCode('cmt-modifier-59'), 'cmt-modifier-59 in CLAIM837');
  });

  test('plain text that only mentions ISA stays Plain Text, with no problems', async () => {
    const uri = fixtureUri('notes.txt');
    assert.strictEqual(await openFile(uri), 'plaintext');
    await afterPendingSwitches();
    assert.strictEqual(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId, 'plaintext');
    assert.deepStrictEqual(claimDiagnostics(uri), []);
  });

  test('a document put back to Plain Text stays Plain Text, even one VS Code made X12 itself', async () => {
    const uri = fixtureUri('claim.txt');
    await openFile(uri);
    const x12 = await documentWithLanguage(uri, 'x12');
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'linted as X12 first');
    await vscode.languages.setTextDocumentLanguage(x12, 'plaintext');
    const plain = await documentWithLanguage(uri, 'plaintext');
    await afterPendingSwitches();
    assert.strictEqual(plain.languageId, 'plaintext', 'claimlint did not switch it again');
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no problems on the plain-text document');
  });

  test('an 837 pasted into an untitled plain-text document becomes X12', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    await vscode.window.showTextDocument(doc);
    const text = fs.readFileSync(extensionFixtureUri('massage-with-cmt-no-59.837').fsPath, 'utf8');
    assert.ok(await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(0, 0), text)));
    await documentWithLanguage(doc.uri, 'x12');
    await waitForDiagnostics(doc.uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 in the pasted claim');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
