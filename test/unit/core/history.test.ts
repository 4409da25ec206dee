import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPolicy, lint, ruleSetOf } from '../../../src/core/engine';
import { lintFiles, readFactsSteps, type HistoryFile, type HistoryText } from '../../../src/core/history';
import { IncrementalLinter } from '../../../src/core/incremental';
import { hoverAt } from '../../../src/core/hover';
import { resolveConfig } from '../../../src/core/config';
import { runSteps } from '../../../src/core/steps';
import { applyEdits } from '../../../src/core/fixes';
import type { LintConfig } from '../../../src/core/config';
import type { Finding } from '../../../src/core/model/finding';
import type { PatientRule } from '../../../src/core/rules/types';
import { RULES } from '../../../src/core/rules';
import { fhirText, REPO_ROOT, spanIn } from '../rules/helpers';

const HISTORY = path.join(REPO_ROOT, 'test', 'fixtures', 'history');

function file(name: string, historyOnly = false): HistoryText {
  return { name, text: fs.readFileSync(path.join(HISTORY, name), 'utf8'), historyOnly };
}

function ids(findings: readonly Finding[] | undefined): string[] {
  return (findings ?? []).map((f) => f.ruleId);
}

/** Every fix of every finding, with every rounding mode and X-modifier setting: the texts after one fix. */
const SETTINGS: Partial<LintConfig>[] = ['policy', 'cms-8-minute', 'strict-floor'].flatMap((timedRounding) =>
  [false, true].map((acceptXModifiers) => ({ timedRounding, acceptXModifiers }) as Partial<LintConfig>),
);

describe('patient history across files (core, issue 16)', () => {
  it('one text gives what lint gives, for every rule fixture and FHIR fixture', () => {
    const dirs = [path.join(REPO_ROOT, 'test/fixtures/rules'), path.join(REPO_ROOT, 'test/fixtures/fhir'), path.join(REPO_ROOT, 'samples')];
    let n = 0;
    for (const dir of dirs) {
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith('.md')) continue;
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        const [one] = lintFiles([{ name, text }]);
        assert.deepEqual(one!.findings, lint(text, { fileName: name }).findings, name);
        n++;
      }
    }
    assert.ok(n > 100);
  });

  it('four massage visits over two files: the fourth is a fourth visit, its earlier visits related with their file', () => {
    const a = file('visits-0601-0608.837');
    const b = file('visits-0615-0622.837');
    const [ra, rb] = lintFiles([a, b]);
    assert.deepEqual(ra!.findings, []);
    const [f, ...rest] = rb!.findings;
    assert.deepEqual(rest, []);
    assert.equal(f.ruleId, 'audit-visit-count');
    assert.deepEqual(f.data, { code: '97124', date: '2019-06-22', visit: 4, visits: 4, max: 3 });
    assert.deepEqual(f.span, spanIn(b.text, 'SV1*HC:97124', 'HC:97124', 1));
    assert.deepEqual(f.related, [
      { span: spanIn(a.text, 'SV1*HC:97124', 'HC:97124', 0), message: 'Visit 1: 2019-06-01', file: 'visits-0601-0608.837' },
      { span: spanIn(a.text, 'SV1*HC:97124', 'HC:97124', 1), message: 'Visit 2: 2019-06-08', file: 'visits-0601-0608.837' },
      { span: spanIn(b.text, 'SV1*HC:97124', 'HC:97124', 0), message: 'Visit 3: 2019-06-15' },
    ]);
    // Each file on its own: two visits each, nothing to say.
    assert.deepEqual(ids(lint(b.text).findings), []);
  });

  it('a finding about a history-only file is not reported; one about an input is, whatever the order', () => {
    const [, rb] = lintFiles([file('visits-0601-0608.837', true), file('visits-0615-0622.837')]);
    assert.deepEqual(ids(rb!.findings), ['audit-visit-count']);
    const results = lintFiles([file('visits-0615-0622.837', true), file('visits-0601-0608.837')]);
    assert.equal(results[0], undefined);
    // The fourth date (06-22) is in the history-only file: nothing to report in the input.
    assert.deepEqual(ids(results[1]!.findings), []);
  });

  it('a void or a replacement in a later file supersedes the claim it names in an earlier one', () => {
    const a = file('visits-0601-0608.837');
    const b = file('visits-0615-0622.837');
    for (const later of ['void-pcn4.837', 'replace-pcn4.837']) {
      const results = lintFiles([a, b, file(later)]);
      assert.deepEqual(
        results.map((r) => ids(r!.findings)),
        [[], [], []],
        later,
      );
    }
    // Earlier claims only: placed before its original, the void supersedes nothing.
    const results = lintFiles([file('void-pcn4.837'), a, b]);
    assert.deepEqual(ids(results[2]!.findings), ['audit-visit-count']);
  });

  it('a CMT in one file and a massage in another on the same date are paired, and the fix is safe against the history', () => {
    const cmt = file('cmt-0601.837', true);
    const massage = file('massage-0601.837');
    const [, r] = lintFiles([cmt, massage]);
    const [f, ...rest] = r!.findings;
    assert.deepEqual(rest, []);
    assert.equal(f.ruleId, 'cmt-modifier-59');
    assert.equal(f.messageId, 'missing59');
    assert.deepEqual(f.span, spanIn(massage.text, 'SV1*HC:97124', 'HC:97124'));
    assert.deepEqual(
      f.related.map((x) => [x.file, x.span]),
      [['cmt-0601.837', spanIn(cmt.text, 'SV1*HC:98940', 'HC:98940')]],
    );
    const [fix] = f.fixes;
    assert.equal(fix.title, 'Append modifier 59 to 97124');
    const fixed = applyEdits(massage.text, fix.edits).text;
    assert.match(fixed, /SV1\*HC:97124:59\*/);
    for (const config of SETTINGS) {
      const [, after] = lintFiles([cmt, { ...massage, text: fixed }], { config });
      assert.deepEqual(
        after!.findings.filter((x) => x.severity === 'error'),
        [],
        JSON.stringify(config),
      );
    }
    assert.deepEqual(ids(lint(massage.text).findings), [], 'on its own, the massage has no CMT to be paired with');
  });

  it('FHIR claims of one patient in two files are one history', () => {
    const bundle = JSON.parse(fhirText('massage-cmt-separate-claims.json')) as { entry: { resource: { id: string } }[] };
    const texts = bundle.entry.map((e) => ({ name: `${e.resource.id}.json`, text: JSON.stringify(e.resource, null, 2) }));
    const results = lintFiles(texts);
    const massage = results[texts.findIndex((t) => t.name === 'massage.json')]!;
    assert.deepEqual(ids(massage.findings), ['cmt-modifier-59']);
    assert.deepEqual(
      massage.findings[0].related.map((x) => x.file),
      ['cmt.json'],
    );
    assert.deepEqual(
      results.map((r) => ids(lint(texts[results.indexOf(r)].text).findings)),
      [[], []],
    );
  });

  it('a patient-scoped rule that throws over the history is off in every file, with one rule-error each', () => {
    const boom: PatientRule = {
      meta: { id: 'boom', description: 'throws', scope: 'patient', clauses: [], defaultSeverity: 'error', fixKinds: [], messages: {} },
      check() {
        throw new TypeError('boom');
      },
    };
    const results = lintFiles([file('visits-0601-0608.837'), file('visits-0615-0622.837')], { rules: [...RULES, boom] });
    for (const r of results) {
      const crashes = r!.findings.filter((f) => f.ruleId === 'rule-error');
      assert.equal(crashes.length, 1);
      assert.deepEqual(crashes[0].data, { rule: 'boom', error: 'TypeError' });
    }
    assert.deepEqual(ids(results[1]!.findings).sort(), ['audit-visit-count', 'rule-error']);
  });
});

