import * as assert from 'assert';
import { PROPERTIES } from './properties';
import { runProperties, type Hang, type PropertyOutcome } from './runner';
import { fuzzRuns, fuzzSeed } from './support';

/**
 * The properties, a few hundred cases each by default (FUZZ_RUNS; FUZZ_SEED=random for a fresh
 * seed), run in a worker so that an endless loop fails the property it happens in instead of
 * hanging the suite (FUZZ_HANG_MS, default 30 s without a new input).
 */
describe('fuzz: robustness properties (issue 6)', function () {
  this.timeout(600000);
  let run: Promise<{ outcomes: PropertyOutcome[]; hang?: Hang }>;

  before(() => {
    const runs = Object.fromEntries(PROPERTIES.map((p) => [p.name, Math.max(20, Math.round(fuzzRuns() * (p.ciShare ?? 1)))]));
    run = runProperties({ runs, seed: fuzzSeed(), hangMs: Number(process.env.FUZZ_HANG_MS) || 30000 });
  });

  for (const p of PROPERTIES) {
    it(p.name, async () => {
      const { outcomes, hang } = await run;
      const outcome = outcomes.find((o) => o.name === p.name);
      if (!outcome) {
        assert.fail(
          hang && hang.name === p.name
            ? `hang: no new input for ${hang.seconds} s; last input: ${hang.input}`
            : `not run (${hang ? `the worker was stopped after a hang in "${hang.name}"` : 'worker ended early'})`,
        );
      }
      if (outcome.failed) assert.fail(outcome.message);
    });
  }
});
