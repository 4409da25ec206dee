import * as assert from 'assert';
import * as vscode from 'vscode';
import { eachFileOnItsOwn, historyAsDefault, codeActions, codeOf, fixtureUri, hasCode, lacksCode, open, rangeOf, revert, waitForDiagnostics } from './helpers';

const FIX_ALL = 'source.fixAll.claimlint';

suite('code actions', () => {
  const touched: vscode.TextDocument[] = [];
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);
  teardown(async () => {
    for (const doc of touched.splice(0)) await revert(doc);
  });

  async function openFixture(name: string): Promise<vscode.TextDocument> {
    const doc = await open(fixtureUri(name));
    touched.push(doc);
    return doc;
  }

  test('-59 quick-fix appends the modifier and the diagnostic goes away', async () => {
    const doc = await openFixture('massage-with-cmt-no-59.837');
    const before = doc.getText();
    const [d] = await waitForDiagnostics(doc.uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Append modifier 59 to 97124');
    assert.ok(fix, `no -59 action in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(fix.isPreferred, true, 'the only fix of the finding is preferred');
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.ok(fix.edit, 'resolved with an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.getText(), before.replace('SV1*HC:97124*50*UN*1***1~', 'SV1*HC:97124:59*50*UN*1***1~'));
    await waitForDiagnostics(doc.uri, (ds) => !hasCode('cmt-modifier-59')(ds), 'cmt-modifier-59 gone');
  });

  test('minutes → units quick-fix bills units and the diagnostic goes away', async () => {
    const doc = await openFixture('massage-in-minutes.837');
    const before = doc.getText();
    const [d] = await waitForDiagnostics(doc.uri, hasCode('timed-units-minutes'), 'timed-units-minutes');
    assert.strictEqual(doc.getText(d.range), 'MJ*23');
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Bill 1 unit (UN) instead of 23 minutes');
    assert.ok(fix?.edit, `no units action in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.getText(), before.replace('SV1*HC:97124*50*MJ*23***1~', 'SV1*HC:97124*50*UN*1***1~'));
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no findings left');
  });

  test('each finding offers its rule documentation', async () => {
    const doc = await openFixture('massage-with-cmt-no-59.837');
    const [d] = await waitForDiagnostics(doc.uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const docs = actions.find((a) => a.title === 'Show documentation for cmt-modifier-59');
    assert.ok(docs?.command);
    assert.strictEqual(docs.command.command, 'claimlint.showRuleDoc');
    const shown = await vscode.commands.executeCommand<vscode.Uri | undefined>(docs.command.command, ...(docs.command.arguments ?? []));
    assert.ok(shown?.path.endsWith('/docs/rules/cmt-modifier-59.md'));
    // Opened inside VS Code: the built-in Markdown preview (a webview tab), or the file itself without that extension.
    const markdown = vscode.extensions.getExtension('vscode.markdown-language-features') !== undefined;
    const opened = (): boolean =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some((t) =>
          markdown
            ? t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && /cmt-modifier-59/.test(t.label)
            : t.input instanceof vscode.TabInputText && t.input.uri.toString() === shown!.toString(),
        );
    for (let waited = 0; !opened() && waited < 10000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      opened(),
      `no ${markdown ? 'Markdown preview' : 'editor'} tab for the rule documentation: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)))}`,
    );
  });

  test('fix-all applies the SE01 count fix and leaves the suggestion alone', async () => {
    const doc = await openFixture('se-count-and-suggestion.837');
    const before = doc.getText();
    await waitForDiagnostics(doc.uri, (ds) => hasCode('x12-envelope')(ds) && hasCode('cmt-modifier-59')(ds), 'both findings');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, whole, FIX_ALL);
    assert.strictEqual(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const [fixAll] = actions;
    assert.strictEqual(fixAll.kind?.value, FIX_ALL);
    assert.ok(fixAll.edit);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.strictEqual(doc.getText(), before.replace('SE*99*0003~', 'SE*26*0003~'));
    const ds = await waitForDiagnostics(doc.uri, lacksCode('x12-envelope'), 'x12-envelope fixed');
    assert.deepStrictEqual(ds.map(codeOf), ['cmt-modifier-59']);
  });

  test('quick-fix requests do not get the source fix-all, and fix-all requests get no quick fixes (context.only)', async () => {
    const doc = await openFixture('se-count-and-suggestion.837');
    await waitForDiagnostics(doc.uri, hasCode('x12-envelope'), 'x12-envelope');
    const range = rangeOf(doc, 'SE*99');
    const quick = await codeActions(doc.uri, range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(quick.length > 0);
    assert.ok(
      quick.every((a) => a.kind?.value === 'quickfix'),
      JSON.stringify(quick.map((a) => a.kind?.value)),
    );
    const source = await codeActions(doc.uri, range, FIX_ALL);
    assert.deepStrictEqual(
      source.map((a) => a.kind?.value),
      [FIX_ALL],
    );
  });

  test('the fix-all command skips an edit computed for an older version', async () => {
    const doc = await openFixture('se-count-and-suggestion.837');
    const before = doc.getText();
    await waitForDiagnostics(doc.uri, hasCode('x12-envelope'), 'x12-envelope');
    const stale = doc.version - 1;
    assert.strictEqual(await vscode.commands.executeCommand('claimlint.fixAll', doc.uri, stale), 0);
    assert.strictEqual(doc.getText(), before);
    assert.strictEqual(await vscode.commands.executeCommand('claimlint.fixAll', doc.uri, doc.version), 1);
    assert.strictEqual(doc.getText(), before.replace('SE*99*0003~', 'SE*26*0003~'));
  });

  test('"apply this suggestion everywhere" appends 59 on both claims', async () => {
    const doc = await openFixture('two-claims-missing-59.837');
    const before = doc.getText();
    const ds = await waitForDiagnostics(doc.uri, (x) => x.filter((d) => codeOf(d) === 'cmt-modifier-59').length === 2, 'two findings');
    const actions = await codeActions(doc.uri, ds[0].range, vscode.CodeActionKind.QuickFix.value);
    const everywhere = actions.find((a) => a.title === 'Apply this suggestion everywhere in the file (cmt-modifier-59, 2 places)');
    assert.ok(everywhere?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(everywhere.edit));
    assert.strictEqual(doc.getText(), before.split('SV1*HC:97124*50*UN*1***1~').join('SV1*HC:97124:59*50*UN*1***1~'));
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 'all cmt-modifier-59 gone');
  });
});
