import * as assert from 'assert';
import { x12LocationAt } from '../../../../src/core/parsers/x12';
import { interchange, professionalBody } from './x12-builder';

describe('x12LocationAt', () => {
  const text = interchange(professionalBody([['SV1*HC:97124:GP*50*MJ*23***1:2']]));
  const at = (needle: string, delta = 0) => x12LocationAt(text, text.indexOf(needle) + delta)!;
  const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);

  it('finds segment, element and component under the cursor', () => {
    const loc = at('97124', 2);
    assert.strictEqual(loc.segmentId, 'SV1');
    assert.strictEqual(loc.elementIndex, 1);
    assert.strictEqual(slice(loc.elementSpan), 'HC:97124:GP');
    assert.strictEqual(loc.componentIndex, 2);
    assert.strictEqual(slice(loc.componentSpan), '97124');
    assert.strictEqual(slice(loc.segmentSpan), 'SV1*HC:97124:GP*50*MJ*23***1:2');
  });

  it('reports the segment id as element 0 and simple elements with component 0', () => {
    assert.strictEqual(at('SV1*', 1).elementIndex, 0);
    const mj = at('MJ');
    assert.deepStrictEqual([mj.elementIndex, mj.componentIndex, slice(mj.elementSpan)], [3, 0, 'MJ']);
  });

  it('finds the repetition (ISA11) and the component within it', () => {
    const t = interchange(professionalBody([['SV1*HC:97124*50*UN*1***1', 'K3*AB:1^CD:2']]));
    const loc = x12LocationAt(t, t.indexOf('CD:2') + 3)!;
    assert.strictEqual(loc.repetitionIndex, 2);
    assert.strictEqual(t.slice(loc.repetitionSpan.start, loc.repetitionSpan.end), 'CD:2');
    assert.strictEqual(loc.componentIndex, 2);
    assert.strictEqual(t.slice(loc.componentSpan.start, loc.componentSpan.end), '2');
    const plain = x12LocationAt(t, t.indexOf('97124'))!;
    assert.deepStrictEqual([plain.repetitionIndex, plain.componentIndex], [0, 2]);
  });

  it('does not split the ISA at its own separator characters', () => {
    const loc = x12LocationAt(text, 104)!;
    assert.deepStrictEqual([loc.segmentId, loc.elementIndex, loc.componentIndex, loc.repetitionIndex], ['ISA', 16, 0, 0]);
  });

  it('returns null for text that is not X12', () => {
    assert.strictEqual(x12LocationAt('hello', 2), null);
  });
});
