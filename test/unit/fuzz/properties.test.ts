import fc from 'fast-check';
import { PROPERTIES } from './properties';
import { fuzzRuns, fuzzSeed } from './support';

// A few hundred cases per property by default (FUZZ_RUNS); FUZZ_SEED=random for a fresh seed.
describe('fuzz: robustness properties (issue 6)', function () {
  this.timeout(120000);
  for (const p of PROPERTIES) {
    it(p.name, () => {
      fc.assert(p.property(), { numRuns: fuzzRuns(), seed: fuzzSeed() });
    });
  }
});
