import * as assert from 'assert';
import { lint } from '../../../../src/core/engine';
import { applyEdits, fixUntilStable } from '../../../../src/core/fixes';
import type { Finding } from '../../../../src/core/model/finding';
import { ENCODINGS, applyValid, at, fhirFixture, read, type Encoding } from './helpers';

interface Case {
  readonly rule: string;
  readonly fixture: string;
  readonly messageId: string;
  /** How many findings of the rule. */
  readonly count?: number;
  /** The text the (first) finding's range covers, per encoding, or a test on it. */
  readonly range: (encoding: Encoding) => string | RegExp;
  /** The fix is applied, the text re-linted, and this rule must be gone. */
  readonly fixed?: boolean;
}

const PRODUCT = (code: string) => (encoding: Encoding) =>
  encoding === 'json'
    ? new RegExp(`^\\{\\s*"coding": \\[\\s*\\{\\s*"system": "http://www.ama-assn.org/go/cpt",\\s*"code": "${code}"\\s*\\}\\s*\\]\\s*\\}$`)
    : new RegExp(
        `^<productOrService>\\s*<coding>\\s*<system value="http://www.ama-assn.org/go/cpt"/>\\s*<code value="${code}"/>\\s*</coding>\\s*</productOrService>$`,
      );

const CASES: readonly Case[] = [
  { rule: 'cmt-modifier-59', fixture: 'massage-with-cmt-no-59', messageId: 'missing59', range: PRODUCT('97124'), fixed: true },
  { rule: 'timed-units-minutes', fixture: 'massage-in-minutes', messageId: 'minutes', range: () => /^45\b[^]*\bmin$/, fixed: true },
  { rule: 'timed-under-minimum', fixture: 'massage-under-15-minutes', messageId: 'massageUnderMinimum', range: () => /^10\b[^]*\bmin$/, fixed: true },
  { rule: 'units-integer', fixture: 'massage-fractional-units', messageId: 'notWhole', range: () => '1.5', fixed: true },
  { rule: 'audit-multiple-units', fixture: 'massage-two-units', messageId: 'oneLine', range: PRODUCT('97124') },
  { rule: 'audit-visit-count', fixture: 'bundle-five-visits-one-patient', messageId: 'tooManyVisits', count: 2, range: PRODUCT('97124') },
  { rule: 'diagnosis-linked', fixture: 'massage-dangling-pointer', messageId: 'danglingPointer', range: () => '2' },
  {
    rule: 'not-medically-necessary',
    fixture: 'massage-for-stress',
    messageId: 'relaxationOnly',
    range: (e) => (e === 'json' ? /^\[\s*1\s*\]$/ : '<diagnosisSequence value="1"/>'),
  },
  { rule: 'max-two-modalities', fixture: 'three-modalities-one-date', messageId: 'tooMany', range: PRODUCT('97124') },
  { rule: 'provider-qualified', fixture: 'massage-unqualified-provider', messageId: 'unqualified', range: () => '3747P1801X' },
  { rule: 'code-format', fixture: 'bad-procedure-code', messageId: 'badCode', range: () => '9712A4' },
  { rule: 'therapy-reduction', fixture: 'bundle-five-visits-one-patient', messageId: 'noReduction', range: PRODUCT('97124') },
];

