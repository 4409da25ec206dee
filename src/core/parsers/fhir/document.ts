import type { ClaimDocument, ClaimEditor, DocumentFormat } from '../../model/claim';
import type { Span } from '../../model/span';
import { createFhirEditor, type FhirSyntax } from './editor';
import { FHIR_STRUCTURE, mapFhirWith } from './map';
import { NODE_ACCESS, type FhirAccess, type FhirNode } from './node';

/** The editor of a FHIR document with no claims read: every change is declined. */
export const NO_FHIR_EDITOR: ClaimEditor = {
  appendModifier: () => null,
  putModifier: () => null,
  removeModifiers: () => null,
  setUnits: () => null,
  setQuantity: () => null,
  removeLine: () => null,
  removeLines: () => null,
  setDiagnosisCode: () => null,
};

/** A document that could not be read at all: one `fhir-structure` problem, no claims. */
export function failed(text: string, format: DocumentFormat, messageId: string, at: Span, data?: Record<string, string | number>): ClaimDocument {
  return {
    format,
    text,
    claims: [],
    problems: [{ ruleId: FHIR_STRUCTURE, messageId, span: at, data }],
    editor: NO_FHIR_EDITOR,
    outline: [],
  };
}

/** The claim document for a FHIR resource tree, however it was encoded. */
export function fhirDocument(format: DocumentFormat, text: string, root: FhirNode, syntax: () => FhirSyntax): ClaimDocument {
  return fhirDocumentWith(format, text, NODE_ACCESS, root, syntax);
}

/** {@link fhirDocument} for a tree read through `a`. */
export function fhirDocumentWith<N>(format: DocumentFormat, text: string, a: FhirAccess<N>, root: N, syntax: () => FhirSyntax): ClaimDocument {
  const mapped = mapFhirWith(a, root);
  return {
    format,
    text,
    claims: mapped.claims,
    problems: mapped.problems,
    editor: mapped.claims.length > 0 ? createFhirEditor(syntax(), mapped.sources) : NO_FHIR_EDITOR,
    get outline() {
      return mapped.outline();
    },
  };
}
