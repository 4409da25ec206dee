import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, claimDiagnostics, codeActions, codeOf, fixtureUri, hasCode, hoverText, open, rangeOf, revert, waitForDiagnostics } from './helpers';

suite('FHIR claims in JSON and XML', () => {
  suiteSetup(activate);

  for (const [name, language] of [
    ['fhir-massage-with-cmt-no-59.json', 'json'],
    ['fhir-massage-with-cmt-no-59.xml', 'xml'],
  ] as const) {
    test(`${language}: the Claim is linted like an 837`, async () => {
      const uri = fixtureUri(name);
      const doc = await open(uri);
      assert.strictEqual(doc.languageId, language);
      const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
      const d = ds.find((x) => codeOf(x) === 'cmt-modifier-59')!;
      assert.strictEqual(d.source, 'claimlint');
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(doc.getText(d.range).includes('97124'), doc.getText(d.range));
      assert.ok(doc.getText(d.relatedInformation![0].location.range).includes('98940'));
    });
  }

  test('json: a Claim whose resourceType comes after 64 KB of narrative is still linted (no padding hides a claim)', async () => {
    const original = await vscode.workspace.fs.readFile(fixtureUri('fhir-massage-with-cmt-no-59.json'));
    const claim = JSON.parse(new TextDecoder().decode(original)) as Record<string, unknown>;
    const padded = { text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(70_000)}</div>` }, ...claim };
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(padded, null, 2) });
    assert.ok(doc.getText().indexOf('"resourceType"') > 65536, 'resourceType after the first 64 KB');
    try {
      await vscode.window.showTextDocument(doc);
      const ds = await waitForDiagnostics(doc.uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59 on the padded claim');
      assert.ok(doc.getText(ds.find((x) => codeOf(x) === 'cmt-modifier-59')!.range).includes('97124'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('json: the claim summary command works on a FHIR claim (offered in its command palette too)', async () => {
    const uri = fixtureUri('fhir-massage-with-cmt-no-59.json');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const summary = await vscode.commands.executeCommand<{ claims: { id: string; lines: { problems: unknown[] }[] }[] }>('claimlint.showClaimSummary', uri);
    assert.deepStrictEqual(
      summary.claims.map((c) => [c.id, c.lines.length, c.lines.reduce((n, l) => n + l.problems.length, 0)]),
      [['PCN-cmt-no-59', 2, 1]],
    );
  });

  test("json: the hover over 97124 quotes the finding's clause and names the code", async () => {
    const uri = fixtureUri('fhir-massage-with-cmt-no-59.json');
    const doc = await open(uri);
    const text = await hoverText(uri, rangeOf(doc, '"97124"').start.translate(0, 2));
    assert.match(text, /^“If it is appropriate to report massage \(97124\) together with a CMT/m);
    assert.match(text, /^\*\*97124\*\* Massage, including effleurage.* · timed; “15 minutes must be spent … in order to report code 97124”/m);
    assert.match(text, /^\*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved\.\*$/m);
  });

  test("xml: the hover over 97124 quotes the finding's clause and names the code", async () => {
    const uri = fixtureUri('fhir-massage-with-cmt-no-59.xml');
    const doc = await open(uri);
    const text = await hoverText(uri, rangeOf(doc, '"97124"').start.translate(0, 2));
    assert.match(text, /^“If it is appropriate to report massage \(97124\) together with a CMT/m);
    assert.match(text, /^\*\*97124\*\* Massage, including effleurage.* · timed; “15 minutes must be spent … in order to report code 97124”/m);
    assert.match(text, /^\*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved\.\*$/m);
  });

  const modifierJson = [
    ',',
    '      "modifier": [',
    '        {',
    '          "coding": [',
    '            {',
    '              "system": "http://www.ama-assn.org/go/cpt",',
    '              "code": "59"',
    '            }',
    '          ]',
    '        }',
    '      ]',
  ].join('\n');
  const modifierXml = [
    '',
    '    <modifier>',
    '      <coding>',
    '        <system value="http://www.ama-assn.org/go/cpt"/>',
    '        <code value="59"/>',
    '      </coding>',
    '    </modifier>',
  ].join('\n');
  for (const [name, after, inserted] of [
    ['fhir-massage-with-cmt-no-59.json', /"code": "97124"\n\s*\}\n\s*\]\n\s*\}/, modifierJson],
    ['fhir-massage-with-cmt-no-59.xml', /<code value="97124"\/>\n\s*<\/coding>\n\s*<\/productOrService>/, modifierXml],
  ] as const) {
    test(`${name.slice(-4)}: the -59 quick-fix adds a modifier coding in place and the diagnostic goes away`, async () => {
      const uri = fixtureUri(name);
      const doc = await open(uri);
      const before = doc.getText();
      try {
        const ds = await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
        const d = ds.find((x) => codeOf(x) === 'cmt-modifier-59')!;
        const actions = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find((a) => a.title === 'Append modifier 59 to 97124');
        assert.ok(fix?.edit, `no -59 action in ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        const m = after.exec(before)!;
        const at = m.index + m[0].length;
        assert.strictEqual(doc.getText(), before.slice(0, at) + inserted + before.slice(at));
        await waitForDiagnostics(uri, (xs) => !hasCode('cmt-modifier-59')(xs), 'cmt-modifier-59 gone');
      } finally {
        await revert(doc);
      }
    });
  }

  test('a FHIR resource that is not a claim (Patient) gets nothing when opened (a workspace lint may have left its info)', async () => {
    const patient = fixtureUri('fhir-patient-not-a-claim.json');
    const doc = await open(patient);
    assert.strictEqual(doc.languageId, 'json');
    const claim = fixtureUri('fhir-massage-with-cmt-no-59.json');
    await open(claim);
    await waitForDiagnostics(claim, hasCode('cmt-modifier-59'), 'the claim opened after the Patient');
    // The workspace lint (commands suite) reports it as one info; opening it adds nothing.
    assert.deepStrictEqual(
      claimDiagnostics(patient)
        .filter((d) => d.severity !== vscode.DiagnosticSeverity.Information)
        .map((d) => d.message),
      [],
    );
    assert.ok(claimDiagnostics(patient).length <= 1);
  });
});
