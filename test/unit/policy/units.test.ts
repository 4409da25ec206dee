import * as assert from 'assert';
import { loadBuiltinPolicy } from '../../../src/core/policy/loader';
import { allocateCmsUnits, allocateUnits, explainMinutes, isAnesthesia, isTimed, minutesToUnits } from '../../../src/core/units';

describe('units: minutes to units', () => {
  const policy = loadBuiltinPolicy();

  it('knows timed and anesthesia codes from the policy', () => {
    assert.ok(isTimed('97124', policy) && isTimed('97035', policy) && !isTimed('97010', policy) && !isTimed('00400', policy));
    assert.ok(isAnesthesia('00400', policy) && !isAnesthesia('97124', policy));
  });

  it('policy mode: ⌊minutes/15⌋ for 97124, the 8-minute rule for other timed codes', () => {
    const table: [string, number, number][] = [
      ['97124', 14, 0],
      ['97124', 15, 1],
      ['97124', 29, 1],
      ['97124', 30, 2],
      ['97124', 44, 2],
      ['97110', 7, 0],
      ['97110', 8, 1],
      ['97110', 22, 1],
      ['97110', 23, 2],
      ['97110', 37, 2],
      ['97110', 38, 3],
    ];
    for (const [code, minutes, units] of table) assert.strictEqual(minutesToUnits(code, minutes, 'policy', policy), units, `${code} ${minutes}`);
  });

  it('strict-floor: ⌊minutes/15⌋ for every timed code', () => {
    assert.strictEqual(minutesToUnits('97110', 23, 'strict-floor', policy), 1);
    assert.strictEqual(minutesToUnits('97110', 14, 'strict-floor', policy), 0);
    assert.strictEqual(minutesToUnits('97124', 30, 'strict-floor', policy), 2);
  });

  it('cms-8-minute: units from the date’s total (8–22 = 1, 23–37 = 2, under 8 = 0)', () => {
    assert.strictEqual(minutesToUnits('97110', 7, 'cms-8-minute', policy), 0);
    assert.strictEqual(minutesToUnits('97110', 8, 'cms-8-minute', policy), 1);
    assert.strictEqual(minutesToUnits('97110', 23, 'cms-8-minute', policy), 2);
    assert.strictEqual(minutesToUnits('97140', 7, 'cms-8-minute', policy, 40), 1);
    assert.deepStrictEqual(allocateCmsUnits([33, 7], policy), [2, 1]);
    assert.deepStrictEqual(allocateCmsUnits([7, 7], policy), [1, 0]);
    assert.deepStrictEqual(allocateCmsUnits([5], policy), [0]);
    assert.deepStrictEqual(allocateCmsUnits([20, 20, 20], policy), [2, 1, 1]);
  });

  it('cms-8-minute: 97124 gets whole 15-minute units only, never a left-over unit (issue 14, items 1 and 2)', () => {
    for (let m = 0; m < 15; m++) assert.strictEqual(minutesToUnits('97124', m, 'cms-8-minute', policy), 0, `97124 ${m} min`);
    assert.strictEqual(minutesToUnits('97124', 15, 'cms-8-minute', policy), 1);
    assert.strictEqual(minutesToUnits('97124', 29, 'cms-8-minute', policy), 1);
    assert.strictEqual(minutesToUnits('97124', 23, 'cms-8-minute', policy, 40), 1);
    // The example: 40 timed minutes make 3 units; the left-over one goes to 97110.
    assert.deepStrictEqual(allocateCmsUnits([20, 20], policy, ['97124', '97110']), [1, 2]);
    assert.deepStrictEqual(allocateCmsUnits([20, 20], policy, ['97110', '97124']), [2, 1]);
    // 97124 has the most minutes left over, but not the 15 for a unit: the unit goes to the next code.
    assert.deepStrictEqual(allocateCmsUnits([29, 20], policy, ['97124', '97110']), [1, 2]);
    // Nobody else may take the left-over unit: it is not billed.
    assert.deepStrictEqual(allocateCmsUnits([10], policy, ['97124']), [0]);
    assert.deepStrictEqual(allocateCmsUnits([25, 0], policy, ['97124', '97110']), [1, 0]);
  });

  it('cms-8-minute splits over codes: lines of one code are added up first (each code’s whole units first)', () => {
    // 97124 on two lines, 10 + 10 minutes: 20 minutes of 97124 make its one whole unit.
    assert.deepStrictEqual(allocateCmsUnits([10, 10], policy, ['97124', '97124']), [1, 0]);
    // 97124 10 + 10 and 97110 10: 30 minutes = 2 units; 97124 1 (whole), the left-over one to 97110.
    assert.deepStrictEqual(allocateCmsUnits([10, 10, 10], policy, ['97124', '97124', '97110']), [1, 0, 1]);
    // 97110 on two lines, 20 + 20: 40 minutes of one code, 2 whole units and the third left over.
    assert.deepStrictEqual(allocateCmsUnits([20, 20, 0], policy, ['97110', '97110', '97124']), [2, 1, 0]);
    // 97110 8 + 8, 97140 10, 97112 10: 36 minutes = 2 units. Per code, 97110's 16 minutes hold a whole
    // unit and the left-over one goes to 97140; line by line, 97140 and 97112 would take both.
    assert.deepStrictEqual(allocateCmsUnits([8, 8, 10, 10], policy, ['97110', '97110', '97140', '97112']), [1, 0, 1, 0]);
  });

  it('policy and strict-floor add up a code’s lines of a date too, then round each code on its own', () => {
    // 97124 10 + 10: 20 minutes of 97124 hold one whole unit in every mode (issue 14 review).
    for (const mode of ['policy', 'strict-floor', 'cms-8-minute'] as const) {
      assert.deepStrictEqual(allocateUnits([10, 10], policy, mode, ['97124', '97124']), [1, 0], mode);
      assert.deepStrictEqual(allocateUnits([7, 7], policy, mode, ['97124', '97124']), [0, 0], mode);
    }
    // 97110 7 + 7: the 8-minute rule over 14 minutes gives 1; whole units only give none.
    assert.deepStrictEqual(allocateUnits([7, 7], policy, 'policy', ['97110', '97110']), [1, 0]);
    assert.deepStrictEqual(allocateUnits([7, 7], policy, 'strict-floor', ['97110', '97110']), [0, 0]);
    // Codes are not mixed outside cms-8-minute: 97124 10 and 97110 10 stay apart.
    assert.deepStrictEqual(allocateUnits([10, 10], policy, 'policy', ['97124', '97110']), [0, 1]);
    assert.deepStrictEqual(allocateUnits([10, 10], policy, 'strict-floor', ['97124', '97110']), [0, 0]);
    // 97110 14 + 14 + 14 under policy: 42 minutes → 3 units, one a line.
    assert.deepStrictEqual(allocateUnits([14, 14, 14], policy, 'policy', ['97110', '97110', '97110']), [1, 1, 1]);
  });

  it('never returns negative units; NaN stays NaN', () => {
    assert.strictEqual(minutesToUnits('97110', -5, 'policy', policy), 0);
    assert.ok(Number.isNaN(minutesToUnits('97110', NaN, 'policy', policy)));
  });

  it('explains a conversion in one short sentence', () => {
    assert.strictEqual(explainMinutes('97124', 23, 'policy', policy), '23 minutes → 1 unit: whole units only for 97124 (no rounding up from 8 minutes)');
    assert.strictEqual(explainMinutes('97110', 23, 'policy', policy), '23 minutes → 2 units: a remainder of 8 minutes or more counts as a unit');
    assert.strictEqual(explainMinutes('97110', 23, 'strict-floor', policy), '23 minutes → 1 unit: whole units only (no rounding up)');
    assert.match(explainMinutes('97110', 23, 'cms-8-minute', policy), /^23 minutes → 2 units: CMS 8-minute rule/);
  });
});
