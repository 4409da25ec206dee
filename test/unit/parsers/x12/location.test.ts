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

  it('returns null for text that is not X12', () => {
    assert.strictEqual(x12LocationAt('hello', 2), null);
  });
});
