import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, claimDiagnostics, codeOf, fixtureUri, hasCode, open, waitForDiagnostics, withFolder } from './helpers';

interface ClaimSummary {
  id: string;
  totalCharge?: number;
  lines: number;
  problems: number;
  range: vscode.Range;
}

suite('commands', () => {
  suiteSetup(activate);

  test('claim summary: one entry per claim with lines and problems', async () => {
    const uri = fixtureUri('two-claims-missing-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'findings');
    const summary = await vscode.commands.executeCommand<ClaimSummary[]>('claimlint.showClaimSummary', uri);
    assert.deepStrictEqual(
      summary.map((s) => [s.id, s.totalCharge, s.lines, s.problems]),
      [
        ['ACCT1', 150, 2, 1],
        ['ACCT6', 150, 2, 1],
      ],
    );
  });

  test('lint all claim files in the workspace fills the Problems panel, JSON left alone', async function () {
    const result = await vscode.commands.executeCommand<{ files: number; problems: number }>('claimlint.lintWorkspace');
    if (!withFolder()) {
      assert.deepStrictEqual(result, { files: 0, problems: 0, skipped: 0 });
      return;
    }
    assert.ok(result.files >= 6, JSON.stringify(result));
    assert.ok(result.problems >= 7, JSON.stringify(result));
    const institutional = fixtureUri('institutional.837i');
    assert.ok(claimDiagnostics(institutional).some((d) => codeOf(d) === 'timed-units-minutes'));
    assert.deepStrictEqual(claimDiagnostics(fixtureUri('plain.json')), []);
  });
});
