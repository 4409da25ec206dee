import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  eachFileOnItsOwn,
  historyAsDefault,
  activate,
  claimDiagnostics,
  codeOf,
  extensionFixtureUri,
  fixtureUri,
  hasCode,
  hoverText,
  open,
  rangeOf,
  waitForDiagnostics,
  withFolder,
  waitForPreview,
} from './helpers';

suite('diagnostics', () => {
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);

  test('837P: cmt-modifier-59 with code, doc target, range, severity, source and the CMT line related', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    assert.strictEqual(doc.languageId, 'x12');
    const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    assert.strictEqual(ds.length, 1, 'only the policy finding; the envelope is right');
    const d = ds[0];
    assert.strictEqual(d.source, 'claimlint');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(d.range, new vscode.Range(25, 4, 25, 12));
    assert.strictEqual(doc.getText(d.range), 'HC:97124');
    assert.match(d.message, /97124 is billed with CMT 98940 on 2019-05-01 without modifier 59/);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'cmt-modifier-59');
    // The rule id opens the rendered rule page: a command link, as the Problems panel runs it.
    assert.ok(code.target instanceof vscode.Uri);
    assert.strictEqual(code.target.scheme, 'command');
    assert.strictEqual(code.target.path, 'claimlint.showRuleDoc');
    const args = JSON.parse(decodeURIComponent(code.target.query)) as unknown[];
    assert.deepStrictEqual(args, ['cmt-modifier-59']);
    const page = await vscode.commands.executeCommand<vscode.Uri>(code.target.path, ...args);
    assert.ok(page.path.endsWith('/docs/rules/cmt-modifier-59.md'), page.toString());
    await vscode.workspace.fs.stat(page);
    await waitForPreview('cmt-modifier-59');
    assert.strictEqual(d.relatedInformation?.length, 1);
    const related = d.relatedInformation![0];
    assert.strictEqual(related.location.uri.toString(), uri.toString());
    assert.strictEqual(doc.getText(related.location.range), 'HC:98940');
  });

  test('837I: minutes error and audit warning on the SV2 line', async () => {
    const uri = fixtureUri('institutional.837i');
    const doc = await open(uri);
    const ds = await waitForDiagnostics(uri, (x) => hasCode('timed-units-minutes')(x) && hasCode('audit-multiple-units')(x), '837I findings');
    const minutes = ds.find((d) => codeOf(d) === 'timed-units-minutes')!;
    assert.strictEqual(minutes.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(minutes.range), 'MJ*30');
    assert.deepStrictEqual(minutes.range, rangeOf(doc, 'MJ*30'));
    const audit = ds.find((d) => codeOf(d) === 'audit-multiple-units')!;
    assert.strictEqual(audit.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(doc.getText(audit.range), 'HC:97124');
  });

  test('a one-line X12 file: ranges on line 0 at the right characters', async () => {
    const uri = fixtureUri('one-line.x12');
    const doc = await open(uri);
    assert.strictEqual(doc.lineCount, 1);
    const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const d = ds.find((x) => codeOf(x) === 'cmt-modifier-59')!;
    assert.strictEqual(d.range.start.line, 0);
    assert.strictEqual(d.range.start.character, doc.getText().indexOf('HC:97124'));
    assert.strictEqual(doc.getText(d.range), 'HC:97124');
  });

  test('a file from outside any workspace folder is linted too', async () => {
    // In no-folder mode every fixture is such a file; in folder mode this one lies outside the folder.
    const uri = extensionFixtureUri('massage-in-minutes.837');
    if (withFolder()) {
      assert.strictEqual(vscode.workspace.getWorkspaceFolder(uri), undefined);
    } else {
      assert.strictEqual(vscode.workspace.workspaceFolders, undefined);
    }
    await open(uri);
    const ds = await waitForDiagnostics(uri, hasCode('timed-units-minutes'), 'timed-units-minutes');
    assert.strictEqual(ds.length, 1);
  });

  test('a plain JSON file gets nothing: no diagnostics, no hover', async () => {
    const json = fixtureUri('plain.json');
    const doc = await open(json);
    assert.strictEqual(doc.languageId, 'json');
    // Opened after the JSON file: once its diagnostics are in, the JSON file has been seen.
    const claim = fixtureUri('massage-with-cmt-no-59.837');
    await open(claim);
    await waitForDiagnostics(claim, hasCode('cmt-modifier-59'), 'the claim after the JSON');
    assert.deepStrictEqual(claimDiagnostics(json), []);
    const hover = await hoverText(json, rangeOf(doc, '97124').start.translate(0, 1));
    assert.doesNotMatch(hover, /Massage|SV1|claimlint|policy/i);
  });
});

suite('document symbols and status bar', () => {
  suiteSetup(activate);

  test('outline: interchange → transaction → claim → service lines', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const doc = await open(uri);
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
    assert.strictEqual(symbols.length, 1);
    const [interchange] = symbols;
    assert.match(interchange.name, /Interchange/);
    const transaction = interchange.children[0];
    assert.match(transaction.name, /^837 /);
    const claim = transaction.children[0];
    assert.match(claim.name, /^CLM ACCT1 \$150\.00/);
    assert.strictEqual(claim.kind, vscode.SymbolKind.Object);
    assert.deepStrictEqual(
      claim.children.map((l) => l.name),
      ['98940 × 1 UN 2019-05-01', '97124 × 1 UN 2019-05-01'],
    );
    assert.strictEqual(doc.getText(claim.selectionRange), 'CLM');
  });

  test('folding per claim and per service line', async () => {
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    const ranges = (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri)) ?? [];
    const starts = ranges.map((r) => r.start);
    assert.ok(starts.includes(18), `claim folds from the CLM line: ${JSON.stringify(ranges)}`);
    assert.ok(starts.includes(21) && starts.includes(24), `service lines fold from their LX: ${JSON.stringify(ranges)}`);
  });

  test('status bar: claims and problems of the active file', async () => {
    const api = await activate();
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'findings');
    assert.match(api.statusText(), /1 claim · 1 problem$/);
    await open(fixtureUri('plain.json'));
    assert.strictEqual(api.statusText(), '');
  });
});
