import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import type { Span } from '../../model/span';
import type { FhirNode } from '../fhir/node';
import { MAX_NESTING } from '../limits';

/** Why a JSON text gave no tree: the `fhir-structure` message id, where, and its data. */
export interface JsonProblem {
  readonly messageId: 'invalidJson' | 'duplicateKey' | 'tooDeep';
  readonly span: Span;
  readonly data: Record<string, string | number>;
}

/** A node while it is read: `span.end` and `propSpan.end` (and an entry's `arraySpan`) are set at its end. */
interface Building {
  name: string;
  span: { start: number; end: number };
  propSpan: { start: number; end: number };
  nameSpan?: Span;
  arraySpan?: Span;
  children: Map<string, FhirNode[]>;
  resourceType?: string;
  typeSpan?: Span;
  value?: string;
  raw?: string;
  valueSpan?: Span;
}

/** An open object. `node` is undefined inside a part that is not kept (see {@link readJsonNodes}). */
interface ObjectFrame {
  readonly kind: 'object';
  readonly node: Building | undefined;
  /** Where the node goes at its end: its parent (undefined for the root). */
  readonly parent: Frame | undefined;
  /** The property whose value comes next (undefined when it is not kept). */
  key?: string;
  keySpan?: Span;
  /** Offset of that property's key (its opening quote): the start of its propSpan. */
  keyStart: number;
}

/** An open array. `entries` is undefined when its content is not kept. */
interface ArrayFrame {
  readonly kind: 'array';
  readonly start: number;
  readonly entries: Building[] | undefined;
  /** The property name the entries are under, and where it is written. */
  readonly name: string;
  readonly nameSpan?: Span;
  /** The object whose property value this array is. */
  readonly owner?: ObjectFrame;
  /** The kept array this array is an entry of (it becomes an entry without children). */
  readonly entryOf?: ArrayFrame;
}

type Frame = ObjectFrame | ArrayFrame;

class Stop extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.messageId);
  }
}

/**
 * Read FHIR JSON into {@link FhirNode}s through jsonc-parser's visitor: jsonc-parser scans the text
 * and reports every token with its offset; this only builds the nodes. Strict JSON (no comments,
 * no trailing commas). Strings get the span inside their quotes, so a range covers just `97124`;
 * numbers and booleans get their token. Keys starting with `_` (primitive extensions) are skipped,
 * and an array within an array becomes an entry without children. The first syntax error, then
 * the first property given twice in one object, is the problem returned; nesting deeper than
 * {@link MAX_NESTING} stops the reading at once. Linear in the text, a constant amount of stack.
 */
