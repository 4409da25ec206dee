import * as assert from 'assert';
import fc from 'fast-check';
import { countOffsetsIn, type Span } from '../../../src/core/model/span';
import { fuzzSeed } from '../fuzz/support';

describe('countOffsetsIn', () => {
  it('counts the offsets in [start, end) of each span, boundaries included at the start only', () => {
    const spans: Span[] = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 5, end: 5 },
      { start: 30, end: 25 },
    ];
    assert.deepStrictEqual(countOffsetsIn(spans, [10, 0, 9, 10, 19, 20, 5, NaN, Infinity]), [3, 3, 0, 0]);
  });

  it('gives what comparing every offset with every span gives (property)', () => {
    const num = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(NaN, Infinity, -Infinity));
    const spanArb = fc.record({ start: num, end: num });
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 20 }), fc.array(num, { maxLength: 40 }), (spans, offsets) => {
        const want = spans.map((s) => offsets.filter((o) => o >= s.start && o < s.end).length);
        assert.deepStrictEqual(countOffsetsIn(spans, offsets), want);
      }),
      { seed: fuzzSeed(), numRuns: 500 },
    );
  });
});