describe('a patient history in the editor (core, issue 16)', () => {
  const a = file('visits-0601-0608.837');
  const b = file('visits-0615-0622.837');
  const ruleSet = ruleSetOf({});
  const factsOf = (t: HistoryText): HistoryFile => ({ name: t.name, length: t.text.length, facts: runSteps(readFactsSteps(t.text, ruleSet, t.name)) });

  it('an IncrementalLinter with a history finds what linting every file finds, and its edits re-check against it', () => {
    const history = { name: b.name, files: () => ({ before: [factsOf(a)], after: [] }) };
    const inc = new IncrementalLinter({ fileName: b.name, history });
    const first = inc.lint(b.text);
    assert.deepEqual(first.findings, lintFiles([{ ...a, historyOnly: true }, b])[1]!.findings);
    assert.deepEqual(ids(first.findings), ['audit-visit-count']);
    // Moving the fourth visit onto the third's date: no fourth visit (and two units on one date).
    const at = b.text.indexOf('20190622');
    const next = b.text.slice(0, at) + '20190615' + b.text.slice(at + 8);
    const updated = inc.update(next, [{ offset: at, length: 8, text: '20190615' }]);
    assert.equal(updated.incremental, true);
    assert.deepEqual(
      updated.findings,
      lintFiles([
        { ...a, historyOnly: true },
        { ...b, text: next },
      ])[1]!.findings,
    );
    assert.deepEqual(ids(updated.findings), ['audit-multiple-units']);
  });

  it('visitsAt: which of the patient’s visits a massage line is, with the file of each', () => {
    const history = { name: b.name, files: () => ({ before: [factsOf(a)], after: [] }) };
    const inc = new IncrementalLinter({ fileName: b.name, history });
    inc.lint(b.text);
    const fourth = spanIn(b.text, 'SV1*HC:97124', '97124', 1).start;
    const v = inc.visitsAt(fourth + 2);
    assert.deepEqual(v, {
      visit: 4,
      visits: [
        { date: '2019-06-01', file: a.name, span: spanIn(a.text, 'SV1*HC:97124', 'HC:97124', 0) },
        { date: '2019-06-08', file: a.name, span: spanIn(a.text, 'SV1*HC:97124', 'HC:97124', 1) },
        { date: '2019-06-15', span: spanIn(b.text, 'SV1*HC:97124', 'HC:97124', 0) },
        { date: '2019-06-22', span: spanIn(b.text, 'SV1*HC:97124', 'HC:97124', 1) },
      ],
    });
    assert.equal(inc.visitsAt(b.text.indexOf('DTP*472')), undefined, 'not on a procedure code');
  });

  it('the hover of a massage code says which visit it is, and where the others are', () => {
    const r = lint(b.text);
    const offset = spanIn(b.text, 'SV1*HC:97124', '97124', 1).start;
    const visits = {
      visit: 4,
      visits: [
        { date: '2019-06-01', file: 'visits-0601-0608.837' },
        { date: '2019-06-08', file: 'visits-0601-0608.837' },
        { date: '2019-06-15' },
        { date: '2019-06-22' },
      ],
    };
    const h = hoverAt(r.document, [], offset, defaultPolicy(), resolveConfig({}), undefined, undefined, undefined, visits);
    assert.match(
      h!.markdown,
      /Visit 4 of 4 for this patient — 2019-06-01 in visits-0601-0608\.837, 2019-06-08 in visits-0601-0608\.837, 2019-06-15 \(this file\), 2019-06-22 \(this file\)/,
    );
    const alone = hoverAt(r.document, [], offset, defaultPolicy(), resolveConfig({}), undefined, undefined, undefined, {
      visit: 1,
      visits: [{ date: '2019-06-22' }],
    });
    assert.doesNotMatch(alone!.markdown, /Visit 1 of 1/);
  });
});

