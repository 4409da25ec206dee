import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint, type LintOptions } from '../../../src/core/engine';
import { IncrementalLinter } from '../../../src/core/incremental';
import { loadPolicyFile } from '../../../src/core/policy/loader';
import { RULES } from '../../../src/core/rules';
import { acupunctureVisitsPerYear } from '../../fixtures/authoring/acupuncture-visits-per-year';
import { REPO_ROOT } from './helpers';

/** The worked example of docs/rules/authoring.md, tested as the guide says to test a rule. */
describe('rule authoring: the worked example (a patient-scoped rule on another payer’s pack)', () => {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'authoring');
  const policy = loadPolicyFile(path.join(dir, 'example-acupuncture.json'));
  const options: LintOptions = { policy, rules: [...RULES, acupunctureVisitsPerYear], fileName: 'a.837' };
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

  it('fires on the 13th visit of a calendar year, on its procedure code, citing the pack’s clause', () => {
    const text = read('acupuncture-thirteen-visits.837');
    const findings = lint(text, options).findings;
    assert.deepStrictEqual(
      findings.map((f) => f.ruleId),
      ['acupuncture-visits-per-year'],
    );
    const [f] = findings;
    const thirteenth = nthIndexOf(text, 'HC:97810', 13);
    assert.deepStrictEqual(f.span, { start: thirteenth, end: thirteenth + 'HC:97810'.length });
    assert.strictEqual(f.messageId, 'overLimit');
    assert.deepStrictEqual(f.data, { code: '97810', date: '2024-03-26', visit: 13, year: '2024', max: 12 });
    assert.strictEqual(f.clause, 'acupuncture-visit-limit');
    assert.ok(f.message.endsWith(' [Example Health Plan (fictional): Visit limit]'), f.message);
    const first = nthIndexOf(text, 'HC:97810', 1);
    assert.deepStrictEqual(f.related, [{ span: { start: first, end: first + 8 }, message: 'First acupuncture visit in 2024: 2024-01-02' }]);
  });

  it('does not fire within the limit: 12 visits a year, the count starting again each year, each patient on their own', () => {
    assert.deepStrictEqual(lint(read('acupuncture-within-limit.837'), options).findings, []);
  });

  it('runs only under a pack that has its clause; the built-in rules do not run under this pack', () => {
    const text = read('acupuncture-thirteen-visits.837');
    assert.deepStrictEqual(lint(text, { ...options, policy: undefined }).findings, lint(text, { fileName: 'a.837' }).findings);
  });

  it('is re-run for the edited patient only: one-character edits stay local and equal a full lint', () => {
    // A 2025 visit of JANE DOE moved to 2024-01-07 gives her 13 visits in 2024: counted in date
    // order, the 13th is her last one of 2024.
    const text = read('acupuncture-within-limit.837');
    const inc = new IncrementalLinter(options);
    inc.lint(text);
    const at = text.indexOf('DTP*472*D8*20250107') + 'DTP*472*D8*202'.length;
    const edited = text.slice(0, at) + '4' + text.slice(at + 1);
    const update = inc.update(edited, [{ offset: at, length: 1, text: '4' }]);
    assert.strictEqual(update.incremental, true, update.fullReason);
    assert.deepStrictEqual(update.findings, lint(edited, options).findings);
    assert.deepStrictEqual(
      update.findings.map((f) => [f.ruleId, f.data.visit, f.data.date]),
      [['acupuncture-visits-per-year', 13, '2024-10-22']],
    );
  });
});

describe('rule authoring: the guide', () => {
  it('shows the worked example’s code as the tested fixture has it', () => {
    const guide = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'authoring.md'), 'utf8');
    const block = /<!-- example:start -->\n```ts\n([\s\S]*?)```\n<!-- example:end -->/.exec(guide);
    assert.ok(block, 'the example block');
    const source = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'authoring', 'acupuncture-visits-per-year.ts'), 'utf8');
    assert.ok(source.endsWith(block[1]), 'docs/rules/authoring.md shows acupuncture-visits-per-year.ts as it is');
  });
});

function nthIndexOf(text: string, needle: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) at = text.indexOf(needle, at + 1);
  return at;
}
