import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { readJsonNodes } from '../../../../src/core/parsers/fhir-json/visit';
import { DuplicateKeyError, jsonToFhir } from './json-reference';
import type { FhirNode } from '../../../../src/core/parsers/fhir/node';
import { REPO_ROOT } from '../../repo-root';

/** A node as plain data, through the FhirNode interface only. */
function plain(n: FhirNode): unknown {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'span', 'propSpan', 'nameSpan', 'resourceType', 'typeSpan', 'value', 'raw', 'valueSpan', 'arraySpan', 'prefix'] as const) {
    const v = n[k];
    if (v !== undefined) out[k] = typeof v === 'object' ? { start: v.start, end: v.end } : v;
  }
  out.children = [...n.children].map(([k, list]) => [k, list.map(plain)]);
  return out;
}

/** What jsonc-parser's tree gives through the reference conversion, or why it gives nothing. */
function reference(text: string): FhirNode | 'invalidJson' | 'duplicateKey' {
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !tree || tree.type !== 'object') return 'invalidJson';
  try {
    return jsonToFhir(text, tree, '', { start: tree.offset, end: tree.offset + tree.length });
  } catch (err) {
    if (err instanceof DuplicateKeyError) return 'duplicateKey';
    throw err;
  }
}

/** The visitor reader gives the reference's nodes, or the same reason for none. */
function check(text: string, label: string): void {
  const got = readJsonNodes(text);
  const ref = reference(text);
  if (typeof ref === 'string') {
    assert.ok('problem' in got, `${label}: read what jsonc-parser's tree refuses (${ref})`);
    assert.strictEqual(got.problem.messageId, ref, label);
  } else {
    assert.ok('root' in got, `${label}: refused (${'problem' in got ? got.problem.messageId : ''}) what jsonc-parser's tree reads`);
    assert.deepStrictEqual(plain(got.root), plain(ref), label);
  }
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) jsonFiles(p, out);
    else if (p.endsWith('.json')) out.push(p);
  }
  return out;
}

describe('FHIR JSON through jsonc-parser\'s visitor (readJsonNodes)', () => {
  const files = [...jsonFiles(path.join(REPO_ROOT, 'test', 'fixtures')), ...jsonFiles(path.join(REPO_ROOT, 'samples'))];

  it('builds the nodes jsonc-parser\'s tree gives on every JSON fixture and sample', () => {
    assert.ok(files.length > 0);
    for (const file of files) check(fs.readFileSync(file, 'utf8'), path.basename(file));
  });

  it('agrees with the tree on edited fixtures, syntax errors and duplicates included (deterministic one-character edits)', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '1', '.', 'e', 't', 'n', ' ', '\n', '\u0001', '[1,[2]]', '{"a":1}', '"_x":1,', '\\u0041', 'null', '"id":"x",'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (let i = 0; i < 60; i++) {
        const k = Math.floor(next() * text.length);
        const piece = pieces[Math.floor(next() * pieces.length)];
        const r = next();
        const edited = r < 0.33 ? text.slice(0, k) + text.slice(k + 1) : r < 0.66 ? text.slice(0, k) + piece + text.slice(k) : text.slice(0, k) + piece + text.slice(k + 1);
        check(edited, `${path.basename(file)} @${k}`);
      }
    }
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
