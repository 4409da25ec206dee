import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintFixture, range, rangeOf, spanIn } from './helpers';

const RULE = 'code-format';

describe(RULE, () => {
  it('fires on codes that are neither CPT nor HCPCS, and on malformed modifiers', () => {
    const r = lintFixture('code-format.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.messageId, f.data.code, f.data.modifier]),
      [
        ['badCode', '9712', undefined],
        ['badModifier', '97110', '5'],
        ['badCode', 'A12345', undefined],
      ],
    );
    for (const f of found) {
      assert.strictEqual(f.severity, 'error');
      assert.strictEqual(f.clause, 'accurate-coding');
      assert.deepStrictEqual(f.fixes, []);
    }
    assert.deepStrictEqual(rangeOf(r.text, found[0].span), range(20, 7, 20, 11));
    const mod = spanIn(r.text, 'SV1*HC:97110:5', ':5*');
    assert.deepStrictEqual(found[1].span, { start: mod.start + 1, end: mod.end - 1 });
  });

  it('accepts 5-digit CPT, 4 digits + F/T/U, HCPCS letter + 4 digits and two-character modifiers', () => {
    const r = lintFixture('code-format.837');
    const flagged = new Set(findingsOf(r, RULE).map((f) => f.data.code));
    for (const ok of ['0001F', 'J1234', '99213']) assert.ok(!flagged.has(ok), ok);
    for (const name of ['massage-with-cmt-four-modifiers.837', 'anesthesia-in-minutes.837', 'massage-837i.837i']) {
      assert.deepStrictEqual(findingsOf(lintFixture(name), RULE), [], name);
    }
  });
});
