import { SaxesParser } from 'saxes';
import type { ClaimDocument } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import { failed, fhirDocumentWith } from '../fhir/document';
import type { FhirSyntax } from '../fhir/editor';
import { CPT_SYSTEM } from '../fhir/map';
import { child, childrenOf, type FhirNode } from '../fhir/node';
import { eolOf, indentBefore, indentUnit } from '../fhir/text';
import { MAX_NESTING, MAX_XML_ELEMENTS } from '../limits';
import { scanXml } from './scan';

/**
 * Read a FHIR R4 XML document (a Claim or a Bundle of Claims) into the claim model. Never throws.
 * A DOCTYPE is refused before any parser sees the text, so entities are never expanded.
 *
 * Two linear passes, each in memory bounded by a few times the text: the scan (scan.ts) records
 * every element's offsets into a compact tape, which the mapper reads as FHIR nodes; saxes, a
 * streaming parser, checks the rest of well-formedness (attribute and name syntax, entity
 * references, text outside the root) without building anything. The three passes before this
 * (scan, fast-xml-parser's validator and its tree) took about 35 times the file's size.
 */
export function readFhirXml(text: string): ClaimDocument {
  try {
    const scan = scanXml(text);
    if (scan.doctype) {
      return failed(text, 'fhir-xml', scan.doctype.declaresEntities ? 'doctypeEntities' : 'doctype', scan.doctype.span);
    }
    if (scan.tooDeep) return failed(text, 'fhir-xml', 'tooDeep', scan.tooDeep, { max: MAX_NESTING });
    if (scan.tooMany) return failed(text, 'fhir-xml', 'tooManyElements', scan.tooMany, { max: MAX_XML_ELEMENTS });
    if (scan.error || !scan.tape) {
      const at = scan.error?.offset ?? 0;
      return failed(text, 'fhir-xml', 'invalidXml', { start: at, end: at }, { detail: scan.error?.message ?? 'no root element' });
    }
    const problem = wellFormednessProblem(text);
    if (problem) return failed(text, 'fhir-xml', 'invalidXml', { start: problem.offset, end: problem.offset }, { detail: problem.message });
    return fhirDocumentWith('fhir-xml', text, scan.tape, 0, () => xmlSyntax(text));
  } catch (err) {
    return failed(text, 'fhir-xml', 'unreadable', { start: 0, end: 0 }, { detail: err instanceof Error ? err.name : 'Error' });
  }
}

/**
 * The first well-formedness error saxes finds, with its offset (where saxes stood, which is at or
 * just past the offending character), or undefined. No handler but `error` is set, so nothing is
 * built; saxes counts offsets in UTF-16 code units, the BOM included, as the text does.
 */
function wellFormednessProblem(text: string): { offset: number; message: string } | undefined {
  const parser = new SaxesParser({ position: true });
  let first: { offset: number; message: string } | undefined;
  parser.on('error', (err) => {
    first = { offset: Math.max(0, Math.min(text.length, parser.position - 1)), message: err.message.replace(/^\d+:\d+: /, '') };
    // Stop at the first error: saxes would go on and report one per character of a long bad
    // name (a tag of 260,000 '*' took 3 s).
    throw STOP;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err !== STOP) throw err;
  }
  return first;
}

/** Thrown from saxes' error handler to end the parse there. */
const STOP = new Error('stop at the first well-formedness error');

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
