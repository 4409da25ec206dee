import * as assert from 'assert';
import * as vscode from 'vscode';
import { eachFileOnItsOwn, historyAsDefault, codeOf, fixtureUri, hasCode, hoverText, open, rangeOf, waitForDiagnostics } from './helpers';

/**
 * The launcher installs a stand-in for another X12 extension (test/integration/other-x12-extension)
 * that also contributes the `x12` language id, with its own file extensions, grammar and hover.
 * claimlint must go on working beside it.
 */
const OTHER = 'claimlint-test.other-x12';

suite('beside another X12 extension (same x12 language id)', () => {
  suiteSetup(eachFileOnItsOwn);
  suiteTeardown(historyAsDefault);
  test('both are installed; X12 files are still claimlint’s: problems, hovers, formatting and colours', async function () {
    this.timeout(30000);
    const other = vscode.extensions.getExtension(OTHER);
    assert.ok(other, `${OTHER} is installed in this run`);
    const uri = fixtureUri('two-claims-missing-59.837');
    const doc = await open(uri);
    assert.strictEqual(doc.languageId, 'x12');
    await other.activate();
    assert.ok(other.isActive, 'the other extension activated on the x12 language too');
    assert.ok(vscode.extensions.getExtension('claimlint.claimlint')?.isActive);

    const ds = await waitForDiagnostics(uri, (x) => x.filter((d) => codeOf(d) === 'cmt-modifier-59').length === 2, 'both claims’ findings');
    assert.deepStrictEqual(
      ds.map((d) => d.range.start.line).sort((a, b) => a - b),
      [25, 34],
    );

    const hover = await hoverText(uri, rangeOf(doc, '97124').start);
    assert.match(hover, /other-x12 hover/, 'the other extension’s hover');
    assert.match(hover, /Massage, including effleurage/, 'and claimlint’s');

    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentRangeSemanticTokensLegend', uri);
    assert.ok(legend?.tokenTypes.includes('x12Segment'), 'claimlint colours X12 (semantic tokens)');
    await open(fixtureUri('one-line.x12'));
    const formatted = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', fixtureUri('one-line.x12'), {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(formatted.length > 20, 'claimlint formats X12');
  });

  test('a .edi file, an extension both claim, is linted (the .txt suite runs beside it too)', async () => {
    const edi = fixtureUri('other-delimiters.edi');
    const doc = await open(edi);
    assert.strictEqual(doc.languageId, 'x12');
    await waitForDiagnostics(edi, hasCode('cmt-modifier-59'), 'cmt-modifier-59 in the .edi file');
  });
});
