import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeSets } from '../../../src/core/codesets';
import { lint, ruleSetOf, type LintOptions } from '../../../src/core/engine';
import { IncrementalLinter, type TextChange } from '../../../src/core/incremental';
import { loadPolicyFile } from '../../../src/core/policy/loader';
import type { Finding } from '../../../src/core/model/finding';
import { rng } from '../../../bench/generate';
import { fixtureCodeSets } from '../codesets/helpers';
import { assertWellFormed, fixtureText, REPO_ROOT, replaceOnce, spanIn, type Linted } from './helpers';

const RULE = 'diagnosis-in-code-set';

let sets: CodeSets;
before(async () => {
  sets = await fixtureCodeSets();
});

function lintWith(text: string, fileName: string, options: LintOptions = {}): Linted {
  return { ...lint(text, { codeSets: sets, fileName, ...options }), text };
}

function fhirText(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'fhir', name), 'utf8');
}

function ours(r: { findings: readonly Finding[] }): Finding[] {
  return r.findings.filter((f) => f.ruleId === RULE);
}

/** Span of the `nth` occurrence of `needle` in `text`. */
function spanOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  return { start: at, end: at + needle.length };
}

/** The fixture with its claim twice (the editor re-checks an edit locally from the second claim on), SE01 recounted. */
function twoClaims(text: string): string {
  const clm = text.indexOf('CLM*');
  const se = text.indexOf('SE*');
  const block = text.slice(clm, se);
  const count = Number(/SE\*(\d+)\*/.exec(text)![1]) + block.split('~').length - 1;
  return text.slice(0, clm) + block + block + text.slice(se).replace(/^SE\*\d+\*/, `SE*${count}*`);
}

