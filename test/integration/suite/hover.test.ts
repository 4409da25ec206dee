import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, fixtureUri, hoverText, open, rangeOf } from './helpers';

suite('hover', () => {
  suiteSetup(activate);

  test('97124 quotes the 15-minute clause, the descriptor and the clause source', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    const at = rangeOf(doc, '97124').start.translate(0, 2);
    const text = await hoverText(uri, at);
    assert.match(text, /\*\*97124\*\* — Massage, including effleurage/);
    assert.match(text, /15 minutes must be spent in performing the pre-, intra-, and post-service work in order to report code 97124/);
    assert.match(text, /Time Based — 15 minutes for 97124/);
    assert.match(text, /HNS Policy, effective 2019-05-01/);
    assert.doesNotMatch(text, /DOE|JOHN|M000001/, 'nothing from the claim beyond the code');
  });

  test('the SV1-01 composite names the element', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
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
    assert.match(text, /23 minutes → 1 unit: 15 minutes per unit for 97124/);
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
