import * as assert from 'assert';
import { readFhirXml } from '../../../../src/core/parsers/fhir-xml';
import { decodeXmlText, scanXml } from '../../../../src/core/parsers/fhir-xml/scan';
import { at, fhirFixture } from './helpers';

describe('FHIR XML: the scan and its tape', () => {
  it('scans elements and value attributes in document order with exact offsets', () => {
    const text =
      '<?xml version="1.0"?>\r\n<!-- <item/> -->\r\n<f:Claim xmlns:f="http://hl7.org/fhir"><f:id value=\'a&amp;b\'/>\r\n  <f:item><f:sequence value="1" /></f:item></f:Claim>';
    const scan = scanXml(text);
    assert.strictEqual(scan.error, undefined);
    const tape = scan.tape!;
    assert.strictEqual(tape.local(0), 'Claim');
    assert.strictEqual(tape.prefix(0), 'f');
    assert.strictEqual(tape.resourceType(0), 'Claim');
    assert.strictEqual(at(text, tape.span(0)), text.slice(text.indexOf('<f:Claim')));
    assert.deepStrictEqual(
      tape.elementChildren(0).map((c) => tape.qName(c)),
      ['f:id', 'f:item'],
    );
    const id = tape.child(0, 'id')!;
    assert.strictEqual(at(text, tape.span(id)), "<f:id value='a&amp;b'/>");
    assert.strictEqual(at(text, tape.valueSpan(id)), 'a&amp;b');
    assert.deepStrictEqual(tape.fieldOf(id), { value: 'a&b', raw: 'a&amp;b', span: tape.valueSpan(id) });
    const seq = tape.child(tape.child(0, 'item'), 'sequence')!;
    assert.strictEqual(at(text, tape.span(seq)), '<f:sequence value="1" />');
    assert.strictEqual(at(text, tape.nameSpan(seq)), 'f:sequence');
    assert.strictEqual(tape.resourceType(seq), undefined);
  });

  it('reads a resource holder as the resource it holds, under the holder’s name', () => {
    const text = '<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Claim><id value="c1"/></Claim></resource></entry></Bundle>';
    const tape = scanXml(text).tape!;
    const resource = tape.child(tape.child(0, 'entry'), 'resource')!;
    assert.strictEqual(tape.node(resource).name, 'resource');
    assert.strictEqual(tape.resourceType(resource), 'Claim');
    assert.strictEqual(at(text, tape.typeSpan(resource)), 'Claim');
    assert.ok(at(text, tape.propSpan(resource))!.startsWith('<resource>'));
    assert.ok(at(text, tape.span(resource))!.startsWith('<Claim>'));
    assert.strictEqual(tape.primitiveField(resource, 'id')?.value, 'c1');
    assert.deepStrictEqual([...tape.node(resource).children.keys()], ['id']);
  });

  it('keeps > and / inside quoted attribute values', () => {
    const text = '<Claim xmlns="http://hl7.org/fhir"><id value="a>b/c"/></Claim>';
    const tape = scanXml(text).tape!;
    assert.strictEqual(at(text, tape.valueSpan(tape.child(0, 'id')!)), 'a>b/c');
  });

  it('stops at a DOCTYPE and reports whether it declares entities', () => {
    const plain = scanXml('<!DOCTYPE Claim SYSTEM "claim.dtd"><Claim/>');
    assert.deepStrictEqual(plain.doctype, { span: { start: 0, end: 35 }, declaresEntities: false });
    const laughs = scanXml(fhirFixture('billion-laughs.xml'));
    assert.strictEqual(laughs.doctype?.declaresEntities, true);
    assert.strictEqual(laughs.tape, undefined, 'nothing after the DOCTYPE is read');
  });

  it('reports what it cannot step over', () => {
    assert.match(scanXml('<Claim><item></Claim>').error!.message, /unexpected end tag/);
    assert.match(scanXml('<Claim><!-- open').error!.message, /unclosed comment/);
    assert.match(scanXml('<Claim a=1/>').error!.message, /unquoted/);
    assert.match(scanXml('<Claim>').error!.message, /not closed/);
    assert.match(scanXml('').error!.message, /no root/);
  });

  it('decodes the predefined entities and character references, nothing else', () => {
    assert.strictEqual(decodeXmlText('a&amp;b&lt;&#65;&#x42;&lol;'), 'a&b<AB&lol;');
  });

  it('reads the prefixed, commented claim: comments are not elements, values are decoded', () => {
    const text = fhirFixture('prefixed-with-comments.xml');
    const doc = readFhirXml(text);
    assert.deepStrictEqual(doc.problems, []);
    const [claim] = doc.claims;
    assert.strictEqual(claim.lines.length, 2, 'the commented-out item is not read');
    assert.strictEqual(claim.billingProviderName, 'Back & Neck Clinic');
    assert.strictEqual(claim.diagnoses[0].code.value, 'M5450');
    assert.strictEqual(at(text, claim.diagnoses[0].code.span), 'M5450');
    const massage = claim.lines[1];
    assert.strictEqual(at(text, massage.procedure?.code.span), '97124', 'single-quoted attribute');
    assert.ok(at(text, massage.procedure?.span)!.startsWith('<f:productOrService>'));
    assert.strictEqual(at(text, massage.number?.span), '2');
    assert.strictEqual(doc.outline[0].label, 'Claim PCN-prefixed');
  });

  it('refuses a DOCTYPE with entities quickly, with one finding, never expanding it', () => {
    const text = fhirFixture('billion-laughs.xml');
    const started = Date.now();
    const doc = readFhirXml(text);
    const elapsed = Date.now() - started;
    assert.strictEqual(doc.claims.length, 0);
    assert.deepStrictEqual(
      doc.problems.map((p) => [p.ruleId, p.messageId]),
      [['fhir-structure', 'doctypeEntities']],
    );
    assert.ok(at(text, doc.problems[0].span)!.startsWith('<!DOCTYPE Claim ['));
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  it('refuses a large entity bomb in bounded time (the DOCTYPE is never handed to a parser)', () => {
    const entities = Array.from({ length: 2000 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('\n');
    const text = `<?xml version="1.0"?>\n<!DOCTYPE Claim [\n<!ENTITY e0 "lol">\n${entities}\n]>\n<Claim xmlns="http://hl7.org/fhir"><id value="&e2000;"/></Claim>`;
    const started = Date.now();
    const doc = readFhirXml(text);
    assert.deepStrictEqual(
      doc.problems.map((p) => p.messageId),
      ['doctypeEntities'],
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('a DOCTYPE without entities is refused too (FHIR XML allows none)', () => {
    const doc = readFhirXml('<?xml version="1.0"?>\n<!DOCTYPE Claim>\n<Claim xmlns="http://hl7.org/fhir"/>');
    assert.deepStrictEqual(
      doc.problems.map((p) => p.messageId),
      ['doctype'],
    );
  });

  it('reports XML that is not well formed at the place it breaks, without throwing', () => {
    const text = '<Claim xmlns="http://hl7.org/fhir">\n  <id value="x"/>\n  <item>\n</Claim>';
    const doc = readFhirXml(text);
    assert.deepStrictEqual(
      doc.problems.map((p) => p.messageId),
      ['invalidXml'],
    );
    assert.strictEqual(doc.problems[0].span.start, text.indexOf('</Claim>'));
    const dup = readFhirXml('<Claim xmlns="http://hl7.org/fhir"><id value="x" value="y"/></Claim>');
    assert.deepStrictEqual(
      dup.problems.map((p) => p.messageId),
      ['invalidXml'],
      "the validator's findings count too",
    );
  });

  it('accepts a byte order mark', () => {
    const text = '\uFEFF' + fhirFixture('massage-with-cmt-no-59.xml');
    const doc = readFhirXml(text);
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(at(text, doc.claims[0].lines[1].procedure?.code.span), '97124');
  });
});
