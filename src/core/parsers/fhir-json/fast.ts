import type { Field, Span } from '../../model/span';
import type { FhirAccess, FhirNode } from '../fhir/node';
import { MAX_NESTING } from '../limits';

/**
 * The common case of FHIR JSON in one pass over the text: strict JSON (no comments, no trailing
 * commas, JSON white space only), no duplicate keys, no escapes in keys, an object at the root,
 * nesting up to {@link MAX_DEPTH}. It builds exactly the nodes the jsonc-parser path (visit.ts)
 * builds; the tests hold both to the nodes of jsonc-parser's own tree. Anything else — an error,
 * an odd corner — returns undefined and the caller takes the jsonc-parser path, so errors and
 * their positions are jsonc-parser's. It exists for speed (docs/performance.md): jsonc-parser's
 * visitor alone reads about 70 MB/s here, before any node is built.
 *
 * The text is read into a tape (one typed array, eight integers per value) instead of an object
 * per value: a Bundle has hundreds of thousands of values, every one of them survived each young
 * collection, and the mapper reads about half. The FhirNode objects are made from the tape when
 * first asked for, one per value (the same value gives the same object).
 */

/**
 * Deeper text is left to the jsonc-parser path, which refuses more than {@link MAX_NESTING} levels
 * (objects and arrays) with a finding. This reader counts a property's array and its entries as
 * one level, so half the limit keeps every text it reads within the other path's limit.
 */
const MAX_DEPTH = Math.floor(MAX_NESTING / 2) - 1;

/** Primitives and nested arrays have no children; one shared empty map instead of one each. */
const NO_CHILDREN: ReadonlyMap<string, readonly FhirNode[]> = new Map();

/** Integers per tape record. */
const W = 8;
/** Record slots. */
const KIND = 0;
const START = 1;
const END = 2;
/** Key inside its quotes (it has no escapes, so it ends at the start + the name's length); -1 without a key. */
const KEY = 3;
/** Index of the name in the tape's name table (0 is ''). */
const NAME = 4;
/** The next property of the same object, or the next entry of the same array; -1 at the end. */
const NEXT = 5;
/** Objects: the first property; arrays: the first entry; -1 when empty. */
const FIRST = 6;
/** Array entries: the array's record; -1 otherwise. */
const ARRAY = 7;

const enum Kind {
  Object = 0,
  String = 1,
  /** Numbers and booleans: the value is the token. */
  Token = 2,
  /** null, and arrays nested in arrays: no value, no children. */
  Empty = 3,
  /** A property's array (not a node: its entries are the nodes). */
  Array = 4,
  /** Flag: a property's value (its propSpan starts at the key's quote). */
  Prop = 8,
  /** Flag: a string with escapes (its value is decoded from `raw`). */
  Escaped = 16,
}

/**
 * What a document's nodes share: the text, the tape, the names, the nodes made so far. It also
 * reads the tree by record number for the mapper ({@link FhirAccess}), with the answers the
 * nodes give.
 */
class Tape implements FhirAccess<number> {
  /** Records, {@link W} integers each. */
  data: Int32Array;
  count = 0;
  /** Property names, one string per distinct name; 0 is '' (the root's name). */
  readonly names: string[] = [''];
  readonly ids = new Map<string, number>([['', 0]]);
  /** The node of each record asked for so far (the editor asks for a few; tests for all). */
  private readonly nodes = new Map<number, TapeNode>();
  /** Index of `resourceType` in {@link names}, -1 when no object has one. */
  typeId = -1;
  /** Values read lately, by length and three characters: a value read again (a code, a system, a date) is the same string. */
  private readonly recent: string[] = new Array<string>(1024).fill('');

  constructor(
    readonly text: string,
    capacity: number,
  ) {
    this.data = new Int32Array(capacity * W);
  }

  node(i: number): TapeNode {
    let n = this.nodes.get(i);
    if (n === undefined) this.nodes.set(i, (n = new TapeNode(this, i)));
    return n;
  }

