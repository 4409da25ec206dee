import * as assert from 'assert';
import { lint } from '../../../src/core/engine';
import { lintFiles } from '../../../src/core/history';
import { IncrementalLinter } from '../../../src/core/incremental';
import { fhirIdentifierKey, fhirReferenceKey, x12PatientKey, x12UnknownKey } from '../../../src/core/model/patient-key';
import { readClaimsAgain, readX12, x12ReadState } from '../../../src/core/parsers/x12';
import { readFhirJson } from '../../../src/core/parsers/fhir-json';
import { readFhirXml } from '../../../src/core/parsers/fhir-xml';
import { interchange, interchangeOf } from '../parsers/x12/x12-builder';

/** Who "the same patient" is (docs/patient-identity.md): issue 16. */

const VISIT_RULE = 'audit-visit-count';
const DATES = ['20190601', '20190608', '20190615', '20190622'];

/** A transaction set's body, loop by loop: the billing provider, then subscriber (HL*22) and dependent (HL*23) loops with their claims. */
class Body {
  readonly segs = [
    'BHT*0019*00*0123*20190601*1200*CH',
    'NM1*41*2*CLINIC*****46*12345',
    'PER*IC*CONTACT*TE*5555555555',
    'NM1*40*2*RECEIVER*****46*99999',
    'HL*1**20*1',
    'NM1*85*2*CLINIC*****XX*1234567893',
    'N3*1 MAIN ST',
    'N4*CITY*ST*12345',
    'REF*EI*123456789',
  ];
  private hl = 1;
  private subscriberHl = 0;
  private claims = 0;

  /** A subscriber loop: NM1*IL (member id unless undefined), DMG, and NM1*PR with the payer id unless undefined. */
  subscriber(payer: string | undefined, member: string | undefined, o: { dependents?: boolean; name?: string } = {}): this {
    this.subscriberHl = ++this.hl;
    this.segs.push(`HL*${this.hl}*1*22*${o.dependents ? 1 : 0}`, o.dependents ? 'SBR*P********CI' : 'SBR*P*18*******CI');
    this.segs.push(`NM1*IL*1*${o.name ?? 'DOE*JANE'}${member === undefined ? '' : `****MI*${member}`}`, 'DMG*D8*19700101*F');
    if (payer !== undefined) this.segs.push(`NM1*PR*2*PAYER*****PI*${payer}`);
    return this;
  }

  /** A dependent (patient) loop under the last subscriber: NM1*QC with no id, DMG*D8. */
  dependent(last: string, first: string, dob: string): this {
    this.segs.push(`HL*${++this.hl}*${this.subscriberHl}*23*0`, 'PAT*19', `NM1*QC*1*${last}*${first}`, `DMG*D8*${dob}*M`);
    return this;
  }

  /** One claim: one unit of massage (97124) on `date`, with `inClaim` segments before its line (2310–2330 loops). */
  visit(date: string, inClaim: string[] = []): this {
    this.segs.push(`CLM*PCN${++this.claims}*50***11:B:1*Y*A*Y*I`, 'HI*ABK:M5450', 'NM1*82*1*SMITH*JOHN****XX*1234567893', 'PRV*PE*PXC*111N00000X');
    this.segs.push(...inClaim, 'LX*1', 'SV1*HC:97124*50*UN*1***1', `DTP*472*D8*${date}`);
    return this;
  }

  visits(dates: readonly string[]): this {
    for (const d of dates) this.visit(d);
    return this;
  }
}

function visitFindings(text: string): number {
  const r = lint(text, { fileName: 'claims.837' });
  const bad = r.findings.filter((f) => ['x12-syntax', 'x12-envelope', 'x12-delimiters', 'rule-error'].includes(f.ruleId));
  assert.deepStrictEqual(
    bad.map((f) => `${f.ruleId}/${f.messageId}`),
    [],
  );
  return r.findings.filter((f) => f.ruleId === VISIT_RULE).length;
}

function keysOf(text: string): string[] {
  return readX12(text).claims.map((c) => c.patient.key);
}

