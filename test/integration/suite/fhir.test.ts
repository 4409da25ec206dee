import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, claimDiagnostics, codeOf, fixtureUri, hasCode, hoverText, open, rangeOf, waitForDiagnostics } from './helpers';

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

  test('json: the hover over 97124 quotes the 15-minute clause', async () => {
    const uri = fixtureUri('fhir-massage-with-cmt-no-59.json');
    const doc = await open(uri);
    const text = await hoverText(uri, rangeOf(doc, '"97124"').start.translate(0, 2));
    assert.match(text, /15 minutes must be spent in performing the pre-, intra-, and post-service work/);
  });

  test('a FHIR resource that is not a claim (Patient) gets nothing', async () => {
    const patient = fixtureUri('fhir-patient-not-a-claim.json');
    const doc = await open(patient);
    assert.strictEqual(doc.languageId, 'json');
    const claim = fixtureUri('fhir-massage-with-cmt-no-59.json');
    await open(claim);
    await waitForDiagnostics(claim, hasCode('cmt-modifier-59'), 'the claim opened after the Patient');
    assert.deepStrictEqual(claimDiagnostics(patient), []);
  });
});
