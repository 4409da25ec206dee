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
 * its one {@link ITEMS}, the array written item by item. `level` is the indentation the skeleton
 * itself sits at (1 for an element of a top-level array). Same text as stringifying the whole
 * value at once: JSON.stringify writes a non-empty array as "[", each element on its own line one
 * level deeper, "]" on a line at the array's level, and an empty one as "[]".
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
  const itemStart = '\n' + GAP.repeat(depth + 1);
  let index = 0;
  for (const item of items) {
    yield (index === 0 ? '[' : ',') + itemStart + element(item, index, depth + 1);
    index++;
  }
  yield index === 0 ? '[]' : '\n' + GAP.repeat(depth) + ']';
  yield text.slice(at + marker.length);
}

/**
 * Element `index` of an array as JSON.stringify writes it at `level` (≥ 1): through a holder
 * object keyed by the index, so a `toJSON(key)` gets the index, as in an array, and undefined, a
 * function or a symbol becomes null.
 */
function element(item: unknown, index: number, level: number): string {
  const key = String(index);
  const holder = JSON.stringify({ [key]: item }, null, 2);
  if (holder === '{}') return 'null';
  const inner = holder.slice(`{\n${GAP}${JSON.stringify(key)}: `.length, -'\n}'.length);
  return indented(inner, level - 1);
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
