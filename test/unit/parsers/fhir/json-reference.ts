import * as fs from 'fs';
import * as path from 'path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Span } from '../../../../src/core/model/span';
import type { FhirNode } from '../../../../src/core/parsers/fhir/node';

const spanOf = (n: Node): Span => ({ start: n.offset, end: n.offset + n.length });

/**
 * A property name given twice in one object. JSON parsers disagree on which value counts (most
 * keep the last, this reader would see the first), so the document is refused rather than checked
 * as something the payer may read differently. FHIR JSON allows each name once.
 */
export class DuplicateKeyError extends Error {
  constructor(
    readonly key: string,
    readonly span: Span,
  ) {
    super(`duplicate property "${key}"`);
  }
}

/**
 * The reference the JSON readers are tested against: jsonc-parser's tree (`parseTree`) turned into
 * FHIR nodes, the plainest possible way.
 *
 * Turn a jsonc-parser tree into FHIR nodes. Strings get the span inside their quotes so a range
 * covers just `97124`; numbers and booleans get their token. Keys starting with `_` (primitive
 * extensions) are skipped.
 */
export function jsonToFhir(text: string, node: Node, name: string, propSpan: Span, arraySpan?: Span, nameSpan?: Span): FhirNode {
  const span = spanOf(node);
  switch (node.type) {
    case 'object': {
      const children = new Map<string, FhirNode[]>();
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || !value || typeof key.value !== 'string' || key.value.startsWith('_')) continue;
        const keySpan = { start: key.offset + 1, end: key.offset + key.length - 1 };
        if (children.has(key.value)) throw new DuplicateKeyError(key.value, keySpan);
        const list: FhirNode[] = [];
        if (value.type === 'array') {
          for (const entry of value.children ?? []) list.push(jsonToFhir(text, entry, key.value, spanOf(entry), spanOf(value), keySpan));
        } else {
          list.push(jsonToFhir(text, value, key.value, spanOf(prop), undefined, keySpan));
        }
        children.set(key.value, list);
      }
      const type = children.get('resourceType')?.[0];
      return {
        name,
        span,
        propSpan,
        arraySpan,
        nameSpan,
        children,
        resourceType: type && text.charCodeAt(type.span.start) === 34 ? type.value : undefined,
        typeSpan: type?.valueSpan,
      };
    }
    case 'string':
      return {
        name,
        span,
        propSpan,
        arraySpan,
        nameSpan,
        children: new Map(),
        value: String(node.value),
        raw: text.slice(span.start + 1, span.end - 1),
        valueSpan: { start: span.start + 1, end: span.end - 1 },
      };
    case 'number':
    case 'boolean': {
      const raw = text.slice(span.start, span.end);
      return { name, span, propSpan, arraySpan, nameSpan, children: new Map(), value: raw, raw, valueSpan: span };
    }
    default:
      return { name, span, propSpan, arraySpan, nameSpan, children: new Map() };
  }
}

/** A node as plain data, through the FhirNode interface only (for deepStrictEqual). */
export function plainNode(n: FhirNode): unknown {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'span', 'propSpan', 'nameSpan', 'resourceType', 'typeSpan', 'value', 'raw', 'valueSpan', 'arraySpan', 'prefix'] as const) {
    const v = n[k];
    if (v !== undefined) out[k] = typeof v === 'object' ? { start: v.start, end: v.end } : v;
  }
  out.children = [...n.children].map(([k, list]) => [k, list.map(plainNode)]);
  return out;
}

/** What jsonc-parser's tree gives through {@link jsonToFhir}, or why it gives nothing. */
export function referenceNodes(text: string): FhirNode | 'invalidJson' | 'duplicateKey' {
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

/** Every .json file below `dir`. */
export function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) jsonFiles(p, out);
    else if (p.endsWith('.json')) out.push(p);
  }
  return out;
}

/** The JSON fixtures and samples the readers are checked on. */
export function fixtureJsonFiles(root: string): string[] {
  return [...jsonFiles(path.join(root, 'test', 'fixtures')), ...jsonFiles(path.join(root, 'samples'))];
}

/**
 * `perFile` deterministic one-character edits of each file (a deletion, an insertion or a
 * replacement of one of `pieces`), from `seed`.
 */
export function* oneCharacterEdits(
  files: readonly string[],
  pieces: readonly string[],
  seed: number,
  perFile: number,
): Generator<{ text: string; label: string }> {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < perFile; i++) {
      const k = Math.floor(next() * text.length);
      const piece = pieces[Math.floor(next() * pieces.length)];
      const r = next();
      const edited =
        r < 0.33 ? text.slice(0, k) + text.slice(k + 1) : r < 0.66 ? text.slice(0, k) + piece + text.slice(k) : text.slice(0, k) + piece + text.slice(k + 1);
      yield { text: edited, label: `${path.basename(file)} @${k}` };
    }
  }
}
