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

const enum Kind {
  Object = 0,
  String = 1,
  /** Numbers and booleans: the value is the token. */
  Token = 2,
  /** null, and arrays nested in arrays: no value, no children. */
  Empty = 3,
  /** Flag: a property's value (its propSpan starts at the key's quote). */
  Prop = 8,
  /** Flag: a string with escapes (its value is decoded from `raw`). */
  Escaped = 16,
}

/**
 * A FHIR node read from JSON, kept small: a Bundle has hundreds of thousands of nodes and the
 * mapper reads the spans of a few of them, so spans are made when asked for, from offsets, and
 * one string serves as value and raw text.
 */
class JsonNode implements FhirNode {
  /** Key inside its quotes (it has no escapes, so it ends at ks + name.length); -1 without a key. */
  ks = -1;
  arraySpan: Span | undefined = undefined;

  constructor(
    readonly name: string,
    public kind: number,
    readonly s: number,
    public e: number,
    /** The document text: values are sliced from it when asked for (most are never read). */
    private readonly t: string,
  ) {}

  /** The text as written (without quotes); undefined for objects, null and nested arrays. */
  get raw(): string | undefined {
    const kind = this.kind & 7;
    if (kind === Kind.String) return this.t.slice(this.s + 1, this.e - 1);
    if (kind === Kind.Token) return this.t.slice(this.s, this.e);
    return undefined;
  }

  get value(): string | undefined {
    if (this.kind & Kind.Escaped) return JSON.parse(this.t.slice(this.s, this.e)) as string;
    return this.raw;
  }

  get children(): ReadonlyMap<string, readonly FhirNode[]> {
    return NO_CHILDREN;
  }

  get span(): Span {
    return { start: this.s, end: this.e };
  }

  get propSpan(): Span {
    return { start: this.kind & Kind.Prop ? this.ks - 1 : this.s, end: this.e };
  }

  get nameSpan(): Span | undefined {
    return this.ks < 0 ? undefined : { start: this.ks, end: this.ks + this.name.length };
  }

  get valueSpan(): Span | undefined {
    const kind = this.kind & 7;
    if (kind === Kind.String) return { start: this.s + 1, end: this.e - 1 };
    if (kind === Kind.Token) return { start: this.s, end: this.e };
    return undefined;
  }
}

/** An object node: its properties, and its resource type when it has one. */
class JsonObject extends JsonNode {
  /**
   * The properties as read, in order: one node per value (array entries each, next to each
   * other), or an {@link EmptyArray} for `"key": []`. Read through a light map view instead of
   * a Map per object (a Bundle has a hundred thousand objects of a few properties each).
   */
  entries: (JsonNode | EmptyArray)[] = NO_ENTRIES;
  resourceType: string | undefined = undefined;
  private typeNode: JsonNode | undefined = undefined;

  override get children(): ReadonlyMap<string, readonly FhirNode[]> {
    return new EntriesMap(this.entries);
  }

  /** The first child named `name` (what `child()` asks), without making a list. */
  first(name: string): FhirNode | undefined {
    const entries = this.entries;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      if (e.name === name) return e instanceof EmptyArray ? undefined : e;
    }
    return undefined;
  }

  get typeSpan(): Span | undefined {
    return this.typeNode?.valueSpan;
  }

  /** @internal */
  setType(type: JsonNode | undefined, text: string): void {
    this.typeNode = type;
    this.resourceType = type && text.charCodeAt(type.s) === 34 ? type.value : undefined;
  }
}

/**
 * A read-only map view of an object's properties: key → its nodes, in the order read. Entries of
 * one key are next to each other (keys are unique), so a lookup is one scan of a few entries.
 */
class EntriesMap implements ReadonlyMap<string, readonly FhirNode[]> {
  constructor(private readonly items: readonly (JsonNode | EmptyArray)[]) {}

