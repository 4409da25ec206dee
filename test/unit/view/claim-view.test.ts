import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultPolicy, lint } from '../../../src/core/engine';
import { claimView, MAX_VIEW_CLAIMS, type ClaimViewModel } from '../../../src/core/view/claim-view';
import { REPO_ROOT } from '../repo-root';

function viewOf(file: string, rounding: 'policy' | 'cms-8-minute' = 'policy'): { view: ClaimViewModel; text: string } {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const { document, findings } = lint(text, { fileName: file, config: { timedRounding: rounding } });
  return { view: claimView(document, findings, defaultPolicy(), rounding), text };
}

describe('claimView (the model of the claim view)', () => {
  const { view, text } = viewOf('test/integration/workspace/patient-visits.837');

  it('per claim: id, patient, dates of service, charge, diagnoses', () => {
    assert.strictEqual(view.format, 'x12-837p');
    assert.strictEqual(view.claimCount, 5);
    assert.deepStrictEqual(
      view.claims.map((c) => [
        c.id,
        c.patient.name,
        c.dates.join(' '),
        c.totalCharge,
        c.diagnoses.map((d) => `${d.sequence}:${d.code}${d.principal ? '*' : ''}`).join(' '),
      ]),
      [
        ['VISIT1', 'HOE, LENA', '2019-06-03', 130, '1:M5450* 2:M6283'],
        ['VISIT2', 'HOE, LENA', '2019-06-10', 180, '1:M5450*'],
        ['VISIT3', 'HOE, LENA', '2019-06-17', 110, '1:M5450* 2:M6283'],
        ['VISIT4', 'HOE, LENA', '2019-06-24', 110, '1:M5450*'],
        ['VISIT5', 'NOE, PAUL', '2019-06-05', 50, '1:Z733*'],
      ],
    );
    assert.strictEqual(text.slice(view.claims[0].span.start, view.claims[0].span.start + 10), 'CLM*VISIT1');
  });

  it('per line: code, modifiers, units or minutes (and the units they make), charge, pointers resolved, kind, problems', () => {
    const lines = view.claims.flatMap((c) => c.lines);
    assert.deepStrictEqual(
      lines.map((l) => [
        l.code,
        l.modifiers.join(':'),
        `${l.quantity} ${l.basis}`,
        l.units,
        l.charge,
        l.diagnoses.map((d) => `${d.pointer}→${d.code}`).join(' '),
        l.kind,
      ]),
      [
        ['98940', '', '1 units', 1, 80, '1→M5450 2→M6283', 'other'],
        ['97124', '59', '1 units', 1, 50, '1→M5450', 'massage'],
        ['98940', '', '1 units', 1, 80, '1→M5450', 'other'],
        ['97124', '', '2 units', 2, 100, '1→M5450', 'massage'],
        ['97124', '59', '15 minutes', 1, 50, '1→M5450', 'massage'],
        ['97110', '', '1 units', 1, 60, '2→M6283', 'therapy'],
        ['97124', '', '1 units', 1, 50, '1→M5450', 'massage'],
        ['97110', '', '1 units', 1, 60, '1→M5450', 'therapy'],
        ['97124', '', '1 units', 1, 50, '1→Z733', 'massage'],
      ],
    );
    assert.deepStrictEqual(
      lines.map((l) => l.problems.map((p) => p.ruleId).join(' ')),
      ['', '', '', 'cmt-modifier-59 audit-multiple-units', 'timed-units-minutes', '', 'audit-visit-count therapy-reduction', '', 'not-medically-necessary'],
    );
    assert.strictEqual(text.slice(lines[3].span.start, lines[3].span.start + 4), 'LX*2');
    assert.deepStrictEqual(view.outside, []);
    assert.strictEqual(view.problemCount, 6);
  });

  it('per patient: massage and therapy units by date, massage visits counted, audit triggers marked', () => {
    assert.deepStrictEqual(
      view.patients.map((p) => [p.patient.name, p.maxUnitsPerDate, p.maxVisits]),
      [
        ['HOE, LENA', 1, 3],
        ['NOE, PAUL', 1, 3],
      ],
    );
    assert.deepStrictEqual(
      view.patients[0].days.map((d) => [d.date, d.massageUnits, d.therapyUnits, d.massageVisit, d.lines.length, d.triggers.map((t) => t.ruleId).join(' ')]),
      [
        ['2019-06-03', 1, 0, 1, 1, ''],
        ['2019-06-10', 2, 0, 2, 1, 'audit-multiple-units'],
        ['2019-06-17', 1, 1, 3, 2, ''],
        ['2019-06-24', 1, 1, 4, 2, 'audit-visit-count'],
      ],
    );
  });

  it('837I: lines without pointers take every diagnosis of the claim', () => {
    const { view: inst } = viewOf('test/integration/workspace/institutional.837i');
    const line = inst.claims[0].lines[0];
    assert.strictEqual(line.revenueCode, '0420');
    assert.deepStrictEqual(
      line.diagnoses.map((d) => d.code),
      inst.claims[0].diagnoses.map((d) => d.code),
    );
  });

  it('a pointer to no diagnosis stays unresolved', () => {
    const { view: dangling } = viewOf('test/fixtures/rules/massage-dangling-pointer.837');
    const pointers = dangling.claims[0].lines.flatMap((l) => l.diagnoses);
    assert.ok(pointers.some((d) => d.pointer === 3 && d.code === undefined));
  });

  it('minutes become units under the active rounding', () => {
    const cms = viewOf('test/fixtures/rules/timed-billed-in-minutes.837', 'cms-8-minute').view.claims[0].lines;
    const floor = viewOf('test/fixtures/rules/timed-billed-in-minutes.837').view.claims[0].lines;
    assert.deepStrictEqual(
      floor.map((l) => `${l.code} ${l.quantity} ${l.basis} = ${l.units}`),
      ['97124 30 minutes = 2', '97110 23 minutes = 2', '97140 22 minutes = 1'],
    );
    assert.strictEqual(cms.length, floor.length);
  });

  it('problems outside every claim are listed apart', () => {
    const { view: envelope } = viewOf('samples/segment-count-off.837');
    assert.deepStrictEqual(
      envelope.outside.map((p) => p.ruleId),
      ['x12-envelope'],
    );
  });

  it('FHIR: the same model from a Bundle', () => {
    const { view: fhir } = viewOf('test/fixtures/fhir/bundle-five-visits-one-patient.json');
    assert.strictEqual(fhir.format, 'fhir-json');
    assert.strictEqual(fhir.patients.length, 1);
    assert.strictEqual(fhir.patients[0].days.length, 5);
    assert.ok(fhir.patients[0].days[3].triggers.some((t) => t.ruleId === 'audit-visit-count'));
  });

  it(`shows at most ${MAX_VIEW_CLAIMS} claims and says how many there are`, () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/rules/massage-four-visits.837'), 'utf8');
    const lines = source.split('\n');
    const clm = lines.findIndex((l) => l.startsWith('CLM*'));
    const se = lines.findIndex((l) => l.startsWith('SE*'));
    const claim = lines.slice(clm, clm + 7);
    const body = Array.from({ length: MAX_VIEW_CLAIMS + 5 }, () => claim).flat();
    const text = [...lines.slice(0, clm), ...body, ...lines.slice(se)].join('\n');
    const { document, findings } = lint(text);
    const many = claimView(document, findings, defaultPolicy());
    assert.strictEqual(many.claimCount, MAX_VIEW_CLAIMS + 5);
    assert.strictEqual(many.claims.length, MAX_VIEW_CLAIMS);
    assert.ok(
      many.outside.every((p) => p.ruleId === 'x12-envelope'),
      'the problems of claims not shown are not "outside"',
    );
  });
});
