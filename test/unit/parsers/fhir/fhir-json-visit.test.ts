import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readJsonNodes } from '../../../../src/core/parsers/fhir-json/visit';
import { fixtureJsonFiles, oneCharacterEdits, plainNode, referenceNodes } from './json-reference';
import { REPO_ROOT } from '../../repo-root';

/** The visitor reader gives the reference's nodes, or the same reason for none. */
function check(text: string, label: string): void {
  const got = readJsonNodes(text);
  const ref = referenceNodes(text);
  if (typeof ref === 'string') {
    assert.ok('problem' in got, `${label}: read what jsonc-parser's tree refuses (${ref})`);
    assert.strictEqual(got.problem.messageId, ref, label);
  } else {
    assert.ok('root' in got, `${label}: refused (${'problem' in got ? got.problem.messageId : ''}) what jsonc-parser's tree reads`);
    assert.deepStrictEqual(plainNode(got.root), plainNode(ref), label);
  }
}

describe("FHIR JSON through jsonc-parser's visitor (readJsonNodes)", () => {
  const files = fixtureJsonFiles(REPO_ROOT);

  it("builds the nodes jsonc-parser's tree gives on every JSON fixture and sample", () => {
    assert.ok(files.length > 0);
    for (const file of files) check(fs.readFileSync(file, 'utf8'), path.basename(file));
  });

  it('agrees with the tree on edited fixtures, syntax errors and duplicates included (deterministic one-character edits)', () => {
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
      '\u0001',
      '[1,[2]]',
      '{"a":1}',
      '"_x":1,',
      '\\u0041',
      'null',
      '"id":"x",',
    ];
    for (const { text, label } of oneCharacterEdits(files, pieces, 7, 60)) check(text, label);
  });

  it('handles the corners: empty arrays, resourceType arrays, _keys, escapes, nested arrays, null, BOM, errors', () => {
    const cases = [
      '{"resourceType":["Claim"],"a":1}',
      '{"resourceType":[],"a":[]}',
      '{"_a":1,"_a":2,"b":"q\\"r\\u00e9"}',
      '{"a":[1,[2,[3,{"x":1}]],{"c":null}],"b":[true,false,-0.5e+3]}',
      '{"a":{"resourceType":"X","b":[{"resourceType":"Y"}]}}',
      '{"_a":{"b":[1,{"c":2}]},"d":1}',
      '\uFEFF{"resourceType":"Claim"}',
      '{"a":1,"a":2}',
      '{"a":{"b":1,"b":2}}',
      '{"a":1,}',
      '{"a":1 /* c */}',
      '[1]',
      '"x"',
      '',
      '{"a":01}',
    ];
    for (const c of cases) check(c, JSON.stringify(c));
  });

  it('nesting deeper than 100 levels is one tooDeep problem at the first bracket too deep, however deep', () => {
    for (const depth of [101, 300, 3000, 100000]) {
      const arrays = `{"resourceType":"Claim","item":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const got = readJsonNodes(arrays);
      assert.ok('problem' in got);
      assert.strictEqual(got.problem.messageId, 'tooDeep');
      // The root object is level 1; "item"'s array level 2; the bracket at level 101 is the 100th '['.
      const at = arrays.indexOf('[') + 99;
      assert.deepStrictEqual(got.problem.span, { start: at, end: at + 1 }, `depth ${depth}`);
      const objects = `{"resourceType":"Claim","item":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const deepObjects = readJsonNodes(objects);
      assert.ok('problem' in deepObjects && deepObjects.problem.messageId === 'tooDeep', `objects, depth ${depth}`);
    }
    // 100 levels are read.
    const ok = `{"a":${'['.repeat(99)}${']'.repeat(99)}}`;
    assert.ok('root' in readJsonNodes(ok));
  });
});
