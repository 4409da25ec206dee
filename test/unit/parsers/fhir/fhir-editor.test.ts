import * as assert from 'assert';
import fc from 'fast-check';
import type { ClaimDocument } from '../../../../src/core/model/claim';
import { indentBefore } from '../../../../src/core/parsers/fhir/text';
import { scanXml } from '../../../../src/core/parsers/fhir-xml/scan';
import { fuzzSeed } from '../../fuzz/support';
import { ENCODINGS, applyValid, fhirFixture, onlyCrlf, read } from './helpers';

const summary = (doc: ClaimDocument) =>
  doc.claims.map((c) => ({
    total: c.totalCharge?.raw,
    items: c.lines.map((l) => [l.number?.value, l.procedure?.code.value, ...(l.procedure?.modifiers.map((m) => m.value) ?? [])]),
  }));

/** Local names of an XML item's child elements, in order. */
function xmlChildOrder(text: string, itemIndex: number): string[] {
  const tape = scanXml(text).tape!;
  const items = tape.childrenOf(0, 'item');
  return tape.elementChildren(items[itemIndex]).map((c) => tape.local(c));
}

describe('FHIR ClaimEditor', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      const load = (name: string) => {
        const text = fhirFixture(`${name}.${encoding}`);
        return { text, doc: read(text, encoding) };
      };

      it('appendModifier adds a CPT modifier coding right after productOrService', () => {
        const { text, doc } = load('massage-with-cmt-no-59');
        const line = doc.claims[0].lines[1];
        const fixed = applyValid(text, doc.editor.appendModifier(line, '59'), encoding);
        const again = read(fixed, encoding);
        assert.deepStrictEqual(summary(again)[0].items, [
          [1, '98940'],
          [2, '97124', '59'],
        ]);
        assert.strictEqual(again.claims[0].lines[1].procedure?.modifiers[0].span !== undefined, true);
        if (encoding === 'json') {
          assert.ok(
            fixed.includes(
              '      },\n      "modifier": [\n        {\n          "coding": [\n            {\n              "system": "http://www.ama-assn.org/go/cpt",\n              "code": "59"\n            }\n          ]\n        }\n      ],\n      "servicedDate"',
            ),
            'indented like the rest of the file',
          );
        } else {
          assert.deepStrictEqual(xmlChildOrder(fixed, 1).slice(3, 6), ['productOrService', 'modifier', 'servicedDate']);
          assert.ok(
            fixed.includes(
              '    </productOrService>\n    <modifier>\n      <coding>\n        <system value="http://www.ama-assn.org/go/cpt"/>\n        <code value="59"/>\n      </coding>\n    </modifier>\n',
            ),
          );
        }
      });

      it('appendModifier goes after the modifiers already there, and declines duplicates or a fifth', () => {
        const { text, doc } = load('massage-with-cmt-and-59');
        const line = doc.claims[0].lines[1];
        assert.strictEqual(doc.editor.appendModifier(line, '59'), null, 'already there');
        let current = applyValid(text, doc.editor.appendModifier(line, 'GP'), encoding);
        assert.deepStrictEqual(summary(read(current, encoding))[0].items[1], [2, '97124', '59', 'GP']);
        if (encoding === 'xml') assert.deepStrictEqual(xmlChildOrder(current, 1).slice(3, 7), ['productOrService', 'modifier', 'modifier', 'servicedDate']);
        for (const m of ['KX', 'XS']) {
          const d = read(current, encoding);
          current = applyValid(current, d.editor.appendModifier(d.claims[0].lines[1], m), encoding);
        }
        const full = read(current, encoding);
        assert.deepStrictEqual(summary(full)[0].items[1], [2, '97124', '59', 'GP', 'KX', 'XS']);
        assert.strictEqual(full.editor.appendModifier(full.claims[0].lines[1], '25'), null, 'four taken');
      });

      it('removeModifiers removes the entries naming them, keeping the text valid; declines when none goes or none would stay', () => {
        const { text, doc } = load('massage-with-cmt-59-and-xs');
        const line = doc.claims[0].lines[1];
        const at = { service: line.span, procedure: line.procedure!.span };
        const X = ['XE', 'XS', 'XP', 'XU'];
        assert.deepStrictEqual(summary(read(applyValid(text, doc.editor.removeModifiers(at, X), encoding), encoding))[0].items[1], [2, '97124', '59']);
        assert.deepStrictEqual(summary(read(applyValid(text, doc.editor.removeModifiers(at, ['59']), encoding), encoding))[0].items[1], [2, '97124', 'XS']);
        assert.strictEqual(doc.editor.removeModifiers(at, ['GP']), null, 'none there');
        assert.strictEqual(doc.editor.removeModifiers(at, ['59', ...X]), null, 'none would stay');
      });

      it('setUnits turns minutes into units: value, unit "units", UCUM code "1"', () => {
        const { text, doc } = load('massage-in-minutes');
        const fixed = applyValid(text, doc.editor.setUnits(doc.claims[0].lines[0], 3), encoding);
        const line = read(fixed, encoding).claims[0].lines[0];
        assert.strictEqual(line.quantity?.value, 3);
        assert.strictEqual(line.unitBasis?.value, 'UN');
        assert.ok(fixed.includes(encoding === 'json' ? '"unit": "units"' : '<unit value="units"/>'));
        assert.ok(fixed.includes(encoding === 'json' ? '"code": "1"' : '<code value="1"/>'));
        assert.ok(fixed.includes(encoding === 'json' ? '"system": "http://unitsofmeasure.org"' : '<system value="http://unitsofmeasure.org"/>'));
      });

      it('setQuantity changes the value only', () => {
        const { text, doc } = load('massage-fractional-units');
        const fixed = applyValid(text, doc.editor.setQuantity(doc.claims[0].lines[0], 1), encoding);
        assert.strictEqual(read(fixed, encoding).claims[0].lines[0].quantity?.raw, '1');
        assert.strictEqual(fixed.length, text.length - 2);
      });

      it('removeLine removes an item in the middle, renumbers later items and lowers the total', () => {
        const { text, doc } = load('massage-under-15-minutes');
        const [claim] = doc.claims;
        const fixed = applyValid(text, doc.editor.removeLine(claim, claim.lines[1]), encoding);
        assert.deepStrictEqual(summary(read(fixed, encoding)), [
          {
            total: '82.00',
            items: [
              [1, '97110'],
              [2, '97140'],
            ],
          },
        ]);
      });

      it('removeLine removes the last item and the first item, keeping the text valid', () => {
        const { text, doc } = load('massage-under-15-minutes');
        const [claim] = doc.claims;
        const noLast = applyValid(text, doc.editor.removeLine(claim, claim.lines[2]), encoding);
        assert.deepStrictEqual(summary(read(noLast, encoding)), [
          {
            total: '70.00',
            items: [
              [1, '97110'],
              [2, '97124'],
            ],
          },
        ]);
        const noFirst = applyValid(text, doc.editor.removeLine(claim, claim.lines[0]), encoding);
        assert.deepStrictEqual(summary(read(noFirst, encoding)), [
          {
            total: '72.00',
            items: [
              [1, '97124'],
              [2, '97140'],
            ],
          },
        ]);
      });

      it('removeLine declines to remove the only item of a claim', () => {
        const { doc } = load('massage-in-minutes');
        assert.strictEqual(doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[0]), null);
      });

      it('removeLine in a Bundle touches only that claim', () => {
        const { text, doc } = load('bundle-five-visits-one-patient');
        const claim = doc.claims[2];
        const fixed = applyValid(text, doc.editor.removeLine(claim, claim.lines[0]), encoding);
        const s = summary(read(fixed, encoding));
        assert.deepStrictEqual(s[2], { total: '40.00', items: [[1, '97110']] });
        assert.deepStrictEqual(s[1], {
          total: '80.00',
          items: [
            [1, '97124'],
            [2, '97110'],
          ],
        });
      });

      it('writes CRLF into CRLF files', () => {
        const cmt = load('massage-with-cmt-no-59.crlf' as string);
        const added = applyValid(cmt.text, cmt.doc.editor.appendModifier(cmt.doc.claims[0].lines[1], '59'), encoding);
        assert.ok(onlyCrlf(added));
        assert.deepStrictEqual(summary(read(added, encoding))[0].items[1], [2, '97124', '59']);
        const under = load('massage-under-15-minutes.crlf');
        const removed = applyValid(under.text, under.doc.editor.removeLine(under.doc.claims[0], under.doc.claims[0].lines[1]), encoding);
        assert.ok(onlyCrlf(removed));
        assert.deepStrictEqual(summary(read(removed, encoding)), [
          {
            total: '82.00',
            items: [
              [1, '97110'],
              [2, '97140'],
            ],
          },
        ]);
      });
    });
  }

  it('JSON: a one-line claim stays on one line, with FHIR spacing', () => {
    const text = fhirFixture('massage-with-cmt-no-59.one-line.json');
    const doc = read(text, 'json');
    const fixed = applyValid(text, doc.editor.appendModifier(doc.claims[0].lines[1], '59'), 'json');
    assert.strictEqual(fixed.split('\n').length, text.split('\n').length);
    assert.ok(fixed.includes('}]}, "modifier": [{"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "59"}]}], "servicedDate"'));
    const removed = applyValid(text, doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[0]), 'json');
    assert.ok(
      removed.includes(
        '"item": [{"sequence": 1, "careTeamSequence": [1], "diagnosisSequence": [1], "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "97124"}',
      ),
    );
  });

  it('XML: the modifier takes the namespace prefix of the item', () => {
    const text = fhirFixture('prefixed-with-comments.xml');
    const doc = read(text, 'xml');
    const fixed = applyValid(text, doc.editor.appendModifier(doc.claims[0].lines[1], '59'), 'xml');
    assert.ok(
      fixed.includes(
        '    </f:productOrService>\n    <f:modifier>\n      <f:coding>\n        <f:system value="http://www.ama-assn.org/go/cpt"/>\n        <f:code value="59"/>\n      </f:coding>\n    </f:modifier>\n',
      ),
    );
    assert.deepStrictEqual(summary(read(fixed, 'xml'))[0].items[1], [2, '97124', '59']);
    const removed = applyValid(text, doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[0]), 'xml');
    assert.deepStrictEqual(summary(read(removed, 'xml')), [{ total: '40.00', items: [[1, '97124']] }]);
  });

  it('escapes values it writes', () => {
    const text =
      '{"resourceType": "Claim", "patient": {"reference": "Patient/1"}, "item": [{"sequence": 1, "productOrService": {"coding": [{"code": "97124"}]}, "quantity": {"value": "x"}}]}';
    const doc = read(text, 'json');
    const fixed = applyValid(text, doc.editor.setQuantity(doc.claims[0].lines[0], 2), 'json');
    assert.ok(fixed.includes('"quantity": {"value": "2"}'), 'a string stays a string');
  });
});

describe('indentBefore', () => {
  it('is the run of spaces and tabs back to the line start, or undefined when anything else stands before', () => {
    assert.strictEqual(indentBefore('{\n    "a": 1', 6), '    ');
    assert.strictEqual(indentBefore('{\r\n\t "a": 1', 5), '\t ');
    assert.strictEqual(indentBefore('  "a"', 2), '  ');
    assert.strictEqual(indentBefore('{"a": 1, "b": 2}', 9), undefined);
    assert.strictEqual(indentBefore('x', 0), '');
  });

  it('gives what slicing back to the line start gives (property)', () => {
    // The definition it replaced, which walked back to the line start first.
    const byLineStart = (text: string, offset: number): string | undefined => {
      let start = offset;
      while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
      const before = text.slice(start, offset);
      return /^[ \t]*$/.test(before) ? before : undefined;
    };
    const textArb = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', 'a', '{'), { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(textArb, fc.nat(), (text, k) => {
        const offset = k % (text.length + 1);
        assert.strictEqual(indentBefore(text, offset), byLineStart(text, offset));
      }),
      { seed: fuzzSeed(), numRuns: 1000 },
    );
  });
});
