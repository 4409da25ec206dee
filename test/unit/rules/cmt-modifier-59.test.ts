import * as assert from 'assert';
import { assertFix, assertWellFormed, findingsOf, lintFixture, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'cmt-modifier-59';

describe(RULE, () => {
  it('fires on 97124 billed with a CMT on the same date without 59, at the SV1-01 composite', () => {
    const r = lintFixture('massage-with-cmt-no-59.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'missing59');
    assert.strictEqual(f.severity, 'error');
    assert.strictEqual(f.clause, 'cmt-modifier-59');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(25, 4, 25, 12));
    assert.deepStrictEqual(f.data, { code: '97124', cmt: '98940', date: '2019-06-01' });
    assert.match(f.message, /97124 .*CMT 98940.*modifier 59.*\[HNS Policy: Massage with CMT — modifier 59\]$/);
    assert.strictEqual(f.related.length, 1);
    assert.deepStrictEqual(rangeOf(r.text, f.related[0].span), range(22, 4, 22, 12));
  });

  it('suggests appending 59 with the file’s component separator', () => {
    const r = lintFixture('massage-with-cmt-no-59.837');
    const [f] = findingsOf(r, RULE);
    assertFix(r, f, replaceOnce(r.text, 'SV1*HC:97124*', 'SV1*HC:97124:59*'));
  });

  it('appends 59 in the next free position after existing modifiers', () => {
    const r = lintFixture('massage-with-cmt-xs.837');
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59');
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124:GP:XS'));
    assertFix(r, f, replaceOnce(r.text, 'HC:97124:GP:XS*', 'HC:97124:GP:XS:59*'));
  });

  it('accepts XE/XS/XP/XU in place of 59 only when acceptXModifiers is on', () => {
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-xs.837', { acceptXModifiers: true }), RULE).length, 0);
    const r = lintFixture('massage-with-cmt-no-59.837', { acceptXModifiers: true });
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59OrX');
  });

  it('offers no fix when all four modifier positions are taken', () => {
    const r = lintFixture('massage-with-cmt-four-modifiers.837');
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59');
    assert.deepStrictEqual(f.fixes, []);
  });

  it('does not fire with 59, or when the CMT is on another date', () => {
    for (const name of ['massage-with-cmt-59.837', 'massage-and-cmt-different-dates.837', 'timed-billed-in-units.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });

  it('can be turned off or downgraded', () => {
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-no-59.837', { rules: { [RULE]: 'off' } }), RULE).length, 0);
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-no-59.837', { rules: { [RULE]: 'info' } }), RULE)[0].severity, 'info');
  });
});
