import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SHARED_ROOT, assertFix, assertWellFormed, findingsOf, lintFixture, lintText, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'timed-units-minutes';

describe(RULE, () => {
  it('fires on timed codes billed in minutes, from SV1-03 to SV1-04', () => {
    const r = lintFixture('timed-billed-in-minutes.837');
    assertWellFormed(r);
    const fs_ = findingsOf(r, RULE);
    assert.deepStrictEqual(
      fs_.map((f) => [f.data.code, f.data.minutes, f.data.units]),
      [
        ['97124', 30, 2],
        ['97110', 23, 2],
        ['97140', 22, 1],
      ],
    );
    const [f] = fs_;
    assert.strictEqual(f.messageId, 'minutes');
    assert.strictEqual(f.severity, 'error');
    assert.strictEqual(f.clause, 'time-based-increments');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 16, 22, 21));
    assert.match(
      f.message,
      /^97124 is billed in minutes \(MJ\); time-based codes are billed in units\. 30 minutes → 2 units: whole units only for 97124 \(no rounding up from 8 minutes\)\. \[HNS Policy: Time Based\]$/,
    );
    assert.deepStrictEqual(fs_[1].span, spanIn(r.text, 'SV1*HC:97110', 'MJ*23'));
  });

  it('suggests units: ⌊minutes/15⌋ for 97124, the 8-minute rule for other timed codes', () => {
    const r = lintFixture('timed-billed-in-minutes.837');
    const [massage, ther, manual] = findingsOf(r, RULE);
    assertFix(r, massage, replaceOnce(r.text, 'MJ*30', 'UN*2'));
    assertFix(r, ther, replaceOnce(r.text, 'MJ*23', 'UN*2'));
    assertFix(r, manual, replaceOnce(r.text, 'MJ*22', 'UN*1'));
  });

  it('follows the strict-floor rounding mode', () => {
    const config = { timedRounding: 'strict-floor' as const };
    const r = lintFixture('timed-billed-in-minutes.837', config);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => f.data.units),
      [2, 1, 1],
    );
    assertFix(r, found[1], replaceOnce(r.text, 'MJ*23', 'UN*1'), config);
  });

  it('follows the cms-8-minute mode: units from the date’s total timed minutes', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const r = lintFixture('timed-minutes-cms.837', config);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.units]),
      [
        ['97110', 2],
        ['97140', 1],
      ],
    );
    assert.match(found[1].message, /7 minutes → 1 unit: CMS 8-minute rule over 40 timed minutes/);
    assertFix(r, found[1], replaceOnce(r.text, 'MJ*7', 'UN*1'), config);
  });

  it('offers no fix when the minutes make no unit (timed-under-minimum handles those)', () => {
    const r = lintFixture('timed-minutes-cms.837');
    const f = findingsOf(r, RULE).find((x) => x.data.code === '97140')!;
    assert.strictEqual(f.data.units, 0);
    assert.deepStrictEqual(f.fixes, []);
  });

  it('reports an unreadable minute quantity without a fix', () => {
    const text = replaceOnce(lintFixture('timed-billed-in-minutes.837').text, 'MJ*30', 'MJ*X');
    const [f] = findingsOf(lintText(text), RULE);
    assert.strictEqual(f.messageId, 'unreadableMinutes');
    assert.deepStrictEqual(f.span, spanIn(text, 'SV1*HC:97124', 'MJ*X'));
    assert.deepStrictEqual(f.fixes, []);
  });

  it('never fires for anesthesia minutes or for lines billed in units', () => {
    for (const name of ['anesthesia-in-minutes.837', 'timed-billed-in-units.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
    const corpus = path.join(SHARED_ROOT, 'corpus', 'x12-837p', 'stupidedi-anesthesia.edi');
    const r = lintText(fs.readFileSync(corpus, 'utf8'), undefined, 'stupidedi-anesthesia.edi');
    assert.ok(
      r.document.claims.some((c) => c.lines.some((l) => l.unitBasis?.value === 'MJ')),
      'the corpus file bills minutes',
    );
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });
});
