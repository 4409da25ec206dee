import type { Field, Span } from '../../model/span';
import type { CharFinder, X12Segments } from './tokenizer';
import { indexOfCode } from './tokenizer';

/** Where the component separator of a composite is found (see ClaimReader.componentsIn). */
export interface ComponentFinder {
  /** A finder of the component separator in effect for the composite text[start, end). */
  componentsIn(start: number, end: number): CharFinder;
}

/**
 * Fields of X12 elements as the claim model holds them: each value with its raw text and span.
 * Reads the text in place where it can (compares, digits, dates) so a batch of millions of
 * segments makes strings only for the values it keeps.
 */
export class X12Fields {
  /** ISO dates by their raw text, for the dates that are not eight digits (see {@link isoDateAt}). */
  private readonly dates = new Map<string, string | undefined>();

  constructor(
    readonly text: string,
    readonly segs: X12Segments,
    private readonly components: ComponentFinder,
  ) {}

  /** Whether element n of segment i is exactly `value`, compared in the text (no slice). */
  elementIs(i: number, n: number, value: string): boolean {
    const segs = this.segs;
    const start = segs.elementStart(i, n);
    if (start < 0 || segs.elementEnd(i, n) - start !== value.length) return false;
    const text = this.text;
    for (let k = 0; k < value.length; k++) if (text.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
  }

  slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  /** A field whose value is its raw text (one string for both). */
  stringField(s: Span): Field<string> {
    const raw = this.text.slice(s.start, s.end);
    return { value: raw, raw, span: s };
  }

  /** Element n of segment i, its value trimmed. */
  field(i: number, n: number): Field<string> | undefined {
    const s = this.segs.elementSpan(i, n);
    if (!s) return undefined;
    const raw = this.slice(s);
    return { value: trimmed(raw), raw, span: s };
  }

  /** The first component of element n (the element itself when it has one). */
  firstComponentField(i: number, n: number): Field<string> | undefined {
    const start = this.segs.elementStart(i, n);
    if (start < 0) return undefined;
    const end = this.segs.elementEnd(i, n);
    const s = { start, end: this.components.componentsIn(start, end).until(start, end) };
    const raw = this.slice(s);
    return { value: raw, raw, span: s };
  }

  /** Element n as a number: NaN when it is not one, undefined when absent or blank. */
  numberField(i: number, n: number): Field<number> | undefined {
    const s = this.segs.elementSpan(i, n);
    if (!s) return undefined;
    const raw = this.slice(s);
    const n0 = raw.length;
    let v: number;
    if (n0 > 0 && isVisibleAscii(raw.charCodeAt(0)) && isVisibleAscii(raw.charCodeAt(n0 - 1))) {
      // Nothing to trim (the usual case): validate and convert in one pass over the characters.
      v = decimalValue(raw);
    } else {
      const value = raw.trim();
      if (value === '') return undefined;
      v = NUMBER.test(value) ? Number(value) : NaN;
    }
    return { value: v, raw, span: s };
  }

  /**
   * DTP03 as an ISO date (D8, or the start of RD8: the text before its first '-'). The date is
   * read from the text's characters; the raw string is sliced only for a date that is kept.
   */
  dateField(i: number): Field<string> | undefined {
    const segs = this.segs;
    const text = this.text;
    const s = segs.elementSpan(i, 3);
    if (!s) return undefined;
    let end = s.end;
    if (this.elementIs(i, 2, 'RD8')) {
      const dash = indexOfCode(text, 0x2d, s.start, end);
      if (dash >= 0) end = dash;
    }
    const iso = this.isoDateAt(s.start, end);
    if (!iso) return undefined;
    return { value: iso, raw: this.slice(s), span: s };
  }

  /** The end of an RD8 range in DTP03 (the text after its '-') as an ISO date; undefined for D8 or a range without one. */
  rangeEndField(i: number): Field<string> | undefined {
    if (!this.elementIs(i, 2, 'RD8')) return undefined;
    const s = this.segs.elementSpan(i, 3);
    if (!s) return undefined;
    const dash = indexOfCode(this.text, 0x2d, s.start, s.end);
    if (dash < 0) return undefined;
    const iso = this.isoDateAt(dash + 1, s.end);
    return iso ? { value: iso, raw: this.text.slice(dash + 1, s.end), span: { start: dash + 1, end: s.end } } : undefined;
  }

  /**
   * {@link isoDate} of text[start, end). Eight ASCII digits (nearly every date) are looked up by
   * their value as a number in {@link DIGIT_DATE_KEYS}, which needs no string and no hashing;
   * anything else goes through the string cache. Same result as `isoDate(text.slice(start, end))`.
   */
  isoDateAt(start: number, end: number): string | undefined {
    const text = this.text;
    if (start < 0) return this.isoDate('');
    if (end - start === 8) {
      let key = 0;
      let k = start;
      for (; k < end; k++) {
        const d = text.charCodeAt(k) - 0x30;
        if (d < 0 || d > 9) break;
        key = key * 10 + d;
      }
      if (k === end) {
        const slot = key & (DIGIT_DATE_SLOTS - 1);
        let iso: string;
        if (DIGIT_DATE_KEYS[slot] === key) iso = DIGIT_DATE_ISOS[slot];
        else {
          // '' marks a key that is not a calendar date (an ISO date is never empty).
          iso = isoDate(text.slice(start, end)) ?? '';
          DIGIT_DATE_KEYS[slot] = key;
          DIGIT_DATE_ISOS[slot] = iso;
        }
        return iso === '' ? undefined : iso;
      }
    }
    return this.isoDate(text.slice(start, end));
  }

  /** {@link isoDate}, remembered per text: a batch repeats a few hundred dates; validate each once. */
  private isoDate(key: string): string | undefined {
    let iso = this.dates.get(key);
    if (iso === undefined && !this.dates.has(key)) {
      iso = isoDate(key);
      this.dates.set(key, iso);
    }
    return iso;
  }
}

/**
 * {@link isoDate} of eight digits, remembered by their value (YYYYMMDD as a number, below 10^8):
 * slot `key & (DIGIT_DATE_SLOTS - 1)` holds the last key read there and its ISO date, or '' when
 * it is not a calendar date. A pure function of the digits, so shared by every reader; a batch
 * repeats a few hundred dates, and a file of many distinct ones only overwrites slots (it cannot
 * grow the cache). An array read and a compare per date: the Map this replaces (number → date,
 * one per reader, unbounded) was the reader's costliest line in a line-level profile of the 50 MB
 * lint, about 26 ms of it.
 */
const DIGIT_DATE_SLOTS = 4096;
const DIGIT_DATE_KEYS = new Int32Array(DIGIT_DATE_SLOTS).fill(-1);
const DIGIT_DATE_ISOS: string[] = new Array<string>(DIGIT_DATE_SLOTS).fill('');

/**
 * Collects a short list and hands it over at its exact length, then starts again in the same
 * array. An array grown by push from empty gets room for 16 elements; a batch builds hundreds of
 * thousands of diagnosis, modifier and pointer lists of one to four. (The array is not emptied by
 * setting its length to 0: V8 then drops its store, and the next push allocates one again.)
 */
export class Collector<T> {
  private items: (T | undefined)[] = [];
  count = 0;

