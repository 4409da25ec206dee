import type { Node } from 'jsonc-parser';
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
