import fc from 'fast-check';

/**
 * Mutations of a file's bytes, described as plain data so that a failing case prints as the file
 * name plus the mutations and offsets, never the (possibly real) claim content. Offsets are taken
 * modulo the current length when applied, so one description works for any file.
 */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'truncateSegment'; readonly segment: number; readonly inside: number }
  | { readonly kind: 'duplicateSegment'; readonly segment: number; readonly times: number }
  | { readonly kind: 'removeSegment'; readonly segment: number }
  | { readonly kind: 'swapSegments'; readonly a: number; readonly b: number }
  | { readonly kind: 'delimiterAt'; readonly at: number; readonly char: string }
  | { readonly kind: 'isaDelimiter'; readonly which: 'element' | 'repetition' | 'component' | 'segment'; readonly char: string }
  | { readonly kind: 'huge'; readonly at: number; readonly length: number; readonly char: string }
  | { readonly kind: 'nul'; readonly at: number; readonly count: number }
  | { readonly kind: 'bytes'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'lineBreaks'; readonly newline: string };

/** Characters a damaged file may put where a delimiter should be (or a delimiter where data should be). */
const ODD_CHARS = ['*', '~', ':', '^', '|', '>', '<', "'", '\n', '\r', '\t', ' ', '\0', 'A', '1', '-', '.', '\u00a0', '\ufeff', '\ufffd', '"', '{', '}'];

const offset = fc.nat({ max: 1 << 24 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: offset, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: offset }),
  fc.record({ kind: fc.constant('truncateSegment' as const), segment: offset, inside: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('duplicateSegment' as const), segment: offset, times: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('removeSegment' as const), segment: offset }),
  fc.record({ kind: fc.constant('swapSegments' as const), a: offset, b: offset }),
  fc.record({ kind: fc.constant('delimiterAt' as const), at: offset, char: fc.constantFrom(...ODD_CHARS) }),
  fc.record({
    kind: fc.constant('isaDelimiter' as const),
    which: fc.constantFrom('element' as const, 'repetition' as const, 'component' as const, 'segment' as const),
    char: fc.constantFrom(...ODD_CHARS),
  }),
  fc.record({
    kind: fc.constant('huge' as const),
    at: offset,
    length: fc.oneof(fc.integer({ min: 1000, max: 20000 }), fc.integer({ min: 100000, max: 300000 })),
    char: fc.constantFrom('9', 'A', '*', ':', ' ', '.', '~'),
  }),
  fc.record({ kind: fc.constant('nul' as const), at: offset, count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: offset, bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: offset, text: fc.string({ unit: 'binary', maxLength: 20 }) }),
  fc.record({ kind: fc.constant('lineBreaks' as const), newline: fc.constantFrom('', '\n', '\r\n', '\r', '\n\n') }),
);

/** Up to `max` mutations in a row. */
export function mutationsArb(max = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArb, { minLength: 1, maxLength: max });
}

/** Where the ISA says its delimiters are (byte offsets into a latin1 view), or undefined. */
export function isaLayout(s: string): { start: number; element: number; repetition: number; component: number; segment: number } | undefined {
  let i = 0;
  while (i < s.length && /[\s\uFEFF\u00ef\u00bb\u00bf]/.test(s[i])) i++;
  if (!s.startsWith('ISA', i) || i + 3 >= s.length) return undefined;
  const sep = s[i + 3];
  const seps: number[] = [];
  for (let p = i + 3; p < Math.min(s.length, i + 400) && seps.length < 16; p++) if (s[p] === sep) seps.push(p);
  if (seps.length < 16 || seps[15] + 2 >= s.length) return undefined;
  return { start: i, element: i + 3, repetition: seps[10] + 1, component: seps[15] + 1, segment: seps[15] + 2 };
}

/** Segment boundaries [start, end incl. terminator) of a latin1 view, by the ISA's terminator (else `~`). */
export function segmentBounds(s: string): [number, number][] {
  const layout = isaLayout(s);
  const term = layout ? s[layout.segment] : '~';
  const out: [number, number][] = [];
  let p = 0;
  while (p < s.length) {
    const k = s.indexOf(term, p);
    let end = k < 0 ? s.length : k + 1;
    while (end < s.length && (s[end] === '\n' || s[end] === '\r')) end++;
    out.push([p, end]);
    p = end;
  }
  return out;
}

/** Apply mutations to bytes. Text-level ones work on the latin1 view (one character per byte). */
export function applyMutations(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let s = bytes.toString('latin1');
  const at = (n: number, len = s.length): number => (len === 0 ? 0 : n % (len + 1));
  const asLatin1 = (t: string): string => Buffer.from(t, 'utf8').toString('latin1');
  for (const m of mutations) {
    switch (m.kind) {
      case 'flip': {
        if (s.length === 0) break;
        const i = m.at % s.length;
        s = s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ m.mask) + s.slice(i + 1);
        break;
      }
      case 'truncate':
        s = s.slice(0, at(m.at));
        break;
      case 'truncateSegment': {
        const segs = segmentBounds(s);
        if (segs.length === 0) break;
        const [a, b] = segs[m.segment % segs.length];
        s = s.slice(0, Math.min(b, a + m.inside));
        break;
      }
      case 'duplicateSegment': {
        const segs = segmentBounds(s);
        if (segs.length === 0) break;
        const [a, b] = segs[m.segment % segs.length];
        s = s.slice(0, b) + s.slice(a, b).repeat(m.times) + s.slice(b);
        break;
      }
      case 'removeSegment': {
        const segs = segmentBounds(s);
        if (segs.length === 0) break;
        const [a, b] = segs[m.segment % segs.length];
        s = s.slice(0, a) + s.slice(b);
        break;
      }
      case 'swapSegments': {
        const segs = segmentBounds(s);
        if (segs.length < 2) break;
        let i = m.a % segs.length;
        let j = m.b % segs.length;
        if (i === j) break;
        if (i > j) [i, j] = [j, i];
        const [a1, b1] = segs[i];
        const [a2, b2] = segs[j];
        s = s.slice(0, a1) + s.slice(a2, b2) + s.slice(b1, a2) + s.slice(a1, b1) + s.slice(b2);
        break;
      }
      case 'delimiterAt': {
        const i = at(m.at);
        s = s.slice(0, i) + asLatin1(m.char) + s.slice(i + 1);
        break;
      }
      case 'isaDelimiter': {
        const layout = isaLayout(s);
        if (!layout) break;
        const i = layout[m.which];
        s = s.slice(0, i) + asLatin1(m.char) + s.slice(i + 1);
        break;
      }
      case 'huge': {
        const i = at(m.at);
        s = s.slice(0, i) + m.char.repeat(m.length) + s.slice(i);
        break;
      }
      case 'nul': {
        const i = at(m.at);
        s = s.slice(0, i) + '\0'.repeat(m.count) + s.slice(i);
        break;
      }
      case 'bytes': {
        const i = at(m.at);
        s = s.slice(0, i) + String.fromCharCode(...m.bytes) + s.slice(i);
        break;
      }
      case 'insert': {
        const i = at(m.at);
        s = s.slice(0, i) + asLatin1(m.text) + s.slice(i);
        break;
      }
      case 'lineBreaks': {
        const layout = isaLayout(s);
        if (!layout) break;
        const term = s[layout.segment];
        if (term === '\n' || term === '\r') break;
        s = s
          .replace(/[\r\n]+/g, '')
          .split(term)
          .join(term + m.newline);
        break;
      }
    }
  }
  return Buffer.from(s, 'latin1');
}
