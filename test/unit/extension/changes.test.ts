import * as assert from 'assert';
import { lint } from '../../../src/core/engine';
import { IncrementalLinter, type TextChange } from '../../../src/core/incremental';
import { generate837, rng } from '../../../bench/generate';
import { ChangeAccumulator } from '../../../src/extension/changes';

function apply(text: string, c: TextChange): string {
  return text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
}

function randomChange(text: string, r: () => number, near?: number): TextChange {
  const offset = near === undefined ? Math.floor(r() * (text.length + 1)) : Math.max(0, Math.min(text.length, near + Math.floor(r() * 7) - 3));
  const length = Math.min(Math.floor(r() * 4), text.length - offset);
  const inserted = 'ab*:~\n9'.slice(0, Math.floor(r() * 4));
  return { offset, length, text: inserted };
}

/**
 * The editor composes the content changes of every version since its last lint into one change
 * for IncrementalLinter.update (src/extension/changes.ts): applied to the base text it must give
 * the current text, whatever the changes were.
 */
describe('ChangeAccumulator (the editor composes edits between two lints)', () => {
  it('one change from the base to the current text, for any sequence of changes', () => {
    const r = rng(11);
    for (let round = 0; round < 3000; round++) {
      const base = 'ISA*00~CLM*1*2~SV1*HC:97124*50~'.slice(0, Math.floor(r() * 31));
      const acc = new ChangeAccumulator(base.length);
      let text = base;
      const n = 1 + Math.floor(r() * 6);
      let last: number | undefined;
      for (let i = 0; i < n; i++) {
        const c = randomChange(text, r, r() < 0.7 ? last : undefined);
        acc.add(c);
        text = apply(text, c);
        last = c.offset + c.text.length;
      }
      const composed = acc.change(text);
      assert.ok(composed, 'a consistent sequence composes');
      assert.strictEqual(apply(base, composed), text, `round ${round}`);
    }
  });

  it('typing at one place gives one change just as wide as what was typed', () => {
    const acc = new ChangeAccumulator(10);
    acc.add({ offset: 4, length: 0, text: ':' });
    acc.add({ offset: 5, length: 0, text: '5' });
    acc.add({ offset: 6, length: 0, text: '9' });
    assert.deepStrictEqual(acc.change('0123:594567890'.slice(0, 13)), { offset: 4, length: 0, text: ':59' });
    const back = new ChangeAccumulator(10);
    back.add({ offset: 9, length: 1, text: '' });
    back.add({ offset: 8, length: 1, text: '' });
    assert.deepStrictEqual(back.change('01234567'), { offset: 8, length: 2, text: '' });
  });

  it('nothing changed, a change that does not fit, and a text of another length', () => {
    assert.deepStrictEqual(new ChangeAccumulator(3).change('abc'), { offset: 0, length: 0, text: '' });
    const bad = new ChangeAccumulator(3);
    bad.add({ offset: 2, length: 5, text: 'x' });
    assert.strictEqual(bad.change('abx'), undefined);
    const ok = new ChangeAccumulator(3);
    ok.add({ offset: 0, length: 0, text: 'x' });
    assert.strictEqual(ok.change('abc'), undefined);
  });

  it('fed to IncrementalLinter.update, the composed change gives the findings of a full lint', () => {
    const text0 = generate837(60_000, 3);
    const r = rng(5);
    const linter = new IncrementalLinter();
    linter.lint(text0);
    let base = text0;
    let incremental = 0;
    for (let round = 0; round < 40; round++) {
      const acc = new ChangeAccumulator(base.length);
      let text = base;
      // A burst of keystrokes at one place, as between two debounced lints.
      let at = Math.floor(r() * text.length);
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) {
        const c: TextChange = r() < 0.7 ? { offset: at, length: 0, text: '19'[i % 2] } : { offset: Math.max(0, at - 1), length: 1, text: '' };
        acc.add(c);
        text = apply(text, c);
        at = c.offset + c.text.length;
      }
      const change = acc.change(text)!;
      const got = linter.update(text, [change]);
      if (got.incremental) incremental++;
      assert.deepStrictEqual(got.findings, lint(text).findings, `round ${round}`);
      base = text;
    }
    assert.ok(incremental > 0, 'some bursts were re-checked locally');
  });
});
