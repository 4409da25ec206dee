import * as assert from 'assert';
import * as vscode from 'vscode';
import { fixtureUri, hasCode, open, waitForDiagnostics } from './helpers';

/** The document's semantic tokens over a range, decoded to "text=type" per line. */
async function tokens(doc: vscode.TextDocument, range: vscode.Range): Promise<string[]> {
  const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentRangeSemanticTokensLegend', doc.uri);
  const result = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentRangeSemanticTokens', doc.uri, range);
  assert.ok(legend && result, 'claimlint provides semantic tokens for X12');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < result.data.length; i += 5) {
    const [dLine, dChar, length, type] = result.data.slice(i, i + 4);
    line += dLine;
    char = dLine === 0 ? char + dChar : dChar;
    out.push(`${line}:${char} ${doc.getText(new vscode.Range(line, char, line, char + length))}=${legend.tokenTypes[type]}`);
  }
  return out;
}

suite('semantic colours from the ISA delimiters', () => {
  test("a file with + > ! ' delimiters: separators, codes and terminators as the ISA declares them", async () => {
    const uri = fixtureUri('other-delimiters.edi');
    const doc = await open(uri);
    assert.strictEqual(doc.languageId, 'x12');
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'the file is read with its own delimiters');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('SV1+HC>97124'));
    const got = await tokens(doc, new vscode.Range(line, 0, line + 1, 0));
    assert.deepStrictEqual(got, [
      `${line}:0 SV1=x12Segment`,
      `${line}:3 +=x12ElementSeparator`,
      `${line}:4 HC=x12ProcedureQualifier`,
      `${line}:6 >=x12ComponentSeparator`,
      `${line}:7 97124=x12ProcedureCode`,
      `${line}:12 +=x12ElementSeparator`,
      `${line}:13 50=x12Number`,
      `${line}:15 +=x12ElementSeparator`,
      `${line}:16 UN=x12Qualifier`,
      `${line}:18 +=x12ElementSeparator`,
      `${line}:19 1=x12Number`,
      `${line}:20 +=x12ElementSeparator`,
      `${line}:21 +=x12ElementSeparator`,
      `${line}:22 +=x12ElementSeparator`,
      `${line}:23 1=x12Number`,
      `${line}:24 '=x12Terminator`,
    ]);
    const isa = await tokens(doc, new vscode.Range(0, 0, 1, 0));
    assert.ok(isa.includes('0:82 !=x12RepetitionSeparator'), isa.join(' '));
    assert.ok(isa.includes('0:104 >=x12ComponentSeparator'), isa.join(' '));
    assert.ok(isa.includes("0:105 '=x12Terminator"), isa.join(' '));
  });

  test('a one-line file: the tokens of the visible range only, in whole segments', async () => {
    const uri = fixtureUri('one-line.x12');
    const doc = await open(uri);
    const text = doc.getText();
    const lx = text.indexOf('LX*2~');
    const got = await tokens(doc, new vscode.Range(doc.positionAt(lx + 1), doc.positionAt(lx + 3)));
    assert.deepStrictEqual(got, [`0:${lx} LX=x12Segment`, `0:${lx + 2} *=x12ElementSeparator`, `0:${lx + 3} 2=x12Number`, `0:${lx + 4} ~=x12Terminator`]);
  });
});
