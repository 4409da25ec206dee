/**
 * Source positions. The core works in UTF-16 offsets into the document text (the JavaScript
 * string the editor or CLI holds, without a BOM); adapters convert to line/character with
 * {@link LineIndex}, which follows the Language Server Protocol: 0-based lines split at
 * `\n`, `\r\n` or `\r`, and 0-based UTF-16 characters.
 */
export interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A value read from the document together with where it came from. */
export interface Field<T> {
  readonly value: T;
  /** The text as written (e.g. "1.50" for the value 1.5). */
  readonly raw: string;
  readonly span: Span;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function containsOffset(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}

/**
 * For each span, how many of `offsets` lie in [start, end) (e.g. the problems that start in each
 * claim). Sorts a copy of the offsets once and counts each span with two binary searches, so a
 * batch's hundred thousand claims are not each compared with every problem.
 */
export function countOffsetsIn(spans: readonly Span[], offsets: readonly number[]): number[] {
  const sorted = Float64Array.from(offsets).sort();
  // Math.max: a reversed span holds nothing; a NaN bound holds nothing either (no offset compares).
  return spans.map((s) => (Number.isNaN(s.start) || Number.isNaN(s.end) ? 0 : Math.max(0, firstAtOrAfter(sorted, s.end) - firstAtOrAfter(sorted, s.start))));
}

/** Index of the first value ≥ x in ascending `sorted` (its length when none; NaN is never ≥). */
function firstAtOrAfter(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Offset ↔ line/character conversion for one text. Built in one linear pass; each lookup is a
 * binary search over line starts.
 */
export class LineIndex {
  /** Line starts, in a typed array: 4 bytes a line, copied with one memcpy on an edit. */
  private readonly starts: Int32Array;

  constructor(readonly text: string) {
    // Room for a line every 8 characters, so a batch never grows (copies) the array: pages of a
    // large typed array that are never written take no memory, and the end is cut off as a view.
    let starts = new Int32Array(Math.max(16, (text.length >> 3) + 16));
    let count = 1; // starts[0] = 0
    const n = text.length;
    // Next known \n and \r at or after i; each is searched again only once passed, so the
    // whole pass is linear whatever mix of line endings the text has.
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    let i = 0;
    while (i < n && (nl >= 0 || cr >= 0)) {
      let next: number;
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else {
        next = nl + 1;
      }
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = next;
      i = next;
      if (nl >= 0 && nl < i) nl = text.indexOf('\n', i);
      if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
    }
    this.starts = count === starts.length ? starts : starts.subarray(0, count);
  }

  /**
   * The index of `text`, the old text with [offset, offset + removed) replaced by `inserted`.
   * When no line break is removed, inserted or joined, line starts are copied and shifted (no
   * rescan of the text); otherwise the text is indexed again.
   */
  edited(text: string, offset: number, removed: number, inserted: string): LineIndex {
    const old = this.text;
    const breaks = /[\r\n]/;
    if (
      breaks.test(inserted) ||
      breaks.test(old.slice(offset, offset + removed)) ||
      old.charCodeAt(offset - 1) === 13 ||
      old.charCodeAt(offset + removed) === 10
    ) {
      return new LineIndex(text);
    }
    const delta = inserted.length - removed;
    const starts = this.starts.slice();
    // First line start after the edit (binary search), then shift the rest.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < starts.length; k++) starts[k] += delta;
    const index = Object.create(LineIndex.prototype) as LineIndex;
    (index as unknown as { text: string }).text = text;
    (index as unknown as { starts: Int32Array }).starts = starts;
    return index;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  positionAt(offset: number): Position {
    return positionIn(this.starts, this.text.length, offset);
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(s: Span): Range {
    return { start: this.positionAt(s.start), end: this.positionAt(s.end) };
  }

  /** Positions without the text: its line starts only, in an array of their own size (an index of other files keeps these). */
  positions(): LinePositions {
    return new LinePositions(this.starts.slice(), this.text.length);
  }
}

/** The position of `offset` in a text of `length` whose lines start at `starts` (a binary search). */
function positionIn(starts: Int32Array, length: number, offset: number): Position {
  const o = Math.max(0, Math.min(offset, length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: o - starts[lo] };
}

/** Offset → line/character for a text that is not kept: its line starts and length ({@link LineIndex.positions}). */
export class LinePositions {
  constructor(
    private readonly starts: Int32Array,
    private readonly length: number,
  ) {}

  positionAt(offset: number): Position {
    return positionIn(this.starts, this.length, offset);
  }

  rangeOf(s: Span): Range {
    return { start: this.positionAt(s.start), end: this.positionAt(s.end) };
  }
}
