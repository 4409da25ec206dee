import * as assert from 'assert';
import * as vscode from 'vscode';
import { eachFileOnItsOwn, historyAsDefault, fixtureUri, hasCode, hoverText, open, rangeOf, waitForDiagnostics, waitForPreview } from './helpers';

suite('hover', () => {
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);

  test('97124 with a finding: the words of its clause first, once, then the descriptor; the other clauses behind a link', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const at = rangeOf(doc, '97124').start.translate(0, 2);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
    const ours = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && c.value.includes('97124'));
    assert.ok(ours, 'claimlint hovers over 97124');
    const paragraphs = ours.value.split('\n\n');
    assert.match(paragraphs[0], /^“If it is appropriate to report massage \(97124\) together with a CMT/);
    assert.match(paragraphs[1], /^\*\*97124\*\* Massage, including effleurage.* · \[7 more clauses\]\(command:claimlint\.showPolicy\?/);
    assert.strictEqual(ours.value.split('Massage, including effleurage').length, 2, 'the descriptor once');
    assert.ok(!ours.value.includes('is billed with CMT'), "the finding itself is the editor's (diagnostics show in the hover)");
    assert.deepStrictEqual(ours.isTrusted, { enabledCommands: ['claimlint.showPolicy'] });
    assert.doesNotMatch(ours.value, /DOE|JOHN|M000001/, 'nothing from the claim beyond the code');

    // The link behind "7 more clauses": the policy's clauses for 97124, rendered.
    const link = /\]\((command:claimlint\.showPolicy\?[^)]*)\)/.exec(paragraphs[1])![1];
    const target = vscode.Uri.parse(link);
    const page = await vscode.commands.executeCommand<vscode.Uri>(target.path, ...(JSON.parse(decodeURIComponent(target.query)) as unknown[]));
    const text = (await vscode.workspace.openTextDocument(page)).getText();
    assert.match(text, /^# 97124: what HNS massage therapy/);
    assert.match(text, /## Time Based — 15 minutes for 97124\n\n> It is important to recognize that 15 minutes must be spent/);
    await waitForPreview('97124');
  });

  test('the SV1-01 composite names the element (a code without a finding)', async () => {
    const uri = fixtureUri('massage-in-minutes.837');
    const doc = await open(uri);
    const qualifier = await hoverText(uri, rangeOf(doc, 'HC:97124').start);
    assert.match(qualifier, /SV1-01-1\*\* Product\/Service ID Qualifier \(in SV1-01 Composite Medical Procedure Identifier\) — 2400 Service Line/);
    const code = await hoverText(uri, rangeOf(doc, '97124').start);
    assert.match(code, /SV1-01-2\*\* Procedure Code \(in SV1-01 Composite Medical Procedure Identifier\)/);
  });

  test('the unit basis shows the minutes → units arithmetic', async () => {
    const uri = fixtureUri('massage-in-minutes.837');
    const doc = await open(uri);
    const text = await hoverText(uri, rangeOf(doc, 'MJ*23').start);
    assert.match(text, /\*\*SV1-03\*\* Unit or Basis for Measurement Code — 2400 Service Line/);
    assert.match(text, /^23 minutes → 1 unit: whole units only for 97124 \(no rounding up from 8 minutes\) · rounding `policy`$/m);
  });

  test('the hover range is the element under the cursor', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    const code = rangeOf(doc, '97124');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, code.start.translate(0, 1));
    const ours = hovers.find((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('97124')));
    assert.ok(ours?.range);
    assert.strictEqual(doc.getText(ours.range), '97124');
  });
});
