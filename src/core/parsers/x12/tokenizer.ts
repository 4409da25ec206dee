import type { Span } from '../../model/span';
import type { Delimiters } from './delimiters';

/**
 * The segments of an X12 text, kept as offsets in typed arrays rather than objects, so that a
 * tens-of-megabytes batch costs a few bytes per segment. Segment i spans [start(i), end(i))
 * without its terminator. Element separators are found lazily, for the segments someone reads
 * (the reader skips N3, REF, PER …): one scan of that segment, cached for the segment last asked.
 */
export class X12Segments {
  count = 0;
  private segStart: Int32Array;
  private segEnd: Int32Array;
  /** Separator positions of segment `cached` (scratch; grows for very long segments). */
  private seps = new Int32Array(64);
  private sepCount = 0;
  private cached = -1;
  /** Whether every separator of segment `cached` is known, and where the scan goes on if not. */
  private complete = false;
  private scanFrom = 0;
  private readonly ids = new Map<number, string>();
  /** The element separator's char code, for {@link idCode}. */
  private readonly elementCode: number;
  private readonly elementFinder: CharFinder;

  constructor(
    readonly text: string,
    readonly delimiters: Delimiters,
    capacity?: number,
  ) {
    // X12 segments average 20–40 characters. Room for one every 12, so a batch never grows (copies)
    // the arrays: pages of a large typed array that are never written take no memory.
    const guess = capacity ?? Math.max(1024, (text.length / 12) | 0);
    this.segStart = new Int32Array(guess);
    this.segEnd = new Int32Array(guess);
    this.elementCode = delimiters.element.charCodeAt(0);
    this.elementFinder = new CharFinder(text, delimiters.element);
  }

  /**
   * @internal The same segments in an edited text: segments before `first` keep their offsets,
   * `first`..`first + local.count - 1` are replaced by `local`'s (already in the new text's
   * offsets), later ones move by `delta`. The segment count must not change, nor which segments
   * are envelope segments (the edit is inside one claim).
   */
  edited(text: string, first: number, local: X12Segments, delta: number): X12Segments {
    const out = new X12Segments(text, this.delimiters, 0);
    out.envelopes = this.envelopes;
    out.closing = this.closing;
    const n = this.count;
    // Copy whole (memcpy), then overwrite the claim's segments and move the later ones.
    out.segStart = this.segStart.slice(0, Math.max(n, 1));
    out.segEnd = this.segEnd.slice(0, Math.max(n, 1));
    for (let k = 0; k < local.count; k++) {
      out.segStart[first + k] = local.segStart[k];
      out.segEnd[first + k] = local.segEnd[k];
    }
    for (let k = first + local.count; k < n; k++) {
      out.segStart[k] = this.segStart[k] + delta;
      out.segEnd[k] = this.segEnd[k] + delta;
    }
    out.count = n;
    return out;
  }

