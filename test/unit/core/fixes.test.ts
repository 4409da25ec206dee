import * as assert from 'assert';
import fc from 'fast-check';
import { lint } from '../../../src/core/engine';
import { fixUntilStable, fixUntilStableAsync, overlaps, selectFixes } from '../../../src/core/fixes';
import type { Finding, FixKind, TextEdit } from '../../../src/core/model/finding';
import { fuzzSeed } from '../fuzz/support';
import { fixtureText } from '../rules/helpers';

describe('fix loop: fixUntilStable and its asynchronous form', () => {
  // SE01 wrong and a massage line without 59: one mechanical fix, one suggestion.
  const text = fixtureText('massage-with-cmt-no-59.837').replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 3}*`);
  const lintText = (t: string) => lint(t, { fileName: 'x.837' }).findings;

  it('the asynchronous loop gives what the synchronous one gives, for mechanical fixes and for suggestions', async () => {
    for (const kinds of [['fix'], ['fix', 'suggestion']] as const) {
      const want = fixUntilStable(text, lintText, kinds);
      assert.ok(want.fixCount >= 1);
      const got = await fixUntilStableAsync(text, async (t) => lintText(t), kinds);
      assert.deepStrictEqual(got, want);
    }
  });

  it('stops, with no result, when the lint says the work is stale (undefined)', async () => {
    let lints = 0;
    const got = await fixUntilStableAsync(text, async (t) => (++lints === 2 ? undefined : lintText(t)), ['fix', 'suggestion']);
    assert.strictEqual(got, undefined);
    assert.strictEqual(lints, 2);
  });
});

describe('selectFixes', () => {
  /** The definition selectFixes keeps: each fix compared with every fix chosen before it. */
  function selectEveryPair(findings: readonly Finding[], kinds: readonly FixKind[]): TextEdit[][] {
    const chosen: TextEdit[][] = [];
    for (const f of [...findings].sort((a, b) => a.span.start - b.span.start)) {
      const fix = f.fixes.find((x) => kinds.includes(x.kind));
      if (!fix || fix.edits.length === 0 || chosen.some((c) => overlaps(c, fix.edits))) continue;
      chosen.push([...fix.edits]);
    }
    return chosen;
  }
  function finding(start: number, fixes: Finding['fixes']): Finding {
    return { ruleId: 'r', severity: 'error', messageId: 'm', message: 'm', data: {}, span: { start, end: start }, related: [], fixes };
  }
  const edit = (start: number, end: number, newText = 'x'): TextEdit => ({ span: { start, end }, newText });

  it("an insertion where another fix's edit ends, across a bucket boundary, touches it", () => {
    const findings = [
      finding(0, [{ title: 'a', kind: 'fix', edits: [edit(1000, 1024)] }]),
      finding(1, [{ title: 'b', kind: 'fix', edits: [edit(1024, 1024)] }]),
    ];
    assert.deepStrictEqual(selectFixes(findings, ['fix']), [[edit(1000, 1024)]]);
    // Side by side (no shared offset but the boundary between them) they do not touch.
    const apart = [finding(0, [{ title: 'a', kind: 'fix', edits: [edit(1000, 1024)] }]), finding(1, [{ title: 'b', kind: 'fix', edits: [edit(1024, 1030)] }])];
    assert.strictEqual(selectFixes(apart, ['fix']).length, 2);
  });

  it('chooses what comparing every pair chooses, for edits anywhere (property)', () => {
    // Offsets cluster around bucket boundaries; some spans are reversed, very wide, beyond safe
    // integers (where a bucket loop would never end) or not finite.
    const offset = fc.oneof(
      fc.integer({ min: 0, max: 5000 }),
      fc.constantFrom(1023, 1024, 1025, 2047, 2048),
      fc.constantFrom(NaN, Infinity, -Infinity, 10_000_000, 1e19, -1e19, 2 ** 53, 2 ** 63),
    );
    const editArb = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 40 })).map(([s, n]) => edit(s, s + n)) },
      { weight: 1, arbitrary: fc.tuple(offset, offset).map(([s, e]) => edit(s, e)) },
    );
    const fixArb = fc.record({
      title: fc.constant('t'),
      kind: fc.constantFrom<FixKind>('fix', 'suggestion'),
      edits: fc.array(editArb, { minLength: 0, maxLength: 4 }),
    });
    const findingsArb = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.array(fixArb, { maxLength: 2 })).map(([at, fixes]) => finding(at, fixes)),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(findingsArb, fc.constantFrom<FixKind[]>(['fix'], ['fix', 'suggestion']), (findings, kinds) => {
        assert.deepStrictEqual(selectFixes(findings, kinds), selectEveryPair(findings, kinds));
      }),
      { seed: fuzzSeed(), numRuns: 500 },
    );
  });
});
