import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fastJsonToFhir } from '../../../../src/core/parsers/fhir-json/fast';
import { fixtureJsonFiles, oneCharacterEdits, plainNode, referenceNodes } from './json-reference';
import { child } from '../../../../src/core/parsers/fhir/node';
import { REPO_ROOT } from '../../repo-root';

/** The fast reader either declines or builds exactly the reference nodes. */
function check(text: string, label: string): 'same' | 'declined' {
  const fast = fastJsonToFhir(text);
  if (!fast) return 'declined';
  const ref = referenceNodes(text);
  assert.ok(typeof ref !== 'string', `${label}: fast reader accepted what jsonc-parser refuses (${String(ref)})`);
  assert.deepStrictEqual(plainNode(fast), plainNode(ref), label);
  return 'same';
}

describe('FHIR JSON fast reader', () => {
  const files = fixtureJsonFiles(REPO_ROOT);

  it('builds the same nodes as the jsonc-parser path on every JSON fixture and sample', () => {
    assert.ok(files.length > 0);
    for (const file of files) check(fs.readFileSync(file, 'utf8'), path.basename(file));
  });

  it('builds the same nodes or declines on edited fixtures (deterministic one-character edits)', () => {
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '0',
      '-',
      '1',
      '.',
      'e',
      't',
      'n',
      ' ',
      '\n',
      '\t',
      '\u00a0',
      '_',
      '\u0001',
      '[1,[2]]',
      '{"a":1}',
      '"_x":1,',
      '\\u0041',
      'null',
    ];
    let same = 0;
    for (const { text, label } of oneCharacterEdits(files, pieces, 1, 60)) if (check(text, label) === 'same') same++;
    assert.ok(same > 0);
  });

  it('handles the corners: empty arrays, resourceType arrays, _keys, escapes, nested arrays, many keys', () => {
    const cases = [
      '{"resourceType":["Claim"],"a":1}',
      '{"resourceType":[],"a":[]}',
      '{"_a":1,"_a":2,"b":"q\\"r\\u00e9"}',
      '{"a":[1,[2,[3]],{"c":null}],"b":[true,false,-0.5e+3]}',
      '{' + Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',') + '}',
      '{"a":{"resourceType":"X","b":[{"resourceType":"Y"}]}}',
      '\uFEFF{"resourceType":"Claim"}',
    ];
    for (const c of cases) assert.strictEqual(check(c, c), 'same', c);
  });

  it('leaves duplicates, comments, trailing commas and non-objects to the jsonc-parser path', () => {
    const cases = [
      '{"a":1,"a":2}',
      '{' + Array.from({ length: 40 }, (_, i) => `"k${i % 30}":${i}`).join(',') + '}',
      '{"a":1,}',
      '{"a":1 /* c */}',
      '[1]',
      '{"a":01}',
      '{"a":"x\ny"}',
      '',
    ];
    for (const c of cases) assert.strictEqual(fastJsonToFhir(c), undefined, c);
  });

  it('answers child() from the node as children.get() does', () => {
    const root = fastJsonToFhir('{"a":[],"b":[{"c":1},{"c":2}],"d":"x"}')!;
    for (const name of ['a', 'b', 'd', 'z']) assert.strictEqual(child(root, name), root.children.get(name)?.[0], name);
  });
});
