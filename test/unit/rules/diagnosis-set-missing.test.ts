import * as assert from 'assert';
import { CodeSets } from '../../../src/core/codesets';
import { lint, ruleSetOf } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model/finding';
import { fixtureCodeSets } from '../codesets/helpers';
import { assertWellFormed, fixtureText, replaceOnce, spanIn } from './helpers';

const RULE = 'diagnosis-set-missing';

function ours(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === RULE);
}

describe(RULE, () => {
  let both: CodeSets;
  let fy2025: CodeSets;
  before(async () => {
    both = await fixtureCodeSets();
    fy2025 = await fixtureCodeSets(['icd10cm-order-2025.txt']);
  });

  it('does not run without an imported ICD-10-CM set', async () => {
    assert.ok(!ruleSetOf({}).active.some((a) => a.rule.meta.id === RULE));
    assert.ok(!ruleSetOf({ codeSets: await fixtureCodeSets(['HCPC2024_JAN_ANWEB_v3.txt']) }).active.some((a) => a.rule.meta.id === RULE));
    assert.deepStrictEqual(ours(lint(fixtureText('diagnosis-no-set-for-date.837'), { fileName: 'claim.837' }).findings), []);
  });

  it('says once per claim, at the first diagnosis left unchecked, that no imported set covers its date (an info)', () => {
    const text = fixtureText('diagnosis-billable-fy2024.837');
    const r = { ...lint(text, { fileName: 'claim.837', codeSets: fy2025 }), text };
    assertWellFormed(r);
    const found = ours(r.findings);
    assert.deepStrictEqual(
      found.map((f) => [f.messageId, f.severity, f.data, f.span]),
      [['notChecked', 'info', { date: '2024-03-04', fiscalYear: '2024' }, spanIn(text, 'HI*', 'M5450')]],
    );
    assert.strictEqual(
      found[0].message,
      'Diagnoses not checked against ICD-10-CM: no imported set covers the date of service 2024-03-04 (FY2024); import that fiscal year to check them.',
    );
    // The date's fiscal year: October on belongs to the next one.
    const october = text.split('DTP*472*D8*20240304~').join('DTP*472*D8*20231002~');
    assert.notStrictEqual(october, text);
    assert.deepStrictEqual(
      ours(lint(october, { fileName: 'claim.837', codeSets: fy2025 }).findings).map((f) => f.data),
      [{ date: '2023-10-02', fiscalYear: '2024' }],
    );
  });

  it('does not fire when a set covers every date, nor on ICD-9-CM diagnoses', () => {
    for (const name of ['diagnosis-billable-fy2024.837', 'diagnosis-across-fiscal-years.837', 'diagnosis-header-and-unknown-fy2024.837']) {
      assert.deepStrictEqual(ours(lint(fixtureText(name), { fileName: name, codeSets: both }).findings), [], name);
    }
    const icd9 = replaceOnce(fixtureText('diagnosis-no-set-for-date.837'), 'HI*ABK:M545*BF:7245~', 'HI*BK:7245*BF:7231~');
    assert.deepStrictEqual(ours(lint(icd9, { fileName: 'claim.837', codeSets: both }).findings), []);
    // The same 2019 claim with an ICD-10-CM code: not covered, said once.
    assert.strictEqual(ours(lint(fixtureText('diagnosis-no-set-for-date.837'), { fileName: 'claim.837', codeSets: both }).findings).length, 1);
  });

  it('a claim across two fiscal years with only one imported: the other date is named', async () => {
    const text = fixtureText('diagnosis-across-fiscal-years.837');
    const sets = await fixtureCodeSets(['icd10cm_order_2024.txt']);
    const found = ours(lint(text, { fileName: 'claim.837', codeSets: sets }).findings);
    assert.deepStrictEqual(
      found.map((f) => f.data),
      [{ date: '2024-10-01', fiscalYear: '2025' }],
    );
  });
});
