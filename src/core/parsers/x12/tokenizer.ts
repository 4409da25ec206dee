import type { Span } from '../../model/span';
import type { Delimiters } from './delimiters';

/**
 * The segments of an X12 text, kept as offsets in typed arrays rather than objects, so that a
 * tens-of-megabytes batch costs a few bytes per element. Segment i spans
 * [segStart[i], segEnd[i]) without its terminator; its element separators are
 * sepPos[sepIndex[i] .. sepIndex[i+1]).
 */
export class X12Segments {
  count = 0;
  private segStart = new Int32Array(1024);
  private segEnd = new Int32Array(1024);
  /** End of the segment including its terminator and any line break after it. */
  private segNext = new Int32Array(1024);
  private sepIndex = new Int32Array(1025);
  private sepPos = new Int32Array(8192);
  private sepCount = 0;

  constructor(
    readonly text: string,
    readonly delimiters: Delimiters,
  ) {}

  /** @internal used by the tokenizer */
  push(start: number, end: number, next: number): void {
    if (this.count + 1 >= this.segStart.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.segStart = grow(this.segStart);
      this.segEnd = grow(this.segEnd);
      this.segNext = grow(this.segNext);
      this.sepIndex = grow(this.sepIndex);
    }
    const i = this.count++;
    this.segStart[i] = start;
    this.segEnd[i] = end;
    this.segNext[i] = next;
    this.sepIndex[i + 1] = this.sepCount;
  }

  /** @internal */
  pushSeparator(pos: number): void {
    if (this.sepCount >= this.sepPos.length) {
      const b = new Int32Array(this.sepPos.length * 2);
      b.set(this.sepPos);
      this.sepPos = b;
    }
    this.sepPos[this.sepCount++] = pos;
  }

  start(i: number): number {
    return this.segStart[i];
  }

  end(i: number): number {
    return this.segEnd[i];
  }

  /** Offset where the next segment starts (after terminator and line break). */
  next(i: number): number {
    return this.segNext[i];
  }

  span(i: number): Span {
    return { start: this.segStart[i], end: this.segEnd[i] };
  }

  /** The segment id (text before the first element separator). */
  id(i: number): string {
    const s = this.segStart[i];
    const first = this.sepIndex[i] < this.sepIndex[i + 1] ? this.sepPos[this.sepIndex[i]] : this.segEnd[i];
    return this.text.slice(s, first);
  }

  /** Number of elements after the id (SV1*A*B has 2). */
  elementCount(i: number): number {
    return this.sepIndex[i + 1] - this.sepIndex[i];
  }

  /** Span of element n (1-based; 0 is the segment id), or undefined when the segment has fewer. */
  elementSpan(i: number, n: number): Span | undefined {
    const base = this.sepIndex[i];
    const count = this.sepIndex[i + 1] - base;
    if (n < 0 || n > count) return undefined;
    const start = n === 0 ? this.segStart[i] : this.sepPos[base + n - 1] + 1;
    const end = n < count ? this.sepPos[base + n] : this.segEnd[i];
    return { start, end };
  }

  /** Text of element n, '' when absent. */
  element(i: number, n: number): string {
    const s = this.elementSpan(i, n);
    return s ? this.text.slice(s.start, s.end) : '';
  }

  /** Spans of the components of element n (one span for a simple element). */
  components(i: number, n: number, separator = this.delimiters.component): Span[] {
    const s = this.elementSpan(i, n);
    if (!s) return [];
    return splitSpan(this.text, s, separator);
  }
}

/** Split a span of text at a separator character, returning the pieces' spans. */
export function splitSpan(text: string, s: Span, separator: string): Span[] {
  const out: Span[] = [];
  let p = s.start;
  for (;;) {
    const k = text.indexOf(separator, p);
    if (k < 0 || k >= s.end) {
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
export function tokenize(text: string, delimiters: Delimiters, from: number): X12Segments {
  const segs = new X12Segments(text, delimiters);
  const { element, segment } = delimiters;
  const n = text.length;
  let pos = from;
  // Where the next element separator is, carried across segments so each character is scanned once.
  let nextSep = text.indexOf(element, pos);
  while (pos < n) {
    let term = text.indexOf(segment, pos);
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
    if (start < end) {
      if (nextSep >= 0 && nextSep < start) nextSep = text.indexOf(element, start);
      while (nextSep >= 0 && nextSep < end) {
        segs.pushSeparator(nextSep);
        nextSep = text.indexOf(element, nextSep + 1);
      }
      segs.push(start, end, next);
    }
    pos = next;
    if (term < 0) break;
  }
  return segs;
}
