import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { fastJsonToFhir } from '../../../../src/core/parsers/fhir-json/fast';
import { DuplicateKeyError, jsonToFhir } from './json-reference';
import type { FhirNode } from '../../../../src/core/parsers/fhir/node';
import { child } from '../../../../src/core/parsers/fhir/node';
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

/** What the jsonc-parser path builds, or why it builds nothing. */
function reference(text: string): FhirNode | 'error' | 'duplicate' {
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !tree || tree.type !== 'object') return 'error';
  try {
    return jsonToFhir(text, tree, '', { start: tree.offset, end: tree.offset + tree.length });
  } catch (err) {
    if (err instanceof DuplicateKeyError) return 'duplicate';
    throw err;
  }
}

/** The fast reader either declines or builds exactly the reference nodes. */
function check(text: string, label: string): 'same' | 'declined' {
  const fast = fastJsonToFhir(text);
  if (!fast) return 'declined';
  const ref = reference(text);
  assert.ok(typeof ref !== 'string', `${label}: fast reader accepted what jsonc-parser refuses (${String(ref)})`);
  assert.deepStrictEqual(plain(fast), plain(ref), label);
  return 'same';
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) jsonFiles(p, out);
    else if (p.endsWith('.json')) out.push(p);
  }
  return out;
}

describe('FHIR JSON fast reader', () => {
  const files = [...jsonFiles(path.join(REPO_ROOT, 'test', 'fixtures')), ...jsonFiles(path.join(REPO_ROOT, 'samples'))];

  it('builds the same nodes as the jsonc-parser path on every JSON fixture and sample', () => {
    assert.ok(files.length > 0);
    for (const file of files) check(fs.readFileSync(file, 'utf8'), path.basename(file));
  });

  it('builds the same nodes or declines on edited fixtures (deterministic one-character edits)', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '1', '.', 'e', 't', 'n', ' ', '\n', '\t', '\u00a0', '_', '\u0001', '[1,[2]]', '{"a":1}', '"_x":1,', '\\u0041', 'null'];
    let seed = 1;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let same = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (let i = 0; i < 60; i++) {
        const k = Math.floor(next() * text.length);
        const piece = pieces[Math.floor(next() * pieces.length)];
        const r = next();
        const edited = r < 0.33 ? text.slice(0, k) + text.slice(k + 1) : r < 0.66 ? text.slice(0, k) + piece + text.slice(k) : text.slice(0, k) + piece + text.slice(k + 1);
        if (check(edited, `${path.basename(file)} @${k}`) === 'same') same++;
      }
    }
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
