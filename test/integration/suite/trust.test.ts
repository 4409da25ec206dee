import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaimIndex } from '../../../src/extension/claimIndex';
import { activate, codeOf, fixtureUri, hasCode, open, waitForDiagnostics, withFolder } from './helpers';

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

  test("the claim index reads the folder's claim files whether or not the workspace is trusted (it runs nothing from them)", async function () {
    if (!withFolder()) this.skip();
    const index = ((await activate()) as unknown as { claimIndex(): ClaimIndex }).claimIndex();
    await index.whenReady();
    const file = index.files.find((f) => f.name === 'patient-visits.837');
    assert.ok(file?.facts && file.facts.count > 0, 'patient-visits.837 indexed with its service lines');
  });
});
