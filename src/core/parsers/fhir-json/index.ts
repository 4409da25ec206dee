import type { ClaimDocument } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import type { FhirSyntax } from '../fhir/editor';
import { CPT_SYSTEM } from '../fhir/map';
import { child, childrenOf, type FhirNode } from '../fhir/node';
import { eolOf, indentBefore, indentUnit } from '../fhir/text';
import { readJsonNodes } from './visit';
import { fastJsonTape } from './fast';
import { failed, fhirDocument, fhirDocumentWith } from '../fhir/document';

/**
 * Read a FHIR R4 JSON document (a Claim or a Bundle of Claims) into the claim model. Never
 * throws: text that is not JSON, or JSON that is not an R4 Claim, gives a `fhir-structure` problem.
 */
export function readFhirJson(text: string): ClaimDocument {
  try {
    // Strict JSON without duplicates (nearly every file) is read in one pass; anything else, and
    // every error, goes through jsonc-parser's visitor below, which also says what is wrong.
    const fast = fastJsonTape(text);
    if (fast) return fhirDocumentWith('fhir-json', text, fast, 0, () => jsonSyntax(text));
    const read = readJsonNodes(text);
    if ('problem' in read) return failed(text, 'fhir-json', read.problem.messageId, read.problem.span, read.problem.data);
    return fhirDocument('fhir-json', text, read.root, () => jsonSyntax(text));
  } catch (err) {
    return failed(text, 'fhir-json', 'unreadable', { start: 0, end: 0 }, { detail: err instanceof Error ? err.name : 'Error' });
  }
}

function jsonSyntax(text: string): FhirSyntax {
  const eol = eolOf(text);
  /** Serialize `value` either on one line (FHIR's spacing) or indented by `unit` below `base`. */
  const serialize = (value: unknown, base: string | undefined, unit: string): string => {
    if (base === undefined) return JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');
    return JSON.stringify(value, null, unit)
      .split('\n')
      .join(eol + base);
  };
  /**
   * A modifier coding (in a list or not) as serialize() writes it. A file's items are indented
   * alike and their modifiers are a few codes, so the text is made once per kind and reused
   * (a large file has a suggested 59 on many lines).
   */
  const written = new Map<string, string>();
  const serializeCoding = (code: string, list: boolean, base: string | undefined, unit: string): string => {
    const key = `${list ? 'l' : 'c'}\u0000${base ?? '\u0001'}\u0000${unit}\u0000${code}`;
    let out = written.get(key);
    if (out === undefined) {
      const coding = { coding: [{ system: CPT_SYSTEM, code }] };
      written.set(key, (out = serialize(list ? [coding] : coding, base, unit)));
    }
    return out;
  };
  return {
    escape: (value) => JSON.stringify(value).slice(1, -1),

    insertModifier(item: FhirNode, code: string): TextEdit | null {
      const itemIndent = indentBefore(text, item.span.start);
      const modifiers = childrenOf(item, 'modifier');
      if (modifiers.length > 0) {
        const last = modifiers[modifiers.length - 1];
        const indent = indentBefore(text, modifiers[0].span.start);
        const inner = child(modifiers[0], 'coding')?.propSpan;
        const unit = indentUnit(indent, inner && indentBefore(text, inner.start));
        const sep = indent === undefined ? ' ' : eol + indent;
        return { span: { start: last.span.end, end: last.span.end }, newText: ',' + sep + serializeCoding(code, false, indent, unit) };
      }
      const anchor = child(item, 'productOrService');
      if (!anchor) return null;
      const indent = indentBefore(text, anchor.propSpan.start);
      const unit = indentUnit(itemIndent, indent);
      const sep = indent === undefined ? ' ' : eol + indent;
      const value = serializeCoding(code, true, indent, unit);
      return { span: { start: anchor.propSpan.end, end: anchor.propSpan.end }, newText: `,${sep}"modifier": ${value}` };
    },

    removeEntry(entries: readonly FhirNode[], index: number): TextEdit {
      // Take the comma with the entry: the one after it, or for the last entry the one before it.
      if (index < entries.length - 1) {
        return { span: { start: entries[index].span.start, end: entries[index + 1].span.start }, newText: '' };
      }
      return { span: { start: entries[index - 1].span.end, end: entries[index].span.end }, newText: '' };
    },
  };
}
