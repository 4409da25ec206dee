import * as assert from 'assert';
import { lint, lintAsync, LintCancelled } from '../../../src/core/engine';
import { generate837 } from '../../../bench/generate';

describe('lintAsync: time-sliced lint for editors', () => {
  const text = generate837(200_000, 7);

  it('finds exactly what lint() finds', async () => {
    const a = await lintAsync(text, { maxFindings: 50 });
    const b = lint(text, { maxFindings: 50 });
    assert.deepStrictEqual(a.findings, b.findings);
    assert.strictEqual(a.document.claims.length, b.document.claims.length);
  });

  // sliceMs 0 yields at every step (each rule, every 256 claims), so these do not depend on speed.
  it('gives the event loop turns while it works', async () => {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await lintAsync(text, { sliceMs: 0 });
    running = false;
    assert.ok(turns >= 12, `only ${turns} turns of the event loop during the lint`);
  });

  it('stops with LintCancelled once the caller says the work is stale', async () => {
    let stale = false;
    setImmediate(() => (stale = true));
    await assert.rejects(lintAsync(text, { sliceMs: 0, isCancelled: () => stale }), LintCancelled);
  });
});