  /** The record of the first property named `id` of object `i` (an array's record for an array); -1 if none. */
  prop(i: number, id: number): number {
    const d = this.data;
    for (let p = d[i * W + FIRST]; p >= 0; p = d[p * W + NEXT]) if (d[p * W + NAME] === id) return p;
    return -1;
  }

  /** The first node of property record `p`: itself, or its array's first entry (-1 for `[]`). */
  firstOf(p: number): number {
    return (this.data[p * W + KIND] & 7) === Kind.Array ? this.data[p * W + FIRST] : p;
  }

  /** The records of the nodes of property record `p`, in order. */
  listOf(p: number): number[] {
    const d = this.data;
    if ((d[p * W + KIND] & 7) !== Kind.Array) return [p];
    const list: number[] = [];
    for (let e = d[p * W + FIRST]; e >= 0; e = d[e * W + NEXT]) list.push(e);
    return list;
  }

  /** The first record named `name` in object `i` (what `child()` answers); -1 if none. */
  firstNamed(i: number, name: string): number {
    if ((this.data[i * W + KIND] & 7) !== Kind.Object) return -1;
    const id = this.ids.get(name);
    if (id === undefined) return -1;
    const p = this.prop(i, id);
    return p < 0 ? -1 : this.firstOf(p);
  }

  child(i: number | undefined, name: string): number | undefined {
    if (i === undefined) return undefined;
    const f = this.firstNamed(i, name);
    return f < 0 ? undefined : f;
  }

  childrenOf(i: number | undefined, name: string): readonly number[] {
    if (i === undefined || (this.data[i * W + KIND] & 7) !== Kind.Object) return NO_RECORDS;
    const id = this.ids.get(name);
    if (id === undefined) return NO_RECORDS;
    const p = this.prop(i, id);
    return p < 0 ? NO_RECORDS : this.listOf(p);
  }

  primitiveField(i: number | undefined, name: string): Field<string> | undefined {
    if (i === undefined) return undefined;
    const f = this.firstNamed(i, name);
    return f < 0 ? undefined : this.fieldOf(f);
  }

  /** Record `i` as a string field (see fieldOf in fhir/node.ts); undefined for objects, null and nested arrays. */
  fieldOf(i: number): Field<string> | undefined {
    const d = this.data;
    const r = i * W;
    const kind = d[r + KIND];
    if ((kind & 7) === Kind.String) {
      const start = d[r + START] + 1;
      const end = d[r + END] - 1;
      const raw = this.slice(start, end);
      if (kind & Kind.Escaped) {
        const value = JSON.parse(this.text.slice(start - 1, end + 1)) as string;
        return { value, raw: raw === value ? value : raw, span: { start, end } };
      }
      return { value: raw, raw, span: { start, end } };
    }
    if ((kind & 7) === Kind.Token) {
      const raw = this.slice(d[r + START], d[r + END]);
      return { value: raw, raw, span: { start: d[r + START], end: d[r + END] } };
    }
    return undefined;
  }

  /** The text from `start` to `end`, shared with the last value read of the same text when there is one. */
  private slice(start: number, end: number): string {
    const t = this.text;
    const len = end - start;
    if (len === 0 || len > 64) return t.slice(start, end);
    const h = (len * 7 + t.charCodeAt(start) * 31 + t.charCodeAt(start + (len >> 1)) + t.charCodeAt(end - 1) * 131) & 1023;
    const seen = this.recent[h];
    if (seen.length === len && t.startsWith(seen, start)) return seen;
    return (this.recent[h] = t.slice(start, end));
  }

  /** The text as written (without quotes); undefined for objects, null and nested arrays. */
  raw(i: number): string | undefined {
    const d = this.data;
    const r = i * W;
    const kind = d[r + KIND] & 7;
    if (kind === Kind.String) return this.text.slice(d[r + START] + 1, d[r + END] - 1);
    if (kind === Kind.Token) return this.text.slice(d[r + START], d[r + END]);
    return undefined;
  }

