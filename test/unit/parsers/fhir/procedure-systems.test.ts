import * as assert from 'assert';
import { isProcedureSystem, PROCEDURE_SYSTEMS } from '../../../../src/core/model/systems';
import { fhirText, findingsOf, lintText } from '../../rules/helpers';

const CPT = ['http://www.ama-assn.org/go/cpt', 'urn:oid:2.16.840.1.113883.6.12'];
const HCPCS = [
  'urn:oid:2.16.840.1.113883.6.285',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
];

describe('FHIR: CPT and HCPCS system URIs (issue 14, item 9)', () => {
  it('knows every system URI in use for CPT and HCPCS, and no other code system', () => {
    for (const s of [...CPT, ...HCPCS]) assert.ok(isProcedureSystem(s) && PROCEDURE_SYSTEMS.includes(s), s);
    for (const s of ['http://hl7.org/fhir/sid/icd-10-cm', 'http://nucc.org/provider-taxonomy', 'http://unitsofmeasure.org', 'http://loinc.org']) {
      assert.ok(!isProcedureSystem(s), s);
    }
  });

  // massage-with-cmt-cpt-oid: 98940 and 97124 (codes under the CPT OID) and XS (under the HCPCS OID).
  for (const name of ['massage-with-cmt-cpt-oid.json', 'massage-with-cmt-cpt-oid.xml']) {
    const text = fhirText(name);
    for (const codeSystem of CPT) {
      for (const modifierSystem of [...CPT, ...HCPCS]) {
        it(`${name}: codes under ${codeSystem}, the modifier under ${modifierSystem}`, () => {
          const changed = text.split('urn:oid:2.16.840.1.113883.6.12').join(codeSystem).split('urn:oid:2.16.840.1.113883.6.285').join(modifierSystem);
          const r = lintText(changed, undefined, name);
          assert.deepStrictEqual(
            r.document.claims[0].lines.map((l) => [l.procedure?.code.value, l.procedure?.modifiers.map((m) => m.value)]),
            [
              ['98940', []],
              ['97124', ['XS']],
            ],
          );
          assert.strictEqual(findingsOf(r, 'cmt-modifier-59').length, 1);
          assert.strictEqual(findingsOf(lintText(changed, { acceptXModifiers: true }, name), 'cmt-modifier-59').length, 0);
        });
      }
    }
  }

  it('G0283 under CMS’s HCPCS URI is read as a modality (max-two-modalities counts it)', () => {
    for (const name of ['g0283-and-two-modalities.json', 'g0283-and-two-modalities.xml']) {
      const r = lintText(fhirText(name), undefined, name);
      assert.deepStrictEqual(
        findingsOf(r, 'max-two-modalities').map((f) => f.data.codes),
        ['G0283, 97110, 97140'],
        name,
      );
    }
  });
});