describe('patient identity: the key strings', () => {
  it('X12 subscriber who is the patient: payer and member id', () => {
    assert.strictEqual(
      x12PatientKey({ payerId: '99999', subscriberId: 'M123', lastName: 'DOE', firstName: 'JANE', birthDate: '1970-01-01' }, false),
      'id:99999|M123',
    );
  });

  it('X12 subscriber without a member id: payer, name and birth date', () => {
    assert.strictEqual(
      x12PatientKey({ payerId: '99999', lastName: 'Doe', firstName: 'Jane', birthDate: '1970-01-01' }, false),
      'name:99999|DOE^JANE^1970-01-01',
    );
    assert.strictEqual(x12PatientKey({ payerId: '99999', subscriberId: '   ', lastName: 'DOE' }, false), 'name:99999|DOE^^', 'a blank id is no id');
  });

  it('X12 dependent: payer, the subscriber’s member id, the dependent’s name and birth date', () => {
    assert.strictEqual(
      x12PatientKey({ payerId: '99999', subscriberId: 'M123', lastName: 'DOE', firstName: 'JIMMY', birthDate: '2010-02-03' }, true),
      'dep:99999|M123|DOE^JIMMY^2010-02-03',
    );
    assert.strictEqual(x12PatientKey({ lastName: 'DOE', firstName: 'JIMMY' }, true), 'dep:||DOE^JIMMY^', 'missing parts are empty');
  });

  it('normalizes every part (trimmed, upper case) and escapes separators, so no two identities share a key', () => {
    assert.strictEqual(x12PatientKey({ payerId: ' pi99 ', subscriberId: ' m123 ' }, false), 'id:PI99|M123');
    const a = x12PatientKey({ payerId: 'A|B', subscriberId: 'C' }, false);
    const b = x12PatientKey({ payerId: 'A', subscriberId: 'B|C' }, false);
    assert.notStrictEqual(a, b);
    assert.strictEqual(a, 'id:A\\|B|C');
    assert.notStrictEqual(x12PatientKey({ lastName: 'A^B', firstName: '' }, true), x12PatientKey({ lastName: 'A', firstName: 'B^' }, true));
  });

  it('no subscriber key equals a dependent key, whatever the parts', () => {
    const parts = ['', 'M1', 'DOE', '99999'];
    const subscriberKeys = new Set<string>();
    const dependentKeys = new Set<string>();
    for (const payerId of parts)
      for (const subscriberId of parts)
        for (const lastName of parts) {
          subscriberKeys.add(x12PatientKey({ payerId, subscriberId, lastName }, false));
          dependentKeys.add(x12PatientKey({ payerId, subscriberId, lastName }, true));
        }
    for (const k of dependentKeys) assert.ok(!subscriberKeys.has(k), k);
    assert.ok(!subscriberKeys.has(x12UnknownKey(3)) && !dependentKeys.has(x12UnknownKey(3)));
  });

  it('FHIR: identifier with its system (empty when absent), reference as written', () => {
    assert.strictEqual(fhirIdentifierKey('http://example.org/member', 'M123'), 'fhir-id:http://example.org/member|M123');
    assert.strictEqual(fhirIdentifierKey(undefined, 'M123'), 'fhir-id:|M123');
    assert.notStrictEqual(fhirIdentifierKey('http://a.example', 'M123'), fhirIdentifierKey('http://b.example', 'M123'));
    assert.strictEqual(fhirIdentifierKey('s', 'm123'), 'fhir-id:s|m123', 'FHIR identifiers compare as written');
    assert.notStrictEqual(
      fhirIdentifierKey('11111', 'M1'),
      x12PatientKey({ payerId: '11111', subscriberId: 'M1' }, false),
      'an X12 and a FHIR key never match',
    );
    assert.strictEqual(fhirReferenceKey('Patient/1'), 'ref:Patient/1');
  });
});

