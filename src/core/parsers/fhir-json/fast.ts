import type { Span } from '../../model/span';
import type { FhirNode } from '../fhir/node';

/**
 * The common case of {@link jsonToFhir} in one pass over the text, without jsonc-parser's tree:
 * strict JSON (no comments, no trailing commas, JSON white space only), no duplicate keys, no
 * escapes in keys, an object at the root, nesting up to {@link MAX_DEPTH}. It builds exactly the
 * nodes `jsonToFhir(parseTree(text))` builds. Anything else — an error, an odd corner — returns
 * undefined and the caller takes the jsonc-parser path, so errors and their positions are that
 * path's.
 */

const MAX_DEPTH = 256;

/** Primitives and nested arrays have no children; one shared empty map instead of one each. */
const NO_CHILDREN: ReadonlyMap<string, readonly FhirNode[]> = new Map();

class Bail extends Error {}
const BAIL = new Bail();

export function fastJsonToFhir(text: string): FhirNode | undefined {
  try {
    const p = new FastParser(text);
    return p.document();
  } catch (err) {
    if (err instanceof Bail || err instanceof RangeError) return undefined;
    throw err;
  }
}

class FastParser {
  private pos = 0;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  document(): FhirNode {
    // A BOM reads as white space (the caller's jsonc path replaces it with a space).
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
    if (this.text.charCodeAt(this.pos) !== 123 /* { */) throw BAIL;
    const start = this.pos;
    const root = this.object('', undefined, undefined, undefined, start, 0);
    (root as { propSpan: Span }).propSpan = { start: root.span.start, end: root.span.end };
    this.ws();
    if (this.pos !== this.n) throw BAIL;
    return root;
  }

  private ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  /** A string token at pos: returns [end offset (after the closing quote), whether it has escapes]. */
  private stringEnd(): number {
    const t = this.text;
    let p = this.pos + 1;
    const n = this.n;
    for (;;) {
      if (p >= n) throw BAIL;
      const c = t.charCodeAt(p);
      if (c === 34) return p + 1;
      if (c === 92) {
        this.escaped = true;
        p += 2;
        continue;
      }
      if (c < 0x20) throw BAIL;
      p++;
    }
  }

  private escaped = false;

  /** Decode a string token [start, end) (quotes included). */
  private decode(start: number, end: number): string {
    if (!this.escaped) return this.text.slice(start + 1, end - 1);
    let v: unknown;
    try {
      v = JSON.parse(this.text.slice(start, end));
    } catch {
      throw BAIL;
    }
    if (typeof v !== 'string') throw BAIL;
    return v;
  }

  private object(name: string, propSpan: Span | undefined, arraySpan: Span | undefined, nameSpan: Span | undefined, start: number, depth: number): FhirNode {
    if (depth > MAX_DEPTH) throw BAIL;
    const t = this.text;
    const children = new Map<string, FhirNode[]>();
    this.pos++; // {
    this.ws();
    if (t.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
    } else {
      for (;;) {
        if (t.charCodeAt(this.pos) !== 34) throw BAIL;
        const keyStart = this.pos;
        this.escaped = false;
        const keyEnd = this.stringEnd();
        if (this.escaped) throw BAIL;
        const key = t.slice(keyStart + 1, keyEnd - 1);
        this.pos = keyEnd;
        this.ws();
        if (t.charCodeAt(this.pos) !== 58 /* : */) throw BAIL;
        this.pos++;
        this.ws();
        const skip = key.charCodeAt(0) === 95; /* _ */
        if (!skip && children.has(key)) throw BAIL; // duplicate: the jsonc path reports it
        const keySpan = { start: keyStart + 1, end: keyEnd - 1 };
        const list: FhirNode[] = [];
        const c = t.charCodeAt(this.pos);
        if (c === 91 /* [ */) {
          const arrStart = this.pos;
          this.pos++;
          this.ws();
          // Entries first (their spans need the array's end), then nodes.
          const pending: FhirNode[] = [];
          if (t.charCodeAt(this.pos) === 93 /* ] */) {
            this.pos++;
          } else {
            for (;;) {
              const node = this.value(key, undefined, undefined, keySpan, depth + 1, true);
              pending.push(node);
              this.ws();
              const d = t.charCodeAt(this.pos);
              if (d === 44 /* , */) {
                this.pos++;
                this.ws();
                continue;
              }
              if (d === 93) {
                this.pos++;
                break;
              }
              throw BAIL;
            }
          }
          const arraySpanV = { start: arrStart, end: this.pos };
          for (const node of pending) {
            const m = node as { propSpan: Span; arraySpan?: Span };
            m.propSpan = (node as { span: Span }).span;
            m.arraySpan = arraySpanV;
            list.push(node);
          }
        } else {
          const node = this.value(key, undefined, undefined, keySpan, depth + 1, false);
          (node as { propSpan: Span }).propSpan = { start: keyStart, end: node.span.end };
          list.push(node);
        }
        if (!skip) children.set(key, list);
        this.ws();
        const d = t.charCodeAt(this.pos);
        if (d === 44) {
          this.pos++;
          this.ws();
          continue;
        }
        if (d === 125) {
          this.pos++;
          break;
        }
        throw BAIL;
      }
    }
    const span = { start, end: this.pos };
    const type = children.get('resourceType')?.[0];
    return {
      name,
      span,
      propSpan: propSpan as Span,
      arraySpan,
      nameSpan,
      children,
      resourceType: type && t.charCodeAt(type.span.start) === 34 ? type.value : undefined,
      typeSpan: type?.valueSpan,
    };
  }