const of = (findings: readonly Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

describe('FHIR claims under the policy rules', () => {
  for (const c of CASES) {
    describe(c.rule, () => {
      for (const encoding of ENCODINGS) {
        it(`${encoding}: fires on ${c.fixture} at the exact element${c.fixed ? '; its fix clears it on re-lint' : ''}`, () => {
          const text = fhirFixture(`${c.fixture}.${encoding}`);
          const { findings } = lint(text, { fileName: `${c.fixture}.${encoding}` });
          assert.ok(!findings.some((f) => f.ruleId === 'fhir-structure' || f.ruleId === 'rule-error'), JSON.stringify(findings));
          const mine = of(findings, c.rule);
          assert.strictEqual(mine.length, c.count ?? 1, JSON.stringify(findings.map((f) => f.ruleId)));
          const finding = mine[mine.length - 1];
          assert.strictEqual(finding.messageId, c.messageId);
          const expected = c.range(encoding);
          const covered = at(text, finding.span)!;
          if (typeof expected === 'string') assert.strictEqual(covered, expected);
          else assert.match(covered, expected);
          if (!c.fixed) return;
          assert.ok(finding.fixes.length > 0, 'a fix is offered');
          const fixedText = applyValid(text, finding.fixes[0].edits, encoding);
          const after = lint(fixedText, { fileName: `${c.fixture}.${encoding}` }).findings;
          assert.deepStrictEqual(of(after, c.rule), []);
          assert.deepStrictEqual(of(after, 'fhir-structure'), []);
        });
      }

      it('JSON and XML give the same findings (rule, message, data, clause)', () => {
        const shape = (e: Encoding) =>
          lint(fhirFixture(`${c.fixture}.${e}`)).findings.map((f) => [
            f.ruleId,
            f.severity,
            f.messageId,
            f.message,
            f.data,
            f.clause,
            f.fixes.map((x) => [x.title, x.kind]),
          ]);
        assert.deepStrictEqual(shape('xml'), shape('json'));
      });
    });
  }

  it('related locations point at the CMT line (cmt-modifier-59) and the diagnoses (not-medically-necessary)', () => {
    for (const encoding of ENCODINGS) {
      const cmtText = fhirFixture(`massage-with-cmt-no-59.${encoding}`);
      const [cmt] = of(lint(cmtText).findings, 'cmt-modifier-59');
      assert.match(at(cmtText, cmt.related[0].span)!, /98940/);
      const stressText = fhirFixture(`massage-for-stress.${encoding}`);
      const [stress] = of(lint(stressText).findings, 'not-medically-necessary');
      assert.deepStrictEqual(
        stress.related.map((r) => at(stressText, r.span)),
        ['Z73.3'],
      );
    }
  });

  it('speaks of minutes in FHIR terms (unit "min"), not X12 unit basis codes', () => {
    for (const encoding of ENCODINGS) {
      const [f] = of(lint(fhirFixture(`massage-in-minutes.${encoding}`)).findings, 'timed-units-minutes');
      assert.match(f.message, /^97124 is billed in minutes \(unit "min"\); time-based codes are billed in units\. 45 minutes → 3 units: /);
      assert.strictEqual(f.fixes[0].title, 'Bill 3 units instead of 45 minutes');
    }
  });

  it('modifier 59 silences cmt-modifier-59', () => {
    for (const encoding of ENCODINGS) assert.deepStrictEqual(of(lint(fhirFixture(`massage-with-cmt-and-59.${encoding}`)).findings, 'cmt-modifier-59'), []);
  });

  it('removing the short massage line also clears its minutes finding, and the claim stays consistent', () => {
    for (const encoding of ENCODINGS) {
      const text = fhirFixture(`massage-under-15-minutes.${encoding}`);
      const { findings } = lint(text);
      const [under] = of(findings, 'timed-under-minimum');
      const fixed = applyEdits(text, under.fixes[0].edits).text;
      const after = lint(fixed);
      assert.deepStrictEqual(of(after.findings, 'timed-units-minutes'), []);
      const [claim] = read(fixed, encoding).claims;
      assert.strictEqual(
        claim.totalCharge?.value,
        claim.lines.reduce((a, l) => a + (l.charge?.value ?? 0), 0),
      );
    }
  });

  it('applying every suggestion until stable leaves no fixable finding and a valid file', () => {
    for (const c of CASES) {
      for (const encoding of ENCODINGS) {
        const text = fhirFixture(`${c.fixture}.${encoding}`);
        const lintText = (t: string) => lint(t, { fileName: `x.${encoding}` }).findings;
        const result = fixUntilStable(text, lintText, ['fix', 'suggestion']);
        const remaining = lintText(result.text);
        assert.deepStrictEqual(
          remaining.filter((f) => f.fixes.length > 0).map((f) => f.ruleId),
          [],
          `${c.fixture}.${encoding}`,
        );
        assert.deepStrictEqual(of(remaining, 'fhir-structure'), []);
        applyValid(result.text, [], encoding);
      }
    }
  });
});
