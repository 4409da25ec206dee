import * as assert from 'assert';
import { defaultPolicy } from '../../../src/core/engine';
import { patientOfClaims, patientsOf, ServiceFacts } from '../../../src/core/facts';
import type { Claim, ServiceLine } from '../../../src/core/model/claim';
import { Policy } from '../../../src/core/policy';

interface LineSpec {
  code: string;
  date?: string;
  quantity?: number;
  basis?: string;
  modifiers?: string[];
  taxonomy?: string;
}

let at = 0;
const field = <T>(value: T, raw = String(value)) => ({ value, raw, span: { start: at, end: (at += raw.length + 1) - 1 } });

/** A claim of the model with just what the facts read. */
function claim(patient: string, lines: LineSpec[], extra: Partial<Claim> = {}): Claim {
  const start = at;
  const built: ServiceLine[] = lines.map((l) => ({
    loopId: '2400',
    span: { start: at, end: at + 1 },
    serviceSpan: { start: at, end: at + 1 },
    procedure: {
      span: field(l.code).span,
      code: { value: l.code, raw: l.code, span: { start: 0, end: 0 } },
      modifiers: (l.modifiers ?? []).map((m) => field(m)),
    },
    unitBasis: l.basis === undefined ? undefined : field(l.basis),
    quantity: l.quantity === undefined ? undefined : field(l.quantity),
    serviceDate: l.date === undefined ? undefined : field(l.date),
    renderingTaxonomy: l.taxonomy === undefined ? undefined : field(l.taxonomy),
    diagnosisPointers: [],
    hasPointerElement: true,
  }));
  return {
    loopId: '2300',
    span: { start, end: at },
    id: field(`PCN${start}`),
    diagnoses: [],
    patient: { key: patient, loopId: '2010BA' },
    lines: built,
    ...extra,
  };
}

