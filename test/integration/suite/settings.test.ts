import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activate, codeOf, extensionPath, fixtureUri, hasCode, open, restoreSettings, setSetting, waitForDiagnostics } from './helpers';

suite('settings change diagnostics live', () => {
  suiteSetup(activate);
  teardown(restoreSettings);

  test('turning a rule off removes its diagnostics, and back on brings them back', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    await setSetting('rules', { 'cmt-modifier-59': 'off' });
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'the rule off');
    await setSetting('rules', undefined);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'the rule back on');
  });

  test('a per-rule severity override changes the severity', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await setSetting('rules', { 'cmt-modifier-59': 'info' });
    const ds = await waitForDiagnostics(
      uri,
      (x) => x.some((d) => codeOf(d) === 'cmt-modifier-59' && d.severity === vscode.DiagnosticSeverity.Information),
      'cmt-modifier-59 as information',
    );
    assert.strictEqual(ds.length, 1);
  });

  test('another rounding mode changes the minutes → units message', async () => {
    const uri = fixtureUri('massage-in-minutes.837');
    await open(uri);
    const policy = await waitForDiagnostics(uri, hasCode('timed-units-minutes'), 'timed-units-minutes');
    assert.match(policy[0].message, /23 minutes → 1 unit: whole units only for 97124/);
    await setSetting('timedRounding', 'cms-8-minute');
    const cms = await waitForDiagnostics(uri, (ds) => ds.some((d) => /CMS 8-minute rule/.test(d.message)), 'the CMS 8-minute message');
    const minutes = cms.find((d) => codeOf(d) === 'timed-units-minutes')!;
    // 97124 is billed in whole 15-minute units under every rounding: 23 minutes are 1 unit, not 2.
    assert.match(minutes.message, /23 minutes → 1 unit: CMS 8-minute rule over 23 timed minutes on the date; 97124 gets whole 15-minute units only/);
    // So one unit of massage on the date, and nothing for the audit rule.
    assert.ok(!cms.some((d) => codeOf(d) === 'audit-multiple-units'));
  });

  test('acceptXModifiers changes the cmt-modifier-59 message', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await setSetting('acceptXModifiers', true);
    await waitForDiagnostics(uri, (ds) => ds.some((d) => /without modifier 59 or XE\/XS\/XP\/XU/.test(d.message)), 'the X-modifier message');
  });

  test('a policy pack path replaces the built-in policy (ignored when the workspace is not trusted)', async () => {
    const builtin = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'src/core/policy/hns-massage-97124.json'), 'utf8'));
    // The same pack without the modifier-59 clause: the rule that cites only that clause no longer applies.
    const drop = (ids?: string[]) => ids?.filter((id) => id !== 'cmt-modifier-59');
    builtin.id = 'no-modifier-59';
    builtin.clauses = builtin.clauses.filter((c: { id: string }) => c.id !== 'cmt-modifier-59');
    for (const table of [builtin.procedures, builtin.modifiers]) {
      for (const entry of Object.values(table) as { clauses?: string[] }[]) if (entry.clauses) entry.clauses = drop(entry.clauses);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-policy-'));
    const file = path.join(dir, 'pack.json');
    fs.writeFileSync(file, JSON.stringify(builtin));
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 under the built-in policy');
    await setSetting('policy', file);
    if (vscode.workspace.isTrusted) {
      await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no cmt-modifier-59 under the pack');
    } else {
      // The diagnostic is there already, so waiting for it proves nothing. VS Code withholds a
      // restricted setting's workspace value from an untrusted workspace (`get` and `inspect` do not
      // show it), so wait until it is in the folder's settings file, then lint now and look at what
      // that lint found.
      const settingsFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
      const written = (): boolean => fs.existsSync(settingsFile) && fs.readFileSync(settingsFile, 'utf8').includes(JSON.stringify(file).slice(1, -1));
      for (let waited = 0; !written(); waited += 20) {
        assert.ok(waited < 10000, 'the policy setting was not written to the workspace settings');
        await new Promise((r) => setTimeout(r, 20));
      }
      const api = await activate();
      const findings = (await api.lintNow(uri)) as { ruleId: string }[] | undefined;
      assert.ok(
        findings?.some((f) => f.ruleId === 'cmt-modifier-59'),
        `the built-in policy still applies: ${JSON.stringify(findings?.map((f) => f.ruleId))}`,
      );
    }
    await setSetting('policy', undefined);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'back to the built-in policy');
  });
});
