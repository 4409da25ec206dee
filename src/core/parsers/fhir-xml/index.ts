import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ClaimDocument } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import { LineIndex } from '../../model/span';
import { failed, fhirDocument } from '../fhir/document';
import type { FhirSyntax } from '../fhir/editor';
import { CPT_SYSTEM } from '../fhir/map';
import { child, childrenOf, type FhirNode } from '../fhir/node';
import { eolOf, indentBefore, indentUnit } from '../fhir/text';
import { MAX_NESTING } from '../limits';
import { scanXml } from './scan';
import { xmlToFhir, XmlMappingError, type OrderedXml } from './tree';

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
} as const;

/**
 * Read a FHIR R4 XML document (a Claim or a Bundle of Claims) into the claim model. Never throws.
 * A DOCTYPE is refused before any parser sees the text, so entities are never expanded.
 */
export function readFhirXml(text: string): ClaimDocument {
  try {
    const scan = scanXml(text);
    if (scan.doctype) {
      return failed(text, 'fhir-xml', scan.doctype.declaresEntities ? 'doctypeEntities' : 'doctype', scan.doctype.span);
    }
    if (scan.tooDeep) return failed(text, 'fhir-xml', 'tooDeep', scan.tooDeep, { max: MAX_NESTING });
    if (scan.error || !scan.root) {
      const at = scan.error?.offset ?? 0;
      return failed(text, 'fhir-xml', 'invalidXml', { start: at, end: at }, { detail: scan.error?.message ?? 'no root element' });
    }
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const body = bom ? text.slice(1) : text;
    const valid = XMLValidator.validate(body);
    if (valid !== true) {
      const lines = new LineIndex(body);
      const at = bom + lines.offsetAt({ line: valid.err.line - 1, character: Math.max(0, valid.err.col - 1) });
      return failed(text, 'fhir-xml', 'invalidXml', { start: at, end: at }, { detail: valid.err.msg });
    }
    const parsed = (new XMLParser(PARSER_OPTIONS).parse(body) as OrderedXml[]).filter((n) =>
      Object.keys(n).some((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?')),
    );
    if (parsed.length !== 1) throw new XmlMappingError(scan.root.start, `${parsed.length} root elements parsed`);
    const root = xmlToFhir(parsed[0], scan.root, true);
    return fhirDocument('fhir-xml', text, root, () => xmlSyntax(text));
  } catch (err) {
    if (err instanceof XmlMappingError) {
      return failed(text, 'fhir-xml', 'positionMapping', { start: err.offset, end: err.offset }, { detail: err.message });
    }
    return failed(text, 'fhir-xml', 'unreadable', { start: 0, end: 0 }, { detail: err instanceof Error ? err.name : 'Error' });
  }
}

function xmlSyntax(text: string): FhirSyntax {
  const eol = eolOf(text);
  return {
    escape: (value) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!),

    insertModifier(item: FhirNode, code: string): TextEdit | null {
      // FHIR's element order: modifier comes right after productOrService (after any modifiers already there).
      const modifiers = childrenOf(item, 'modifier');
      const anchor = modifiers.length > 0 ? modifiers[modifiers.length - 1] : child(item, 'productOrService');
      if (!anchor) return null;
      const p = item.prefix ? `${item.prefix}:` : '';
      const lines = [
        `<${p}modifier>`,
        `<${p}coding>`,
        `<${p}system value="${CPT_SYSTEM}"/>`,
        `<${p}code value="${code}"/>`,
        `</${p}coding>`,
        `</${p}modifier>`,
      ];
      const at = { start: anchor.span.end, end: anchor.span.end };
      const indent = indentBefore(text, anchor.span.start);
      if (indent === undefined) return { span: at, newText: lines.join('') };
      const firstChild = [...anchor.children.values()][0]?.[0];
      const unit = firstChild ? indentUnit(indent, indentBefore(text, firstChild.span.start)) : indentUnit(indentBefore(text, item.span.start), indent);
      const depth = [0, 1, 2, 2, 1, 0];
      return { span: at, newText: lines.map((l, i) => eol + indent + unit.repeat(depth[i]) + l).join('') };
    },

    removeEntry(entries: readonly FhirNode[], index: number): TextEdit {
      const el = entries[index].span;
      // An element alone on its lines goes with its indentation and line break.
      const indent = indentBefore(text, el.start);
      const rest = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(el.end, el.end + 200));
      if (indent !== undefined && rest) {
        return { span: { start: el.start - indent.length, end: el.end + rest[0].length }, newText: '' };
      }
      return { span: el, newText: '' };
    },
  };
}
