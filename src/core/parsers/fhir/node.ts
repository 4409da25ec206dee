import type { Field, Span } from '../../model/span';

/**
 * One FHIR element, the same shape for JSON and XML so the mapping to the claim model is written
 * once. Repeating elements are flattened: `item: [a, b]` (JSON) and `<item/><item/>` (XML) both
 * become two nodes under `children.get('item')`.
 */
export interface FhirNode {
  /** Property name (JSON) or local element name (XML); the resource type for a root resource. */
  readonly name: string;
  /** JSON: the value node (object, array entry, or the primitive token with its quotes). XML: the element. */
  readonly span: Span;
  /** JSON: `"key": value` (the array for repeated entries' first/last); XML: the element. */
  readonly propSpan: Span;
  /** The name as written: the JSON key inside its quotes, the XML tag name. Absent on a JSON root. */
  readonly nameSpan?: Span;
  readonly children: ReadonlyMap<string, readonly FhirNode[]>;
  /** Set on resources (JSON objects with `resourceType`, XML resource elements). */
  readonly resourceType?: string;
  /** Where the resource type is written: the `resourceType` value (JSON) or the tag name (XML). */
  readonly typeSpan?: Span;
  /** Primitive value, decoded (JSON string/number/boolean; XML `value` attribute). */
  readonly value?: string;
  /** The primitive as written (JSON without quotes; XML attribute text with entity references). */
  readonly raw?: string;
  /** Just the value: inside the quotes for strings, the token for numbers and booleans. */
  readonly valueSpan?: Span;
  /** JSON only: the array this node is an entry of. */
  readonly arraySpan?: Span;
  /** XML only: the namespace prefix of the element (`f` in `<f:item>`), '' when none. */
  readonly prefix?: string;
  /** Optional fast path for `children.get(name)?.[0]`, same answer. */
  first?(name: string): FhirNode | undefined;
  /** Optional fast path for {@link primitiveField}`(this, name)`, same answer, without a node for the primitive. */
  field?(name: string): Field<string> | undefined;
}

/** The first child named `name`. */
export function child(node: FhirNode | undefined, name: string): FhirNode | undefined {
  if (!node) return undefined;
  return node.first ? node.first(name) : node.children.get(name)?.[0];
}

/** All children named `name` (repeating elements). */
export function childrenOf(node: FhirNode | undefined, name: string): readonly FhirNode[] {
  return node?.children.get(name) ?? [];
}

/** Follow a path of first children, e.g. `path(item, 'quantity', 'value')`. */
export function path(node: FhirNode | undefined, ...names: string[]): FhirNode | undefined {
  let n = node;
  for (const name of names) n = child(n, name);
  return n;
}

/** The first child that is a primitive with a value. */
export function primitive(node: FhirNode | undefined, name: string): FhirNode | undefined {
  const c = child(node, name);
  return c && c.value !== undefined && c.valueSpan ? c : undefined;
}

/**
 * The first child named `name` as a string field when it is a primitive with a value: its value,
 * its text as written (the same string when they are equal) and its value span.
 */
export function primitiveField(node: FhirNode | undefined, name: string): Field<string> | undefined {
  if (!node) return undefined;
  if (node.field) return node.field(name);
  return fieldOf(primitive(node, name));
}

/** A primitive node as a string field (see {@link primitiveField}); undefined when it has no value. */
export function fieldOf(n: FhirNode | undefined): Field<string> | undefined {
  // Each property read once: a node may compute them on demand (the JSON reader's do).
  const value = n?.value;
  if (value === undefined) return undefined;
  const span = n!.valueSpan;
  if (!span) return undefined;
  const raw = n!.raw;
  return { value, raw: raw === undefined || raw === value ? value : raw, span };
}

/**
 * How the mapper reads a tree, for any kind of handle to a node: FhirNode objects
 * ({@link NODE_ACCESS}), or a reader's own handles (the JSON reader's tape records, so mapping a
 * large file makes no node objects). Each method answers what the FhirNode function or property
 * of the same name answers for the node the handle stands for.
 */
export interface FhirAccess<N> {
  child(n: N | undefined, name: string): N | undefined;
  childrenOf(n: N | undefined, name: string): readonly N[];
  primitiveField(n: N | undefined, name: string): Field<string> | undefined;
  fieldOf(n: N): Field<string> | undefined;
  span(n: N): Span;
  propSpan(n: N): Span;
  nameSpan(n: N): Span | undefined;
  arraySpan(n: N): Span | undefined;
  resourceType(n: N): string | undefined;
  typeSpan(n: N): Span | undefined;
  /** The node itself (what the editor keeps). */
  node(n: N): FhirNode;
}

export const NODE_ACCESS: FhirAccess<FhirNode> = {
  child,
  childrenOf,
  primitiveField,
  fieldOf,
  span: (n) => n.span,
  propSpan: (n) => n.propSpan,
  nameSpan: (n) => n.nameSpan,
  arraySpan: (n) => n.arraySpan,
  resourceType: (n) => n.resourceType,
  typeSpan: (n) => n.typeSpan,
  node: (n) => n,
};