  /** @internal used by the tokenizer */
  push(start: number, end: number): void {
    if (this.count >= this.segStart.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.ceil(a.length * 1.5));
        b.set(a);
        return b;
      };
      this.segStart = grow(this.segStart);
      this.segEnd = grow(this.segEnd);
    }
    const i = this.count++;
    this.segStart[i] = start;
    this.segEnd[i] = end;
  }

  start(i: number): number {
    return this.segStart[i];
  }

  /** The last segment starting at or before `offset` (binary search); -1 when none does. */
  indexAt(offset: number): number {
    const starts = this.segStart;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * The transaction set segment i sits in: its ST and the SE that closes it (-1 when the next
   * envelope segment after the ST is not an SE: the set is not closed). Undefined when the last
   * envelope segment before i is not an ST (i is outside any transaction set). Asks the envelope
   * segments the reader noted ({@link noteEnvelope}); while a batch is still being read (a fix made
   * as claims stream in), the SE is looked for ahead, once per transaction set.
   */
  transactionOf(i: number): { readonly st: number; readonly se: number } | undefined {
    const envelopes = this.envelopes;
    let lo = 0;
    let hi = envelopes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (envelopes[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return undefined;
    const st = envelopes[lo - 1];
    if (this.idCode(st) !== ST_CODE) return undefined;
    let next = lo < envelopes.length ? envelopes[lo] : this.closing.get(st);
    if (next === undefined) {
      next = -1;
      for (let k = st + 1; k < this.count; k++) {
        if (ENVELOPE_CODES.has(this.idCode(k))) {
          next = k;
          break;
        }
      }
      this.closing.set(st, next);
    }
    return { st, se: next >= 0 && this.idCode(next) === SE_CODE ? next : -1 };
  }

  /** @internal The reader read envelope segment i (ISA GS ST SE GE IEA); segments are noted in order. */
  noteEnvelope(i: number): void {
    this.envelopes.push(i);
  }

  /** Envelope segments noted by the reader, in order; shared with the edited versions of this table. */
  private envelopes: number[] = [];
  /** The first envelope segment after an ST, looked ahead for before the reader got there (-1: none). */
  private closing = new Map<number, number>();

  end(i: number): number {
    return this.segEnd[i];
  }

  /** Offset where the next segment starts (after terminator and line break). */
  next(i: number): number {
    const text = this.text;
    const n = text.length;
    let p = this.segEnd[i];
    if (p >= n || text.charAt(p) !== this.delimiters.segment) return n; // last segment, no terminator
    p++;
    while (p < n && isBreak(text.charCodeAt(p))) p++;
    return p;
  }

  span(i: number): Span {
    return { start: this.segStart[i], end: this.segEnd[i] };
  }

  /**
   * Find the element separators of segment i up to the one after element n (or all of them), each
   * once per segment read in a row: most segments are read for their first few elements (NM101 of
   * a rendering provider, HL03), so the rest of the segment is not scanned.
   */
  private scan(i: number, n: number): void {
    if (this.cached !== i) {
      this.cached = i;
      this.sepCount = 0;
      this.complete = false;
      this.scanFrom = this.segStart[i];
    }
    if (this.complete || this.sepCount > n) return;
    const finder = this.elementFinder;
    const end = this.segEnd[i];
    let seps = this.seps;
    let count = this.sepCount;
    let k = finder.find(this.scanFrom, end);
    for (;;) {
      if (k < 0) {
        this.complete = true;
        break;
      }
      if (count === seps.length) {
        const b = new Int32Array(seps.length * 2);
        b.set(seps);
        this.seps = seps = b;
      }
      seps[count++] = k;
      if (count > n) {
        this.scanFrom = k + 1;
        break;
      }
      k = finder.find(k + 1, end);
    }
    this.sepCount = count;
  }

  /**
   * The segment id (text before the first element separator). Ids of up to three characters are
   * interned, so dispatching on 1.7 million segments allocates no strings.
   */
  id(i: number): string {
    const text = this.text;
    const s = this.segStart[i];
    const end = this.segEnd[i];
    const sep = this.delimiters.element.charCodeAt(0);
    let key = 0;
    let k = s;
    for (; k < end && k < s + 4; k++) {
      const c = text.charCodeAt(k);
      if (c === sep) break;
      key = key * 128 + (c & 0x7f) + (c > 0x7f ? 1 << 28 : 0);
    }
    if (k - s <= 3 && (k === end || text.charCodeAt(k) === sep) && key < 1 << 28) {
      let id = this.ids.get(key);
      if (id === undefined || id.length !== k - s) {
        id = text.slice(s, k);
        this.ids.set(key, id);
      }
      return id;
    }
    const first = indexOfCode(text, this.elementCode, s, end);
    return text.slice(s, first < 0 ? end : first);
  }

  /**
   * The segment id as a number ({@link segmentIdCode}), read from at most four characters and
   * allocating nothing: the reader dispatches on every segment, and comparing small integers is
   * cheaper than interning a string per segment and switching on it. 0 when the id is not one to
   * three ASCII characters (such an id matches no segment the reader handles).
   */
  idCode(i: number): number {
    const text = this.text;
    const s = this.segStart[i];
    const end = this.segEnd[i];
    const sep = this.elementCode;
    let code = 0;
    for (let k = s, shift = 0; k < end; k++, shift += 7) {
      const c = text.charCodeAt(k);
      if (c === sep) return code;
      if (shift === 21 || c === 0 || c > 0x7f) return 0;
      code |= c << shift;
    }
    return code;
  }

  /** Number of elements after the id (SV1*A*B has 2). */
  elementCount(i: number): number {
    this.scan(i, Infinity);
    return this.sepCount;
  }

  /** Span of element n (1-based; 0 is the segment id), or undefined when the segment has fewer. */
  elementSpan(i: number, n: number): Span | undefined {
    this.scan(i, n);
    const count = this.sepCount;
    if (n < 0 || n > count) return undefined;
    const start = n === 0 ? this.segStart[i] : this.seps[n - 1] + 1;
    const end = n < count ? this.seps[n] : this.segEnd[i];
    return { start, end };
  }

  /**
   * Start offset of element n, or -1 when the segment has fewer elements. With {@link elementEnd},
   * for readers that look at an element's characters without keeping its span (no object made).
   */
  elementStart(i: number, n: number): number {
    this.scan(i, n);
    if (n < 0 || n > this.sepCount) return -1;
    return n === 0 ? this.segStart[i] : this.seps[n - 1] + 1;
  }

  /** End offset of element n, or -1 when the segment has fewer elements. */
  elementEnd(i: number, n: number): number {
    this.scan(i, n);
    const count = this.sepCount;
    if (n < 0 || n > count) return -1;
    return n < count ? this.seps[n] : this.segEnd[i];
  }

  /** Text of element n, '' when absent. */
  element(i: number, n: number): string {
    this.scan(i, n);
    const count = this.sepCount;
    if (n < 0 || n > count) return '';
    const start = n === 0 ? this.segStart[i] : this.seps[n - 1] + 1;
    const end = n < count ? this.seps[n] : this.segEnd[i];
    return this.text.slice(start, end);
  }

  /** Spans of the components of element n (one span for a simple element). */
  components(i: number, n: number, separator = this.delimiters.component): Span[] {
    const s = this.elementSpan(i, n);
    if (!s) return [];
    return splitSpan(this.text, s, separator);
  }
}

const ST_CODE = segmentIdCode('ST');
const SE_CODE = segmentIdCode('SE');
const ENVELOPE_CODES: ReadonlySet<number> = new Set(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'].map(segmentIdCode));

/**
 * A segment id of one to three ASCII characters (not NUL) as a number: char codes packed 7 bits
 * apart, so each such id has its own code and no code is 0. Any other id gives 0. Same value as
 * {@link X12Segments.idCode} for a segment with that id.
 */
export function segmentIdCode(id: string): number {
  return shortCodeAt(id, 0, id.length);
}

/**
 * text[start, end) as {@link segmentIdCode} codes an id: 1–3 ASCII characters (not NUL) packed
 * into a number, 0 for anything else. Lets short qualifiers be matched without slicing them.
 */
export function shortCodeAt(text: string, start: number, end: number): number {
  if (end - start < 1 || end - start > 3) return 0;
  let code = 0;
  for (let k = start, shift = 0; k < end; k++, shift += 7) {
    const c = text.charCodeAt(k);
    if (c === 0 || c > 0x7f) return 0;
    code |= c << shift;
  }
  return code;
}

/**
 * Offset of the first character with char code `code` in text[from, to), or -1. Never reads past
 * `to`, where `indexOf` goes on to the next match anywhere in the text: see {@link CharFinder},
 * which the reading loops use instead (this loop is slower than `indexOf` there).
 */
export function indexOfCode(text: string, code: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === code) return k;
  return -1;
}

/**
 * The first occurrence of one character in text[from, to), found with `indexOf` (a fast memchr)
 * and remembered: `indexOf` reads on past `to` to the next match anywhere in the text, and a
 * search from anywhere between the last search's start and the match it found has that same
 * answer. Without the memory, a segment of half a million empty elements, a million segments
 * without an element separator, or a batch whose composites never hold the component separator
 * had every element searched to far beyond its end, and reading grew with the square of the file
 * (16–18 s for 2–8 MB). With it, searches made in document order read the text about once.
 */
export class CharFinder {
  /** The last search's start, and what it found (-1: nothing from there on). */
  private from = -1;
  private at = -1;

  constructor(
    private readonly text: string,
    readonly char: string,
  ) {}

  find(from: number, to: number): number {
    let k: number;
    if (this.from >= 0 && from >= this.from && (this.at < 0 || from <= this.at)) k = this.at;
    else {
      k = this.text.indexOf(this.char, from);
      this.from = from;
      this.at = k;
    }
    return k >= 0 && k < to ? k : -1;
  }

  /** The end of the piece of text[from, to) that starts at `from`: the next match, else `to`. */
  until(from: number, to: number): number {
    const k = this.find(from, to);
    return k < 0 ? to : k;
  }
}

/** Split a span of text at a one-character separator, returning the pieces' spans. */
export function splitSpan(text: string, s: Span, separator: string): Span[] {
  const out: Span[] = [];
  const code = separator.charCodeAt(0);
  let p = s.start;
  for (;;) {
    const k = indexOfCode(text, code, p, s.end);
    if (k < 0) {
      out.push({ start: p, end: s.end });
      return out;
    }
    out.push({ start: p, end: k });
    p = k + 1;
  }
}

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

function isSpace(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09;
}

/**
 * Split the text into segments, starting at the ISA. Line breaks (CR, LF, CRLF or none) after a
 * terminator are skipped; trailing white space at the end is ignored. One pass with indexOf:
 * linear in the text.
 */
export function tokenize(text: string, delimiters: Delimiters, from: number, to = text.length): X12Segments {
  const segs = new X12Segments(text, delimiters, to === text.length ? undefined : 64);
  const { segment } = delimiters;
  const n = to;
  let pos = from;
  while (pos < n) {
    const found = text.indexOf(segment, pos);
    const term = found >= n ? -1 : found;
    let end = term < 0 ? n : term;
    let next = term < 0 ? n : term + 1;
    if (term < 0) {
      // Last segment without a terminator: drop trailing white space.
      while (end > pos && /\s/.test(text.charAt(end - 1))) end--;
      if (end === pos) break;
    }
    while (next < n && isBreak(text.charCodeAt(next))) next++;
    // Blank lines or indentation before a segment id (segment ids never start with white space).
    let start = pos;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    if (start < end) segs.push(start, end);
    pos = next;
    if (term < 0) break;
  }
  return segs;
}
