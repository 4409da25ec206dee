/**
 * Reports are made as chunks and written as they are made, not built as one string first: the
 * 50 MB bench batch's SARIF report is 56 MB of text and its JSON report 35 MB (twice that in memory
 * as soon as one message holds a "→"), and building each whole, on top of the objects it was
 * stringified from, took the CLI's peak RSS from 290 MB (text) to 380 MB (JSON) and 490 MB (SARIF).
 */

/** Put in a skeleton where the streamed array goes (found by identity, whatever the report holds). */
export const ITEMS: unknown = Object.freeze({ items: 'streamed' });
const GAP = '  ';

/**
 * `JSON.stringify(value, null, 2)` for `value` = `skeleton` with the array `items` in place of
 * its one {@link ITEMS}, the array written a few hundred items at a time. `level` is the
 * indentation the skeleton itself sits at (1 for an element of a top-level array). Same text as
 * stringifying the whole value at once: JSON.stringify writes a non-empty array as "[", each
 * element on its own line one level deeper, "]" on a line at the array's level, and an empty one
 * as "[]". The items are plain data (a `toJSON` would be handed its index within a batch).
 *
 * Written by hand for speed: a batch of items goes through one native JSON.stringify, wrapped in
 * as many arrays as it is deep so that it comes out indented as it sits, and the wrapping is cut
 * off. Re-indenting each item's text afterwards (as this did) cost more than making it: on the
 * finding-dense bench batch's 100 000 findings it was the CLI's largest cost.
 */
export function* jsonWithItems(skeleton: unknown, items: Iterable<unknown>, level = 0): Generator<string> {
  // ITEMS is written as a marker string that occurs nowhere else in the skeleton's text (a policy
  // pack's strings could hold any marker chosen in advance), then the text is cut there.
  let json: string;
  let marker: string;
  for (let n = 0; ; n++) {
    const candidate = `\u0000claimlint:items:${n}\u0000`;
    json = JSON.stringify(skeleton, (_key, value: unknown) => (value === ITEMS ? candidate : value), 2);
    marker = JSON.stringify(candidate);
    const first = json.indexOf(marker);
    if (first < 0) throw new Error('jsonWithItems: the skeleton holds no ITEMS');
    if (json.indexOf(marker, first + 1) < 0) break;
    if (n === 64) throw new Error('jsonWithItems: the skeleton holds ITEMS twice, or 64 strings like its markers');
  }
  const hole = json.indexOf(marker);
  // The array's level: the skeleton's own, plus the indentation of the line it opens on.
  const lineStart = json.lastIndexOf('\n', hole) + 1;
  let spaces = 0;
  while (json.charCodeAt(lineStart + spaces) === 0x20) spaces++;
  const depth = level + spaces / GAP.length;
  const text = indented(json, level);
  const at = text.indexOf(marker);
  yield text.slice(0, at);
  const close = '\n' + GAP.repeat(depth) + ']';
  // A batch wrapped in `depth` arrays is written by JSON.stringify with its items at their depth.
  let open = '';
  for (let k = 0; k < depth; k++) open += '[\n' + GAP.repeat(k + 1);
  open += '[';
  let shut = close;
  for (let k = depth - 1; k >= 0; k--) shut += '\n' + GAP.repeat(k) + ']';
  let batch: unknown[] = [];
  let any = false;
  const flush = (): string => {
    let wrapped: unknown = batch;
    for (let k = 0; k < depth; k++) wrapped = [wrapped];
    // "\n<depth + 1>a,\n<depth + 1>b" between the innermost brackets.
    const json = JSON.stringify(wrapped, null, 2);
    const out = (any ? ',' : '[') + json.slice(open.length, json.length - shut.length);
    any = true;
    batch = [];
    return out;
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield any ? close : '[]';
  yield text.slice(at + marker.length);
}

/** Items stringified at once by {@link jsonWithItems}. */
const BATCH = 256;

/** Indent every line after the first by `level` steps (JSON strings hold no raw line breaks). */
function indented(json: string, level: number): string {
  return level === 0 ? json : json.split('\n').join('\n' + GAP.repeat(level));
}

/** `items` mapped lazily, one at a time. */
export function* mapped<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/**
 * The chunks joined into pieces of about `size` characters: a write per finding would cost more
 * in system calls than the report takes to make. The CLI waits for a full stream to drain before
 * the next piece (Node writes to files synchronously, to pipes asynchronously), so a slow reader
 * holds back the report rather than letting it pile up in memory.
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
