import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintText, replaceOnce, lintFixture, range, rangeOf, spanIn } from './helpers';

const RULE = 'max-two-modalities';

describe(RULE, () => {
  it('fires on the third and fourth distinct therapy codes of one visit', () => {
    const r = lintFixture('four-modalities-one-visit.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.position, f.data.count]),
      [
        ['97112', 3, 4],
        ['97035', 4, 4],
      ],
    );
    const [f] = found;
    assert.strictEqual(f.messageId, 'tooMany');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'two-modalities-per-visit');
    assert.strictEqual(f.data.codes, '97110, 97140, 97112, 97035');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(28, 4, 28, 12));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      ['HC:97110', 'HC:97140'].map((c) => spanIn(r.text, `SV1*${c}`, c)),
    );
    assert.match(f.message, /\[HNS Policy: Reminders — two modalities per visit\]$/);
  });

  it('counts distinct codes per date: repeats, CMT and other dates do not count', () => {
    const r = lintFixture('two-modalities-repeated.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });
});

describe(`${RULE}: encounters across claims, evaluations and G0283 (issue 14)`, () => {
  it('counts the modalities of one visit billed on two claims (same patient, date and billing provider)', () => {
    for (const { format, r } of lintEveryFormat('three-modalities-two-claims')) {
      assertWellFormed(r);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.deepStrictEqual([f.data.code, f.data.position, f.data.count, f.data.codes], ['97035', 3, 3, '97110, 97140, 97035'], format);
      assert.strictEqual(f.related.length, 2, format);
    }
  });

  it('does not count the modalities of a voided claim', () => {
    const text = lintFixture('three-modalities-two-claims.837').text;
    assert.deepStrictEqual(findingsOf(lintText(replaceOnce(text, 'CLM*PCN2*50***11:B:1*', 'CLM*PCN2*50***11:B:8*')), RULE), []);
  });

  it('does not count evaluations (97161–97172): an evaluation and two modalities are two modalities', () => {
    for (const { format, r } of lintEveryFormat('evaluation-and-two-modalities')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
  });

  it('counts G0283 as a modality', () => {
    for (const { format, r } of lintEveryFormat('g0283-and-two-modalities')) {
      assertWellFormed(r);
      assert.deepStrictEqual(
        findingsOf(r, RULE).map((f) => f.data.codes),
        ['G0283, 97110, 97140'],
        format,
      );
    }
  });
});