  value(i: number): string | undefined {
    const d = this.data;
    const r = i * W;
    if (d[r + KIND] & Kind.Escaped) return JSON.parse(this.text.slice(d[r + START], d[r + END])) as string;
    return this.raw(i);
  }

  span(i: number): Span {
    const d = this.data;
    const r = i * W;
    return { start: d[r + START], end: d[r + END] };
  }

  propSpan(i: number): Span {
    const d = this.data;
    const r = i * W;
    return { start: d[r + KIND] & Kind.Prop ? d[r + KEY] - 1 : d[r + START], end: d[r + END] };
  }

  nameSpan(i: number): Span | undefined {
    const d = this.data;
    const ks = d[i * W + KEY];
    return ks < 0 ? undefined : { start: ks, end: ks + this.names[d[i * W + NAME]].length };
  }

  valueSpan(i: number): Span | undefined {
    const d = this.data;
    const r = i * W;
    const kind = d[r + KIND] & 7;
    if (kind === Kind.String) return { start: d[r + START] + 1, end: d[r + END] - 1 };
    if (kind === Kind.Token) return { start: d[r + START], end: d[r + END] };
    return undefined;
  }

  arraySpan(i: number): Span | undefined {
    const d = this.data;
    const a = d[i * W + ARRAY];
    return a < 0 ? undefined : { start: d[a * W + START], end: d[a * W + END] };
  }

  /** The record `resourceType` is read from in object `i` (first entry of an array), -1 if none. */
  private typeRecord(i: number): number {
    if (this.typeId < 0 || (this.data[i * W + KIND] & 7) !== Kind.Object) return -1;
    const p = this.prop(i, this.typeId);
    return p < 0 ? -1 : this.firstOf(p);
  }

  resourceType(i: number): string | undefined {
    const t = this.typeRecord(i);
    return t >= 0 && this.text.charCodeAt(this.data[t * W + START]) === 34 ? this.value(t) : undefined;
  }

  typeSpan(i: number): Span | undefined {
    const t = this.typeRecord(i);
    return t < 0 ? undefined : this.valueSpan(t);
  }
}

const NO_RECORDS: readonly number[] = [];

/**
 * A FHIR node read from JSON: a record of the tape. Spans and values are made from it when asked
 * for (the mapper reads a few of them).
 */
class TapeNode implements FhirNode {
  constructor(
    private readonly d: Tape,
    private readonly i: number,
  ) {}

  get name(): string {
    return this.d.names[this.d.data[this.i * W + NAME]];
  }

  get raw(): string | undefined {
    return this.d.raw(this.i);
  }

  get value(): string | undefined {
    return this.d.value(this.i);
  }

  get children(): ReadonlyMap<string, readonly FhirNode[]> {
    return (this.d.data[this.i * W + KIND] & 7) === Kind.Object ? new EntriesMap(this.d, this.i) : NO_CHILDREN;
  }

  get span(): Span {
    return this.d.span(this.i);
  }

  get propSpan(): Span {
    return this.d.propSpan(this.i);
  }

  get nameSpan(): Span | undefined {
    return this.d.nameSpan(this.i);
  }

  get valueSpan(): Span | undefined {
    return this.d.valueSpan(this.i);
  }

  get arraySpan(): Span | undefined {
    return this.d.arraySpan(this.i);
  }

  get resourceType(): string | undefined {
    return this.d.resourceType(this.i);
  }

  get typeSpan(): Span | undefined {
    return this.d.typeSpan(this.i);
  }

  /** The first child named `name` (what `child()` asks), without making a list. */
  first(name: string): FhirNode | undefined {
    const f = this.d.firstNamed(this.i, name);
    return f < 0 ? undefined : this.d.node(f);
  }

  /** `primitiveField(this, name)` without a node for the primitive. */
  field(name: string): Field<string> | undefined {
    return this.d.primitiveField(this.i, name);
  }
}

/**
 * A read-only map view of an object's properties: key → its nodes, in the order read (keys are
 * unique, so each key is one property record).
 */
