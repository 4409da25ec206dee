import type { TextEdit } from '../model/finding';
import type { Span } from '../model/span';
import { readDelimiters, tokenize } from '../parsers/x12';

/** How segments are laid out: each on its own line, or all on one line. */
export type X12Layout = 'segment-per-line' | 'one-line';

/**
 * Edits that lay an X12 text out one segment per line, or join its segments onto one line. Only
 * the line breaks between a segment terminator and the next segment change: the segments, the
 * spaces or tabs between segments, whatever comes before the ISA and after the last terminator
 * are left as they are. So every finding is the same before and after (at the same segment and
 * element). `eol` is the line break to put between segments ("\n" or "\r\n").
 *
 * Returns no edits when the text is not X12 (no readable ISA), when the layout is already
 * right, and when the segment terminator is itself a line break (each segment is then a line,
 * and joining them would change the terminator). Edits are in document order and never overlap;
 * `within` keeps only the gaps between segments that lie inside that span (format selection).
 * When more than `max` gaps change (a one-line batch changes one after every segment), one edit
 * replaces the text from the first changed gap to the last with the laid-out text instead:
 * editors apply one large edit much faster than millions of small ones, and no object is made
 * per gap.
 */
export function x12LayoutEdits(text: string, layout: X12Layout, eol: '\n' | '\r\n' = '\n', within?: Span, max = Infinity): TextEdit[] {
  const read = readDelimiters(text);
  if (!read.ok) return [];
  const terminator = read.delimiters.segment;
  if (terminator === '\n' || terminator === '\r') return [];
  const segments = tokenize(text, read.delimiters, read.isaStart);
  const edits: TextEdit[] = [];
  // Once there are more than `max` edits: the laid-out text from the first changed gap on.
  let parts: string[] | undefined;
  let pos = 0;
  let last = 0;
  for (let i = 0; i + 1 < segments.count; i++) {
    const end = segments.end(i);
    // A segment without its terminator (the text's last, or a broken one) has no gap after it.
    if (text.charAt(end) !== terminator) continue;
    const start = end + 1;
    const next = segments.start(i + 1);
    if (within && (start < within.start || next > within.end)) continue;
    const now = text.slice(start, next);
    const kept = now.replace(/[\r\n]/g, '');
    const wanted = layout === 'one-line' ? kept : eol + kept;
    if (now === wanted) continue;
    last = next;
    if (parts) {
      parts.push(text.slice(pos, start), wanted);
      pos = next;
      continue;
    }
    edits.push({ span: { start, end: next }, newText: wanted });
    if (edits.length > max) {
      parts = [];
      pos = edits[0].span.start;
      for (const e of edits) {
        parts.push(text.slice(pos, e.span.start), e.newText);
        pos = e.span.end;
      }
    }
  }
  return parts ? [{ span: { start: edits[0].span.start, end: last }, newText: parts.join('') }] : edits;
}
