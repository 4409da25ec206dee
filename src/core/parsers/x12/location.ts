import type { Span } from '../../model/span';
import { readDelimiters } from './delimiters';
import { splitSpan } from './tokenizer';

/** What sits at an offset of an X12 text: segment, element and component. */
export interface X12Location {
  readonly segmentId: string;
  readonly segmentSpan: Span;
  /** 0 = the segment id, 1.. = elements. */
  readonly elementIndex: number;
  readonly elementSpan: Span;
  /** 0 when the element does not repeat, else 1-based (ISA11 separates repetitions). */
  readonly repetitionIndex: number;
  /** The repetition under the cursor (the element when it does not repeat). */
  readonly repetitionSpan: Span;
  /** 0 when the element has no components, else 1-based; counted within the repetition. */
  readonly componentIndex: number;
  readonly componentSpan: Span;
}

/**
 * Find the segment, element and component at an offset. Works on the segment around the offset
 * only (cost: that segment's length), for hovers. Returns null outside any segment or when the
 * text is not readable X12.
 */
export function x12LocationAt(text: string, offset: number, componentSeparator?: string): X12Location | null {
  const d = readDelimiters(text);
  if (!d.ok || offset < d.isaStart || offset > text.length) return null;
  const { element, segment } = d.delimiters;
  // The offset right after a terminator belongs to the segment before it only if nothing follows.
  let start = text.lastIndexOf(segment, offset - 1) + 1;
  if (start <= 0) start = d.isaStart;
  while (start < text.length && /\s/.test(text.charAt(start)) && text.charAt(start) !== segment) start++;
  let end = text.indexOf(segment, start);
  if (end < 0) end = text.length;
  if (offset < start || offset > end || start >= end) return null;
  const segmentSpan = { start, end };
  const elements = splitSpan(text, segmentSpan, element);
  let elementIndex = elements.findIndex((s) => offset >= s.start && offset <= s.end);
  if (elementIndex < 0) elementIndex = elements.length - 1;
  const elementSpan = elements[elementIndex];
  const segmentId = text.slice(elements[0].start, elements[0].end);
  const sep = componentSeparator ?? effectiveComponent(text.slice(elementSpan.start, elementSpan.end), d.delimiters.component, element, segment);
  let repetitionIndex = 0;
  let repetitionSpan = elementSpan;
  const rep = d.delimiters.repetition;
  if (elementIndex > 0 && rep && segmentId !== 'ISA') {
    const reps = splitSpan(text, elementSpan, rep);
    if (reps.length > 1) {
      const k = reps.findIndex((s) => offset >= s.start && offset <= s.end);
      repetitionIndex = (k < 0 ? reps.length - 1 : k) + 1;
      repetitionSpan = reps[repetitionIndex - 1];
    }
  }
  let componentIndex = 0;
  let componentSpan = repetitionSpan;
  if (elementIndex > 0 && segmentId !== 'ISA') {
    const comps = splitSpan(text, repetitionSpan, sep);
    if (comps.length > 1) {
      const k = comps.findIndex((s) => offset >= s.start && offset <= s.end);
      componentIndex = (k < 0 ? comps.length - 1 : k) + 1;
      componentSpan = comps[componentIndex - 1];
    }
  }
  return { segmentId, segmentSpan, elementIndex, elementSpan, repetitionIndex, repetitionSpan, componentIndex, componentSpan };
}

/** The declared separator, unless the element plainly uses another ("HC>97124" with ":" declared). */
function effectiveComponent(value: string, declared: string, element: string, segment: string): string {
  if (value.includes(declared)) return declared;
  const m = /^[A-Z0-9]{1,3}([^A-Za-z0-9\s])/i.exec(value);
  if (m && m[1] !== element && m[1] !== segment) return m[1];
  return declared;
}
