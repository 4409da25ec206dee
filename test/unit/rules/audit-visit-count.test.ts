import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintFixture, lintText, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'audit-visit-count';

describe(RULE, () => {
  it('fires on the fourth distinct 97124 date for one patient, earlier visits related', () => {
    const r = lintFixture('massage-four-visits.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'tooManyVisits');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'audit-trigger');
    assert.deepStrictEqual(f.data, { code: '97124', date: '2019-06-22', visit: 4, visits: 4, max: 3 });
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124', 3));
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(43, 4, 43, 12));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [0, 1, 2].map((k) => spanIn(r.text, 'SV1*HC:97124', 'HC:97124', k)),
    );
    assert.match(f.message, /more than 3 visits\. \[HNS Policy: Audit-Trigger Code\]$/);
  });

  it('counts visits per patient', () => {
    const r = lintFixture('massage-three-visits-two-patients.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });
});

describe(`${RULE}: voids and replacements (issue 14)`, () => {
  it('three visits and a void are three visits, in every format', () => {
    for (const { format, r } of lintEveryFormat('massage-three-visits-and-a-void')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
    const text = lintFixture('massage-three-visits-and-a-void.837').text;
    assert.strictEqual(findingsOf(lintText(replaceOnce(text, '11:B:8*', '11:B:1*')), RULE).length, 1, 'as an original, the fourth date is a fourth visit');
  });

  it('a visit replaced is counted once, in every format', () => {
    for (const { format, r } of lintEveryFormat('massage-three-visits-one-replaced')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
  });
});