describe('patient identity: X12 keys as read', () => {
  it('a subscriber: payer and member id; without a member id, payer, name and birth date', () => {
    assert.deepStrictEqual(keysOf(interchange(new Body().subscriber('99999', 'm123').visit(DATES[0]).segs)), ['id:99999|M123']);
    assert.deepStrictEqual(keysOf(interchange(new Body().subscriber('99999', undefined).visit(DATES[0]).segs)), ['name:99999|DOE^JANE^1970-01-01']);
  });

  it('a dependent: payer, subscriber member id, name and birth date', () => {
    const body = new Body().subscriber('99999', 'M1', { dependents: true }).dependent('DOE', 'JIMMY', '20100203').visit(DATES[0]);
    const [claim] = readX12(interchange(body.segs)).claims;
    assert.strictEqual(claim.patient.key, 'dep:99999|M1|DOE^JIMMY^2010-02-03');
    assert.strictEqual(claim.patient.loopId, '2010CA');
    assert.strictEqual(claim.patient.memberId, undefined);
  });

  it('an NM1*PR inside a claim (2330B other payer) changes no key', () => {
    const other = ['SBR*S*01*******CI', 'NM1*IL*1*DOE*JOHN****MI*X9', 'NM1*PR*2*OTHER*****PI*55555'];
    const body = new Body().subscriber('99999', 'M1').visit(DATES[0], other).visit(DATES[1]);
    assert.deepStrictEqual(keysOf(interchange(body.segs)), ['id:99999|M1', 'id:99999|M1']);
  });

  it('the payer of one subscriber loop does not leak into the next', () => {
    const body = new Body().subscriber('11111', 'M1').visit(DATES[0]).subscriber(undefined, 'M1').visit(DATES[1]);
    assert.deepStrictEqual(keysOf(interchange(body.segs)), ['id:11111|M1', 'id:|M1']);
    // Nor into the next transaction set.
    const second = new Body().subscriber(undefined, 'M1').visit(DATES[1]);
    assert.deepStrictEqual(keysOf(interchangeOf([new Body().subscriber('11111', 'M1').visit(DATES[0]).segs, second.segs])), ['id:11111|M1', 'id:|M1']);
  });
});

