import type { Field, Span } from '../../model/span';
import type { FhirAccess, FhirNode } from '../fhir/node';
import { decodeXmlText } from './scan';

/** Integers per element record. */
const W = 7;
/** Offset of `<`. */
const START = 0;
/** Offset just past the end tag's `>` (or the `/>`). */
const END = 1;
/** Index of the tag name in the tape's name table. */
const QNAME = 2;
/** The first child element's record; -1 when none. */
const FIRST = 3;
/** The next sibling element's record; -1 at the end. */
const NEXT = 4;
/** The `value` attribute's text, inside its quotes; -1 when there is none. */
const VALUE_START = 5;
const VALUE_END = 6;

/** Resources nest one element deeper in XML (`<resource><Claim>`); JSON has the type in the object. */
const RESOURCE_HOLDERS = new Set(['resource', 'contained']);
/** From this many children on, an element's children are indexed by name when first asked for. */
const INDEX_FROM = 32;
const NO_RECORDS: readonly number[] = [];

/**
 * The elements of an XML document as records of one typed array (seven integers each: offsets,
 * name, first child, next sibling, `value` span), read through {@link FhirAccess} as the FHIR
 * nodes the mapper needs. Record 0 is the root. A `resource` or `contained` element holding one
 * element reads as that resource under the holder's name (`<resource><Claim>` is JSON's
 * `"resource": {"resourceType": "Claim"}`). FhirNode objects are made only when asked for (the
 * editor keeps a few), one per record.
 */
export class XmlTape implements FhirAccess<number> {
  private data = new Int32Array(W * 1024);
  count = 0;
  private readonly names: string[] = [];
  private readonly locals: string[] = [];
  private readonly prefixes: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly nodes = new Map<number, FhirNode>();
  private readonly indexes = new Map<number, Map<string, number[]>>();

  constructor(readonly text: string) {}

  // ---- building (scan.ts) ----

