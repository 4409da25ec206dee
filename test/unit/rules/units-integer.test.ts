import * as assert from 'assert';
import { assertFix, assertWellFormed, findingsOf, lintFixture, lintText, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'units-integer';

describe(RULE, () => {
  it('fires on fractional, zero and negative unit quantities of timed codes, on SV1-04', () => {
    const r = lintFixture('timed-units-not-whole.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.messageId, f.data.code, f.data.units]),
      [
        ['notWhole', '97124', '1.5'],
        ['belowOne', '97110', '0'],
        ['belowOne', '97140', '-1'],
      ],
    );
    for (const f of found) {
      assert.strictEqual(f.severity, 'error');
      assert.strictEqual(f.clause, 'time-based-increments');
    }
    assert.deepStrictEqual(rangeOf(r.text, found[0].span), range(22, 19, 22, 22));
    assert.deepStrictEqual(found[2].span, spanIn(r.text, 'SV1*HC:97140', '-1'));
    assert.match(found[0].message, /^97124 is billed as 1\.5 units/);
  });

  it('suggests rounding down when the quantity is at least one, and nothing below one', () => {
    const r = lintFixture('timed-units-not-whole.837');
    const [whole, zero, negative] = findingsOf(r, RULE);
    assertFix(r, whole, replaceOnce(r.text, 'SV1*HC:97124*50*UN*1.5', 'SV1*HC:97124*50*UN*1'));
    assert.deepStrictEqual(zero.fixes, []);
    assert.deepStrictEqual(negative.fixes, []);
  });

  it('reports a quantity that is not a number', () => {
    const text = replaceOnce(lintFixture('timed-billed-in-units.837').text, 'SV1*HC:97124*50*UN*1', 'SV1*HC:97124*50*UN*A');
    const [f] = findingsOf(lintText(text), RULE);
    assert.strictEqual(f.messageId, 'notANumber');
    assert.deepStrictEqual(f.fixes, []);
  });

  it('ignores untimed codes and whole units', () => {
    const r = lintFixture('timed-units-not-whole.837');
    assert.ok(!findingsOf(r, RULE).some((f) => f.data.code === '99213'), '99213 is not timed');
    assert.deepStrictEqual(findingsOf(lintFixture('timed-billed-in-units.837'), RULE), []);
    assert.deepStrictEqual(findingsOf(lintFixture('timed-billed-in-minutes.837'), RULE), []);
  });
});