class EntriesMap implements ReadonlyMap<string, readonly FhirNode[]> {
  constructor(
    private readonly d: Tape,
    private readonly i: number,
  ) {}

  get(key: string): readonly FhirNode[] | undefined {
    const id = this.d.ids.get(key);
    if (id === undefined) return undefined;
    const p = this.d.prop(this.i, id);
    return p < 0 ? undefined : this.d.listOf(p).map((r) => this.d.node(r));
  }

  has(key: string): boolean {
    const id = this.d.ids.get(key);
    return id !== undefined && this.d.prop(this.i, id) >= 0;
  }

  get size(): number {
    const d = this.d.data;
    let size = 0;
    for (let p = d[this.i * W + FIRST]; p >= 0; p = d[p * W + NEXT]) size++;
    return size;
  }

  *entriesOf(): IterableIterator<[string, readonly FhirNode[]]> {
    const d = this.d.data;
    for (let p = d[this.i * W + FIRST]; p >= 0; p = d[p * W + NEXT]) yield [this.d.names[d[p * W + NAME]], this.d.listOf(p).map((r) => this.d.node(r))];
  }

  entries(): IterableIterator<[string, readonly FhirNode[]]> {
    return this.entriesOf();
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entriesOf()) yield key;
  }

  *values(): IterableIterator<readonly FhirNode[]> {
    for (const [, list] of this.entriesOf()) yield list;
  }

  forEach(callback: (value: readonly FhirNode[], key: string, map: ReadonlyMap<string, readonly FhirNode[]>) => void, thisArg?: unknown): void {
    for (const [key, list] of this.entriesOf()) callback.call(thisArg, list, key, this);
  }

  [Symbol.iterator](): IterableIterator<[string, readonly FhirNode[]]> {
    return this.entriesOf();
  }
}

class Bail extends Error {}
const BAIL = new Bail();

export function fastJsonToFhir(text: string): FhirNode | undefined {
  return readFastJson(text)?.node(0);
}

/**
 * The same as {@link fastJsonToFhir}, as a tree of record numbers (the root is 0) read through
 * its {@link FhirAccess}: mapping it makes no node objects.
 */
export function fastJsonTape(text: string): FhirAccess<number> | undefined {
  return readFastJson(text);
}

/**
 * One parser for all reads, its state reset for each: V8's optimized code for the parser's
 * methods depends on the parser object, and was thrown away (and compiled again, slower for a
 * while) by every garbage collection after a parser died.
 */
let parser: FastParser | undefined;

function readFastJson(text: string): Tape | undefined {
  const p = (parser ??= new FastParser());
  try {
    return p.document(text);
  } catch (err) {
    if (err instanceof Bail || err instanceof RangeError) return undefined;
    throw err;
  } finally {
    p.release();
  }
}

const NO_TAPE = new Tape('', 0);

class FastParser {
  private text = '';
  private pos = 0;
  private n = 0;
  private escaped = false;
  private tape = NO_TAPE;
  /** Names of the properties of the objects being read, innermost last (`top` in use); see object(). */
  private stack = new Int32Array(256);
  private top = 0;

  /** Read `text` (an object) into a new tape; throws BAIL when it leaves the text to the jsonc path. */
  document(text: string): Tape {
    this.text = text;
    this.n = text.length;
    this.pos = 0;
    this.top = 0;
    this.buckets.clear();
    // A pretty-printed Bundle has a value per ~40 characters; the tape doubles when that is short.
    this.tape = new Tape(text, Math.max(256, text.length >> 5));
    // A BOM reads as white space (the caller's jsonc path replaces it with a space).
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
    if (this.text.charCodeAt(this.pos) !== 123 /* { */) throw BAIL;
    this.value(0, -1);
    this.ws();
    if (this.pos !== this.n) throw BAIL;
    const tape = this.tape;
    tape.typeId = tape.ids.get('resourceType') ?? -1;
    return tape;
  }

