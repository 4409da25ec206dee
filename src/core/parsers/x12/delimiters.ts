import type { ParseProblem } from '../../model/finding';

/** The four X12 delimiters, as read from the ISA segment. */
export interface Delimiters {
  /** ISA position 4: separates elements. */
  readonly element: string;
  /** ISA16: separates components of a composite element. */
  readonly component: string;
  /** ISA11 when it is a delimiter (5010); undefined when it is a standards id such as "U" (4010). */
  readonly repetition?: string;
  /** The character right after ISA16. */
  readonly segment: string;
}

export type DelimiterResult =
  | { readonly ok: true; readonly delimiters: Delimiters; readonly isaStart: number; readonly isaEnd: number; readonly problems: ParseProblem[] }
  | { readonly ok: false; readonly problems: ParseProblem[] };

/** Fixed length of the ISA segment, counting its terminator. */
export const ISA_LENGTH = 106;

/** Where the text really starts: after a BOM, blank lines and leading white space. */
export function contentStart(text: string): number {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else break;
  }
  return i;
}

function isAlphaNumeric(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

const syntax = (messageId: string, start: number, end: number, data?: Record<string, string | number>): ParseProblem => ({
  ruleId: 'x12-syntax',
  messageId,
  data,
  span: { start, end },
});

/**
 * Read the delimiters from the ISA header. The element separator is the character right after
 * "ISA"; ISA16 follows the 16th element separator and the segment terminator follows ISA16. An
 * ISA that is not 106 characters is reported but still read when its delimiters can be found.
 */
export function readDelimiters(text: string): DelimiterResult {
  const start = contentStart(text);
  if (start >= text.length) return { ok: false, problems: [syntax('empty', 0, 0)] };
  if (!text.startsWith('ISA', start)) {
    const lineEnd = text.slice(start, start + 200).search(/[\r\n]|$/);
    return { ok: false, problems: [syntax('noIsa', start, start + Math.max(0, Math.min(lineEnd, 3)))] };
  }
  const element = text.charAt(start + 3);
  if (!element || isAlphaNumeric(element) || element === ' ' || element === '\r' || element === '\n') {
    return { ok: false, problems: [syntax('delimiterClash', start, start + 3, { detail: `element separator "${element || 'none'}"` })] };
  }
  // Walk the 16 element separators; the header is short, so a bounded scan.
  let pos = start + 3;
  const seps: number[] = [];
  const limit = Math.min(text.length, start + 400);
  while (seps.length < 16 && pos < limit) {
    if (text.charAt(pos) === element) seps.push(pos);
    pos++;
  }
  if (seps.length < 16 || seps[15] + 2 >= text.length) {
    return { ok: false, problems: [syntax('isaLength', start, start + 3, { actual: Math.min(text.length, limit) - start })] };
  }
  const component = text.charAt(seps[15] + 1);
  const segment = text.charAt(seps[15] + 2);
  const isa11 = text.slice(seps[10] + 1, seps[11]);
  const repetition = isa11.length === 1 && !isAlphaNumeric(isa11) ? isa11 : undefined;
  const isaEnd = seps[15] + 2; // offset of the terminator
  const problems: ParseProblem[] = [];
  const length = isaEnd + 1 - start;
  if (length !== ISA_LENGTH) problems.push(syntax('isaLength', start, start + 3, { actual: length }));

  const named: [string, string | undefined][] = [
    ['element separator', element],
    ['component separator (ISA16)', component],
    ['repetition separator (ISA11)', repetition],
    ['segment terminator', segment],
  ];
  const present = named.filter((d): d is [string, string] => d[1] !== undefined);
  for (let i = 0; i < present.length; i++) {
    const [name, c] = present[i];
    if (!c || isAlphaNumeric(c) || c === ' ') {
      return { ok: false, problems: [syntax('delimiterClash', start, isaEnd + 1, { detail: `${name} "${c || 'none'}" is not a delimiter` })] };
    }
    for (let j = i + 1; j < present.length; j++) {
      if (present[j][1] === c) {
        return { ok: false, problems: [syntax('delimiterClash', start, isaEnd + 1, { detail: `${name} and ${present[j][0]} are both "${c}"` })] };
      }
    }
  }
  return { ok: true, delimiters: { element, component, repetition, segment }, isaStart: start, isaEnd, problems };
}
