import * as assert from 'assert';
import { lint } from '../../../src/core/engine';
import { fixUntilStable, fixUntilStableAsync } from '../../../src/core/fixes';
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