  push(item: T): void {
    this.items[this.count++] = item;
  }

  /**
   * The items collected since the last take, in a new array (a literal for the usual one or two).
   * The slots are emptied, so the collector (which a streamed document keeps, through its reader)
   * does not keep the last claim's objects alive; a list of a hostile size lets its array go.
   */
  take(): T[] {
    const n = this.count;
    this.count = 0;
    const items = this.items as T[];
    const out = n === 0 ? [] : n === 1 ? [items[0]] : n === 2 ? [items[0], items[1]] : items.slice(0, n);
    if (n > 64) this.items = [];
    else for (let k = 0; k < n; k++) items[k] = undefined as T;
    return out;
  }
}

/**
 * A decimal number as X12 writes it (optional sign, digits, optional point). Not \d+\.?\d*: its
 * two digit runs can split a long number n ways, and a failing match (a 200,000-digit element with
 * one stray character) backtracked for seconds.
 */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `NUMBER.test(s) ? Number(s) : NaN` for a string with nothing to trim, without the regex and,
 * for up to 15 significant characters, without Number(): an integer below 2^53 divided by an
 * exact power of ten is correctly rounded, so it is the double Number() returns. Longer numbers
 * (already validated) still go to Number().
 */
function decimalValue(s: string): number {
  const n = s.length;
  let k = 0;
  let c = s.charCodeAt(0);
  const negative = c === 0x2d;
  if (negative || c === 0x2b) k = 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  for (; k < n; k++) {
    c = s.charCodeAt(k) - 0x30;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    digits++;
  }
  if (k < n && s.charCodeAt(k) === 0x2e) {
    for (k++; k < n; k++) {
      c = s.charCodeAt(k) - 0x30;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      digits++;
      fraction++;
    }
  }
  // Something after the number, or no digit at all ("", "+", ".", "-.").
  if (k !== n || digits === 0) return NaN;
  if (digits > 15) return Number(s);
  const v = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
  return negative ? -v : v;
}

/** A printable ASCII character other than space: `trim()` leaves it alone. */
function isVisibleAscii(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/** `raw.trim()`, without calling it when there is nothing to trim (the usual case). */
function trimmed(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  return raw.charCodeAt(0) > 0x20 && raw.charCodeAt(n - 1) > 0x20 && raw.charCodeAt(0) < 0x7f && raw.charCodeAt(n - 1) < 0x7f ? raw : raw.trim();
}

/** Same as `/^\d+$/.test(raw.trim())`. */
export function isDigits(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return false;
  for (let k = 0; k < n; k++) {
    const c = raw.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return /^\d+$/.test(raw.trim());
  }
  return true;
}

/** CCYYMMDD → CCYY-MM-DD, or undefined when it is not a real calendar date. */
export function isoDate(raw: string): string | undefined {
  const t = raw.trim();
  if (t.length !== 8) return undefined;
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const d = t.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  if (!isCalendarDate((v / 10000) | 0, ((v / 100) | 0) % 100, v % 100)) return undefined;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether year/month/day names a day of the proleptic Gregorian calendar, as the round trip
 * through `Date.UTC` checked before (arithmetic is cheaper than a Date per distinct date). Years
 * below 100 are never dates: Date.UTC reads them as 1900–1999.
 */
function isCalendarDate(y: number, mo: number, d: number): boolean {
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return false;
  if (mo !== 2) return d <= DAYS_IN_MONTH[mo - 1];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (leap ? 29 : 28);
}