describe('patient identity: FHIR keys as read', () => {
  const claim = (patient: object): string =>
    JSON.stringify({
      resourceType: 'Claim',
      identifier: [{ value: 'C1' }],
      patient,
      item: [{ sequence: 1, productOrService: { coding: [{ code: '97124' }] } }],
    });

  it('Claim.patient.identifier: its system and value', () => {
    assert.strictEqual(
      readFhirJson(claim({ identifier: { system: 'http://example.org/member', value: 'M123' } })).claims[0].patient.key,
      'fhir-id:http://example.org/member|M123',
    );
    assert.strictEqual(readFhirJson(claim({ identifier: { value: 'M123' } })).claims[0].patient.key, 'fhir-id:|M123');
    const xml =
      '<Claim xmlns="http://hl7.org/fhir"><identifier><value value="C1"/></identifier>' +
      '<patient><identifier><system value="http://example.org/member"/><value value="M123"/></identifier></patient>' +
      '<item><sequence value="1"/><productOrService><coding><code value="97124"/></coding></productOrService></item></Claim>';
    assert.strictEqual(readFhirXml(xml).claims[0].patient.key, 'fhir-id:http://example.org/member|M123');
  });

  it('Claim.patient.reference: as written, whatever the coverage', () => {
    const withCoverage = JSON.parse(claim({ reference: 'Patient/1' })) as Record<string, unknown>;
    withCoverage.insurance = [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/9' } }];
    assert.strictEqual(readFhirJson(JSON.stringify(withCoverage)).claims[0].patient.key, 'ref:Patient/1');
  });
});

describe('patient identity: who the patient-scoped rules count as one patient', () => {
  it('two dependents with one name and birth date under two subscribers are two patients', () => {
    const body = new Body()
      .subscriber('99999', 'M1', { dependents: true })
      .dependent('DOE', 'JIMMY', '20100203')
      .visits(DATES.slice(0, 2))
      .subscriber('99999', 'M2', { dependents: true, name: 'ROE*JOHN' })
      .dependent('DOE', 'JIMMY', '20100203')
      .visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchange(body.segs)), 0, 'four visits split 2 + 2 between two children');
    const one = new Body().subscriber('99999', 'M1', { dependents: true }).dependent('DOE', 'JIMMY', '20100203').visits(DATES);
    assert.strictEqual(visitFindings(interchange(one.segs)), 1, 'the same four visits of one child');
  });

  it('two dependents of one subscriber stay apart; the same dependent in two subscriber loops is one patient', () => {
    const siblings = new Body()
      .subscriber('99999', 'M1', { dependents: true })
      .dependent('DOE', 'JIMMY', '20100203')
      .visits(DATES.slice(0, 2))
      .dependent('DOE', 'JILL', '20120405')
      .visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchange(siblings.segs)), 0);
    const twice = new Body()
      .subscriber('99999', 'M1', { dependents: true })
      .dependent('DOE', 'JIMMY', '20100203')
      .visits(DATES.slice(0, 2))
      .subscriber('99999', 'M1', { dependents: true })
      .dependent('doe ', 'Jimmy', '20100203')
      .visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchange(twice.segs)), 1, 'name compared trimmed and in upper case');
  });

  it('one member id under two payers is two patients; under one payer, one', () => {
    const twoPayers = new Body().subscriber('11111', 'M1').visits(DATES.slice(0, 2)).subscriber('22222', 'M1').visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchange(twoPayers.segs)), 0);
    const onePayer = new Body().subscriber('11111', 'M1').visits(DATES.slice(0, 2)).subscriber('11111', 'M1').visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchange(onePayer.segs)), 1);
  });

  it('the same dependent under the same subscriber in two transaction sets is one patient', () => {
    const first = new Body().subscriber('99999', 'M1', { dependents: true }).dependent('DOE', 'JIMMY', '20100203').visits(DATES.slice(0, 2));
    const second = new Body().subscriber('99999', 'M1', { dependents: true }).dependent('DOE', 'JIMMY', '20100203').visits(DATES.slice(2));
    const text = interchangeOf([first.segs, second.segs]);
    assert.deepStrictEqual(new Set(keysOf(text)), new Set(['dep:99999|M1|DOE^JIMMY^2010-02-03']));
    assert.strictEqual(visitFindings(text), 1);
    // Under another subscriber in the second set, another child.
    const other = new Body().subscriber('99999', 'M2', { dependents: true }).dependent('DOE', 'JIMMY', '20100203').visits(DATES.slice(2));
    assert.strictEqual(visitFindings(interchangeOf([first.segs, other.segs])), 0);
  });
});

