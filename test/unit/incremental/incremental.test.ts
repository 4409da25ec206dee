import * as assert from 'assert';
import fc from 'fast-check';
import { findingsAt, lint, type LintOptions } from '../../../src/core/engine';
import { IncrementalLinter, type IncrementalOptions, type TextChange } from '../../../src/core/incremental';
import { lintFiles, readFactsSteps, type HistoryFile } from '../../../src/core/history';
import { ruleSetOf } from '../../../src/core/engine';
import { runSteps } from '../../../src/core/steps';
import { RULES } from '../../../src/core/rules';
import type { PatientRule } from '../../../src/core/rules/types';
import { generate837, rng } from '../../../bench/generate';
import { fixtureText } from '../rules/helpers';
import { renderedArb } from '../fuzz/generators';
import { fuzzRuns, fuzzSeed } from '../fuzz/support';

const FIXTURES = [
  'massage-four-visits.837',
  'massage-three-visits-two-patients.837',
  'massage-with-cmt-no-59.837',
  'timed-under-minimum.837',
  'therapy-no-reduction.837',
  'four-modalities-one-visit.837',
  'massage-837i.837i',
];

const ALPHABET = ['1', '5', '9', '0', 'A', 'X', '*', ':', '~', '\n', ' ', '.', 'M', 'J', 'U', 'N'];

function apply(text: string, c: TextChange): string {
  return text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
}

function randomEdit(text: string, r: () => number): TextChange {
  const offset = Math.floor(r() * text.length);
  const ch = ALPHABET[Math.floor(r() * ALPHABET.length)];
  const kind = r();
  if (kind < 0.4) return { offset, length: 0, text: ch };
  if (kind < 0.7) return { offset, length: Math.min(1, text.length - offset), text: '' };
  return { offset, length: Math.min(1, text.length - offset), text: ch };
}

/** Findings as plain data, for deepStrictEqual. */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/** Edit `text` at random `edits` times (restarting from it every `restart`), checking each result against a full lint. */
function checkRandomEdits(
  name: string,
  text: string,
  seed: number,
  edits: number,
  options: IncrementalOptions = {},
  full: (text: string) => ReturnType<typeof lint> = (t) => lint(t, { ...options, fileName: name }),
): { local: number; total: number } {
  const r = rng(seed);
  let local = 0;
  let current = text;
  const inc = new IncrementalLinter({ ...options, fileName: name });
  inc.lint(current);
  for (let e = 0; e < edits; e++) {
    if (e > 0 && e % 25 === 0) {
      current = text;
      inc.lint(current);
    }
    const change = randomEdit(current, r);
    const next = apply(current, change);
    const got = inc.update(next, [change]);
    const want = full(next);
    if (got.incremental) local++;
    const where = `${name}, edit ${e} ${JSON.stringify(change)} (${got.incremental ? 'incremental' : got.fullReason})`;
    assert.deepStrictEqual(plain(got.findings), plain(want.findings), where);
    if (e % 7 === 0) {
      assert.deepStrictEqual(plain(got.document.claims), plain(want.document.claims), `claims: ${where}`);
      assert.deepStrictEqual(plain(got.document.problems), plain(want.document.problems), `problems: ${where}`);
    }
    const probe = Math.floor(r() * next.length);
    assert.deepStrictEqual(got.lines.positionAt(probe), want.lines.positionAt(probe), `lines: ${where}`);
    current = next;
  }
  return { local, total: edits };
}

