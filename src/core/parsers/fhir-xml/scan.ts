import { MAX_NESTING, MAX_XML_ELEMENTS } from '../limits';
import type { Span } from '../../model/span';
import { XmlTape } from './tape';

export interface XmlScan {
  /** The elements read, when the scan reached the end without a problem. */
  readonly tape?: XmlTape;
  /** The DOCTYPE declaration, if any: scanning stops there, nothing after it is read. */
  readonly doctype?: { readonly span: Span; readonly declaresEntities: boolean };
  readonly error?: { readonly offset: number; readonly message: string };
  /** The start tag of the first element nested deeper than {@link MAX_NESTING}: scanning stops there. */
  readonly tooDeep?: Span;
  /** The start tag of the element past {@link MAX_XML_ELEMENTS}: scanning stops there. */
  readonly tooMany?: Span;
}

/** Tab, line feed, carriage return and space: XML's white space. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where a name ends: white space, `/`, `>` or `=`. */
function endsName(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d;
}

/**
 * One linear pass over XML text recording every element's offsets and the span of its `value`
 * attribute, in document order, into a compact {@link XmlTape} (a few integers per element: a
 * document of many small elements costs a few times its size, not tens of times). Comments,
 * processing instructions and CDATA are skipped; a DOCTYPE stops the scan at once (it is refused,
 * never expanded). Well-formedness beyond what this scan must step over is checked separately
 * (index.ts), by a streaming parser.
 */
export function scanXml(text: string): XmlScan {
  const n = text.length;
  const tape = new XmlTape(text);
  /** Open elements: their records, and the last child recorded under each. */
  const open: number[] = [];
  const lastChild: number[] = [];
  let root = -1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (offset: number, message: string): XmlScan => ({ error: { offset, message } });

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
      return { doctype: doctypeAt(text, lt) };
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) return fail(lt, 'unclosed processing instruction');
      i = close + 2;
    } else if (text.startsWith('<!', lt)) {
      return fail(lt, 'unexpected markup declaration');
    } else if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      const close = text.indexOf('>', lt + 2);
      if (close < 0) return fail(lt, 'unclosed end tag');
      const name = text.slice(lt + 2, close).trim();
      const record = open.pop();
      lastChild.pop();
      if (record === undefined || tape.qName(record) !== name) return fail(lt, `unexpected end tag </${name}>`);
      tape.setEnd(record, close + 1);
      i = close + 1;
    } else {
      let j = lt + 1;
      while (j < n && !endsName(text.charCodeAt(j))) j++;
      if (j === lt + 1) return fail(lt, 'empty tag name');
      const qName = text.slice(lt + 1, j);
      let valueStart = -1;
      let valueEnd = -1;
      let selfClosing = false;
      let startTagEnd: number;
      // Attributes: name = "value" pairs until > or />; quoted values may hold > and /.
      for (;;) {
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (j >= n) return fail(lt, `unclosed start tag <${qName}>`);
        const c = text.charCodeAt(j);
        if (c === 0x3e /* > */) {
          startTagEnd = j + 1;
          break;
        }
        if (c === 0x2f && text.charCodeAt(j + 1) === 0x3e) {
          startTagEnd = j + 2;
          selfClosing = true;
          break;
        }
        const nameStart = j;
        while (j < n && !endsName(text.charCodeAt(j))) j++;
        const nameEnd = j;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (nameEnd === nameStart || text.charCodeAt(j) !== 0x3d /* = */) return fail(nameStart, `malformed attribute in <${qName}>`);
        j++;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        const quote = text.charCodeAt(j);
        if (quote !== 0x22 && quote !== 0x27) return fail(j, `unquoted attribute ${text.slice(nameStart, nameEnd)}`);
        const close = text.indexOf(quote === 0x22 ? '"' : "'", j + 1);
        if (close < 0) return fail(j, `unclosed attribute ${text.slice(nameStart, nameEnd)}`);
        if (valueStart < 0 && nameEnd - nameStart === 5 && text.startsWith('value', nameStart)) {
          valueStart = j + 1;
          valueEnd = close;
        }
        j = close + 1;
      }
      if (open.length >= MAX_NESTING) return { tooDeep: { start: lt, end: startTagEnd } };
      if (tape.count >= MAX_XML_ELEMENTS) return { tooMany: { start: lt, end: startTagEnd } };
      const record = tape.add(lt, selfClosing ? startTagEnd : -1, qName, valueStart, valueEnd);
      const depth = open.length;
      if (depth > 0) {
        tape.link(open[depth - 1], lastChild[depth - 1], record);
        lastChild[depth - 1] = record;
      } else if (root < 0) {
        root = record;
      } else {
        return fail(lt, 'more than one root element');
      }
      if (!selfClosing) {
        open.push(record);
        lastChild.push(-1);
      }
      i = startTagEnd;
    }
  }
  if (open.length > 0) {
    const last = open[open.length - 1];
    return fail(tape.start(last), `<${tape.qName(last)}> is not closed`);
  }
  if (root < 0) return fail(0, 'no root element');
  return { tape: tape.done() };
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
