import type { FhirNode } from '../fhir/node';
import { decodeXmlText, type XmlElement } from './scan';

/** fast-xml-parser's `preserveOrder` output: one key naming the element (or `#text`), attributes under `:@`. */
export type OrderedXml = Record<string, unknown>;

/** The positions of the scan and the tree fast-xml-parser read disagree: the mapping cannot be trusted. */
export class XmlMappingError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'XmlMappingError';
  }
}

/** Element name of an ordered node, or undefined for text, comments and the like. */
function elementName(node: OrderedXml): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && !key.startsWith('#') && !key.startsWith('?')) return key;
  }
  return undefined;
}

/** Resources nest one element deeper in XML (`<resource><Claim>`); JSON has the type in the object. */
const RESOURCE_HOLDERS = new Set(['resource', 'contained']);

/**
 * Build FHIR nodes from fast-xml-parser's ordered tree, taking each element's offsets from the
 * scanned element at the same place (same parent, same position among element children). The two
 * must agree element for element and on every `value` attribute, or {@link XmlMappingError} is thrown.
 */
export function xmlToFhir(parsed: OrderedXml, scanned: XmlElement, isResource: boolean): FhirNode {
  const name = elementName(parsed);
  if (name !== scanned.qName) throw new XmlMappingError(scanned.start, `expected <${scanned.qName}>, parsed <${name}>`);
  const attrs = (parsed[':@'] ?? {}) as Record<string, unknown>;
  const kids = ((parsed[name] ?? []) as OrderedXml[]).filter((k) => elementName(k) !== undefined);
  if (kids.length !== scanned.children.length) {
    throw new XmlMappingError(scanned.start, `<${name}>: ${kids.length} parsed children, ${scanned.children.length} scanned`);
  }

  if (RESOURCE_HOLDERS.has(scanned.local) && kids.length === 1) {
    const inner = xmlToFhir(kids[0], scanned.children[0], true);
    return { ...inner, name: scanned.local, propSpan: { start: scanned.start, end: scanned.end }, nameSpan: scanned.nameSpan };
  }

  const children = new Map<string, FhirNode[]>();
  kids.forEach((k, i) => {
    const node = xmlToFhir(k, scanned.children[i], false);
    const list = children.get(node.name);
    if (list) list.push(node);
    else children.set(node.name, [node]);
  });

  const span = { start: scanned.start, end: scanned.end };
  const valueAttr = scanned.attributes.find((a) => a.name === 'value');
  if (valueAttr && attrs['value'] !== valueAttr.raw) {
    throw new XmlMappingError(valueAttr.valueSpan.start, `<${name}> value differs between scan and parse`);
  }
  return {
    name: scanned.local,
    span,
    propSpan: span,
    nameSpan: scanned.nameSpan,
    children,
    prefix: scanned.prefix,
    resourceType: isResource ? scanned.local : undefined,
    typeSpan: isResource ? scanned.nameSpan : undefined,
    value: valueAttr ? decodeXmlText(valueAttr.raw) : undefined,
    raw: valueAttr?.raw,
    valueSpan: valueAttr?.valueSpan,
  };
}