export function readJsonNodes(text: string): { root: FhirNode } | { problem: JsonProblem } {
  // A BOM becomes a space of the same length, so offsets stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const stack: Frame[] = [];
  let root: Building | undefined;
  /** What the top-level value is, and where (for "not an object"). */
  let top: { kind: 'object' | 'other'; span: Span } | undefined;
  let syntaxError: JsonProblem | undefined;
  let duplicate: JsonProblem | undefined;

  /** A node for a value starting at `start`, named and placed by the frame it is in; undefined when not kept. */
  const open = (parent: Frame | undefined, start: number): Building | undefined => {
    const at = { start, end: start };
    if (!parent) return { name: '', span: at, propSpan: { start, end: start }, children: new Map() };
    if (parent.kind === 'object') {
      if (!parent.node || parent.key === undefined) return undefined;
      return { name: parent.key, span: at, propSpan: { start: parent.keyStart, end: start }, nameSpan: parent.keySpan, children: new Map() };
    }
    if (!parent.entries) return undefined;
    return { name: parent.name, span: at, propSpan: { start, end: start }, nameSpan: parent.nameSpan, children: new Map() };
  };

  /** A finished value goes into its object's children, its array's entries, or is the root. */
  const close = (node: Building, parent: Frame | undefined, end: number): void => {
    node.span.end = end;
    node.propSpan.end = end;
    if (!parent) root = node;
    else if (parent.kind === 'object') {
      parent.node!.children.set(node.name, [node as FhirNode]);
      parent.key = undefined;
    } else parent.entries!.push(node);
  };

  const enter = (offset: number): void => {
    if (stack.length >= MAX_NESTING) {
      throw new Stop({ messageId: 'tooDeep', span: { start: offset, end: offset + 1 }, data: { max: MAX_NESTING } });
    }
  };

  try {
    visit(
      source,
      {
        onObjectBegin(offset) {
          enter(offset);
          const parent = stack[stack.length - 1];
          if (!parent) top ??= { kind: 'object', span: { start: offset, end: offset } };
          stack.push({ kind: 'object', node: open(parent, offset), parent, keyStart: offset });
        },
        onObjectProperty(property, offset, length) {
          const frame = stack[stack.length - 1] as ObjectFrame;
          frame.keyStart = offset;
          frame.key = undefined;
          if (!frame.node || property.startsWith('_')) return;
          const keySpan = { start: offset + 1, end: offset + length - 1 };
          if (!duplicate && frame.node.children.has(property)) duplicate = { messageId: 'duplicateKey', span: keySpan, data: { length: property.length } };
          frame.key = property;
          frame.keySpan = keySpan;
        },
        onObjectEnd(offset) {
          const frame = stack.pop() as ObjectFrame;
          const node = frame.node;
          if (!node) return;
          const type = node.children.get('resourceType')?.[0];
          if (type) {
            if (text.charCodeAt(type.span.start) === 34) node.resourceType = type.value;
            node.typeSpan = type.valueSpan;
          }
          close(node, frame.parent, offset + 1);
        },
        onArrayBegin(offset) {
          enter(offset);
          const parent = stack[stack.length - 1];
          if (!parent) {
            top ??= { kind: 'other', span: { start: offset, end: offset } };
            stack.push({ kind: 'array', start: offset, entries: undefined, name: '' });
          } else if (parent.kind === 'object' && parent.node && parent.key !== undefined) {
            stack.push({ kind: 'array', start: offset, entries: [], name: parent.key, nameSpan: parent.keySpan, owner: parent });
          } else if (parent.kind === 'array' && parent.entries) {
            stack.push({ kind: 'array', start: offset, entries: undefined, name: '', entryOf: parent });
          } else {
            stack.push({ kind: 'array', start: offset, entries: undefined, name: '' });
          }
        },
        onArrayEnd(offset) {
          const frame = stack.pop() as ArrayFrame;
          const span = { start: frame.start, end: offset + 1 };
          if (stack.length === 0 && top) top = { kind: top.kind, span };
          if (frame.owner && frame.entries) {
            for (const e of frame.entries) e.arraySpan = span;
            frame.owner.node!.children.set(frame.name, frame.entries as FhirNode[]);
            frame.owner.key = undefined;
          } else if (frame.entryOf) {
            const into = frame.entryOf;
            into.entries!.push({ name: into.name, span, propSpan: span, nameSpan: into.nameSpan, children: new Map() });
          }
        },
        onLiteralValue(value: unknown, offset, length) {
          const end = offset + length;
          const parent = stack[stack.length - 1];
          if (!parent) {
            top ??= { kind: 'other', span: { start: offset, end } };
            return;
          }
          const node = open(parent, offset);
          if (!node) return;
          if (typeof value === 'string') {
            node.value = value;
            node.raw = text.slice(offset + 1, end - 1);
            node.valueSpan = { start: offset + 1, end: end - 1 };
          } else if (value !== null) {
            const raw = text.slice(offset, end);
            node.value = raw;
            node.raw = raw;
            node.valueSpan = { start: offset, end };
          }
          close(node, parent, end);
        },
        onError(error: ParseErrorCode, offset, length) {
          syntaxError ??= { messageId: 'invalidJson', span: { start: offset, end: offset + length }, data: { detail: printParseErrorCode(error) } };
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch (err) {
    if (err instanceof Stop) return { problem: err.problem };
    throw err;
  }
  if (syntaxError) return { problem: syntaxError };
  if (!top) return { problem: { messageId: 'invalidJson', span: { start: 0, end: 0 }, data: { detail: 'empty document' } } };
  if (top.kind !== 'object' || !root) return { problem: { messageId: 'invalidJson', span: top.span, data: { detail: 'not an object' } } };
  if (duplicate) return { problem: duplicate };
  return { root: root as FhirNode };
}
