import * as assert from 'assert';
import { lint, lintInSlices, LintCancelled } from '../../../src/core/engine';
import { IncrementalLinter } from '../../../src/core/incremental';
import { readX12, readX12Steps } from '../../../src/core/parsers/x12';
import { eventLoopDuring } from '../../../bench/incremental-case';
import { generate837 } from '../../../bench/generate';

/** Counts event-loop turns while `work` runs. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  return (await eventLoopDuring(work)).turns;
}

describe('lintInSlices: time-sliced lint for editors', () => {
  const text = generate837(200_000, 7);

  it('finds exactly what lint() finds', async () => {
    const a = await lintInSlices(text);
    const b = lint(text);
    assert.deepStrictEqual(a.findings, b.findings);
    assert.strictEqual(a.document.claims.length, b.document.claims.length);
  });

  // sliceMs 0 yields at every step (each rule, every 256 claims), so these do not depend on speed.
  it('gives the event loop turns while it works', async () => {
    const turns = await turnsDuring(() => lintInSlices(text, { sliceMs: 0 }));
    assert.ok(turns >= 12, `only ${turns} turns of the event loop during the lint`);
  });

  it('stops with LintCancelled once the caller says the work is stale', async () => {
    let stale = false;
    setImmediate(() => (stale = true));
    await assert.rejects(lintInSlices(text, { sliceMs: 0, isCancelled: () => stale }), LintCancelled);
  });

  it('reads an X12 text in steps too (a pause every 4096 segments), into the same document', () => {
    const big = generate837(2_000_000, 11);
    const segments = big.split('~').length - 1;
    const steps = readX12Steps(big);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses >= Math.floor(segments / 4096), `${pauses} pauses for ${segments} segments`);
    const once = readX12(big);
    const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
    assert.deepStrictEqual(plain(step.value.claims), plain(once.claims));
    assert.deepStrictEqual(plain(step.value.problems), plain(once.problems));
  });

  it('is cancelled while it is still reading', async () => {
    const big = generate837(2_000_000, 11);
    let stale = false;
    let asked = 0;
    const linting = lintInSlices(big, {
      sliceMs: 0,
      isCancelled: () => {
        asked++;
        return stale;
      },
    });
    setImmediate(() => (stale = true));
    await assert.rejects(linting, LintCancelled);
    assert.ok(asked < 100, `stopped early (${asked} questions)`);
  });
});

describe('IncrementalLinter.lintInSlices: the editor opening a large file', () => {
  const text = generate837(200_000, 7);
  const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

  it('finds exactly what lint() finds, giving the event loop turns, and is then the base of incremental updates', async () => {
    const inc = new IncrementalLinter();
    let result: Awaited<ReturnType<IncrementalLinter['lintInSlices']>> | undefined;
    const turns = await turnsDuring(async () => (result = await inc.lintInSlices(text, 0)));
    assert.ok(turns >= 12, `only ${turns} turns of the event loop during the lint`);
    assert.strictEqual(result!.incremental, false);
    assert.deepStrictEqual(plain(result!.findings), plain(lint(text).findings));

    // A one-character edit inside a claim's CLM01 is then re-checked on its own.
    const at = text.indexOf('CLM*', text.length >> 1) + 4;
    const next = text.slice(0, at) + 'Z' + text.slice(at);
    const updated = inc.update(next, [{ offset: at, length: 0, text: 'Z' }]);
    assert.strictEqual(updated.incremental, true, updated.fullReason);
    assert.deepStrictEqual(plain(updated.findings), plain(lint(next).findings));
  });

  it('a lint dropped part-way (LintCancelled) leaves the previous base in place', async () => {
    let stale = false;
    const inc = new IncrementalLinter({ isCancelled: () => stale });
    const small = generate837(20_000, 3);
    inc.lint(small);
    setImmediate(() => (stale = true));
    await assert.rejects(inc.lintInSlices(text, 0), LintCancelled);
    stale = false;
    // The base is still `small`: an edit of it is re-checked incrementally and equals a full lint.
    const at = small.indexOf('CLM*', small.length >> 1) + 4;
    const next = small.slice(0, at) + 'Z' + small.slice(at);
    const updated = inc.update(next, [{ offset: at, length: 0, text: 'Z' }]);
    assert.strictEqual(updated.incremental, true, updated.fullReason);
    assert.deepStrictEqual(plain(updated.findings), plain(lint(next).findings));
  });
});
