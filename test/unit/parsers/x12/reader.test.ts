import * as assert from 'assert';
import { readX12 } from '../../../../src/core/parsers/x12';
import { applyEdits } from '../../../../src/core/fixes';
import type { ParseProblem } from '../../../../src/core/model/finding';
import { interchange, isa, professionalBody } from './x12-builder';

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);
const ids = (ps: readonly ParseProblem[]) => ps.map((p) => `${p.ruleId}/${p.messageId}`);

describe('X12 837 reader: the claim model', () => {
  const text = interchange(
    professionalBody(
      [
        ['SV1*HC:98940*50*UN*1***1', 'DTP*472*D8*20190502'],
        ['SV1*HC:97124:GP:KX*100*MJ*23***1:2', 'NM1*82*1*ROE*RAY****XX*1234567893', 'PRV*PE*PXC*225700000X'],
      ],
      { taxonomy: '111N00000X' },
    ),
  );
  const doc = readX12(text);

  it('reads one 837P claim with its lines and no problems', () => {
    assert.strictEqual(doc.format, 'x12-837p');
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(doc.claims.length, 1);
    assert.strictEqual(doc.claims[0].lines.length, 2);
  });

  it('reads CLM id, total, place of service, diagnoses in order with qualifiers', () => {
    const c = doc.claims[0];
    assert.strictEqual(c.loopId, '2300');
    assert.strictEqual(c.id.value, 'ACCT1');
    assert.strictEqual(c.totalCharge?.value, 150);
    assert.strictEqual(c.placeOfService?.value, '11');
    assert.deepStrictEqual(
      c.diagnoses.map((d) => [d.sequence, d.qualifier, d.code.value, slice(text, d.code.span)]),
      [
        [1, 'ABK', 'M5450', 'M5450'],
        [2, 'ABF', 'M6283', 'M6283'],
      ],
    );
    assert.strictEqual(slice(text, c.span).split('\n')[0], 'CLM*ACCT1*150***11:B:1*Y*A*Y*Y~');
  });

  it('keys the patient by payer and member id and reads name and birth date', () => {
    const p = doc.claims[0].patient;
    assert.strictEqual(p.key, 'id:99999|M123');
    assert.deepStrictEqual([p.lastName, p.firstName, p.birthDate, p.loopId], ['DOE', 'JANE', '1970-01-01', '2010BA']);
  });

  it('reads SV1: qualifier, code, modifiers, charge, unit basis, quantity, pointers with exact spans', () => {
    const l = doc.claims[0].lines[1];
    assert.strictEqual(l.loopId, '2400');
    assert.strictEqual(l.number?.value, 2);
    assert.strictEqual(slice(text, l.procedure!.span), 'HC:97124:GP:KX');
    assert.strictEqual(l.procedure!.qualifier?.value, 'HC');
    assert.strictEqual(l.procedure!.code.value, '97124');
    assert.deepStrictEqual(
      l.procedure!.modifiers.map((m) => slice(text, m.span)),
      ['GP', 'KX'],
    );
    assert.strictEqual(l.charge?.value, 100);
    assert.strictEqual(l.unitBasis?.value, 'MJ');
    assert.strictEqual(l.quantity?.value, 23);
    assert.deepStrictEqual(
      l.diagnosisPointers.map((p) => p.value),
      [1, 2],
    );
    assert.strictEqual(slice(text, l.diagnosisPointersSpan!), '1:2');
    assert.ok(l.hasPointerElement);
  });

  it('takes the line date from DTP*472, else the claim date; taxonomy from 2310B and 2420A', () => {
    const [a, b] = doc.claims[0].lines;
    assert.strictEqual(a.serviceDate?.value, '2019-05-02');
    assert.strictEqual(b.serviceDate, undefined, 'no claim-level date in this claim');
    assert.strictEqual(doc.claims[0].renderingTaxonomy?.value, '111N00000X');
    assert.strictEqual(a.renderingTaxonomy, undefined);
    assert.strictEqual(b.renderingTaxonomy?.value, '225700000X');
  });

  it('reads each date by its digits: two dates sharing a cache slot, a non-date, an RD8 range', () => {
    // 20240510 and 20244606 differ by 4096, so they share a slot of the date cache; the second is
    // not a calendar date (month 46). Read alternately, each must keep its own answer.
    const dates = ['20240510', '20244606', '20240510', '20244606', '20240230', '20240229'];
    const t = interchange(
      professionalBody([...dates.map((d) => ['SV1*HC:97124*50*UN*1***1', `DTP*472*D8*${d}`]), ['SV1*HC:97124*50*UN*1***1', 'DTP*472*RD8*20240301-20240305']]),
    );
    const got = readX12(t).claims[0].lines.map((l) => l.serviceDate?.value);
    assert.deepStrictEqual(got, ['2024-05-10', undefined, '2024-05-10', undefined, undefined, '2024-02-29', '2024-03-01']);
  });

  it('spans a line from LX to its last segment', () => {
    const l = doc.claims[0].lines[0];
    assert.strictEqual(slice(text, l.span), 'LX*1~\nSV1*HC:98940*50*UN*1***1~\nDTP*472*D8*20190502');
  });

  it('builds the outline: interchange → transaction → claim → line', () => {
    const [x] = doc.outline;
    assert.strictEqual(x.kind, 'interchange');
    const [tx] = x.children;
    assert.strictEqual(tx.kind, 'transaction');
    const [claim] = tx.children;
    assert.strictEqual(claim.label, 'CLM ACCT1 $150.00');
    assert.deepStrictEqual(
      claim.children.map((c) => c.label),
      ['98940 × 1 UN 2019-05-02', '97124 GP KX × 23 MJ'],
    );
  });

  it('reads 837I: SV2 revenue code and procedure, statement date, no pointers', () => {
    const t = interchange(
      [
        ...professionalBody([]).filter((s) => !s.startsWith('CLM') && !s.startsWith('HI')),
        'CLM*INST1*80***13:A:1**A*Y*Y',
        'DTP*434*RD8*20190501-20190503',
        'HI*ABK:M5450',
        'LX*1',
        'SV2*0420*HC:97124*80*UN*1',
      ],
      { version: '005010X223A2' },
    );
    const d = readX12(t);
    assert.strictEqual(d.format, 'x12-837i');
    const l = d.claims[0].lines[0];
    assert.strictEqual(l.revenueCode?.value, '0420');
    assert.strictEqual(l.procedure?.code.value, '97124');
    assert.strictEqual(l.quantity?.value, 1);
    assert.strictEqual(l.hasPointerElement, false);
    assert.strictEqual(l.serviceDate?.value, '2019-05-01');
  });

  it('keys a 2000C patient by payer, the subscriber’s member id, name and birth date', () => {
    const body = professionalBody([['SV1*HC:97124*50*UN*1***1']]);
    const at = body.findIndex((s) => s.startsWith('NM1*PR'));
    body.splice(at + 1, 0, 'HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*DOE*JIMMY', 'DMG*D8*20100203*M');
    const d = readX12(interchange(body));
    assert.strictEqual(d.claims[0].patient.key, 'dep:99999|M123|DOE^JIMMY^2010-02-03');
    assert.strictEqual(d.claims[0].patient.loopId, '2010CA');
  });

  it('reads a number it cannot parse as NaN, keeping the raw text', () => {
    const d = readX12(interchange(professionalBody([['SV1*HC:97124*50*UN*1.5X***1']])));
    const q = d.claims[0].lines[0].quantity!;
    assert.ok(Number.isNaN(q.value));
    assert.strictEqual(q.raw, '1.5X');
  });
});

