import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintFixture, lintText, range, rangeOf, spanIn } from './helpers';

const RULE = 'therapy-reduction';

describe(RULE, () => {
  it('fires when units per visit never fall after the third visit, on the last visit', () => {
    const r = lintFixture('therapy-no-reduction.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'noReduction');
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.clause, 'therapy-reduction');
    assert.deepStrictEqual(f.data, { after: 3, units: '2 → 2 → 2 → 3', visits: 4, date: '2019-06-22', codes: '97110' });
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(43, 4, 43, 12));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [0, 1, 2].map((k) => spanIn(r.text, 'SV1*HC:97110', 'HC:97110', k)),
    );
    assert.match(f.message, /\[HNS Policy: Reminders — reduction of therapies\]$/);
  });

  it('does not fire once units fall, or with three visits or fewer', () => {
    for (const name of ['therapy-reduction-falls.837', 'therapy-three-visits.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });
});

describe(`${RULE}: nothing to reduce (issue 14)`, () => {
  it('does not fire on flat one-unit visits', () => {
    for (const { format, r } of lintEveryFormat('therapy-flat-one-unit')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
    // Sharp: the same five visits at two units each never fall.
    const two = lintFixture('therapy-flat-one-unit.837').text.replace(/UN\*1\*/g, 'UN*2*');
    assert.strictEqual(findingsOf(lintText(two), RULE).length, 1);
  });

  it('does not fire when units already fell by the third visit', () => {
    for (const { format, r } of lintEveryFormat('therapy-fell-by-third-visit')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
    const flat = lintFixture('therapy-fell-by-third-visit.837').text.replace('UN*3*', 'UN*2*');
    assert.strictEqual(findingsOf(lintText(flat), RULE).length, 1);
  });
});
