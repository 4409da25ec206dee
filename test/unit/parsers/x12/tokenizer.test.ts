import * as assert from 'assert';
import { readDelimiters, tokenize } from '../../../../src/core/parsers/x12';
import { LineIndex } from '../../../../src/core/model/span';
import { interchange, isa, professionalBody } from './x12-builder';

function segmentsOf(text: string) {
  const d = readDelimiters(text);
  assert.ok(d.ok, 'delimiters readable');
  return tokenize(text, d.delimiters, d.isaStart);
}

describe('X12 delimiters', () => {
  it('reads element, repetition, component and terminator from the ISA', () => {
    const d = readDelimiters(isa());
    assert.ok(d.ok);
    assert.deepStrictEqual(d.delimiters, { element: '*', component: ':', repetition: '^', segment: '~' });
    assert.strictEqual(isa().length, 106);
  });

  it("reads odd delimiters: | for elements, > for components, ' as terminator", () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1']]), { element: '|', component: '>', segment: "'", repetition: '!' });
    const d = readDelimiters(text);
    assert.ok(d.ok);
    assert.deepStrictEqual(d.delimiters, { element: '|', component: '>', repetition: '!', segment: "'" });
  });

  it('treats an alphanumeric ISA11 (4010 "U") as no repetition separator', () => {
    const d = readDelimiters(isa({ repetition: 'U' }));
    assert.ok(d.ok);
    assert.strictEqual(d.delimiters.repetition, undefined);
  });

  it('skips a BOM, blank lines and leading white space', () => {
    const text = '\uFEFF\r\n\n  ' + isa();
    const d = readDelimiters(text);
    assert.ok(d.ok);
    assert.strictEqual(d.isaStart, 6);
  });
});

describe('X12 tokenizer', () => {
  const body = professionalBody([['SV1*HC:97124:GP*50*UN*1***1:2', 'DTP*472*D8*20190501']]);

  for (const [name, newline] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['no line breaks', ''],
    ['CR', '\r'],
  ] as const) {
    it(`gives every segment and element an exact span (${name})`, () => {
      const text = interchange(body, { newline });
      const segs = segmentsOf(text);
      // ISA, GS, ST, body, SE, GE, IEA
      assert.strictEqual(segs.count, body.length + 6);
      const svIndex = [...Array(segs.count).keys()].find((i) => segs.id(i) === 'SV1')!;
      assert.strictEqual(text.slice(segs.start(svIndex), segs.end(svIndex)), 'SV1*HC:97124:GP*50*UN*1***1:2');
      assert.strictEqual(segs.elementCount(svIndex), 7);
      assert.strictEqual(segs.element(svIndex, 1), 'HC:97124:GP');
      assert.strictEqual(segs.element(svIndex, 5), '');
      assert.strictEqual(segs.element(svIndex, 7), '1:2');
      assert.strictEqual(segs.element(svIndex, 8), '', 'absent element reads as empty');
      assert.strictEqual(segs.elementSpan(svIndex, 8), undefined);
      const comps = segs.components(svIndex, 1).map((s) => text.slice(s.start, s.end));
      assert.deepStrictEqual(comps, ['HC', '97124', 'GP']);
      for (let i = 0; i < segs.count; i++) {
        assert.ok(!/[\r\n]/.test(text.slice(segs.start(i), segs.end(i))), `segment ${i} holds no line break`);
      }
    });
  }

  it('converts offsets to LSP line/character on a one-line file and on a CRLF file', () => {
    const one = interchange(body, { newline: '' });
    const idx = new LineIndex(one);
    const at = one.indexOf('97124');
    assert.deepStrictEqual(idx.positionAt(at), { line: 0, character: at });
    const crlf = interchange(body, { newline: '\r\n' });
    const idx2 = new LineIndex(crlf);
    const p = idx2.positionAt(crlf.indexOf('97124'));
    const lines = crlf.split('\r\n');
    const lineNo = lines.findIndex((l) => l.startsWith('SV1'));
    assert.deepStrictEqual(p, { line: lineNo, character: lines[lineNo].indexOf('97124') });
    assert.strictEqual(idx2.offsetAt(p), crlf.indexOf('97124'));
  });

  it('tolerates trailing white space and a last segment without terminator', () => {
    const text = interchange(body).replace(/~\n$/, '') + '   \n\n';
    const segs = segmentsOf(text);
    assert.strictEqual(segs.id(segs.count - 1), 'IEA');
    assert.strictEqual(text.slice(segs.start(segs.count - 1), segs.end(segs.count - 1)), 'IEA*1*000000001');
  });

  it('uses characters beyond the BMP without shifting UTF-16 offsets', () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1', 'NTE*ADD*PATIENT 😀 NOTE']]));
    const segs = segmentsOf(text);
    const nte = [...Array(segs.count).keys()].find((i) => segs.id(i) === 'NTE')!;
    assert.strictEqual(segs.element(nte, 2), 'PATIENT 😀 NOTE');
  });
});
