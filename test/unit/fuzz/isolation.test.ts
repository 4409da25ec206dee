import * as assert from 'assert';
import fc from 'fast-check';
import { lint, lintInSlices, type LintOptions } from '../../../src/core/engine';
import { IncrementalLinter } from '../../../src/core/incremental';
import { isVoidClaim } from '../../../src/core/model/claim';
import type { Finding } from '../../../src/core/model/finding';
import { POLICY_RULES, RULES } from '../../../src/core/rules';
import type { ClaimRule, PatientRule, Rule } from '../../../src/core/rules/types';
import { renderedArb } from './generators';
import { fuzzRuns, fuzzSeed } from './support';

/**
 * A rule that throws (on any claim or patient, with any kind of exception) costs only its own
 * findings, and the same way on every path a text takes to findings — the batch lint, the lint in
 * time slices, the editor's full lint and its re-check of an edited claim: the rule is turned off
 * for the file with one rule-error finding that names the rule and the exception's type (never its
 * message, which could quote claim content); every other rule reports what it reports without it.
 */
describe('fuzz: a failing rule is isolated, on every path', function () {
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

  /** `rule`, throwing where `fails` says: on a claim (claim rules) or a patient (patient rules). */
  function failing(rule: ClaimRule | PatientRule, fails: (key: string) => boolean, kind: string): Rule {
    if (rule.meta.scope === 'claim') {
      const r = rule as ClaimRule;
      return { meta: r.meta, check: (claim, context) => (fails(claim.id.value) ? throwers[kind]() : r.check(claim, context)) } satisfies ClaimRule;
    }
    const r = rule as PatientRule;
    return { meta: r.meta, check: (patient, context) => (fails(patient.key) ? throwers[kind]() : r.check(patient, context)) } satisfies PatientRule;
  }

  const sig = (f: Finding) => `${f.ruleId}/${f.messageId}@${f.span.start}-${f.span.end}`;

  function checkIsolated(failed: readonly Finding[], clean: readonly Finding[], ruleId: string): void {
    assert.deepStrictEqual(failed.filter((f) => f.ruleId !== ruleId && f.ruleId !== 'rule-error').map(sig), clean.filter((f) => f.ruleId !== ruleId).map(sig));
    const errors = failed.filter((f) => f.ruleId === 'rule-error');
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0].data.rule, ruleId);
    assert.ok(!/DOE|JANE|M100|undefined|string, not/.test(errors[0].message), errors[0].message);
    assert.strictEqual(failed.filter((f) => f.ruleId === ruleId).length, 0, 'a failing rule reports nothing half-done');
  }

  it('one rule throwing on one claim or patient: the same rule-error and the same other findings on every path', async () => {
    await fc.assert(
      fc.asyncProperty(
        renderedArb(),
        fc.constantFrom(...POLICY_RULES.map((r) => r.meta.id)),
        fc.nat(),
        fc.constantFrom(...Object.keys(throwers)),
        async (r, ruleId, nth, kind) => {
          const clean = lint(r.text, { fileName: 'a.837' });
          const rule = POLICY_RULES.find((x) => x.meta.id === ruleId)!;
          // A claim rule does not check a void claim (unless it says so): it cannot throw there.
          const checked = clean.document.claims.filter((c) => rule.meta.scope !== 'claim' || rule.meta.checksVoidClaims || !isVoidClaim(c));
          fc.pre(checked.length > 0);
          const keys = checked.map((c) => (rule.meta.scope === 'claim' ? c.id.value : c.patient.key));
          const target = keys[nth % keys.length];
          const options: LintOptions = { fileName: 'a.837', rules: RULES.map((x) => (x === rule ? failing(rule, (key) => key === target, kind) : x)) };
          const failed = lint(r.text, options).findings;
          checkIsolated(failed, clean.findings, ruleId);
          assert.deepStrictEqual((await lintInSlices(r.text, { ...options, sliceMs: 0 })).findings, failed, 'lintInSlices');
          assert.deepStrictEqual(new IncrementalLinter(options).lint(r.text).findings, failed, 'the editor’s full lint');
        },
      ),
      { numRuns: Math.max(20, Math.round(fuzzRuns() / 4)), seed: fuzzSeed() },
    );
  });

  it('a rule that throws on the claim an edit touched: the re-check gives what a lint of the new text gives', () => {
    fc.assert(
      fc.property(
        renderedArb(),
        fc.constantFrom(...POLICY_RULES.map((r) => r.meta.id)),
        fc.nat(),
        fc.constantFrom(...Object.keys(throwers)),
        (r, ruleId, nth, kind) => {
          const rule = POLICY_RULES.find((x) => x.meta.id === ruleId)!;
          const clean = lint(r.text, { fileName: 'a.837' });
          const claims = clean.document.claims.filter((c) => rule.meta.scope !== 'claim' || rule.meta.checksVoidClaims || !isVoidClaim(c));
          fc.pre(claims.length > 0);
          // The edit gives one claim the id BOOM; the rule throws on that claim (claim rules) or its patient.
          const claim = claims[nth % claims.length];
          const fails = rule.meta.scope === 'claim' ? (key: string) => key === 'BOOM' : (key: string) => key === claim.patient.key && boom;
          let boom = false;
          const options: LintOptions = { fileName: 'a.837', rules: RULES.map((x) => (x === rule ? failing(rule, fails, kind) : x)) };
          const inc = new IncrementalLinter(options);
          assert.deepStrictEqual(inc.lint(r.text).findings, clean.findings, 'nothing throws before the edit');
          const change = { offset: claim.id.span.start, length: claim.id.span.end - claim.id.span.start, text: 'BOOM' };
          const edited = r.text.slice(0, change.offset) + change.text + r.text.slice(change.offset + change.length);
          boom = true;
          const got = inc.update(edited, [change]).findings;
          const want = lint(edited, options).findings;
          assert.deepStrictEqual(got, want);
          checkIsolated(got, lint(edited, { fileName: 'a.837' }).findings, ruleId);
          // The rule stays off only as long as it throws: undoing the edit gives the clean findings again.
          boom = false;
          const undo = { offset: change.offset, length: 4, text: claim.id.raw };
          assert.deepStrictEqual(inc.update(r.text, [undo]).findings, clean.findings, 'after the edit is undone');
        },
      ),
      { numRuns: Math.max(20, Math.round(fuzzRuns() / 4)), seed: fuzzSeed() },
    );
  });
});
