import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, codeOf, fixtureUri, hasCode, open, waitForDiagnostics } from './helpers';

/**
 * The launcher runs these in every mode, and in the "untrusted" run (workspace trust on, the
 * folder never trusted) together with the policy-pack test of the settings suite, which checks
 * that a workspace policy pack is ignored there.
 */
suite('workspace trust', () => {
  suiteSetup(activate);

  test('the workspace is trusted in every run but the untrusted one', function () {
    const mode = process.env.CLAIMLINT_TEST_MODE;
    if (mode === undefined) this.skip();
    assert.strictEqual(vscode.workspace.isTrusted, mode !== 'untrusted');
  });

  test('claims are linted with the built-in policy whether or not the workspace is trusted', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const d = ds.find((x) => codeOf(x) === 'cmt-modifier-59')!;
    assert.match(d.message, /\[HNS Policy: Massage with CMT — modifier 59\]/);
  });
});
