import * as assert from 'assert';
import fc from 'fast-check';
import { lint } from '../../../src/core/engine';
import type { Claim } from '../../../src/core/model/claim';
import { POLICY_RULES } from '../../../src/core/rules';
import type { Rule, RuleContext } from '../../../src/core/rules/types';
import { renderedArb } from './generators';
import { fuzzRuns, fuzzSeed } from './support';

/**
 * A rule that throws (on any claim, with any kind of exception) costs only its own findings: lint
 * still returns, every other rule reports exactly what it reports without the failure, and one
 * rule-error finding names the rule and the exception's type — never its message, which could
 * quote claim content.
 */
describe('fuzz: a failing rule is isolated (engine)', function () {
  this.timeout(120000);

  const throwers: Record<string, () => never> = {
    Error: () => {
      throw new Error('PATIENT DOE JANE M100');
    },
    TypeError: () => {
      throw new TypeError('x is undefined');
    },
    string: () => {
      throw 'a string, not an Error';
    },
    RangeError: () => {
      const deep = (n: number): number => deep(n + 1) + 1;
      return deep(0) as never;
    },
  };

  it('one rule throwing on one claim: that rule gives one rule-error finding, the others are unchanged', () => {
    fc.assert(
      fc.property(
        renderedArb(),
        fc.constantFrom(...POLICY_RULES.map((r) => r.meta.id)),
        fc.nat(),
        fc.constantFrom(...Object.keys(throwers)),
        (r, ruleId, nth, kind) => {
          const rule = POLICY_RULES.find((x) => x.meta.id === ruleId)! as { -readonly [K in keyof Rule]: Rule[K] };
          const cleanResult = lint(r.text, { fileName: 'a.837' });
          const clean = cleanResult.findings;
          const count = cleanResult.document.claims.length;
          const { checkClaim, checkDocument } = rule;
          // The rule fails on the nth claim it is asked about (claims are checked once each, in order).
          let asked = 0;
          try {
            if (checkClaim) {
              rule.checkClaim = (claim: Claim, context: RuleContext) => {
                if (asked++ === nth % count) throwers[kind]();
                checkClaim.call(rule, claim, context);
              };
            } else {
              rule.checkDocument = () => throwers[kind]();
            }
            const failed = lint(r.text, { fileName: 'a.837' }).findings;
            const sig = (f: { ruleId: string; messageId: string; span: { start: number; end: number } }) =>
              `${f.ruleId}/${f.messageId}@${f.span.start}-${f.span.end}`;
            assert.deepStrictEqual(
              failed.filter((f) => f.ruleId !== ruleId && f.ruleId !== 'rule-error').map(sig),
              clean.filter((f) => f.ruleId !== ruleId).map(sig),
            );
            const errors = failed.filter((f) => f.ruleId === 'rule-error');
            assert.strictEqual(errors.length, 1);
            assert.strictEqual(errors[0].data.rule, ruleId);
            assert.ok(!/DOE|JANE|M100|undefined|string, not/.test(errors[0].message), errors[0].message);
            assert.strictEqual(failed.filter((f) => f.ruleId === ruleId).length, 0, 'a failing rule reports nothing half-done');
          } finally {
            rule.checkClaim = checkClaim;
            rule.checkDocument = checkDocument;
          }
        },
      ),
      { numRuns: Math.max(20, Math.round(fuzzRuns() / 4)), seed: fuzzSeed() },
    );
  });
});
