import * as assert from 'assert';
import { assertFix, assertFixSafe, assertWellFormed, fhirText, findingsOf, lintFixture, lintText, replaceOnce, spanIn } from './helpers';

const RULE = 'untimed-billed-in-minutes';

describe(RULE, () => {
  it('fires on supervised modalities, evaluations, G0283 and group therapy billed in minutes, from SV1-03 to SV1-04', () => {
    const r = lintFixture('untimed-billed-in-minutes.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.messageId, f.severity, f.clause]),
      [
        ['97014', 'minutes', 'error', 'accurate-coding'],
        ['97161', 'minutes', 'error', 'accurate-coding'],
        ['G0283', 'minutes', 'error', 'accurate-coding'],
        ['97150', 'minutes', 'error', 'accurate-coding'],
      ],
    );
    assert.deepStrictEqual(found[0].span, spanIn(r.text, 'SV1*HC:97014', 'MJ*15'));
    assert.strictEqual(
      found[0].message,
      '97014 is billed in minutes (MJ) but is not a timed code: it is billed as one unit per visit, whatever the time spent. [HNS Policy: Reminders — accurate coding]',
    );
    // Never a timed-units-minutes finding as well: one fault, one finding.
    assert.deepStrictEqual(findingsOf(r, 'timed-units-minutes'), []);
  });

  it('suggests 1 unit (UN) for minutes that show a service, and nothing for zero minutes', () => {
    const r = lintFixture('untimed-billed-in-minutes.837');
    const [modality, evaluation, g0283, group] = findingsOf(r, RULE);
    assert.strictEqual(modality.fixes[0].title, 'Bill 1 unit (UN) instead of 15 minutes');
    assertFix(r, modality, replaceOnce(r.text, 'HC:97014*50*MJ*15', 'HC:97014*50*UN*1'));
    assertFix(r, evaluation, replaceOnce(r.text, 'HC:97161*50*MJ*30', 'HC:97161*50*UN*1'));
    assertFix(r, g0283, replaceOnce(r.text, 'HC:G0283*50*MJ*10', 'HC:G0283*50*UN*1'));
    assert.deepStrictEqual(group.fixes, [], '0 minutes: no service shown, the coder decides');
    for (const f of [modality, evaluation, g0283]) assertFixSafe(r, f);
  });

  it('does not fire on untimed codes billed in units, nor on timed codes billed in minutes', () => {
    for (const name of ['untimed-billed-in-units.837', 'timed-billed-in-minutes.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });

  it('FHIR JSON and XML: a quantity in "min" on an untimed code', () => {
    for (const name of ['untimed-billed-in-minutes.json', 'untimed-billed-in-minutes.xml']) {
      const r = lintText(fhirText(name), undefined, name);
      assertWellFormed(r);
      const found = findingsOf(r, RULE);
      assert.deepStrictEqual(
        found.map((f) => f.data.code),
        ['97014', '97161'],
        name,
      );
      assert.match(found[0].message, /^97014 is billed in minutes \(unit "min"\) but is not a timed code/);
      for (const f of found) assertFixSafe(r, f, undefined, 1, name);
    }
  });
});
