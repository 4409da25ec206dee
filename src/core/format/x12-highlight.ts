import type { Delimiters } from '../parsers/x12';
import { tokenize } from '../parsers/x12';

/**
 * What a piece of X12 is, for colouring. The same kinds as the TextMate grammar
 * (syntaxes/x12.tmLanguage.json), which package.json maps them to (`semanticTokenScopes`), but
 * found with the delimiters the ISA declares: a grammar only knows the usual `~ * : ^`.
 */
export const X12_TOKEN_TYPES = [
  'x12Segment',
  'x12ElementSeparator',
  'x12ComponentSeparator',
  'x12RepetitionSeparator',
  'x12Terminator',
  'x12Qualifier',
  'x12Number',
  'x12Date',
  'x12ProcedureQualifier',
  'x12ProcedureCode',
  'x12Modifier',
  'x12RevenueCode',
] as const;

export type X12TokenType = (typeof X12_TOKEN_TYPES)[number];

/** One coloured piece: text[start, start + length). */
export interface X12Token {
  readonly start: number;
  readonly length: number;
  readonly type: X12TokenType;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const DATE = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:-(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const QUALIFIER = /^[A-Z][A-Z0-9]{0,2}$/;
const PROCEDURE_QUALIFIER = /^[A-Z0-9]{2}$/;
const PROCEDURE_CODE = /^[A-Z0-9]{5}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
const REVENUE_CODE = /^\d{4}$/;

/** Which element of which segment holds a composite procedure (SV1-01, SV2-02) or the revenue code (SV2-01). */
function role(segmentId: string, element: number): 'procedure' | 'revenue' | undefined {
  if ((segmentId === 'SV1' && element === 1) || (segmentId === 'SV2' && element === 2)) return 'procedure';
  if (segmentId === 'SV2' && element === 1) return 'revenue';
  return undefined;
}

function plain(piece: string): X12TokenType | undefined {
  if (DATE.test(piece)) return 'x12Date';
  if (NUMBER.test(piece)) return 'x12Number';
  if (QUALIFIER.test(piece)) return 'x12Qualifier';
  return undefined;
}

/**
 * The components of a composite procedure, as the grammar's `procedure` rule reads them: an
 * optional two-character qualifier, a five-character code, then modifiers. Undefined when the
 * composite does not start that way (its pieces are then coloured like any other element's).
 */
function procedureParts(composite: string, component: string): (X12TokenType | undefined)[] | undefined {
  const pieces = composite.split(component);
  const qualified = pieces.length > 1 && PROCEDURE_QUALIFIER.test(pieces[0]) && PROCEDURE_CODE.test(pieces[1]);
  if (!qualified && !PROCEDURE_CODE.test(pieces[0])) return undefined;
  const head: X12TokenType[] = qualified ? ['x12ProcedureQualifier', 'x12ProcedureCode'] : ['x12ProcedureCode'];
  // A modifier position holding anything but two letters or digits gets no colour, as in the grammar.
  return [...head, ...pieces.slice(head.length, head.length + 4).map((p) => (MODIFIER.test(p) ? ('x12Modifier' as const) : undefined))];
}

/** What the `piece`-th component of element `element` of a segment is; `procedure`: the parts of a composite procedure there. */
function classify(
  segmentId: string,
  element: number,
  piece: number,
  value: string,
  delimiters: Delimiters,
  procedure: readonly (X12TokenType | undefined)[] | undefined,
): X12TokenType | undefined {
  if (segmentId === 'ISA') {
    // ISA11 (5010) and ISA16 hold the repetition and component separators themselves.
    if (element === 11 && value === delimiters.repetition) return 'x12RepetitionSeparator';
    if (element === 16 && value === delimiters.component) return 'x12ComponentSeparator';
  }
  const kind = role(segmentId, element);
  if (kind === 'procedure' && procedure && piece < procedure.length) return procedure[piece];
  if (kind === 'revenue' && REVENUE_CODE.test(value)) return 'x12RevenueCode';
  return plain(value);
}

/**
 * The coloured pieces of the segments that start in text[from, to): segment ids, the four kinds
 * of delimiter as the ISA declares them, and each element's (or component's) value when it is a
 * date, a number, a short qualifier, or in SV1/SV2 a procedure code, its modifiers or a revenue
 * code. `from` must be where a segment starts (or white space before one). In document order,
 * never overlapping; text the grammar would not colour gets no token.
 */
export function x12Tokens(text: string, delimiters: Delimiters, from = 0, to = text.length): X12Token[] {
  const segments = tokenize(text, delimiters, from, to);
  const { element, component, repetition, segment: terminator } = delimiters;
  const out: X12Token[] = [];
  const push = (start: number, length: number, type: X12TokenType | undefined): void => {
    if (type && length > 0) out.push({ start, length, type });
  };
  for (let i = 0; i < segments.count; i++) {
    const start = segments.start(i);
    const end = segments.end(i);
    const id = segments.id(i);
    if (SEGMENT_ID.test(id)) push(start, id.length, 'x12Segment');
    let elementIndex = 0;
    let piece = 0;
    let pieceStart = start + id.length;
    let procedure: (X12TokenType | undefined)[] | undefined;
    const isaHeader = id === 'ISA';
    for (let k = pieceStart; k <= end; k++) {
      const c = k < end ? text.charAt(k) : '';
      const isElement = c === element;
      // The ISA's own ISA11 and ISA16 hold the delimiters as data: colour them as what they are.
      const isComponent = c === component && !(isaHeader && elementIndex === 16);
      const isRepetition = repetition !== undefined && c === repetition && !(isaHeader && elementIndex === 11);
      if (k < end && !isElement && !isComponent && !isRepetition) continue;
      if (k > pieceStart && elementIndex > 0) {
        push(pieceStart, k - pieceStart, classify(id, elementIndex, piece, text.slice(pieceStart, k), delimiters, procedure));
      }
      if (k === end) break;
      if (isElement) {
        elementIndex++;
        piece = 0;
        if (role(id, elementIndex) === 'procedure') {
          const next = text.indexOf(element, k + 1);
          procedure = procedureParts(text.slice(k + 1, next < 0 || next > end ? end : next), component);
        }
      } else {
        piece++;
      }
      push(k, 1, isElement ? 'x12ElementSeparator' : isComponent ? 'x12ComponentSeparator' : 'x12RepetitionSeparator');
      pieceStart = k + 1;
    }
    if (text.charAt(end) === terminator) push(end, 1, 'x12Terminator');
  }
  return out;
}
