import * as assert from 'assert';
import { assertWellFormed, fhirText, findingsOf, lintFixture, lintText, replaceOnce, spanIn } from './helpers';
import { applyEdits } from '../../../src/core/fixes';

const RULE = 'x12-diagnosis-codes';

describe(RULE, () => {
  it('reports an ICD-9-CM qualifier (BK/BF) on a claim with services from 2015-10-01 on, at the qualifier', () => {
    const r = lintFixture('diagnosis-icd9-after-2015.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.messageId, f.severity, f.data.qualifier, f.data.date]),
      [
        ['icd9AfterIcd10Date', 'error', 'BK', '2019-06-01'],
        ['icd9AfterIcd10Date', 'error', 'BF', '2019-06-01'],
      ],
    );
    assert.deepStrictEqual(found[0].span, spanIn(r.text, 'HI*', 'BK'));
    assert.strictEqual(
      found[0].message,
      'Diagnosis 1 has the ICD-9-CM qualifier BK, but the claim has services on 2019-06-01: ICD-10-CM (ABK, ABF …) from 2015-10-01 on.',
    );
    assert.strictEqual(found[0].clause, undefined);
    assert.deepStrictEqual(found[0].fixes, []);
  });

  it('accepts ICD-9-CM before 2015-10-01, and the day before the change', () => {
    const r = lintFixture('diagnosis-icd9-before-2015.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
    const after = lintFixture('diagnosis-icd9-after-2015.837').text;
    assert.deepStrictEqual(findingsOf(lintText(after.replace(/D8\*20190601/g, 'D8*20150930')), RULE), []);
    assert.strictEqual(findingsOf(lintText(after.replace(/D8\*20190601/g, 'D8*20151001')), RULE).length, 2);
  });

  it('reports a decimal point in a diagnosis code; the mechanical fix removes it', () => {
    const r = lintFixture('diagnosis-decimal-point.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'decimalPoint');
    assert.deepStrictEqual(f.span, spanIn(r.text, 'HI*', 'M54.50'));
    assert.strictEqual(f.message, 'Diagnosis code "M54.50" is written with a decimal point; X12 carries diagnosis codes without it (M5450).');
    assert.strictEqual(f.fixes.length, 1);
    assert.strictEqual(f.fixes[0].kind, 'fix');
    const { text } = applyEdits(r.text, f.fixes[0].edits);
    assert.strictEqual(text, replaceOnce(r.text, 'M54.50', 'M5450'));
    const after = lintText(text);
    assertWellFormed(after);
    assert.deepStrictEqual(findingsOf(after, RULE), []);
    assert.deepStrictEqual(
      after.findings.filter((x) => x.severity === 'error'),
      [],
    );
  });

  it('checks void claims too: a malformed void is rejected', () => {
    const r = lintFixture('massage-void-in-minutes.837');
    assert.deepStrictEqual(
      findingsOf(r, RULE).map((f) => f.messageId),
      ['decimalPoint'],
    );
    // The void's minutes are not billed, so timed rules leave it alone.
    assert.deepStrictEqual(findingsOf(r, 'timed-under-minimum'), []);
    assert.deepStrictEqual(findingsOf(r, 'cmt-modifier-59'), []);
  });

  it('does not apply to FHIR, whose ICD-10-CM codings carry the dot', () => {
    for (const name of ['massage-stress-state-only.json', 'massage-stress-state-only.xml']) {
      assert.deepStrictEqual(findingsOf(lintText(fhirText(name), undefined, name), RULE), [], name);
    }
  });

  it('is silent on the well-formed fixtures', () => {
    for (const name of ['massage-with-cmt-59.837', 'timed-billed-in-units.837']) assert.deepStrictEqual(findingsOf(lintFixture(name), RULE), [], name);
  });
});