describe('ServiceFacts (what patient-scoped rules read)', () => {
  const policy = defaultPolicy();

  function sample(): ServiceFacts {
    at = 0;
    const facts = new ServiceFacts(policy, 'policy');
    facts.addClaim(
      claim(
        'id:A',
        [
          { code: '97124', date: '2024-01-02', quantity: 1, basis: 'UN' },
          { code: '98940', date: '2024-01-02', quantity: 1, modifiers: ['GP', '59'], taxonomy: '225100000X' },
        ],
        { frequencyCode: field('7'), billingProviderId: '1234567893', renderingTaxonomy: field('111N00000X') },
      ),
    );
    facts.addClaim(claim('id:B', [{ code: '97.110', quantity: 23, basis: 'MJ' }]));
    facts.addClaim(
      claim(
        'id:A',
        [
          { code: '97124', date: '2024-01-01', quantity: 2 },
          { code: '97110', date: '2024-01-01' },
        ],
        { billingProviderName: 'SUNCOAST' },
      ),
    );
    facts.addClaim(claim('id:C', []));
    return facts;
  }

  it('keeps each line’s patient, date, code and code sets, modifiers, units, provider, claim and position', () => {
    const facts = sample();
    assert.strictEqual(facts.count, 5);
    assert.strictEqual(facts.claimCount, 4);
    assert.deepStrictEqual([facts.patient(0), facts.date(0), facts.code(0), facts.claim(0)], ['id:A', '2024-01-02', '97124', 0]);
    assert.deepStrictEqual(
      ['massage', 'cmt', 'therapy', 'timed', 'anesthesia', 'no-such-set'].map((s) => facts.inSet(0, s)),
      [true, false, true, true, false, false],
    );
    assert.deepStrictEqual([facts.inSet(1, 'cmt'), facts.inSet(1, 'therapy')], [true, false]);
    assert.deepStrictEqual(facts.modifiers(1), ['GP', '59']);
    assert.deepStrictEqual(facts.modifiers(0), []);
    assert.deepStrictEqual([facts.renderingProvider(0), facts.renderingProvider(1), facts.renderingProvider(2)], ['111N00000X', '225100000X', '']);
    // 23 minutes of a timed code: 2 units under the policy's 8-minute rounding (97110 is not massage).
    assert.deepStrictEqual(
      [facts.code(2), facts.normalized(2), facts.quantity(2), facts.basis(2), facts.units(2), facts.date(2)],
      ['97.110', '97110', 23, 'minutes', 2, ''],
    );
    assert.deepStrictEqual([facts.basis(0), facts.basis(3), facts.units(3)], ['units', 'none', 2]);
    assert.ok(Number.isNaN(facts.units(4)) && Number.isNaN(facts.quantity(4)));
    assert.strictEqual(facts.billedUnits(4), 0);
    assert.deepStrictEqual([facts.frequency(0), facts.billingProvider(0), facts.billingProvider(2), facts.frequency(1)], ['7', '1234567893', 'SUNCOAST', '']);
    assert.match(facts.claimId(0), /^PCN\d+$/);
    assert.notStrictEqual(facts.claimId(0), facts.claimId(2));
    assert.ok(facts.span(3).start > facts.span(2).end);
  });

  it('gives each patient its lines in document order, grouped by date in first-seen order ("" is a group), visits sorted', () => {
    const facts = sample();
    const patients = patientsOf(facts);
    assert.deepStrictEqual(
      patients.map((p) => [p.key, p.lines()]),
      [
        ['id:A', [0, 1, 3, 4]],
        ['id:B', [2]],
        ['id:C', []],
      ],
    );
    const a = patients[0];
    assert.deepStrictEqual(a.lines('massage'), [0, 3]);
    assert.deepStrictEqual(
      a.byDate('therapy').map((g) => g),
      [[0], [3, 4]],
    );
    assert.deepStrictEqual(
      a.visits('therapy').map((v) => v.date),
      ['2024-01-01', '2024-01-02'],
    );
    assert.deepStrictEqual(
      patients[1].byDate('therapy').map((g) => g),
      [[2]],
    );
    assert.deepStrictEqual(patients[1].visits('therapy'), []);
  });

  it('replaces an edited claim’s lines and moves positions after an edit', () => {
    const facts = sample();
    const before = facts.span(3);
    facts.shift(before.start, 10);
    assert.deepStrictEqual(facts.span(3), { start: before.start + 10, end: before.end + 10 });
    facts.replaceClaim(0, claim('id:A', [{ code: '97140', date: '2024-01-02' }]));
    const a = patientOfClaims(facts, 'id:A', [0, 2]);
    assert.deepStrictEqual(
      a.lines().map((i) => facts.code(i)),
      ['97140', '97124', '97110'],
    );
    assert.strictEqual(facts.claimCount, 4);
  });

  it('answers for any code set a pack names, not only the built-in ones', () => {
    const data = defaultPolicy().data;
    const pack = new Policy({ ...data, codeSets: { acupuncture: { description: 'Acupuncture.', ranges: [['97810', '97814']] } } });
    const facts = new ServiceFacts(pack, 'policy');
    facts.addClaim(claim('id:A', [{ code: '97813' }, { code: '97124' }]));
    assert.deepStrictEqual([facts.inSet(0, 'acupuncture'), facts.inSet(1, 'acupuncture'), facts.inSet(1, 'massage')], [true, false, false]);
  });

  it('one patient with thousands of dates: one group per date, linear', () => {
    const facts = new ServiceFacts(policy, 'policy');
    const lines: LineSpec[] = [];
    for (let k = 0; k < 20000; k++) lines.push({ code: '97124', date: `d${k % 5000}` });
    facts.addClaim(claim('id:A', lines));
    const groups = patientsOf(facts)[0].byDate('massage');
    assert.strictEqual(groups.length, 5000);
    assert.deepStrictEqual(groups[1], [1, 5001, 10001, 15001]);
  });
});
