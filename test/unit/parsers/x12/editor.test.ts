import * as assert from 'assert';
import { readX12 } from '../../../../src/core/parsers/x12';
import { applyEdits } from '../../../../src/core/fixes';
import type { TextEdit } from '../../../../src/core/model/finding';
import { interchange, professionalBody } from './x12-builder';

function apply(text: string, edits: readonly TextEdit[] | null): string {
  assert.ok(edits, 'the editor made the change');
  return applyEdits(text, edits).text;
}

describe('X12 editor', () => {
  it('appends a modifier after the code, with the file’s component separator', () => {
    const text = interchange(professionalBody([['SV1*HC>97124*50*UN*1***1']]), { component: '>' });
    const doc = readX12(text);
    const out = apply(text, doc.editor.appendModifier(doc.claims[0].lines[0], '59'));
    assert.ok(out.includes('SV1*HC>97124>59*50*UN*1***1~'));
  });

  it('appends after existing modifiers and fills an empty slot before a description', () => {
    const text = interchange(professionalBody([['SV1*HC:97124:GP*50*UN*1***1'], ['SV1*HC:97124:::::MASSAGE*50*UN*1***1']]));
    const doc = readX12(text);
    const [a, b] = doc.claims[0].lines;
    assert.ok(apply(text, doc.editor.appendModifier(a, '59')).includes('SV1*HC:97124:GP:59*'));
    assert.ok(apply(text, doc.editor.appendModifier(b, '59')).includes('SV1*HC:97124:59::::MASSAGE*'));
  });

  it('declines when all four modifier positions are taken', () => {
    const text = interchange(professionalBody([['SV1*HC:97124:GP:KX:GO:76*50*UN*1***1']]));
    const doc = readX12(text);
    assert.strictEqual(doc.editor.appendModifier(doc.claims[0].lines[0], '59'), null);
  });

  it('removes modifiers: the others move up, a description keeps its position; declines when none goes or none would stay', () => {
    const text = interchange(
      professionalBody([
        ['SV1*HC>97124>XS>59>XU*50*UN*1***1'],
        ['SV1*HC>97124>59>XP>>>MASSAGE*50*UN*1***1'],
        ['SV1*HC>97124>XS*50*UN*1***1'],
        ['SV1*HC>97124>GP*50*UN*1***1'],
      ]),
      { component: '>' },
    );
    const doc = readX12(text);
    const at = (k: number) => {
      const line = doc.claims[0].lines[k];
      return { service: line.serviceSpan, procedure: line.procedure!.span };
    };
    const X = ['XE', 'XS', 'XP', 'XU'];
    assert.ok(apply(text, doc.editor.removeModifiers(at(0), X)).includes('SV1*HC>97124>59*50*UN*1***1~'));
    assert.ok(apply(text, doc.editor.removeModifiers(at(0), ['59'])).includes('SV1*HC>97124>XS>XU*50*UN*1***1~'));
    assert.ok(apply(text, doc.editor.removeModifiers(at(1), X)).includes('SV1*HC>97124>59>>>>MASSAGE*50*UN*1***1~'));
    assert.strictEqual(doc.editor.removeModifiers(at(2), X), null);
    assert.strictEqual(doc.editor.removeModifiers(at(3), X), null);
  });

  it('switches minutes to units', () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*MJ*38***1']]));
    const doc = readX12(text);
    assert.ok(apply(text, doc.editor.setUnits(doc.claims[0].lines[0], 2)).includes('SV1*HC:97124*50*UN*2***1~'));
  });

  it('removes a line: later LX renumbered, CLM02 reduced, SE01 recounted, the file re-reads clean', () => {
    const lines = [
      ['SV1*HC:98940*50.25*UN*1***1', 'DTP*472*D8*20190501'],
      ['SV1*HC:97124*40*UN*1***1', 'DTP*472*D8*20190501'],
      ['SV1*HC:97140*59.75*UN*1***1', 'DTP*472*D8*20190501'],
    ];
    const text = interchange(professionalBody(lines)).replace('CLM*ACCT1*150*', 'CLM*ACCT1*150.00*');
    const doc = readX12(text);
    const out = apply(text, doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[1]));
    const expected = interchange(professionalBody([lines[0], lines[2]])).replace('CLM*ACCT1*150*', 'CLM*ACCT1*110.00*');
    assert.strictEqual(out, expected);
    const again = readX12(out);
    assert.deepStrictEqual(again.problems, []);
    assert.deepStrictEqual(
      again.claims[0].lines.map((l) => l.number?.value),
      [1, 2],
    );
  });

  it('declines to remove the only line of a claim', () => {
    const text = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1']]));
    const doc = readX12(text);
    assert.strictEqual(doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[0]), null);
  });

  it('removes a line on a one-line file (no line breaks)', () => {
    const lines = [['SV1*HC:98940*100*UN*1***1'], ['SV1*HC:97124*50*UN*1***1']];
    const text = interchange(professionalBody(lines), { newline: '' });
    const doc = readX12(text);
    const out = apply(text, doc.editor.removeLine(doc.claims[0], doc.claims[0].lines[1]));
    assert.strictEqual(out, interchange(professionalBody([lines[0]]), { newline: '' }).replace('CLM*ACCT1*150*', 'CLM*ACCT1*100*'));
  });
});
