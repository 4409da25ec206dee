import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  eachFileOnItsOwn,
  historyAsDefault,
  activate,
  claimDiagnostics,
  codeOf,
  fixtureUri,
  hasCode,
  open,
  poll,
  rangeOf,
  restoreSettings,
  setSetting,
  waitForDiagnostics,
  waitForPreview,
  withFolder,
} from './helpers';

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

interface ClaimViewModel {
  claims: { id: string; totalCharge?: number; problems: unknown[]; lines: { problems: unknown[] }[] }[];
}

suite('commands', () => {
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);

  test('claim summary (the claim view): one entry per claim with its charge, lines and problems', async () => {
    const uri = fixtureUri('two-claims-missing-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'findings');
    const summary = await vscode.commands.executeCommand<ClaimViewModel>('claimlint.showClaimSummary', uri);
    assert.deepStrictEqual(
      summary.claims.map((c) => [c.id, c.totalCharge, c.lines.length, c.lines.reduce((n, l) => n + l.problems.length, c.problems.length)]),
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
    // 8 X12 files by name, 3 by content (.txt, .dat, no extension), 2 FHIR claims (JSON, XML).
    assert.strictEqual(result.files, 13, JSON.stringify(result));
    assert.strictEqual(result.notClaims, 1, 'the Patient resource');
    assert.strictEqual(result.skippedNotClaims, 2, 'notes.txt and plain.json');
    assert.strictEqual(result.cancelled, false);
    assert.strictEqual(result.problems, result.errors + result.warnings + result.infos);
    assert.match(
      result.message,
      /^Checked 13 claim files: \d+ problems \(\d+ errors, \d+ warnings?, \d+ infos?\)\. 1 FHIR resource is not a claim \(an info in Problems\)\. 2 files without an ISA header or FHIR claim were skipped\.$/,
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
      [['format-unsupported', vscode.DiagnosticSeverity.Information, 'The resource is a Patient, not a Claim or a Bundle of Claims; nothing was checked.']],
    );
    assert.deepStrictEqual(claimDiagnostics(fixtureUri('plain.json')), []);
    assert.deepStrictEqual(claimDiagnostics(fixtureUri('notes.txt')), []);
  });

  test('Show Rule Documentation pre-selects the rule under the cursor and opens its rendered page', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const editor = vscode.window.activeTextEditor!;
    const at = rangeOf(doc, '97124').start;
    editor.selection = new vscode.Selection(at, at);
    let result: vscode.Uri | undefined | null = null;
    void vscode.commands.executeCommand<vscode.Uri | undefined>('claimlint.showRuleDoc').then((r) => (result = r));
    // Accept whatever the list has selected once it shows: the rule under the cursor, untouched by us.
    await poll(async () => {
      if (result !== null) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    }, 'the rule list to be accepted');
    const page = await poll(() => (result === null ? undefined : result), 'the command to finish');
    assert.ok(page && page.path.endsWith('/docs/rules/cmt-modifier-59.md'), String(page));
    await waitForPreview('cmt-modifier-59');
  });

  test('an unknown id in claimlint.rules is reported once; a policy clause id is named as one', async () => {
    const api = await activate();
    try {
      await setSetting('rules', { 'audit-trigger': 'info', 'cmt-modifier-59': 'warning' });
      await poll(() => (api.unknownRuleIds().includes('audit-trigger') ? true : undefined), 'audit-trigger to be reported');
      await setSetting('rules', { 'audit-trigger': 'off', 'no-such-rule': 'off' });
      await poll(() => (api.unknownRuleIds().includes('no-such-rule') ? true : undefined), 'no-such-rule to be reported');
      assert.deepStrictEqual(
        api.unknownRuleIds().filter((id) => id === 'audit-trigger' || id === 'no-such-rule'),
        ['audit-trigger', 'no-such-rule'],
        'each once, though audit-trigger was in the setting twice',
      );
    } finally {
      await restoreSettings();
    }
  });
});
