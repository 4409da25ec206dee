import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintFixture, range, rangeOf, spanIn } from './helpers';

const RULE = 'not-medically-necessary';

describe(RULE, () => {
  it('fires when every linked diagnosis is a relaxation/stress code, at the pointers', () => {
    const r = lintFixture('massage-relaxation-only.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'relaxationOnly');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'massage-medical-necessity');
    assert.deepStrictEqual(f.data, { code: '97124', diagnoses: 'Z733, Z73.2' });
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 23, 22, 26));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [spanIn(r.text, 'HI*', 'Z733'), spanIn(r.text, 'HI*', 'Z73.2')],
    );
    assert.match(f.message, /\[HNS Policy: Audit-Trigger Code — medical necessity\]$/);
  });

  it('uses every claim diagnosis on 837I lines, and the procedure code as the range', () => {
    const r = lintFixture('massage-837i-relaxation.837i');
    assertWellFormed(r);
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.data.diagnoses, 'Z733');
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV2*0420', 'HC:97124'));
  });

  it('does not fire when any linked diagnosis is not a relaxation code', () => {
    for (const name of ['massage-relaxation-and-medical.837', 'massage-837i.837i', 'massage-with-cmt-no-59.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });
});

describe(`${RULE}: R45.7 (issue 14)`, () => {
  it('R45.7 (state of emotional shock and stress) alone is not medical necessity, in every format', () => {
    for (const { format, r } of lintEveryFormat('massage-stress-state-only')) {
      assertWellFormed(r);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.match(f.message, /^97124 is linked only to R45\.?7: relaxation or stress relief, not medical necessity\./, format);
    }
  });
});
