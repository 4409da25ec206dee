/**
 * Reports are made as chunks and written as they are made, not built as one string first: the
 * 50 MB bench batch's SARIF report is 56 MB of text and its JSON report 35 MB (twice that in memory
 * as soon as one message holds a "→"), and building each whole, on top of the objects it was
 * stringified from, took the CLI's peak RSS from 290 MB (text) to 380 MB (JSON) and 490 MB (SARIF).
 */

/**
 * A string no report value holds (a NUL cannot come from a claim file's findings: JSON.stringify
 * would escape it anyway), put in a skeleton where the streamed array goes.
 */
export const ITEMS = '\u0000claimlint:items\u0000';
const ITEMS_JSON = JSON.stringify(ITEMS);
const GAP = '  ';

/**
 * `JSON.stringify(value, null, 2)` for `value` = `skeleton` with the array `items` in place of
 * its one {@link ITEMS} string, the array written item by item. `level` is the indentation the
 * skeleton itself sits at (1 for an element of a top-level array). Same text as stringifying the
 * whole value at once: JSON.stringify writes a non-empty array as "[", each element on its own
 * line one level deeper, "]" on a line at the array's level, and an empty one as "[]".
 */
export function* jsonWithItems(skeleton: unknown, items: Iterable<unknown>, level = 0): Generator<string> {
  const json = JSON.stringify(skeleton, null, 2);
  const hole = json.indexOf(ITEMS_JSON);
  if (hole < 0) throw new Error('jsonWithItems: the skeleton has no ITEMS placeholder');
  // The array's level: the skeleton's own, plus the indentation of the line it opens on.
  const lineStart = json.lastIndexOf('\n', hole) + 1;
  let spaces = 0;
  while (json.charCodeAt(lineStart + spaces) === 0x20) spaces++;
  const depth = level + spaces / GAP.length;
  const text = indented(json, level);
  const at = text.indexOf(ITEMS_JSON);
  yield text.slice(0, at);
  const itemStart = '\n' + GAP.repeat(depth + 1);
  let first = true;
  for (const item of items) {
    yield (first ? '[' : ',') + itemStart + indented(JSON.stringify(item, null, 2), depth + 1);
    first = false;
  }
  yield first ? '[]' : '\n' + GAP.repeat(depth) + ']';
  yield text.slice(at + ITEMS_JSON.length);
}

/** Indent every line after the first by `level` steps (JSON strings hold no raw line breaks). */
function indented(json: string, level: number): string {
  return level === 0 ? json : json.replace(/\n/g, '\n' + GAP.repeat(level));
}

/** `items` mapped lazily, one at a time. */
export function* mapped<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/**
 * The chunks joined into pieces of about `size` characters: a write per finding would cost more
 * in system calls than the report takes to make. (Node writes to files, and on Linux to pipes,
 * synchronously; where a pipe is asynchronous it queues the pieces, which holds no more than the
 * one string did.)
 */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