describe('patient history across files: what counts as the same service (review of issue 16)', () => {
  const rules = (r: ReturnType<typeof lintFiles>[number], id: string): Finding[] => (r?.findings ?? []).filter((f) => f.ruleId === id);

  it('a claim sent again in another file (archived, then checked with today’s batch) counts once', () => {
    const a = file('visits-0601-0608.837');
    const results = lintFiles([{ ...a, name: 'submitted/batch.837', historyOnly: true }, a]);
    assert.deepEqual(ids(results[1]!.findings), []);
    // Not the same claim once a line differs: two units on 2019-06-01.
    const more = { ...a, text: a.text.replace('SV1*HC:97124*50*UN*1***1~\nDTP*472*D8*20190601', 'SV1*HC:97124*50*UN*2***1~\nDTP*472*D8*20190601') };
    assert.notEqual(more.text, a.text);
    assert.equal(rules(lintFiles([{ ...a, name: 'submitted/batch.837', historyOnly: true }, more])[1], 'audit-multiple-units').length, 1);

    // The copy kept is the one reported: today's massage keeps its pairing with yesterday's CMT,
    // though its archived copy comes first.
    const massage = file('massage-0601.837');
    const today = lintFiles([file('cmt-0601.837', true), { ...massage, name: 'submitted/massage.837', historyOnly: true }, massage]);
    assert.deepEqual(ids(today[2]!.findings), ['cmt-modifier-59']);
    // Two reported copies: the first is kept, so the finding is reported once.
    const both = lintFiles([file('cmt-0601.837', true), massage, { ...massage, name: 'again.837' }]);
    assert.deepEqual([ids(both[1]!.findings), ids(both[2]!.findings)], [['cmt-modifier-59'], []]);
  });

  it('a void names a claim of its own billing provider: another practice’s claim number is another claim', () => {
    const a = file('visits-0601-0608.837');
    const b = file('visits-0615-0622.837');
    const otherPractice = file('void-pcn4.837').text.replace('NM1*85*2*CLAIMLINT CLINIC*****XX*1234567893', 'NM1*85*2*OTHER CLINIC*****XX*1111111112');
    const results = lintFiles([a, b, { name: 'other.837', text: otherPractice }]);
    assert.deepEqual(ids(results[1]!.findings), ['audit-visit-count']);
  });

  it('claims with no patient read are never grouped across files', () => {
    const noPatient = (t: HistoryText): HistoryText => ({
      ...t,
      text: t.text.replace(/HL\*2\*1\*22\*0~\nSBR[^~]*~\nNM1\*IL[^~]*~\nDMG[^~]*~\nNM1\*PR[^~]*~\n/, ''),
    });
    const cmt = noPatient(file('cmt-0601.837'));
    const massage = noPatient(file('massage-0601.837'));
    assert.ok(!cmt.text.includes('NM1*IL') && !massage.text.includes('NM1*IL'));
    const results = lintFiles([cmt, massage]);
    assert.deepEqual(rules(results[1], 'cmt-modifier-59'), []);
  });
});
