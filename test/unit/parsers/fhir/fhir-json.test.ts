import * as assert from 'assert';
import { readFhirJson } from '../../../../src/core/parsers/fhir-json';
import { at, fhirFixture } from './helpers';

describe('FHIR JSON reader', () => {
  it('spans strings inside their quotes and numbers on their token', () => {
    const text = fhirFixture('massage-with-cmt-no-59.one-line.json');
    const [claim] = readFhirJson(text).claims;
    const line = claim.lines[1];
    assert.strictEqual(at(text, line.procedure?.code.span), '97124');
    assert.strictEqual(text.slice(line.procedure!.code.span.start - 1, line.procedure!.code.span.end + 1), '"97124"');
    assert.strictEqual(at(text, claim.totalCharge?.span), '85.00');
  });

  it('reports text that is not JSON, comments and trailing commas included, without throwing', () => {
    for (const text of ['{"resourceType": "Claim",', '{"resourceType": "Claim", /* c */ "id": "x"}', '{"resourceType": "Claim", "id": "x",}', '']) {
      const doc = readFhirJson(text);
      assert.deepStrictEqual(
        doc.problems.map((p) => [p.ruleId, p.messageId]),
        [['fhir-structure', 'invalidJson']],
        text,
      );
      assert.strictEqual(doc.claims.length, 0);
    }
  });

  it('reports JSON that is not a resource', () => {
    assert.deepStrictEqual(
      readFhirJson('[1, 2]').problems.map((p) => p.messageId),
      ['invalidJson'],
    );
    assert.deepStrictEqual(
      readFhirJson('{"id": "x"}').problems.map((p) => p.messageId),
      ['noResourceType'],
    );
    assert.deepStrictEqual(
      readFhirJson('{"resourceType": 7}').problems.map((p) => p.messageId),
      ['noResourceType'],
    );
  });

  it('accepts a byte order mark, keeping offsets those of the text', () => {
    const text = '\uFEFF' + fhirFixture('massage-with-cmt-no-59.json');
    const doc = readFhirJson(text);
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(at(text, doc.claims[0].lines[1].procedure?.code.span), '97124');
  });

  it('reports a claim without a patient and keeps it apart from other claims', () => {
    const doc = readFhirJson('{"resourceType": "Claim", "id": "a", "item": [{"sequence": 1, "productOrService": {"coding": [{"code": "97124"}]}}]}');
    assert.deepStrictEqual(
      doc.problems.map((p) => p.messageId),
      ['noPatient'],
    );
    assert.match(doc.claims[0].patient.key, /^claim:a:/);
  });

  it('stays linear on a large bundle', () => {
    const claim = JSON.parse(fhirFixture('massage-with-cmt-no-59.json'));
    const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: Array.from({ length: 500 }, () => ({ resource: claim })) }, null, 2);
    const started = Date.now();
    const doc = readFhirJson(text);
    assert.strictEqual(doc.claims.length, 500);
    assert.ok(Date.now() - started < 5000);
  });
});