describe('X12 837 reader: x12-syntax', () => {
  const cases: [string, string, string][] = [
    ['empty text', '', 'empty'],
    ['only white space', ' \r\n\n', 'empty'],
    ['no ISA', 'GS*HC*A*B~ST*837*1~', 'noIsa'],
    ['a short ISA', 'ISA*00*~GS*HC~', 'isaLength'],
    ['clashing delimiters', isa({ component: '*' }) + 'GS*HC~', 'delimiterClash'],
    ['alphanumeric element separator', 'ISAX00X', 'delimiterClash'],
  ];
  for (const [name, text, messageId] of cases) {
    it(`reports ${name} as one finding at the start, no claims, no exception`, () => {
      const d = readX12(text);
      assert.deepStrictEqual(ids(d.problems), [`x12-syntax/${messageId}`]);
      assert.strictEqual(d.claims.length, 0);
      assert.ok(d.problems[0].span.start <= 6);
    });
  }

  it('reads an ISA padded to the wrong width but still reports it', () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1']])).replace('SUBMITTER      ', 'SUBMITTER');
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-syntax/isaLength']);
    assert.strictEqual(d.problems[0].data?.actual, 100);
    assert.strictEqual(d.claims.length, 1);
  });
});

describe('X12 837 reader: x12-envelope', () => {
  const good = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1']]));

  function fixAndReread(text: string): string {
    const d = readX12(text);
    const edits = d.problems.flatMap((p) => p.fixes ?? []).flatMap((f) => f.edits);
    return applyEdits(text, edits).text;
  }

  it('finds nothing in a well-formed interchange', () => {
    assert.deepStrictEqual(readX12(good).problems, []);
  });

  it('reports a wrong SE01 on SE01 with a fix that writes the real count', () => {
    const text = good.replace(/SE\*(\d+)\*0001/, 'SE*99*0001');
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-envelope/segmentCount']);
    const p = d.problems[0];
    assert.strictEqual(slice(text, p.span), '99');
    const real = /SE\*(\d+)\*0001/.exec(good)![1];
    assert.strictEqual(p.data?.actual, Number(real));
    assert.strictEqual(p.fixes![0].kind, 'fix');
    const fixed = fixAndReread(text);
    assert.strictEqual(fixed, good);
    assert.deepStrictEqual(readX12(fixed).problems, []);
  });

  it('reports SE02 ≠ ST02, GE01, GE02, IEA01, IEA02 and fixes each', () => {
    const text = good.replace('SE*', 'SE*').replace(/\*0001~\nGE\*1\*1~\nIEA\*1\*000000001/, '*0002~\nGE*2*7~\nIEA*3*000000009');
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems).sort(), [
      'x12-envelope/controlNumberMismatch',
      'x12-envelope/controlNumberMismatch',
      'x12-envelope/controlNumberMismatch',
      'x12-envelope/groupCount',
      'x12-envelope/interchangeCount',
    ]);
    assert.strictEqual(fixAndReread(text), good);
  });

  it('reports a truncated file: SE, GE and IEA missing, each on its header', () => {
    const text = good.slice(0, good.indexOf('SE*'));
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-envelope/missingTrailer', 'x12-envelope/missingTrailer', 'x12-envelope/missingTrailer']);
    assert.deepStrictEqual(
      d.problems.map((p) => slice(text, p.span)),
      ['ST', 'GS', 'ISA'],
    );
    assert.strictEqual(d.claims.length, 1, 'the claims read so far are kept');
  });

  it('reports segments outside an envelope once per run of them', () => {
    const text = good + 'NM1*IL*1*X~\nN3*Y~\n';
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-envelope/outsideEnvelope']);
    assert.strictEqual(slice(text, d.problems[0].span), 'NM1');
  });

  it('reports a transaction set that is not an 837 and skips its body; a file of only such sets is format "unknown"', () => {
    const text = good.replace('ST*837*', 'ST*835*');
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-envelope/notAClaim']);
    assert.strictEqual(d.claims.length, 0);
    assert.strictEqual(d.format, 'unknown');
    assert.strictEqual(readX12(good).format, 'x12-837p');
  });
});

describe('X12 837 reader: x12-delimiters', () => {
  it('reads with the separator the body uses when ISA16 says another, and says so once', () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1']])).replace(/(CLM\*[^~]*|HI\*[^~]*|SV1\*[^~]*)/g, (m) => m.replace(/:/g, '>'));
    const d = readX12(text);
    assert.deepStrictEqual(ids(d.problems), ['x12-delimiters/componentSeparator']);
    assert.deepStrictEqual(d.problems[0].data, { declared: ':', used: '>' });
    // At ISA16, with the first segment that uses ">" (the CLM, by its CLM05 composite) beside it.
    const isa16 = text.indexOf('~') - 1;
    assert.deepStrictEqual(d.problems[0].span, { start: isa16, end: isa16 + 1 });
    assert.strictEqual(text.charAt(isa16), ':');
    const clm = text.indexOf('CLM*');
    assert.deepStrictEqual(d.problems[0].related, [
      { span: { start: clm, end: text.indexOf('~', clm) }, message: 'The first segment that separates components with ">"' },
    ]);
    assert.strictEqual(d.claims[0].lines[0].procedure?.code.value, '97124');
    assert.strictEqual(d.claims[0].diagnoses.length, 2);
  });
});
