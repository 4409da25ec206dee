import * as assert from 'assert';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadX12Grammar } from './x12-grammar';

/**
 * The X12 TextMate grammar, run with the same engine VS Code uses (vscode-textmate + the
 * Oniguruma regex library), checked on the scopes the editor colours by.
 */
let grammar: IGrammar;

/** Each token of one line as "text=innermost scope". */
function tokens(line: string): string[] {
  const { tokens: ts } = grammar.tokenizeLine(line, INITIAL);
  return ts.map((t) => `${line.slice(t.startIndex, t.endIndex)}=${t.scopes[t.scopes.length - 1]}`);
}

/** The innermost scope of the token holding `needle` (its first occurrence). */
function scopeOf(line: string, needle: string): string {
  const at = line.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${line}`);
  const t = grammar.tokenizeLine(line, INITIAL).tokens.find((x) => x.startIndex <= at && at < x.endIndex)!;
  return t.scopes[t.scopes.length - 1];
}

describe('X12 TextMate grammar (vscode-textmate, as in VS Code)', () => {
  before(async () => {
    const loaded = await loadX12Grammar();
    assert.ok(loaded, 'the grammar loads');
    grammar = loaded;
  });

  it('SV1: qualifier, procedure code and modifiers get their own scopes', () => {
    const line = 'SV1*HC:97124:59:GP*50*UN*1***1~';
    const ts = tokens(line);
    assert.ok(ts.includes('HC=constant.language.qualifier.procedure.x12'), ts.join(' '));
    assert.ok(ts.includes('97124=entity.name.function.procedure-code.x12'), ts.join(' '));
    assert.ok(ts.includes('59=entity.other.attribute-name.modifier.x12'), ts.join(' '));
    assert.ok(ts.includes('GP=entity.other.attribute-name.modifier.x12'), ts.join(' '));
    assert.ok(ts.includes('~=punctuation.terminator.segment.x12'), ts.join(' '));
  });

  it('SV2: the procedure code in SV2-02 is a procedure code too', () => {
    assert.strictEqual(scopeOf('SV2*0420*HC:97124*120*UN*2~', '97124'), 'entity.name.function.procedure-code.x12');
  });

  it('other segments: segment id, separators, dates and numbers', () => {
    const line = 'DTP*472*D8*20190501~';
    assert.match(scopeOf(line, 'DTP'), /^entity\.name\.tag\.segment/);
    assert.match(scopeOf(line, '*'), /^punctuation\.separator\.element/);
    assert.match(scopeOf(line, '20190501'), /date/);
    assert.match(scopeOf('CLM*ACCT1*150.5***11:B:1*Y*A*Y*Y~', '150.5'), /numeric/);
  });

  it('a code that is not in SV1/SV2 is not coloured as a procedure code', () => {
    assert.notStrictEqual(scopeOf('REF*EI*97124~', '97124'), 'entity.name.function.procedure-code.x12');
  });
});