describe('incremental re-lint', () => {
  for (const name of FIXTURES) {
    it(`equals a full lint after random one-character edits: ${name}`, () => {
      checkRandomEdits(name, fixtureText(name), name.length * 7919, 120);
    });
  }

  it('re-checks only the touched claim for most edits of a generated batch, always equal to a full lint', function () {
    this.timeout(120000);
    const text = generate837(60_000, 11);
    const { local, total } = checkRandomEdits('batch.837', text, 5, 300);
    assert.ok(local > total / 3, `only ${local} of ${total} edits took the incremental path`);
  });

  it('keeps equal under the cms-8-minute rounding mode and X modifiers', function () {
    this.timeout(60000);
    const text = generate837(30_000, 23);
    checkRandomEdits('batch.837', text, 9, 100, { config: { timedRounding: 'cms-8-minute', acceptXModifiers: true } });
  });

  it('keeps equal on generated claims with errors, where findings of different rules share a span', function () {
    // A massage line without a diagnosis and with two units: diagnosis-linked (a claim-scoped rule)
    // and audit-multiple-units (patient-scoped, earlier in the registry) report the same span; a
    // re-check must order them as a full lint does, by rule.
    this.timeout(120000);
    let seed = 0;
    fc.assert(
      fc.property(renderedArb({ withErrors: true }), (r) => {
        checkRandomEdits('fuzz.837', r.text, ++seed, 12);
      }),
      { numRuns: Math.max(30, Math.round(fuzzRuns() / 2)), seed: fuzzSeed() },
    );
  });

  it('a newly registered patient-scoped rule keeps one-character edits local (its scope says what to re-run)', function () {
    this.timeout(120000);
    // Not in any list of the incremental linter's: only its meta.scope says it reads one patient.
    const lastMassageLine: PatientRule = {
      meta: {
        id: 'test-last-massage-line',
        description: 'A test rule: the last of a patient’s massage lines, when there are several.',
        scope: 'patient',
        clauses: ['audit-trigger'],
        defaultSeverity: 'info',
        fixKinds: [],
        messages: { last: 'Massage line {{n}} of {{count}} for this patient.' },
      },
      check(patient, context) {
        const lines = patient.lines('massage');
        if (lines.length < 2) return;
        context.report({ messageId: 'last', data: { n: lines.length, count: lines.length }, span: patient.facts.span(lines[lines.length - 1]) });
      },
    };
    const options: LintOptions = { rules: [...RULES, lastMassageLine] };
    const text = generate837(60_000, 11);
    assert.ok(
      lint(text, options).findings.some((f) => f.ruleId === 'test-last-massage-line'),
      'the rule fires on the batch',
    );
    const { local, total } = checkRandomEdits('batch.837', text, 5, 200, options);
    assert.ok(local > total / 3, `only ${local} of ${total} edits took the incremental path`);
  });

  it('against an index of several files: re-checks the edited patient over the history, always equal to linting all files (issue 16)', function () {
    this.timeout(120000);
    // Generated batches share their patients: the same members recur from batch to batch.
    const others = [generate837(20_000, 3), generate837(20_000, 4), generate837(20_000, 5)].map((text, k) => ({ name: `other-${k}.837`, text }));
    const text = generate837(30_000, 7);
    const ruleSet = ruleSetOf({});
    const facts = others.map((o): HistoryFile => ({ name: o.name, length: o.text.length, facts: runSteps(readFactsSteps(o.text, ruleSet, o.name)) }));
    const history = { name: 'edited.837', files: () => ({ before: facts.slice(0, 2), after: facts.slice(2) }) };
    const full = (t: string) =>
      lintFiles([
        { ...others[0], historyOnly: true },
        { ...others[1], historyOnly: true },
        { name: 'edited.837', fileName: 'batch.837', text: t },
        { ...others[2], historyOnly: true },
      ])[2]!;
    const alone = lint(text, { fileName: 'batch.837' }).findings;
    const together = full(text).findings;
    assert.ok(
      together.some((f) => f.related.some((x) => x.file !== undefined)),
      'the history changes what is found',
    );
    assert.notDeepStrictEqual(plain(together), plain(alone));
    const { local, total } = checkRandomEdits('batch.837', text, 13, 150, { history }, full);
    assert.ok(local > total / 3, `only ${local} of ${total} edits took the incremental path`);
  });

  it('edits inside a claim are incremental; envelope and HL edits fall back to a full lint', () => {
    const text = fixtureText('massage-four-visits.837');
    const inc = new IncrementalLinter({ fileName: 'x.837' });
    inc.lint(text);
    const at = text.lastIndexOf('SV1*HC:97124') + 'SV1*HC:9712'.length;
    const local = inc.update(apply(text, { offset: at, length: 1, text: '5' }), [{ offset: at, length: 1, text: '5' }]);
    assert.strictEqual(local.incremental, true, local.fullReason);
    const inc2 = new IncrementalLinter({ fileName: 'x.837' });
    inc2.lint(text);
    const se = text.indexOf('SE*') + 3;
    const env = inc2.update(apply(text, { offset: se, length: 0, text: '1' }), [{ offset: se, length: 0, text: '1' }]);
    assert.strictEqual(env.incremental, false);
    const hl = text.lastIndexOf('HL*') + 1;
    const inc3 = new IncrementalLinter({ fileName: 'x.837' });
    inc3.lint(text);
    assert.strictEqual(inc3.update(apply(text, { offset: hl, length: 1, text: 'X' }), [{ offset: hl, length: 1, text: 'X' }]).incremental, false);
  });

  it('updateLocally re-checks a local edit, and declines a non-local one without linting, dropping its base', () => {
    const text = generate837(60_000, 4);
    const inc = new IncrementalLinter({ fileName: 'x.837' });
    inc.lint(text);
    const at = text.lastIndexOf('SV1*HC:') + 'SV1*HC:'.length + 2;
    const edit = { offset: at, length: 1, text: '5' };
    const edited = apply(text, edit);
    const local = inc.updateLocally(edited, [edit]);
    assert.ok(local, 'a digit of a procedure code is re-checked locally');
    assert.strictEqual(local.incremental, true);
    assert.deepStrictEqual(plain(local.findings), plain(lint(edited, { fileName: 'x.837' }).findings));

    // A typed segment terminator is not local: nothing is linted and the base is gone.
    const term = { offset: edited.lastIndexOf('DTP*'), length: 0, text: '~' };
    const split = apply(edited, term);
    assert.strictEqual(inc.updateLocally(split, [term]), undefined);
    assert.strictEqual(inc.result, undefined);
    // The next update is a full lint of its text, equal to lint().
    const next = apply(split, { offset: 0, length: 0, text: '' });
    const full = inc.update(next, [{ offset: 0, length: 0, text: '' }]);
    assert.strictEqual(full.incremental, false);
    assert.strictEqual(full.fullReason, 'no previous X12 lint');
    assert.deepStrictEqual(plain(full.findings), plain(lint(next, { fileName: 'x.837' }).findings));
  });

  it('finds the findings and the claim at an offset', () => {
    const text = fixtureText('massage-with-cmt-no-59.837');
    const inc = new IncrementalLinter({ fileName: 'x.837' });
    const result = inc.lint(text);
    const f = result.findings.find((x) => x.ruleId === 'cmt-modifier-59')!;
    assert.deepStrictEqual(
      findingsAt(result.findings, f.span.start + 1).map((x) => x.ruleId),
      result.findings.filter((x) => x.span.start <= f.span.start + 1 && x.span.end >= f.span.start + 1).map((x) => x.ruleId),
    );
    assert.strictEqual(inc.claimAt(f.span.start)?.id.value, 'PCN1');
    assert.strictEqual(inc.claimAt(0), undefined);
  });
});
