import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activate, extensionPath, fixtureUri, hasCode, lacksCode, open, restoreSettings, setSetting, waitForDiagnostics } from './helpers';

/**
 * The policy pack is read in the background (issue 15 §5): a FIFO or a device named in
 * `claimlint.policy` must not block the extension host, which reading it on the host's thread did.
 */
suite('policy pack loading never blocks the extension host', () => {
  suiteSetup(activate);
  teardown(restoreSettings);

  test('a FIFO as the policy pack: the built-in policy applies and linting goes on; a real pack then applies', async function () {
    if (process.platform === 'win32' || !vscode.workspace.isTrusted) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-fifo-'));
    const fifo = path.join(dir, 'pack.json');
    assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 under the built-in policy');
    await setSetting('policy', fifo);
    // The host answers: a command that needs it (lint now) returns, with the built-in policy's finding.
    const api = await activate();
    const findings = (await api.lintNow(uri)) as { ruleId: string }[] | undefined;
    assert.ok(
      findings?.some((f) => f.ruleId === 'cmt-modifier-59'),
      JSON.stringify(findings?.map((f) => f.ruleId)),
    );
    // A pack without the modifier-59 clause, read in the background, then applies without another edit.
    const pack = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'src/core/policy/hns-massage-97124.json'), 'utf8'));
    pack.id = 'no-modifier-59';
    pack.clauses = pack.clauses.filter((c: { id: string }) => c.id !== 'cmt-modifier-59');
    for (const table of [pack.procedures, pack.modifiers]) {
      for (const entry of Object.values(table) as { clauses?: string[] }[])
        if (entry.clauses) entry.clauses = entry.clauses.filter((id) => id !== 'cmt-modifier-59');
    }
    const file = path.join(dir, 'real.json');
    fs.writeFileSync(file, JSON.stringify(pack));
    await setSetting('policy', file);
    await waitForDiagnostics(uri, (ds) => ds.length === 0 || lacksCode('cmt-modifier-59')(ds), 'no cmt-modifier-59 under the pack');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