  /** A new record: kind and span, no key, no links. */
  private record(kind: number, start: number, end: number): number {
    const tape = this.tape;
    const i = tape.count++;
    let d = tape.data;
    if ((i + 1) * W > d.length) {
      const grown = new Int32Array(d.length * 2);
      grown.set(d);
      tape.data = d = grown;
    }
    const r = i * W;
    d[r + KIND] = kind;
    d[r + START] = start;
    d[r + END] = end;
    d[r + KEY] = -1;
    d[r + NAME] = 0;
    d[r + NEXT] = -1;
    d[r + FIRST] = -1;
    d[r + ARRAY] = -1;
    return i;
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

  /** End (after the closing quote) of the string token at pos; sets `escaped`. */
  private stringEnd(): number {
    const t = this.text;
    let p = this.pos + 1;
    const n = this.n;
    this.escaped = false;
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

  /**
   * Property names repeat (system, code, value …): one id per distinct name, found by comparing
   * in place, so reading a key allocates nothing once its name has been seen.
   */
  private readonly buckets = new Map<number, number[]>();

  /** Let go of the last text and tape. */
  release(): void {
    this.text = '';
    this.tape = NO_TAPE;
    this.buckets.clear();
  }

  private key(start: number, end: number): number {
    const t = this.text;
    const names = this.tape.names;
    const len = end - start;
    const bucket = len * 65536 + (len > 0 ? t.charCodeAt(start) : 0);
    let ids = this.buckets.get(bucket);
    if (ids) {
      for (let k = 0; k < ids.length; k++) if (t.startsWith(names[ids[k]], start)) return ids[k];
    } else if (this.buckets.size < 4096) {
      this.buckets.set(bucket, (ids = []));
    }
    const key = t.slice(start, end);
    let id = this.tape.ids.get(key);
    if (id === undefined) {
      id = names.length;
      names.push(key);
      this.tape.ids.set(key, id);
      if (ids && ids.length < 16) ids.push(id);
    }
    return id;
  }

  /** Check a string token [start, end) (quotes included) that has escapes. */
  private decode(start: number, end: number): void {
    let v: unknown;
    try {
      v = JSON.parse(this.text.slice(start, end));
    } catch {
      throw BAIL;
    }
    if (typeof v !== 'string') throw BAIL;
  }

  /** The properties of the object at pos, whose record is `obj`. */
  private object(obj: number, depth: number): void {
    if (depth > MAX_DEPTH) throw BAIL;
    const t = this.text;
    // Names of this object's properties go on one stack shared by all objects (duplicates are
    // looked up there), and are dropped at the object's end.
    const base = this.top;
    /** Property names seen so far, once an object has many. */
    let seen: Set<number> | undefined;
    let last = -1;
    this.pos++; // {
    this.ws();
    if (t.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
    } else {
      for (;;) {
        if (t.charCodeAt(this.pos) !== 34) throw BAIL;
        const keyStart = this.pos;
        const keyEnd = this.stringEnd();
        if (this.escaped) throw BAIL;
        const key = this.key(keyStart + 1, keyEnd - 1);
        this.pos = keyEnd;
        this.ws();
        if (t.charCodeAt(this.pos) !== 58 /* : */) throw BAIL;
        this.pos++;
        this.ws();
        // Keys starting with '_' (primitive extensions) are read, to check them, then dropped.
        const skip = t.charCodeAt(keyStart + 1) === 95; /* _ */
        if (!skip) {
          // A duplicate goes to the jsonc path, which reports it.
          if (seen) {
            if (seen.has(key)) throw BAIL;
            seen.add(key);
          } else {
            let names = this.stack;
            const top = this.top;
            for (let k = base; k < top; k++) if (names[k] === key) throw BAIL;
            if (top === names.length) {
              names = new Int32Array(top * 2);
              names.set(this.stack);
              this.stack = names;
            }
            names[top] = key;
            this.top = top + 1;
            if (top + 1 - base > 16) seen = new Set(names.subarray(base, top + 1));
          }
        }
        let prop: number;
        if (t.charCodeAt(this.pos) === 91 /* [ */) {
          prop = this.record(Kind.Array, this.pos, this.pos);
          this.pos++;
          this.ws();
          if (t.charCodeAt(this.pos) === 93 /* ] */) {
            this.pos++;
          } else {
            let prev = -1;
            for (;;) {
              const entry = this.value(depth + 1, prop);
              const d = this.tape.data;
              d[entry * W + KEY] = keyStart + 1;
              d[entry * W + NAME] = key;
              if (prev < 0) d[prop * W + FIRST] = entry;
              else d[prev * W + NEXT] = entry;
              prev = entry;
              if (!this.more(93)) break;
            }
          }
          this.tape.data[prop * W + END] = this.pos;
        } else {
          prop = this.value(depth + 1, -1);
          this.tape.data[prop * W + KIND] |= Kind.Prop;
        }
        const d = this.tape.data;
        d[prop * W + KEY] = keyStart + 1;
        d[prop * W + NAME] = key;
        if (skip) {
          // The value was the last thing recorded: drop it and all it holds.
          this.tape.count = prop;
        } else {
          if (last < 0) d[obj * W + FIRST] = prop;
          else d[last * W + NEXT] = prop;
          last = prop;
        }
        if (!this.more(125)) break;
      }
    }
    this.tape.data[obj * W + END] = this.pos;
    this.top = base;
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
      if (t.charCodeAt(this.pos) === 91) this.skipArray(depth + 1);
      else this.tape.count = this.value(depth + 1, -1);
      if (!this.more(93)) return;
    }
  }

