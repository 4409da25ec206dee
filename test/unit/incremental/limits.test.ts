import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capFindings, lint, LintCancelled } from '../../../src/core/engine';
import { lintFilesInParallel, lintJob } from '../../../src/cli/parallel';
import { generate837 } from '../../../bench/generate';
import { fixtureText, REPO_ROOT } from '../rules/helpers';

describe('findings cap, cancellation and the parallel pool', () => {
  const text = generate837(40_000, 3);

  it('caps findings at N, errors first, with one too-many-findings summary naming the rest', () => {
    const all = lint(text).findings;
    assert.ok(all.length > 10, 'the generated batch has findings');
    const capped = capFindings(all, 5);
    assert.strictEqual(capped.length, 6);
    const summary = capped[0];
    assert.strictEqual(summary.ruleId, 'too-many-findings');
    assert.strictEqual(summary.data.count, all.length - 5);
    assert.strictEqual(summary.data.max, 5);
    const kept = capped.slice(1);
    const errors = all.filter((f) => f.severity === 'error');
    if (errors.length >= 5)
      assert.ok(
        kept.every((f) => f.severity === 'error'),
        'errors are kept first',
      );
    for (let i = 1; i < kept.length; i++) assert.ok(kept[i - 1].span.start <= kept[i].span.start, 'kept in document order');
    assert.deepStrictEqual(capFindings(all, all.length), all, 'nothing added within the cap');
  });

  it('stops with LintCancelled when isCancelled() says so, and not otherwise', () => {
    assert.throws(() => lint(text, { isCancelled: () => true }), LintCancelled);
    let asked = 0;
    assert.throws(
      () => lint(text, { isCancelled: () => ++asked > 3 }),
      (e: unknown) => e instanceof LintCancelled,
    );
    assert.ok(asked > 3);
    assert.deepStrictEqual(lint(text, { isCancelled: () => false }).findings, lint(text).findings);
  });

  it('lints files on worker threads with the same findings as in this thread', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-parallel-'));
    try {
      const files = ['massage-four-visits.837', 'massage-with-cmt-no-59.837', 'timed-under-minimum.837'].map((name) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, fixtureText(name));
        return file;
      });
      const big = path.join(dir, 'batch.837');
      fs.writeFileSync(big, text);
      const jobs = [...files, big, path.join(dir, 'missing.837')].map((p) => ({ path: p }));
      const pooled = await lintFilesInParallel(jobs, { threads: 2, minBytes: 0 });
      const local = jobs.map((j) => lintJob(j, undefined, undefined));
      assert.deepStrictEqual(JSON.parse(JSON.stringify(pooled)), JSON.parse(JSON.stringify(local)));
      assert.ok(pooled[4].error);
      void REPO_ROOT;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