describe(RULE, () => {
  it('does not run without an imported ICD-10-CM set: nothing changes for a user who imports nothing', async () => {
    const text = fixtureText('diagnosis-header-and-unknown-fy2024.837');
    assert.ok(!ruleSetOf({}).active.some((a) => a.rule.meta.id === RULE));
    assert.ok(!ruleSetOf({ codeSets: await fixtureCodeSets(['HCPC2024_JAN_ANWEB_v3.txt']) }).active.some((a) => a.rule.meta.id === RULE));
    assert.ok(ruleSetOf({ codeSets: sets }).active.some((a) => a.rule.meta.id === RULE));
    const without = lint(text, { fileName: 'claim.837' });
    assert.deepStrictEqual(ours(without), []);
    assert.deepStrictEqual(
      lintWith(text, 'claim.837').findings.filter((f) => f.ruleId !== RULE),
      without.findings,
      'the other rules report the same',
    );
  });

  it('fires on a header code and on a code the set lacks, naming the set for the date of service, at the code', () => {
    const r = lintWith(fixtureText('diagnosis-header-and-unknown-fy2024.837'), 'claim.837');
    assertWellFormed(r);
    const [header, unknown, ...rest] = ours(r);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual(
      { messageId: header.messageId, severity: header.severity, clause: header.clause, data: header.data, span: header.span, fixes: header.fixes },
      {
        messageId: 'header',
        severity: 'error',
        clause: undefined,
        data: { code: 'M545', set: 'ICD-10-CM FY2024', description: 'Low back pain' },
        span: spanIn(r.text, 'HI*', 'M545'),
        fixes: [],
      },
    );
    assert.strictEqual(
      header.message,
      'Diagnosis M545 is a header in ICD-10-CM FY2024 (Low back pain), not a billable code: bill one of the more specific codes under it.',
    );
    assert.deepStrictEqual(
      [unknown.messageId, unknown.data, unknown.span],
      ['notInSet', { code: 'E66811', set: 'ICD-10-CM FY2024', date: '2024-03-04' }, spanIn(r.text, 'HI*', 'E66811')],
    );
    assert.strictEqual(unknown.message, 'Diagnosis E66811 is not a code of ICD-10-CM FY2024, the ICD-10-CM set for the date of service 2024-03-04.');
  });

  it("picks each line's fiscal year: a claim across 2024-09-30 and 2024-10-01 checks each diagnosis in the set of its line's date", () => {
    assert.deepStrictEqual(ours(lintWith(fixtureText('diagnosis-across-fiscal-years.837'), 'claim.837')), []);
    const r = lintWith(fixtureText('diagnosis-across-fiscal-years-swapped.837'), 'claim.837');
    assertWellFormed(r);
    const e668 = r.text.indexOf('ABF:E668~') + 4;
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data, f.span]),
      [
        ['notInSet', { code: 'E66811', set: 'ICD-10-CM FY2024', date: '2024-09-30' }, spanIn(r.text, 'HI*', 'E66811')],
        ['header', { code: 'E668', set: 'ICD-10-CM FY2025', description: 'Other obesity' }, { start: e668, end: e668 + 4 }],
      ],
    );
  });

  it('checks a diagnosis no line points at on every date of the claim, and finds it in each set once', () => {
    const text = replaceOnce(fixtureText('diagnosis-across-fiscal-years.837'), 'HI*ABK:E668*ABF:E66811~', 'HI*ABK:E668*ABF:E66811*ABF:M545~');
    const r = lintWith(text, 'claim.837');
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data.set]),
      [
        ['header', 'ICD-10-CM FY2024'],
        ['header', 'ICD-10-CM FY2025'],
      ],
    );
    assert.ok(ours(r).every((f) => f.span.start === spanOf(text, 'M545').start));
  });

  it('does not fire on billable codes, on dates no imported set covers, or on ICD-9-CM (BF) diagnoses', () => {
    for (const name of ['diagnosis-billable-fy2024.837', 'diagnosis-no-set-for-date.837', 'diagnosis-across-fiscal-years.837', 'massage-with-cmt-no-59.837']) {
      const r = lintWith(fixtureText(name), name);
      assertWellFormed(r);
      assert.deepStrictEqual(ours(r), [], name);
    }
  });

  it('837I: lines carry no pointers, so every diagnosis applies on every line', () => {
    let text = replaceOnce(fixtureText('massage-837i.837i'), 'HI*ABK:M5450~', 'HI*ABK:M545~');
    text = replaceOnce(text, 'DTP*434*RD8*20190601-20190601~', 'DTP*434*RD8*20240304-20240304~');
    text = replaceOnce(text, 'DTP*472*D8*20190601~', 'DTP*472*D8*20240304~');
    const r = lintWith(text, 'claim.837i');
    assertWellFormed(r);
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data.set, f.span]),
      [['header', 'ICD-10-CM FY2024', spanIn(text, 'HI*', 'M545')]],
    );
  });

  /** The 837I fixture as a claim of facility type `type` over the statement period `from`–`through`, its lines on `lineDates`, with `hi`. */
  function institutional(type: string, from: string, through: string, lineDates: readonly string[], hi: string): string {
    let text = replaceOnce(fixtureText('massage-837i.837i'), 'HI*ABK:M5450~', hi);
    text = replaceOnce(text, 'CLM*PCN1*50***13:A:1', `CLM*PCN1*50***${type}:A:1`);
    text = replaceOnce(text, 'DTP*434*RD8*20190601-20190601~', `DTP*434*RD8*${from}-${through}~`);
    const line = text.slice(text.indexOf('LX*1~'), text.indexOf('SE*'));
    const lines = lineDates.map((d, k) => line.replace('LX*1~', `LX*${k + 1}~`).replace('DTP*472*D8*20190601~', `DTP*472*D8*${d}~`)).join('');
    text = text.replace(line, lines);
    const count = Number(/SE\*(\d+)\*/.exec(text)![1]) + (lines.split('~').length - line.split('~').length);
    return text.replace(/SE\*\d+\*/, `SE*${count}*`);
  }

  it('837I inpatient (type of bill 11x, 18x, 21x, 41x): one set for the whole stay, the one of the discharge date', () => {
    // Admitted in FY2024, discharged in FY2025: E66811 exists only from FY2025, and is right.
    for (const type of ['11', '18', '21', '41']) {
      const stay = institutional(type, '20240928', '20241003', ['20240928', '20241003'], 'HI*ABK:E66811~');
      const r = lintWith(stay, 'stay.837i');
      assertWellFormed(r);
      assert.deepStrictEqual(ours(r), [], type);
    }
    // E668 is billable in FY2024 but a header in FY2025: at discharge it is a header, once.
    const header = institutional('11', '20240928', '20241003', ['20240928', '20241003'], 'HI*ABK:E668~');
    const r = lintWith(header, 'stay.837i');
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data.set, f.span]),
      [['header', 'ICD-10-CM FY2025', spanIn(header, 'HI*', 'E668')]],
    );
    // Without a through date, the last date of service is the discharge.
    const noThrough = replaceOnce(
      institutional('11', '20240928', '20241003', ['20240928', '20241003'], 'HI*ABK:E66811~'),
      'DTP*434*RD8*20240928-20241003~',
      'DTP*434*D8*20240928~',
    );
    assert.deepStrictEqual(ours(lintWith(noThrough, 'stay.837i')), []);
  });

  it('837I outpatient across 2024-10-01: a code billable in one fiscal year only is one finding that says to split the claim', () => {
    const text = institutional('13', '20240930', '20241001', ['20240930', '20241001'], 'HI*ABK:E66811~');
    const r = lintWith(text, 'outpatient.837i');
    assertWellFormed(r);
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data, f.span]),
      [
        [
          'spansSets',
          { code: 'E66811', set: 'ICD-10-CM FY2024', date: '2024-09-30', otherSet: 'ICD-10-CM FY2025', otherDate: '2024-10-01' },
          spanIn(text, 'HI*', 'E66811'),
        ],
      ],
    );
    assert.match(ours(r)[0].message, /split the claim/);
    // The same stay as an inpatient claim is coded by its discharge: nothing to split.
    assert.deepStrictEqual(ours(lintWith(text.replace('CLM*PCN1*50***13:', 'CLM*PCN1*50***11:'), 'inpatient.837i')), []);
    // Place of service 11 (office) on an 837P is not an inpatient stay: each line's date decides.
    const professional = fixtureText('diagnosis-across-fiscal-years-swapped.837');
    assert.ok(professional.includes('CLM*PCN1*100***11:B:1'));
    assert.strictEqual(ours(lintWith(professional, 'claim.837')).length, 2);
  });

  it('ICD-9-CM (BK, BF) diagnoses on a date an imported set covers, and X12 codes in lower case or with a dot, are not its concern', () => {
    const base = fixtureText('diagnosis-billable-fy2024.837');
    const hi = /HI\*[^~]*~/.exec(base)![0];
    for (const replacement of ['HI*BK:7245*BF:E66811~', 'HI*ABK:m5450~', 'HI*ABK:M54.50~', 'HI*ABK:z73.3~']) {
      const text = replaceOnce(base, hi, replacement);
      assert.deepStrictEqual(ours(lintWith(text, 'claim.837')), [], replacement);
    }
    // Written in lower case, a header is still a header (the set is looked up by the normalized code).
    const lower = replaceOnce(base, hi, 'HI*ABK:m545~');
    assert.deepStrictEqual(
      ours(lintWith(lower, 'claim.837')).map((f) => [f.messageId, f.span]),
      [['header', spanIn(lower, 'HI*', 'm545')]],
    );
  });

  for (const name of ['diagnosis-header-and-unknown.json', 'diagnosis-header-and-unknown.xml']) {
    it(`FHIR ${path.extname(name).slice(1).toUpperCase()}: the same findings at the coding's code, written with its dot`, () => {
      const text = fhirText(name);
      const r = lintWith(text, name);
      assert.deepStrictEqual(
        ours(r).map((f) => [f.messageId, f.data]),
        [
          ['header', { code: 'M54.5', set: 'ICD-10-CM FY2024', description: 'Low back pain' }],
          ['notInSet', { code: 'E66.811', set: 'ICD-10-CM FY2024', date: '2024-03-04' }],
        ],
      );
      const [header, unknown] = ours(r);
      assert.strictEqual(text.slice(header.span.start, header.span.end).replace(/"/g, ''), 'M54.5');
      assert.strictEqual(text.slice(unknown.span.start, unknown.span.end).replace(/"/g, ''), 'E66.811');
      const original = name.replace('diagnosis-header-and-unknown', 'massage-with-cmt-no-59');
      assert.deepStrictEqual(ours(lintWith(fhirText(original), original)), [], `${original}: M54.50 is billable in FY2024`);
    });
  }

  it('with only a codes file (billable codes, no headers listed), a header is reported as not billable in the set', async () => {
    const codesOnly = await fixtureCodeSets(['icd10cm-codes-2025.txt']);
    const r = lintWith(fixtureText('diagnosis-across-fiscal-years-swapped.837'), 'claim.837', { codeSets: codesOnly });
    assert.deepStrictEqual(
      ours(r).map((f) => [f.messageId, f.data]),
      [['notBillableInSet', { code: 'E668', set: 'ICD-10-CM FY2025', date: '2024-10-01' }]],
    );
  });

  it('takes its severity from the settings, and runs under any policy pack (it cites no clause)', () => {
    const text = fixtureText('diagnosis-header-and-unknown-fy2024.837');
    assert.ok(ours(lintWith(text, 'claim.837', { config: { rules: { [RULE]: 'warning' } } })).every((f) => f.severity === 'warning'));
    assert.deepStrictEqual(ours(lintWith(text, 'claim.837', { config: { rules: { [RULE]: 'off' } } })), []);
    const policy = loadPolicyFile(path.join(REPO_ROOT, 'test', 'fixtures', 'authoring', 'example-acupuncture.json'));
    assert.strictEqual(ours(lintWith(text, 'claim.837', { policy })).length, 2);
  });

  it('the editor re-checks an edited claim with the code sets and gives what a full lint gives', () => {
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    for (const name of ['diagnosis-header-and-unknown-fy2024.837', 'diagnosis-across-fiscal-years-swapped.837']) {
      const original = twoClaims(fixtureText(name));
      const r = rng(name.length * 31);
      const alphabet = ['0', '1', '5', '8', 'M', 'E', '.', '*', ':', '9', '2', '4'];
      const inc = new IncrementalLinter({ codeSets: sets, fileName: name });
      let text = original;
      inc.lint(text);
      let local = 0;
      for (let e = 0; e < 150; e++) {
        // Edits inside the HI segment and the dates, where the rule looks.
        const hi = text.lastIndexOf('HI*');
        const from = r() < 0.6 && hi >= 0 ? hi + 3 + Math.floor(r() * 20) : text.lastIndexOf('DTP*472*D8*') + 11 + Math.floor(r() * 8);
        const change: TextChange = { offset: Math.min(from, text.length), length: r() < 0.5 ? 1 : 0, text: alphabet[Math.floor(r() * alphabet.length)] };
        text = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
        const got = inc.update(text, [change]);
        if (got.incremental) local++;
        assert.deepStrictEqual(plain(got.findings), plain(lint(text, { codeSets: sets, fileName: name }).findings), `${name}, edit ${e}`);
        if (e % 30 === 29) {
          text = original;
          inc.lint(text);
        }
      }
      assert.ok(local > 100, `${name}: most edits re-checked locally (${local})`);
    }
  });
});