  /**
   * After an entry of an object or array: true when a comma follows (another entry; pos is then on
   * it), false when `close` (`}` or `]`) ends it (pos after it). Anything else bails.
   */
  private more(close: number): boolean {
    this.ws();
    const c = this.text.charCodeAt(this.pos);
    if (c === 44 /* , */) {
      this.pos++;
      this.ws();
      return true;
    }
    if (c !== close) throw BAIL;
    this.pos++;
    return false;
  }

  /** One value at pos, recorded; `array` is the record of the array it is an entry of, or -1. The caller sets its key. */
  private value(depth: number, array: number): number {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    let i: number;
    if (c === 123) {
      i = this.record(Kind.Object, start, start);
      this.object(i, depth);
    } else if (c === 34) {
      const end = this.stringEnd();
      this.pos = end;
      // Escapes are rare: checked here, decoded again when the value is asked for.
      if (this.escaped) this.decode(start, end);
      i = this.record(this.escaped ? Kind.String | Kind.Escaped : Kind.String, start, end);
    } else if (c === 91) {
      // An array as an array entry has no children in the FHIR tree; a property's array is
      // handled by object(), so here it is always nested.
      if (array < 0) throw BAIL;
      i = this.record(Kind.Empty, start, start);
      this.skipArray(depth);
      this.tape.count = i + 1;
      this.tape.data[i * W + END] = this.pos;
    } else if (c === 116 || c === 102 || c === 110) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!t.startsWith(word, start)) throw BAIL;
      const end = start + word.length;
      // jsonc-parser reads a word up to a separator; a letter or digit after it is another token.
      if (isWordChar(t.charCodeAt(end))) throw BAIL;
      this.pos = end;
      i = this.record(c === 110 ? Kind.Empty : Kind.Token, start, end);
    } else if (c === 45 || isDigit(c)) {
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
        const sign = t.charCodeAt(p);
        if (sign === 43 || sign === 45) p++;
        if (!isDigit(t.charCodeAt(p))) throw BAIL;
        while (isDigit(t.charCodeAt(p))) p++;
      }
      const after = t.charCodeAt(p);
      if (after === 46 || isWordChar(after)) throw BAIL;
      this.pos = p;
      i = this.record(Kind.Token, start, p);
    } else {
      throw BAIL;
    }
    this.tape.data[i * W + ARRAY] = array;
    return i;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
