import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintFixture, range, rangeOf, spanIn } from './helpers';

const RULE = 'audit-multiple-units';

describe(RULE, () => {
  it('fires on one 97124 line with two units', () => {
    const r = lintFixture('massage-two-units-one-line.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'oneLine');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'audit-trigger');
    assert.deepStrictEqual(f.data, { code: '97124', units: 2, date: '2019-06-01', max: 1, maxUnits: '1 unit', lines: 1 });
    assert.match(
      f.message,
      /^97124 comes to 2 units on 2019-06-01; payors scrutinize massage billed for more than 1 unit on the same date\. \[HNS Policy: Audit-Trigger Code\]$/,
    );
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 4, 22, 15));
    assert.deepStrictEqual(f.related, []);
    assert.deepStrictEqual(f.fixes, []);
  });

  it('fires across claims of one patient on one date, on the line that goes over, the other as related', () => {
    const r = lintFixture('massage-two-claims-same-date.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'severalLines');
    assert.strictEqual(f.data.lines, 2);
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124', 1));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [spanIn(r.text, 'SV1*HC:97124', 'HC:97124', 0)],
    );
  });

  it('counts minutes as units (30 minutes of 97124 are 2 units)', () => {
    const [f] = findingsOf(lintFixture('timed-billed-in-minutes.837'), RULE);
    assert.strictEqual(f.data.units, 2);
  });

  it('does not fire for one unit per patient and date', () => {
    for (const name of ['massage-two-patients-same-date.837', 'massage-four-visits.837', 'massage-with-cmt-59.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });
});