describe('patient identity: a claim read again has the key it was first read with', () => {
  const body = new Body()
    .subscriber('99999', 'M1', { dependents: true })
    .dependent('DOE', 'JIMMY', '20100203')
    .visits(DATES)
    .dependent('DOE', 'JILL', '20120405')
    .visit(DATES[2])
    .subscriber('11111', 'M1')
    .visit(DATES[0], ['SBR*S*01*******CI', 'NM1*IL*1*DOE*JOHN****MI*X9', 'NM1*PR*2*OTHER*****PI*55555'])
    .visit(DATES[1])
    .subscriber('22222', undefined)
    .visit(DATES[3]);
  const text = interchange(body.segs);

  it('readClaimsAgain gives every claim the key (and patient) of its first read', () => {
    const doc = readX12(text);
    const first = doc.claims.map((c) => c.patient);
    assert.deepStrictEqual(
      first.map((p) => p.key),
      [
        'dep:99999|M1|DOE^JIMMY^2010-02-03',
        'dep:99999|M1|DOE^JIMMY^2010-02-03',
        'dep:99999|M1|DOE^JIMMY^2010-02-03',
        'dep:99999|M1|DOE^JIMMY^2010-02-03',
        'dep:99999|M1|DOE^JILL^2012-04-05',
        'id:11111|M1',
        'id:11111|M1',
        'name:22222|DOE^JANE^1970-01-01',
      ],
    );
    const read = x12ReadState(doc)!;
    const again = readClaimsAgain(read, 0, read.table.count).map((c) => c.patient);
    assert.deepStrictEqual(again, first);
    // One by one too: each claim's context from the table alone.
    for (let k = 0; k < read.table.count; k++) assert.deepStrictEqual(readClaimsAgain(read, k, k + 1)[0].patient, first[k], `claim ${k}`);
    // Streaming (a batch lint keeps no claims: they are read again when asked).
    assert.deepStrictEqual(
      lint(text).document.claims.map((c) => c.patient.key),
      first.map((p) => p.key),
    );
  });

  it('an edit inside a dependent’s claim is re-checked locally, with the same patient as a full lint', () => {
    const inc = new IncrementalLinter({ fileName: 'x.837' });
    assert.strictEqual(inc.lint(text).findings.filter((f) => f.ruleId === VISIT_RULE).length, 1, 'JIMMY: four visits');
    // JIMMY's fourth visit moved onto his third's date (three visits, two units that date), then back.
    const edits: [string, string, number][] = [
      ['DTP*472*D8*20190622', '15', 0],
      ['DTP*472*D8*20190615', '22', 1],
    ];
    for (const [segment, day, visitFindings] of edits) {
      const current = inc.result!.document.text;
      const offset = current.indexOf(segment) + segment.length - 2;
      const change = { offset, length: 2, text: day };
      const next = current.slice(0, offset) + day + current.slice(offset + 2);
      const got = inc.update(next, [change]);
      assert.strictEqual(got.incremental, true, got.fullReason);
      const want = lint(next, { fileName: 'x.837' });
      assert.deepStrictEqual(JSON.parse(JSON.stringify(got.findings)), JSON.parse(JSON.stringify(want.findings)));
      assert.strictEqual(got.findings.filter((f) => f.ruleId === VISIT_RULE).length, visitFindings);
      assert.deepStrictEqual(
        got.document.claims.map((c) => c.patient.key),
        want.document.claims.map((c) => c.patient.key),
      );
      assert.strictEqual(inc.claimAt(offset)?.patient.key, 'dep:99999|M1|DOE^JIMMY^2010-02-03');
    }
  });
});

describe('patient identity across files (issue 16)', () => {
  const ids = (r: ReturnType<typeof lintFiles>[number]): string[] => (r?.findings ?? []).map((f) => f.ruleId);
  const dependentFile = (subscriber: string, first: string, dob: string, dates: readonly string[]): string =>
    interchange(new Body().subscriber('99999', subscriber, { dependents: true }).dependent('DOE', first, dob).visits(dates).segs);

  it('the same dependent in two files is one patient: four visits over them are four', () => {
    const results = lintFiles([
      { name: 'a.837', text: dependentFile('M1', 'JIMMY', '20100203', DATES.slice(0, 2)) },
      { name: 'b.837', text: dependentFile('M1', 'JIMMY', '20100203', DATES.slice(2)) },
    ]);
    assert.deepStrictEqual(results.map(ids), [[], ['audit-visit-count']]);
  });

  it('two patients under one subscriber stay apart across files', () => {
    const results = lintFiles([
      { name: 'a.837', text: dependentFile('M1', 'JIMMY', '20100203', DATES.slice(0, 2)) },
      { name: 'b.837', text: dependentFile('M1', 'JANIE', '20120405', DATES.slice(2)) },
    ]);
    assert.deepStrictEqual(results.map(ids), [[], []]);
  });

  it('a dependent of one name and birth date under another subscriber is another patient', () => {
    const results = lintFiles([
      { name: 'a.837', text: dependentFile('M1', 'JIMMY', '20100203', DATES.slice(0, 2)) },
      { name: 'b.837', text: dependentFile('M2', 'JIMMY', '20100203', DATES.slice(2)) },
    ]);
    assert.deepStrictEqual(results.map(ids), [[], []]);
  });
});
