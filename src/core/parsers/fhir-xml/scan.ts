import { MAX_NESTING } from '../limits';
import type { Span } from '../../model/span';

/** An attribute as written: `value="97124"` → name `value`, raw `97124`, valueSpan inside the quotes. */
export interface XmlAttribute {
  readonly name: string;
  readonly raw: string;
  readonly valueSpan: Span;
}

/** One element with its offsets; fast-xml-parser gives none, so these come from {@link scanXml}. */
export interface XmlElement {
  readonly qName: string;
  readonly prefix: string;
  readonly local: string;
  /** Offset of `<`. */
  readonly start: number;
  /** Span of the tag name in the start tag. */
  readonly nameSpan: Span;
  /** Offset just past the start tag's `>`. */
  startTagEnd: number;
  /** Offset just past the end tag's `>` (or the `/>`). */
  end: number;
  readonly attributes: XmlAttribute[];
  readonly children: XmlElement[];
}

export interface XmlScan {
  readonly root?: XmlElement;
  /** The DOCTYPE declaration, if any: scanning stops there, nothing after it is read. */
  readonly doctype?: { readonly span: Span; readonly declaresEntities: boolean };
  readonly error?: { readonly offset: number; readonly message: string };
  /** The start tag of the first element nested deeper than {@link MAX_NESTING}: scanning stops there. */
  readonly tooDeep?: Span;
}

const NAME_END = /[\s/>=]/;

/**
 * One linear pass over XML text recording every element's offsets and its attributes' value spans,
 * in document order. Comments, processing instructions and CDATA are skipped; a DOCTYPE stops the
 * scan at once (it is refused, never expanded). Well-formedness is left to fast-xml-parser's
 * validator; this scan only reports what it cannot step over.
 */
export function scanXml(text: string): XmlScan {
  const n = text.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (offset: number, message: string): XmlScan => ({ root, error: { offset, message } });

  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) return fail(lt, 'unclosed comment');
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0) return fail(lt, 'unclosed CDATA section');
      i = close + 3;
    } else if (text.startsWith('<!DOCTYPE', lt)) {
      return { root, doctype: doctypeAt(text, lt) };
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) return fail(lt, 'unclosed processing instruction');
      i = close + 2;
    } else if (text.startsWith('<!', lt)) {
      return fail(lt, 'unexpected markup declaration');
    } else if (text.charCodeAt(lt + 1) === 47 /* / */) {
      const close = text.indexOf('>', lt + 2);
      if (close < 0) return fail(lt, 'unclosed end tag');
      const name = text.slice(lt + 2, close).trim();
      const open = stack.pop();
      if (!open || open.qName !== name) return fail(lt, `unexpected end tag </${name}>`);
      open.end = close + 1;
      i = close + 1;
    } else {
      let j = lt + 1;
      while (j < n && !NAME_END.test(text[j])) j++;
      const qName = text.slice(lt + 1, j);
      if (!qName) return fail(lt, 'empty tag name');
      const colon = qName.indexOf(':');
      const element: XmlElement = {
        qName,
        prefix: colon >= 0 ? qName.slice(0, colon) : '',
        local: colon >= 0 ? qName.slice(colon + 1) : qName,
        start: lt,
        nameSpan: { start: lt + 1, end: j },
        startTagEnd: -1,
        end: -1,
        attributes: [],
        children: [],
      };
      // Attributes: name = "value" pairs until > or />; quoted values may hold > and /.
      for (;;) {
        while (j < n && /\s/.test(text[j])) j++;
        if (j >= n) return fail(lt, `unclosed start tag <${qName}>`);
        if (text[j] === '>') {
          element.startTagEnd = j + 1;
          break;
        }
        if (text[j] === '/' && text[j + 1] === '>') {
          element.startTagEnd = element.end = j + 2;
          break;
        }
        const nameStart = j;
        while (j < n && !NAME_END.test(text[j])) j++;
        const name = text.slice(nameStart, j);
        while (j < n && /\s/.test(text[j])) j++;
        if (!name || text[j] !== '=') return fail(nameStart, `malformed attribute in <${qName}>`);
        j++;
        while (j < n && /\s/.test(text[j])) j++;
        const quote = text[j];
        if (quote !== '"' && quote !== "'") return fail(j, `unquoted attribute ${name}`);
        const close = text.indexOf(quote, j + 1);
        if (close < 0) return fail(j, `unclosed attribute ${name}`);
        element.attributes.push({ name, raw: text.slice(j + 1, close), valueSpan: { start: j + 1, end: close } });
        j = close + 1;
      }
      if (stack.length >= MAX_NESTING) return { root, tooDeep: { start: lt, end: element.startTagEnd } };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (!root) root = element;
      else return fail(lt, 'more than one root element');
      if (element.end < 0) stack.push(element);
      i = element.startTagEnd;
    }
  }
  if (stack.length > 0) return fail(stack[stack.length - 1].start, `<${stack[stack.length - 1].qName}> is not closed`);
  if (!root) return fail(0, 'no root element');
  return { root };
}

/**
 * The extent of a DOCTYPE and whether its internal subset declares entities. Bounded: one scan
 * to the end of the declaration, nothing is expanded or stored.
 */
function doctypeAt(text: string, start: number): { span: Span; declaresEntities: boolean } {
  const gt = text.indexOf('>', start);
  const bracket = text.indexOf('[', start);
  let end: number;
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const close = text.indexOf(']', bracket);
    const after = close < 0 ? -1 : text.indexOf('>', close);
    end = after < 0 ? text.length : after + 1;
  } else {
    end = gt < 0 ? text.length : gt + 1;
  }
  return { span: { start, end }, declaresEntities: text.slice(start, end).includes('<!ENTITY') };
}

/** Decode the five predefined entities and character references (entities are otherwise never expanded). */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
