import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { X12_TOKEN_TYPES, x12Tokens, type X12TokenType } from '../../../src/core/format/x12-highlight';
import { readDelimiters, type Delimiters } from '../../../src/core/parsers/x12';
import { loadX12Grammar } from '../grammar/x12-grammar';
import { REPO_ROOT } from '../repo-root';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
/** The TextMate scope package.json maps each token type to (`semanticTokenScopes`). */
const SCOPES: Record<string, string[]> = manifest.contributes.semanticTokenScopes.find((s: { language: string }) => s.language === 'x12').scopes;

const STANDARD: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' };

function shown(text: string, delimiters: Delimiters, from = 0, to = text.length): string[] {
  return x12Tokens(text, delimiters, from, to).map((t) => `${text.slice(t.start, t.start + t.length)}=${t.type}`);
}

describe('X12 semantic tokens (colours from the ISA delimiters)', () => {
  it('every token type is declared in package.json and mapped to one grammar scope', () => {
    const declared = manifest.contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
    assert.deepStrictEqual(declared, [...X12_TOKEN_TYPES]);
    for (const type of X12_TOKEN_TYPES) assert.strictEqual(SCOPES[type]?.length, 1, type);
  });

  it('SV1: segment id, separators, procedure qualifier, code, modifiers, numbers, terminator', () => {
    assert.deepStrictEqual(shown('SV1*HC:97124:59:GP*50*UN*1***1:2~', STANDARD), [
      'SV1=x12Segment',
      '*=x12ElementSeparator',
      'HC=x12ProcedureQualifier',
      ':=x12ComponentSeparator',
      '97124=x12ProcedureCode',
      ':=x12ComponentSeparator',
      '59=x12Modifier',
      ':=x12ComponentSeparator',
      'GP=x12Modifier',
      '*=x12ElementSeparator',
      '50=x12Number',
      '*=x12ElementSeparator',
      'UN=x12Qualifier',
      '*=x12ElementSeparator',
      '1=x12Number',
      '*=x12ElementSeparator',
      '*=x12ElementSeparator',
      '*=x12ElementSeparator',
      '1=x12Number',
      ':=x12ComponentSeparator',
      '2=x12Number',
      '~=x12Terminator',
    ]);
  });

  it('other delimiters: the ones the ISA declares, and nothing else, are separators', () => {
    const isa = "ISA+00+          +00+          +ZZ+SUBMITTER01    +ZZ+RECEIVER01     +190501+1200+!+00501+000000001+0+T+>'";
    const read = readDelimiters(isa);
    assert.ok(read.ok);
    assert.deepStrictEqual(read.delimiters, { element: '+', component: '>', repetition: '!', segment: "'" });
    const text = `${isa}\nSV1+HC>97124>59+50+UN+1+++1'\nDTP+472+D8+20190501'\nNM1+IL+1+DOE*SMITH:JO~E'`;
    const tokens = shown(text, read.delimiters);
    assert.ok(tokens.includes('!=x12RepetitionSeparator'), 'ISA11');
    assert.ok(tokens.includes('>=x12ComponentSeparator'), 'ISA16');
    assert.deepStrictEqual(tokens.slice(tokens.indexOf('SV1=x12Segment'), tokens.indexOf('SV1=x12Segment') + 8), [
      'SV1=x12Segment',
      '+=x12ElementSeparator',
      'HC=x12ProcedureQualifier',
      '>=x12ComponentSeparator',
      '97124=x12ProcedureCode',
      '>=x12ComponentSeparator',
      '59=x12Modifier',
      '+=x12ElementSeparator',
    ]);
    assert.ok(tokens.includes('20190501=x12Date'));
    assert.deepStrictEqual(tokens.slice(-7), [
      'NM1=x12Segment',
      '+=x12ElementSeparator',
      'IL=x12Qualifier',
      '+=x12ElementSeparator',
      '1=x12Number',
      '+=x12ElementSeparator',
      "'=x12Terminator",
    ]);
    assert.ok(!tokens.some((t) => /^[*:~]=/.test(t)), `* : ~ are data here: ${tokens.join(' ')}`);
    assert.strictEqual(tokens.filter((t) => t === "'=x12Terminator").length, 4);
  });

  it('a range: only the segments from `from` on, up to `to`', () => {
    const text = 'DTP*472*D8*20190501~\nLX*1~\nREF*EA*1~';
    assert.deepStrictEqual(shown(text, STANDARD, text.indexOf('LX'), text.indexOf('REF')), [
      'LX=x12Segment',
      '*=x12ElementSeparator',
      '1=x12Number',
      '~=x12Terminator',
    ]);
  });

  describe('with the usual delimiters, the same colours as the TextMate grammar', () => {
    let grammar: IGrammar;
    before(async () => {
      grammar = (await loadX12Grammar())!;
    });

    const scopeToType = new Map(Object.entries(SCOPES).map(([type, [scope]]) => [scope, type as X12TokenType]));
    const fixtures = ['samples', 'test/fixtures/rules']
      .flatMap((dir) => fs.readdirSync(path.join(REPO_ROOT, dir)).map((f) => path.join(REPO_ROOT, dir, f)))
      // code-format.837 bills a six-character code on purpose, whose first five the grammar colours as a code.
      .filter((f) => /\.837[pi]?$/.test(f) && path.basename(f) !== 'code-format.837');

    for (const file of fixtures) {
      it(path.basename(file), () => {
        const text = fs.readFileSync(file, 'utf8');
        const read = readDelimiters(text);
        assert.ok(read.ok);
        let offset = 0;
        for (const line of text.split('\n')) {
          const fromGrammar = grammar
            .tokenizeLine(line, INITIAL)
            .tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), type: scopeToType.get(t.scopes[t.scopes.length - 1]) }))
            .filter((t) => t.type)
            .map((t) => `${t.text}=${t.type}`);
          assert.deepStrictEqual(shown(text, read.delimiters, offset, offset + line.length), fromGrammar, line);
          offset += line.length + 1;
        }
      });
    }
  });
});