  get(key: string): readonly FhirNode[] | undefined {
    const items = this.items;
    const n = items.length;
    for (let k = 0; k < n; k++) {
      if (items[k].name !== key) continue;
      if (items[k] instanceof EmptyArray) return [];
      let end = k + 1;
      while (end < n && items[end].name === key) end++;
      return items.slice(k, end) as JsonNode[];
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.items.some((e) => e.name === key);
  }

  get size(): number {
    let size = 0;
    for (let k = 0; k < this.items.length; k++) if (k === 0 || this.items[k].name !== this.items[k - 1].name) size++;
    return size;
  }

  *entriesOf(): IterableIterator<[string, readonly FhirNode[]]> {
    const items = this.items;
    let k = 0;
    while (k < items.length) {
      const key = items[k].name;
      let end = k + 1;
      while (end < items.length && items[end].name === key) end++;
      yield [key, items[k] instanceof EmptyArray ? [] : (items.slice(k, end) as JsonNode[])];
      k = end;
    }
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

const NO_ENTRIES: (JsonNode | EmptyArray)[] = [];

/** `"key": []`: the key is in `children`, with no nodes. */
class EmptyArray {
  constructor(readonly name: string) {}
}

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
  private escaped = false;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  document(): FhirNode {
    // A BOM reads as white space (the caller's jsonc path replaces it with a space).
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
    if (this.text.charCodeAt(this.pos) !== 123 /* { */) throw BAIL;
    const root = this.object('', 0);
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
   * Property names repeat (system, code, value …): one string per distinct name, found by
   * comparing in place, so reading a key allocates nothing once its name has been seen.
   */
  private readonly keys = new Map<number, string[]>();
  /** Properties of the objects being read, innermost last; see object(). */
  private readonly stack: (JsonNode | EmptyArray)[] = [];

  private key(start: number, end: number): string {
    const t = this.text;
    const len = end - start;
    const bucket = len * 65536 + (len > 0 ? t.charCodeAt(start) : 0);
    let names = this.keys.get(bucket);
    if (names) {
      for (let k = 0; k < names.length; k++) if (t.startsWith(names[k], start)) return names[k];
    } else if (this.keys.size < 4096) {
      this.keys.set(bucket, (names = []));
    }
    const key = t.slice(start, end);
    if (names && names.length < 16) names.push(key);
    return key;
  }

  /** Decode a string token [start, end) (quotes included) that has escapes. */
  private decode(start: number, end: number): string {
    let v: unknown;
    try {
      v = JSON.parse(this.text.slice(start, end));
    } catch {
      throw BAIL;
    }
    if (typeof v !== 'string') throw BAIL;
    return v;
  }

  private object(name: string, depth: number): JsonObject {
    if (depth > MAX_DEPTH) throw BAIL;
    const t = this.text;
    const start = this.pos;
    const node = new JsonObject(name, Kind.Object, start, start, t);
    // Properties go on one stack shared by all objects and are copied out, exactly sized, at
    // the object's end (a growing array per object reserves 17 slots from its first push).
    const entries = this.stack;
    const base = entries.length;
    let resourceType: JsonNode | undefined;
    /** Property names seen so far, once an object has many (duplicates are looked up here). */
    let names: Set<string> | undefined;
    let props = 0;
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
        const skip = key.charCodeAt(0) === 95; /* _ */
        if (!skip) {
          // A duplicate goes to the jsonc path, which reports it.
          if (names) {
            if (names.has(key)) throw BAIL;
            names.add(key);
          } else {
            for (let k = base; k < entries.length; k++) if (entries[k].name === key) throw BAIL;
            if (++props > 16) names = new Set(entries.slice(base).map((x) => x.name).concat(key));
          }
        }
        const before = entries.length;
        if (t.charCodeAt(this.pos) === 91 /* [ */) {
          const arraySpan = { start: this.pos, end: this.pos };
          this.pos++;
          this.ws();
          if (t.charCodeAt(this.pos) === 93 /* ] */) {
            this.pos++;
          } else {
            for (;;) {
              const entry = this.value(key, depth + 1, true);
              entry.ks = keyStart + 1;
              entry.arraySpan = arraySpan;
              if (!skip) {
                if (key === 'resourceType' && entries.length === before) resourceType = entry;
                entries.push(entry);
              }
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
          (arraySpan as { end: number }).end = this.pos;
          if (!skip && entries.length === before) entries.push(new EmptyArray(key));
        } else {
          const v = this.value(key, depth + 1, false);
          v.ks = keyStart + 1;
          v.kind |= Kind.Prop;
          if (!skip) {
            entries.push(v);
            if (key === 'resourceType' && !resourceType) resourceType = v;
          }
        }
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
    node.e = this.pos;
    node.entries = entries.slice(base);
    entries.length = base;
    node.setType(resourceType, t);
    return node;
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
      else this.value('', depth + 1, true);
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

  /** One value at pos; the caller sets its key, property start and array. */
  private value(name: string, depth: number, inArray: boolean): JsonNode {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 123) return this.object(name, depth);
    if (c === 34) {
      const end = this.stringEnd();
      this.pos = end;
      if (!this.escaped) return new JsonNode(name, Kind.String, start, end, t);
      // Decoded once here to check it; the node decodes again when asked (escapes are rare).
      this.decode(start, end);
      return new JsonNode(name, Kind.String | Kind.Escaped, start, end, t);
    }
    if (c === 91) {
      // An array as an array entry has no children in the FHIR tree; a property's array is
      // handled by object(), so here it is always nested.
      if (!inArray) throw BAIL;
      this.skipArray(depth);
      return new JsonNode(name, Kind.Empty, start, this.pos, t);
    }
    if (c === 116 || c === 102 || c === 110) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!t.startsWith(word, start)) throw BAIL;
      const end = start + word.length;
      // jsonc-parser reads a word up to a separator; a letter or digit after it is another token.
      if (isWordChar(t.charCodeAt(end))) throw BAIL;
      this.pos = end;
      if (c === 110) return new JsonNode(name, Kind.Empty, start, end, t);
      return new JsonNode(name, Kind.Token, start, end, t);
    }
    if (c === 45 || isDigit(c)) {
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
      return new JsonNode(name, Kind.Token, start, p, t);
    }
    throw BAIL;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
