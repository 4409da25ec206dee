import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintFixture, replaceOnce, lintText, spanIn } from './helpers';

const RULE = 'supervised-modality-units';

describe(RULE, () => {
  it('fires on a supervised modality billed for 2 units on a visit, and across two claims of one visit', () => {
    const r = lintFixture('supervised-modality-two-units.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.units, f.data.date, f.messageId, f.severity, f.clause]),
      [
        ['97014', 2, '2019-06-01', 'tooMany', 'error', 'accurate-coding'],
        ['G0283', 2, '2019-06-08', 'tooMany', 'error', 'accurate-coding'],
      ],
    );
    assert.deepStrictEqual(found[0].span, spanIn(r.text, 'SV1*HC:97014', 'HC:97014'));
    assert.strictEqual(
      found[0].message,
      '97014 comes to 2 units on 2019-06-01; a supervised modality is billed as 1 unit per visit, whatever the number of applications. [HNS Policy: Reminders — accurate coding]',
    );
    assert.deepStrictEqual(found[0].related, []);
    // The second G0283 (on the second claim) takes the count over; the first is related.
    assert.deepStrictEqual(found[1].span, spanIn(r.text, 'SV1*HC:G0283', 'HC:G0283', 1));
    assert.deepStrictEqual(
      found[1].related.map((x) => [x.span, x.message]),
      [[spanIn(r.text, 'SV1*HC:G0283', 'HC:G0283', 0), 'G0283 on 2019-06-08: 1 unit']],
    );
    assert.deepStrictEqual(found[0].fixes, []);
  });

  it('does not fire on one unit of each supervised modality per visit', () => {
    const r = lintFixture('supervised-modality-once-per-visit.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });

  it('does not count a voided claim’s units', () => {
    const text = lintFixture('supervised-modality-two-units.837').text;
    const voided = replaceOnce(text, 'CLM*PCN2*50***11:B:1*', 'CLM*PCN2*50***11:B:8*');
    assert.deepStrictEqual(
      findingsOf(lintText(voided), RULE).map((f) => f.data.code),
      ['97014'],
    );
  });

  it('FHIR JSON and XML', () => {
    for (const { format, r } of lintEveryFormat('supervised-modality-two-units')) {
      assertWellFormed(r);
      // The X12 fixture has a second visit (G0283 over two claims); the FHIR twins have the first only.
      const expected =
        format === 'x12'
          ? [
              ['97014', 2],
              ['G0283', 2],
            ]
          : [['97014', 2]];
      assert.deepStrictEqual(
        findingsOf(r, RULE).map((f) => [f.data.code, f.data.units]),
        expected,
        format,
      );
    }
  });
});