  /** Record an element; `end` is -1 until its end tag is read. */
  add(start: number, end: number, qName: string, valueStart: number, valueEnd: number): number {
    let id = this.nameIds.get(qName);
    if (id === undefined) {
      id = this.names.length;
      this.nameIds.set(qName, id);
      this.names.push(qName);
      const colon = qName.indexOf(':');
      this.prefixes.push(colon >= 0 ? qName.slice(0, colon) : '');
      this.locals.push(colon >= 0 ? qName.slice(colon + 1) : qName);
    }
    if ((this.count + 1) * W > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const r = this.count++;
    const d = this.data;
    const b = r * W;
    d[b + START] = start;
    d[b + END] = end;
    d[b + QNAME] = id;
    d[b + FIRST] = -1;
    d[b + NEXT] = -1;
    d[b + VALUE_START] = valueStart;
    d[b + VALUE_END] = valueEnd;
    return r;
  }

  /** Make `child` the next child of `parent`, after `last` (-1 for its first). */
  link(parent: number, last: number, child: number): void {
    if (last < 0) this.data[parent * W + FIRST] = child;
    else this.data[last * W + NEXT] = child;
  }

  setEnd(r: number, end: number): void {
    this.data[r * W + END] = end;
  }

  start(r: number): number {
    return this.data[r * W + START];
  }

  qName(r: number): string {
    return this.names[this.data[r * W + QNAME]];
  }

  /** Give back the unused part of the array once every element is read. */
  done(): this {
    if (this.data.length > (this.count + 1) * W * 1.25) this.data = this.data.slice(0, this.count * W);
    return this;
  }

  // ---- reading ----

  local(r: number): string {
    return this.locals[this.data[r * W + QNAME]];
  }

  /** The only child element of a resource holder: the element whose content the holder stands for; else the record itself. */
  private inner(r: number): number {
    if (!RESOURCE_HOLDERS.has(this.local(r))) return r;
    const first = this.data[r * W + FIRST];
    return first >= 0 && this.data[first * W + NEXT] < 0 ? first : r;
  }

  private isResource(r: number): boolean {
    return r === 0 || this.inner(r) !== r;
  }

  /** Child records of the element `r` stands for, named `name` (by their own local names). */
  childrenOf(r: number | undefined, name: string): readonly number[] {
    if (r === undefined) return NO_RECORDS;
    const e = this.inner(r);
    const index = this.indexOf(e);
    if (index) return index.get(name) ?? NO_RECORDS;
    const d = this.data;
    let out: number[] | undefined;
    for (let c = d[e * W + FIRST]; c >= 0; c = d[c * W + NEXT]) {
      if (this.local(c) === name) (out ??= []).push(c);
    }
    return out ?? NO_RECORDS;
  }

  child(r: number | undefined, name: string): number | undefined {
    if (r === undefined) return undefined;
    const e = this.inner(r);
    const index = this.indexOf(e);
    if (index) return index.get(name)?.[0];
    const d = this.data;
    for (let c = d[e * W + FIRST]; c >= 0; c = d[c * W + NEXT]) if (this.local(c) === name) return c;
    return undefined;
  }

  /** Children by name for an element with many (a Bundle's entries, a claim's items), made once. */
  private indexOf(e: number): Map<string, number[]> | undefined {
    const known = this.indexes.get(e);
    if (known) return known;
    const d = this.data;
    let n = 0;
    for (let c = d[e * W + FIRST]; c >= 0 && n < INDEX_FROM; c = d[c * W + NEXT]) n++;
    if (n < INDEX_FROM) return undefined;
    const index = new Map<string, number[]>();
    for (let c = d[e * W + FIRST]; c >= 0; c = d[c * W + NEXT]) {
      const name = this.local(c);
      const list = index.get(name);
      if (list) list.push(c);
      else index.set(name, [c]);
    }
    this.indexes.set(e, index);
    return index;
  }

  primitiveField(r: number | undefined, name: string): Field<string> | undefined {
    const c = this.child(r, name);
    return c === undefined ? undefined : this.fieldOf(c);
  }

  fieldOf(r: number): Field<string> | undefined {
    const span = this.valueSpan(r);
    if (!span) return undefined;
    const raw = this.text.slice(span.start, span.end);
    const value = decodeXmlText(raw);
    return { value, raw: value === raw ? value : raw, span };
  }

  valueSpan(r: number): Span | undefined {
    const b = this.inner(r) * W;
    const start = this.data[b + VALUE_START];
    return start < 0 ? undefined : { start, end: this.data[b + VALUE_END] };
  }

  /** The element's own span (`<` to past its end). */
  private ownSpan(r: number): Span {
    return { start: this.data[r * W + START], end: this.data[r * W + END] };
  }

  span(r: number): Span {
    return this.ownSpan(this.inner(r));
  }

  propSpan(r: number): Span {
    return this.ownSpan(r);
  }

  nameSpan(r: number): Span {
    const start = this.data[r * W + START] + 1;
    return { start, end: start + this.qName(r).length };
  }

  arraySpan(): Span | undefined {
    return undefined;
  }

  resourceType(r: number): string | undefined {
    return this.isResource(r) ? this.local(this.inner(r)) : undefined;
  }

  typeSpan(r: number): Span | undefined {
    return this.isResource(r) ? this.nameSpan(this.inner(r)) : undefined;
  }

  node(r: number): FhirNode {
    let node = this.nodes.get(r);
    if (!node) this.nodes.set(r, (node = new XmlNode(this, r)));
    return node;
  }

  /** The child element records of element `r` itself, in document order. */
  elementChildren(r: number): number[] {
    const out: number[] = [];
    for (let c = this.data[r * W + FIRST]; c >= 0; c = this.data[c * W + NEXT]) out.push(c);
    return out;
  }

  /** Child records of the element `r` stands for, by local name in document order. */
  childMap(r: number): Map<string, FhirNode[]> {
    const map = new Map<string, FhirNode[]>();
    const d = this.data;
    for (let c = d[this.inner(r) * W + FIRST]; c >= 0; c = d[c * W + NEXT]) {
      const name = this.local(c);
      const node = this.node(c);
      const list = map.get(name);
      if (list) list.push(node);
      else map.set(name, [node]);
    }
    return map;
  }

  prefix(r: number): string {
    return this.prefixes[this.data[this.inner(r) * W + QNAME]];
  }
}

/** An element of an {@link XmlTape} as a FhirNode; its children are listed when first asked for. */
class XmlNode implements FhirNode {
  private kids?: ReadonlyMap<string, readonly FhirNode[]>;

  constructor(
    private readonly t: XmlTape,
    private readonly r: number,
  ) {}

  get name(): string {
    return this.t.local(this.r);
  }

  get span(): Span {
    return this.t.span(this.r);
  }

  get propSpan(): Span {
    return this.t.propSpan(this.r);
  }

  get nameSpan(): Span {
    return this.t.nameSpan(this.r);
  }

  get children(): ReadonlyMap<string, readonly FhirNode[]> {
    return (this.kids ??= this.t.childMap(this.r));
  }

  get resourceType(): string | undefined {
    return this.t.resourceType(this.r);
  }

  get typeSpan(): Span | undefined {
    return this.t.typeSpan(this.r);
  }

  get value(): string | undefined {
    return this.t.fieldOf(this.r)?.value;
  }

  get raw(): string | undefined {
    const span = this.t.valueSpan(this.r);
    return span && this.t.text.slice(span.start, span.end);
  }

  get valueSpan(): Span | undefined {
    return this.t.valueSpan(this.r);
  }

  get prefix(): string {
    return this.t.prefix(this.r);
  }

  first(name: string): FhirNode | undefined {
    const c = this.t.child(this.r, name);
    return c === undefined ? undefined : this.t.node(c);
  }

  field(name: string): Field<string> | undefined {
    return this.t.primitiveField(this.r, name);
  }
}
