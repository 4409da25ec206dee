import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintFixture, lintText, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'diagnosis-linked';

describe(RULE, () => {
  it('fires on a 97124 line without SV1-07, at the procedure code', () => {
    const r = lintFixture('massage-no-pointer.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'noPointer');
    assert.strictEqual(f.severity, 'error');
    assert.strictEqual(f.clause, 'documentation-diagnoses');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 4, 22, 12));
    assert.match(f.message, /^97124 has no diagnosis pointer.*\[HNS Policy: Documentation — Diagnoses\]$/);
  });

  it('fires on a pointer naming no diagnosis, at that pointer', () => {
    const r = lintFixture('massage-dangling-pointer.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'danglingPointer');
    assert.deepStrictEqual(f.data, { code: '97124', pointer: '3', count: 2, listed: 'only 2 diagnoses' });
    assert.match(f.message, /^97124 points at diagnosis 3, but the claim lists only 2 diagnoses\. /);
    const sv1 = spanIn(r.text, 'SV1*HC:97124', '1:3');
    assert.deepStrictEqual(f.span, { start: sv1.start + 2, end: sv1.end });
  });

  it('treats every claim diagnosis as linked on 837I lines, which carry no pointers', () => {
    const r = lintFixture('massage-837i.837i');
    assertWellFormed(r);
    assert.strictEqual(r.document.format, 'x12-837i');
    assert.strictEqual(r.document.claims[0].lines[0].hasPointerElement, false);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });

  it('fires on an 837I massage line whose claim lists no diagnosis', () => {
    let text = replaceOnce(lintFixture('massage-837i.837i').text, 'HI*ABK:M5450~\n', '');
    text = replaceOnce(text, 'SE*24*', 'SE*23*');
    const r = lintText(text, undefined, 'claim.837i');
    assertWellFormed(r);
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'noDiagnosis');
    assert.deepStrictEqual(f.span, spanIn(text, 'SV2*0420', 'HC:97124'));
  });

  it('does not fire when every pointer names a diagnosis', () => {
    for (const name of ['massage-with-cmt-no-59.837', 'massage-relaxation-only.837', 'timed-billed-in-units.837']) {
      assert.deepStrictEqual(findingsOf(lintFixture(name), RULE), [], name);
    }
  });
});
