import * as assert from 'assert';
import { detectContent, isClaimContent } from '../../../src/core/parsers/detect';

describe('format detection', () => {
  const cases: [string, string, string | undefined, string, boolean][] = [
    ['X12 by content', 'ISA*00*', undefined, 'x12', true],
    ['X12 after blank lines and a BOM', '\uFEFF\n\nISA*00*', 'a.txt', 'x12', true],
    ['an empty .837 file by its name', '', 'claims.837', 'x12', true],
    ['a FHIR JSON Claim', '{ "resourceType": "Claim", "id": "1" }', 'a.json', 'fhir-json', true],
    ['a FHIR JSON Bundle of Claims', '{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Claim"}}]}', undefined, 'fhir-json', true],
    ['a FHIR JSON Patient', '{"resourceType":"Patient"}', undefined, 'fhir-json', false],
    ['a FHIR JSON Claim whose key and type are spelled with escapes', '{"resource\\u0054ype":"Cl\\u0061im"}', 'a.txt', 'fhir-json', true],
    ['a FHIR JSON Claim with a lower-case hex escape', '{"res\\u006furce\\u0054ype": "Cl\\u0061im", "x": "res\\u006Furce"}', undefined, 'fhir-json', true],
    ['a FHIR JSON Patient spelled with escapes', '{"resource\\u0054ype":"P\\u0061tient"}', undefined, 'fhir-json', false],
    ['a key that only looks like resourceType', '{"resource\\u0055ype":"Claim"}', undefined, 'unknown', false],
    ['a FHIR XML Claim with a prefix', '<?xml version="1.0"?>\n<f:Claim xmlns:f="http://hl7.org/fhir">', undefined, 'fhir-xml', true],
    ['a FHIR XML Patient', '<Patient xmlns="http://hl7.org/fhir"><id value="1"/></Patient>', undefined, 'fhir-xml', false],
    ['ordinary JSON', '{"name": "claimlint"}', 'package.json', 'unknown', false],
    ['ordinary XML', '<project><claim/></project>', 'pom.xml', 'unknown', false],
  ];
  for (const [name, text, file, kind, claim] of cases) {
    it(`${name}: ${kind}${claim ? ', a claim file' : ''}`, () => {
      assert.strictEqual(detectContent(text, file), kind);
      assert.strictEqual(isClaimContent(text, file), claim);
    });
  }
});
