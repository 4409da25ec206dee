import * as assert from 'assert';
import { knownDateGroups, PatientLines } from '../../../src/core/rules/patient-lines';

/** Line indexes of each group, per patient, for a kind. */
function groups(lines: PatientLines, kind: 'massage' | 'therapy'): number[][][] {
  const g = lines.grouped(kind);
  const out: number[][][] = [];
  for (let p = 0; p + 1 < g.patientStarts.length; p++) {
    const patient: number[][] = [];
    for (let k = g.patientStarts[p]; k < g.patientStarts[p + 1]; k++) patient.push(Array.from(g.lines.subarray(g.groupStarts[k], g.groupStarts[k + 1])));
    out.push(patient);
  }
  return out;
}

describe('PatientLines (the file-wide rules’ input)', () => {
  function sample(): PatientLines {
    const lines = new PatientLines();
    const at = (n: number) => ({ start: n, end: n + 5 });
    lines.add('id:A', '2024-01-02', '97124', true, false, 1, at(0)); // 0
    lines.add('id:B', '', '97124', true, false, 2, at(10)); // 1
    lines.add('id:A', '2024-01-01', '97110', false, true, 1, at(20)); // 2
    lines.add('id:A', '2024-01-02', '97124', true, false, NaN, at(30)); // 3
    lines.add('id:B', '', '97.110', false, true, 3, at(40)); // 4
    lines.add('id:A', '2024-01-01', '97124', true, true, 1, at(50)); // 5
    return lines;
  }

  it('keeps each line’s values, with the code as written and normalized', () => {
    const lines = sample();
    assert.strictEqual(lines.count, 6);
    assert.deepStrictEqual([lines.patient(4), lines.date(4), lines.code(4), lines.normalized(4), lines.units(4)], ['id:B', '', '97.110', '97110', 3]);
    assert.ok(Number.isNaN(lines.units(3)));
    assert.deepStrictEqual(lines.span(5), { start: 50, end: 55 });
  });

  it('groups by patient, then by date in first-seen order ("" is a group), document order within', () => {
    const lines = sample();
    assert.deepStrictEqual(groups(lines, 'massage'), [[[0, 3], [5]], [[1]]]);
    assert.deepStrictEqual(groups(lines, 'therapy'), [[[2, 5]], [[4]]]);
  });

  it('lists a patient’s known dates sorted, without ""', () => {
    const lines = sample();
    const g = lines.grouped('massage');
    assert.deepStrictEqual(
      knownDateGroups(lines, g, 0).map((d) => d.date),
      ['2024-01-01', '2024-01-02'],
    );
    assert.deepStrictEqual(knownDateGroups(lines, g, 1), []);
  });

  it('groups again after more lines are added', () => {
    const lines = sample();
    lines.grouped('massage');
    lines.add('id:C', '2024-02-01', '97124', true, false, 1, { start: 60, end: 65 });
    assert.deepStrictEqual(groups(lines, 'massage'), [[[0, 3], [5]], [[1]], [[6]]]);
  });

  it('one patient with thousands of dates: one group per date', () => {
    const lines = new PatientLines();
    for (let k = 0; k < 20000; k++) lines.add('id:A', `d${k % 5000}`, '97124', true, false, 1, { start: k, end: k + 1 });
    const g = lines.grouped('massage');
    assert.strictEqual(g.groupStarts.length - 1, 5000);
    assert.deepStrictEqual(Array.from(g.lines.subarray(g.groupStarts[1], g.groupStarts[2])), [1, 5001, 10001, 15001]);
  });
});
