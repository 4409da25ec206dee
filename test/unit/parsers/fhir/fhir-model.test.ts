import * as assert from 'assert';
import { lint, parseDocument } from '../../../../src/core/engine';
import { ENCODINGS, at, fhirFixture, read } from './helpers';

describe('FHIR readers: the claim model', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it('reads claim id, patient, total, dates, care team and diagnoses with exact spans', () => {
        const text = fhirFixture(`massage-with-cmt-no-59.${encoding}`);
        const doc = read(text, encoding);
        assert.strictEqual(doc.format, `fhir-${encoding}`);
        assert.deepStrictEqual(doc.problems, []);
        assert.strictEqual(doc.claims.length, 1);
        const claim = doc.claims[0];
        assert.strictEqual(claim.loopId, 'Claim');
        assert.strictEqual(claim.id.value, 'PCN-cmt-no-59');
        assert.strictEqual(at(text, claim.id.span), 'PCN-cmt-no-59');
        assert.strictEqual(claim.patient.key, 'ref:Patient/123456789A');
        assert.strictEqual(claim.patient.memberId, '123456789A');
        assert.strictEqual(claim.totalCharge?.value, 85);
        assert.strictEqual(claim.totalCharge?.raw, '85.00');
        assert.strictEqual(at(text, claim.totalCharge?.span), '85.00');
        assert.strictEqual(claim.serviceDate?.value, '2024-03-04');
        assert.strictEqual(claim.renderingTaxonomy?.value, '111N00000X');
        assert.strictEqual(at(text, claim.renderingTaxonomy?.span), '111N00000X');
        assert.strictEqual(claim.billingProviderName, 'Back Clinic');
        assert.deepStrictEqual(
          claim.diagnoses.map((d) => [d.sequence, d.code.value, at(text, d.code.span), d.qualifier]),
          [[1, 'M54.50', 'M54.50', 'http://hl7.org/fhir/sid/icd-10-cm']],
        );
        assert.ok(at(text, claim.span)!.startsWith(encoding === 'json' ? '{' : '<Claim'));
      });

      it('reads items: sequence, code, quantity, net, date, pointers, each span on its token', () => {
        const text = fhirFixture(`massage-with-cmt-no-59.${encoding}`);
        const [claim] = read(text, encoding).claims;
        assert.deepStrictEqual(
          claim.lines.map((l) => l.procedure?.code.value),
          ['98940', '97124'],
        );
        const line = claim.lines[1];
        assert.strictEqual(line.loopId, 'item');
        assert.strictEqual(line.number?.value, 2);
        assert.strictEqual(at(text, line.number?.span), '2');
        assert.strictEqual(at(text, line.procedure?.code.span), '97124');
        assert.strictEqual(line.procedure?.qualifier?.value, 'http://www.ama-assn.org/go/cpt');
        assert.deepStrictEqual(line.procedure?.modifiers, []);
        assert.ok(at(text, line.procedure?.span)!.startsWith(encoding === 'json' ? '{' : '<productOrService>'));
        assert.strictEqual(line.quantity?.value, 1);
        assert.strictEqual(at(text, line.quantity?.span), '1');
        assert.strictEqual(line.unitBasis?.value, 'UN');
        assert.strictEqual(line.charge?.value, 40);
        assert.strictEqual(at(text, line.charge?.span), '40.00');
        assert.strictEqual(line.serviceDate?.value, '2024-03-04');
        assert.strictEqual(at(text, line.serviceDate?.span), '2024-03-04');
        assert.strictEqual(line.hasPointerElement, true);
        assert.deepStrictEqual(
          line.diagnosisPointers.map((p) => [p.value, at(text, p.span)]),
          [[1, '1']],
        );
        assert.match(at(text, line.diagnosisPointersSpan)!, encoding === 'json' ? /^\[\s*1\s*\]$/ : /^<diagnosisSequence value="1"\/>$/);
        assert.strictEqual(line.renderingTaxonomy?.value, '111N00000X');
        assert.strictEqual(at(text, line.span), at(text, line.serviceSpan));
      });

      it('reads minutes (UCUM min) as unit basis MJ, spanning the code', () => {
        const text = fhirFixture(`massage-in-minutes.${encoding}`);
        const line = read(text, encoding).claims[0].lines[0];
        assert.strictEqual(line.unitBasis?.value, 'MJ');
        assert.strictEqual(line.unitBasis?.raw, 'min');
        assert.strictEqual(at(text, line.unitBasis?.span), 'min');
        assert.ok(line.unitBasis!.span.start > line.quantity!.span.start, 'the code, not the unit text');
        assert.strictEqual(line.quantity?.value, 45);
        assert.strictEqual(at(text, line.quantity?.span), '45');
      });

      it('takes the item-level taxonomy from the care team member its careTeamSequence names', () => {
        const text = fhirFixture(`massage-unqualified-provider.${encoding}`);
        const [claim] = read(text, encoding).claims;
        assert.strictEqual(claim.renderingTaxonomy?.value, '111N00000X', 'claim level: the primary member');
        assert.strictEqual(at(text, claim.lines[0].renderingTaxonomy?.span), '3747P1801X');
      });

      it('reads a Bundle: one claim per visit, one patient key, outline bundle → claim → item', () => {
        const text = fhirFixture(`bundle-five-visits-one-patient.${encoding}`);
        const doc = read(text, encoding);
        assert.deepStrictEqual(doc.problems, []);
        assert.strictEqual(doc.claims.length, 5);
        assert.deepStrictEqual(new Set(doc.claims.map((c) => c.patient.key)), new Set(['ref:Patient/123456789A']));
        assert.deepStrictEqual(
          doc.claims.map((c) => c.lines[0].serviceDate?.value),
          ['2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25', '2024-04-01'],
        );
        assert.strictEqual(doc.outline.length, 1);
        const [bundle] = doc.outline;
        assert.strictEqual(bundle.kind, 'bundle');
        assert.strictEqual(at(text, bundle.selectionSpan), 'Bundle');
        assert.deepStrictEqual(
          bundle.children.map((c) => c.kind),
          ['claim', 'claim', 'claim', 'claim', 'claim'],
        );
        assert.strictEqual(bundle.children[0].label, 'Claim PCN-visit-1');
        assert.deepStrictEqual(
          bundle.children[0].children.map((i) => [i.kind, i.label]),
          [
            ['line', 'item 1: 97124'],
            ['line', 'item 2: 97110'],
          ],
        );
        for (const claim of doc.claims) assert.ok(at(text, claim.span)!.startsWith(encoding === 'json' ? '{' : '<Claim>'));
      });

      it('reads CRLF files with the same model and spans on the same tokens', () => {
        const lf = read(fhirFixture(`massage-with-cmt-no-59.${encoding}`), encoding);
        const crlfText = fhirFixture(`massage-with-cmt-no-59.crlf.${encoding}`);
        const crlf = read(crlfText, encoding);
        assert.deepStrictEqual(crlf.problems, []);
        const strip = (d: typeof lf) => d.claims[0].lines.map((l) => [l.number?.value, l.procedure?.code.value, l.quantity?.value, l.charge?.value]);
        assert.deepStrictEqual(strip(crlf), strip(lf));
        const line = crlf.claims[0].lines[1];
        assert.strictEqual(at(crlfText, line.procedure?.code.span), '97124');
        assert.strictEqual(at(crlfText, line.charge?.span), '40.00');
      });

      it('gives one finding for a pre-R4 claim and reads nothing from it', () => {
        const text = fhirFixture(`pre-r4-claim.${encoding}`);
        const doc = read(text, encoding);
        assert.strictEqual(doc.claims.length, 0);
        assert.deepStrictEqual(
          doc.problems.map((p) => [p.ruleId, p.messageId, p.data?.element, at(text, p.span)]),
          [['fhir-structure', 'preR4', 'item.service', 'service']],
        );
      });

      it('gives one format-unsupported finding (an info, not an error) for a resource that is not a Claim', () => {
        const text = fhirFixture(`patient-not-a-claim.${encoding}`);
        const doc = read(text, encoding);
        assert.strictEqual(doc.claims.length, 0);
        assert.deepStrictEqual(
          doc.problems.map((p) => [p.ruleId, p.messageId, p.data?.resourceType, at(text, p.span)]),
          [['format-unsupported', 'notClaim', 'Patient', 'Patient']],
        );
      });
    });
  }

  it('lints every fixture through parseDocument without throwing, choosing the reader by content', () => {
    for (const name of ['massage-with-cmt-no-59.json', 'massage-with-cmt-no-59.xml', 'prefixed-with-comments.xml', 'billion-laughs.xml']) {
      const doc = parseDocument(fhirFixture(name), 'claim.txt');
      assert.strictEqual(doc.format, name.endsWith('.json') ? 'fhir-json' : 'fhir-xml', name);
    }
  });

  it('a Bundle without a Claim is one finding; other resources in a Bundle are skipped', () => {
    const text = '{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "p"}}]}';
    const doc = read(text, 'json');
    assert.deepStrictEqual(
      doc.problems.map((p) => [p.messageId, at(text, p.span)]),
      [['bundleWithoutClaim', 'Bundle']],
    );
  });

  it('reads ICD-10-CM codes without the dot, and items without productOrService get a finding', () => {
    const text = JSON.stringify({
      resourceType: 'Claim',
      id: 'x',
      patient: { reference: 'Patient/1' },
      diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z733' }] } }],
      item: [{ sequence: 1, servicedPeriod: { start: '2024-01-02T10:00:00Z', end: '2024-01-02T11:00:00Z' } }],
    });
    const doc = read(text, 'json');
    assert.strictEqual(doc.claims[0].diagnoses[0].code.value, 'Z733');
    assert.strictEqual(doc.claims[0].id.value, 'x', 'Claim.id when there is no identifier');
    assert.strictEqual(doc.claims[0].lines[0].serviceDate?.value, '2024-01-02', 'servicedPeriod.start, date part');
    assert.deepStrictEqual(
      doc.problems.map((p) => [p.messageId, p.data?.sequence, at(text, p.span)]),
      [['noProductOrService', '1', '1']],
    );
  });

  it('reads no procedure code from a coding in another system (SNOMED CT "97124" is not CPT 97124): a finding instead', () => {
    const cpt = { system: 'http://www.ama-assn.org/go/cpt', code: '97124' };
    const claim = (productOrService: unknown) =>
      JSON.stringify({
        resourceType: 'Claim',
        id: 'x',
        patient: { reference: 'Patient/1' },
        item: [
          { sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '98940' }] }, servicedDate: '2024-01-02' },
          { sequence: 2, productOrService, servicedDate: '2024-01-02' },
        ],
      });
    const snomed = claim({ coding: [{ system: 'http://snomed.info/sct', code: '97124' }] });
    const doc = read(snomed, 'json');
    assert.strictEqual(doc.claims[0].lines[1].procedure, undefined);
    assert.deepStrictEqual(
      doc.problems.map((p) => [p.messageId, p.data?.sequence, p.data?.system]),
      [['notProcedureCoded', '2', 'http://snomed.info/sct']],
    );
    assert.ok(at(snomed, doc.problems[0].span)!.startsWith('{"coding"'), 'on the productOrService element');
    assert.deepStrictEqual(
      lint(snomed).findings.filter((f) => f.ruleId === 'cmt-modifier-59'),
      [],
      'no CMT rule on a SNOMED code',
    );
    // The CPT coding is read when it is there too, whatever the order; a coding without a system is read as well.
    assert.strictEqual(
      read(claim({ coding: [{ system: 'http://snomed.info/sct', code: '1' }, cpt] }), 'json').claims[0].lines[1].procedure?.code.value,
      '97124',
    );
    assert.strictEqual(read(claim({ coding: [{ code: '97124' }] }), 'json').claims[0].lines[1].procedure?.code.value, '97124');
    assert.strictEqual(lint(claim({ coding: [cpt] })).findings.filter((f) => f.ruleId === 'cmt-modifier-59').length, 1);
  });

  it('falls back to billablePeriod.start, reads HCPCS codes, modifiers and a patient identifier', () => {
    const text = JSON.stringify({
      resourceType: 'Claim',
      identifier: [{ value: 'C1' }],
      patient: { identifier: { system: 'http://example.org/member', value: 'M123' } },
      billablePeriod: { start: '2024-02-01' },
      item: [
        {
          sequence: 1,
          productOrService: {
            coding: [
              { system: 'http://example.org/local', code: 'L1' },
              { system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'G0283' },
            ],
          },
          modifier: [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: 'GP' }] }, { coding: [{ code: '59' }] }],
          quantity: { value: 20, unit: 'minutes' },
        },
      ],
    });
    const [claim] = read(text, 'json').claims;
    const line = claim.lines[0];
    assert.strictEqual(claim.patient.key, 'fhir-id:http://example.org/member|M123');
    assert.strictEqual(line.serviceDate?.value, '2024-02-01');
    assert.strictEqual(line.procedure?.code.value, 'G0283');
    assert.deepStrictEqual(
      line.procedure?.modifiers.map((m) => [m.value, at(text, m.span)]),
      [
        ['GP', 'GP'],
        ['59', '59'],
      ],
    );
    assert.strictEqual(line.unitBasis?.value, 'MJ', 'a unit text of minutes without a code');
  });
});
