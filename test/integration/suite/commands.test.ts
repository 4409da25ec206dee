import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, claimDiagnostics, codeOf, fixtureUri, hasCode, open, waitForDiagnostics, withFolder } from './helpers';

interface WorkspaceLintResult {
  files: number;
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
  notClaims: number;
  skippedNotClaims: number;
  overLimit: number;
  cancelled: boolean;
  message: string;
}

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

  test('lint all claim files in the workspace: found by name and by content, a non-claim FHIR resource is an info', async function () {
    this.timeout(30000);
    const result = await vscode.commands.executeCommand<WorkspaceLintResult>('claimlint.lintWorkspace');
    if (!withFolder()) {
      assert.strictEqual(result.files, 0);
      assert.strictEqual(result.message, 'Open a folder to lint its claim files.');
      return;
    }
    // 7 X12 files by name, 3 by content (.txt, .dat, no extension), 2 FHIR claims (JSON, XML).
    assert.strictEqual(result.files, 12, JSON.stringify(result));
    assert.strictEqual(result.notClaims, 1, 'the Patient resource');
    assert.strictEqual(result.skippedNotClaims, 2, 'notes.txt and plain.json');
    assert.strictEqual(result.cancelled, false);
    assert.strictEqual(result.problems, result.errors + result.warnings + result.infos);
    assert.match(
      result.message,
      /^Checked 12 claim files: \d+ problems \(\d+ errors, \d+ warnings?, \d+ infos?\)\. 1 FHIR resource is not a claim \(an info in Problems\)\. 2 files without an ISA header or FHIR claim were skipped\.$/,
    );
    const institutional = fixtureUri('institutional.837i');
    assert.ok(claimDiagnostics(institutional).some((d) => codeOf(d) === 'timed-units-minutes'));
    for (const name of ['claim.txt', 'CLAIM837'])
      assert.ok(
        claimDiagnostics(fixtureUri(name)).some((d) => codeOf(d) === 'cmt-modifier-59'),
        name,
      );
    assert.deepStrictEqual(
      claimDiagnostics(fixtureUri('claim.dat')).map((d) => codeOf(d)),
      ['timed-units-minutes'],
    );
    const patient = claimDiagnostics(fixtureUri('fhir-patient-not-a-claim.json'));
    assert.deepStrictEqual(
      patient.map((d) => [codeOf(d), d.severity, d.message]),
      [['fhir-structure', vscode.DiagnosticSeverity.Information, 'The resource is a Patient, not a Claim or a Bundle of Claims; nothing was checked.']],
    );
    assert.deepStrictEqual(claimDiagnostics(fixtureUri('plain.json')), []);
    assert.deepStrictEqual(claimDiagnostics(fixtureUri('notes.txt')), []);
  });
});