  /** Skip a nested array (an array entry that is itself an array): validated, no children. */
  private skipArray(depth: number): void {
    if (depth > MAX_DEPTH) throw BAIL;
    const t = this.text;
    this.pos++;
    this.ws();
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++;
      return;
    }
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 91) this.skipArray(depth + 1);
      else this.value('', undefined, undefined, undefined, depth + 1, true);
      this.ws();
      const d = t.charCodeAt(this.pos);
      if (d === 44) {
        this.pos++;
        this.ws();
        continue;
      }
      if (d === 93) {
        this.pos++;
        return;
      }
      throw BAIL;
    }
  }

  /**
   * One value at pos. `propSpan` is filled in by the caller (it depends on whether the value is
   * an array entry or a property's value); the node literal keeps jsonToFhir's property order.
   */
  private value(name: string, propSpan: Span | undefined, arraySpan: Span | undefined, nameSpan: Span | undefined, depth: number, inArray: boolean): FhirNode {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 123) return this.object(name, propSpan, arraySpan, nameSpan, start, depth);
    if (c === 34) {
      this.escaped = false;
      const end = this.stringEnd();
      this.pos = end;
      const raw = t.slice(start + 1, end - 1);
      // Without escapes the decoded value is the text itself: one string for both.
      const value = this.escaped ? this.decode(start, end) : raw;
      return {
        name,
        span: { start, end },
        propSpan: propSpan as Span,
        arraySpan,
        nameSpan,
        children: NO_CHILDREN,
        value,
        raw,
        valueSpan: { start: start + 1, end: end - 1 },
      };
    }
    if (c === 91) {
      // An array as an array entry has no children in the FHIR tree; a property's array is
      // handled by object(), so here it is always nested.
      if (!inArray) throw BAIL;
      this.skipArray(depth);
      return { name, span: { start, end: this.pos }, propSpan: propSpan as Span, arraySpan, nameSpan, children: NO_CHILDREN };
    }
    if (c === 116 || c === 102 || c === 110) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!t.startsWith(word, start)) throw BAIL;
      const end = start + word.length;
      const after = t.charCodeAt(end);
      // jsonc-parser reads a word up to a separator; a letter or digit after it is another token.
      if ((after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || after === 36) throw BAIL;
      this.pos = end;
      const span = { start, end };
      if (c === 110) return { name, span, propSpan: propSpan as Span, arraySpan, nameSpan, children: NO_CHILDREN };
      return { name, span, propSpan: propSpan as Span, arraySpan, nameSpan, children: NO_CHILDREN, value: word, raw: word, valueSpan: span };
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let p = start;
      if (c === 45) p++;
      const d0 = t.charCodeAt(p);
      if (d0 === 48) p++;
      else if (d0 >= 49 && d0 <= 57) {
        p++;
        while (isDigit(t.charCodeAt(p))) p++;
      } else throw BAIL;
      if (t.charCodeAt(p) === 46) {
        p++;
        if (!isDigit(t.charCodeAt(p))) throw BAIL;
        while (isDigit(t.charCodeAt(p))) p++;
      }
      const e = t.charCodeAt(p);
      if (e === 101 || e === 69) {
        p++;
        const s = t.charCodeAt(p);
        if (s === 43 || s === 45) p++;
        if (!isDigit(t.charCodeAt(p))) throw BAIL;
        while (isDigit(t.charCodeAt(p))) p++;
      }
      const after = t.charCodeAt(p);
      if (after === 46 || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || after === 36 || isDigit(after)) throw BAIL;
      this.pos = p;
      const span = { start, end: p };
      const raw = t.slice(start, p);
      return { name, span, propSpan: propSpan as Span, arraySpan, nameSpan, children: NO_CHILDREN, value: raw, raw, valueSpan: span };
    }
    throw BAIL;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
