import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintFixture, lintText, replaceOnce, spanIn } from './helpers';

const RULE = 'x12-diagnosis-pointers';

describe(RULE, () => {
  it('reports a line with five diagnosis pointers, from the fifth to the last', () => {
    const r = lintFixture('diagnosis-five-pointers.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'tooMany');
    assert.strictEqual(f.severity, 'error');
    const fifth = spanIn(r.text, 'SV1*HC:97124', ':5~').start + 1;
    assert.deepStrictEqual(f.span, { start: fifth, end: fifth + 1 });
    assert.strictEqual(f.message, '97124 has 5 diagnosis pointers; SV1-07 holds at most 4.');
    assert.deepStrictEqual(f.fixes, []);
  });

  it('accepts four pointers', () => {
    const text = replaceOnce(lintFixture('diagnosis-five-pointers.837').text, '1:2:3:4:5~', '1:2:3:4~');
    assert.deepStrictEqual(findingsOf(lintText(text), RULE), []);
  });
});
