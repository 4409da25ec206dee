import type { Field, Span } from './span';
import type { TextEdit } from './finding';
import type { ParseProblem } from './finding';

/**
 * The claim model every rule reads. One model for all formats: the X12 837 reader and the FHIR
 * readers fill it, each field carrying the exact span it was read from.
 */

export type DocumentFormat = 'x12-837p' | 'x12-837i' | 'fhir-json' | 'fhir-xml' | 'unknown';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['x12-837p', 'x12-837i', 'fhir-json', 'fhir-xml', 'unknown'];

/** "One patient": the member id when there is one, else name + birth date. */
export interface Patient {
  /** Stable grouping key, e.g. `id:123456789A` or `name:DOE^JOHN^1926-11-11`. */
  readonly key: string;
  readonly memberId?: string;
  readonly lastName?: string;
  readonly firstName?: string;
  /** ISO date (YYYY-MM-DD). */
  readonly birthDate?: string;
  /** X12: 2010BA (subscriber is the patient) or 2010CA; FHIR: `Claim.patient`. */
  readonly loopId: string;
  readonly span?: Span;
}

export interface Diagnosis {
  /** 1-based position on the claim: what SV107 pointers and FHIR diagnosisSequence refer to. */
  readonly sequence: number;
  /** The code as written, without the qualifier (e.g. "M5450" or "M54.50"). */
  readonly code: Field<string>;
  /** X12 qualifier (ABK principal, ABF other, BK, BF …) or the FHIR coding system. */
  readonly qualifier: string;
  readonly span: Span;
}

export interface ProcedureCode {
  /** The whole composite (X12 SV1-01 / SV2-02) or the FHIR productOrService element. */
  readonly span: Span;
  /** HC, ER, IV, WK … or the FHIR coding system. */
  readonly qualifier?: Field<string>;
  readonly code: Field<string>;
  /** Up to four modifiers, in order. */
  readonly modifiers: readonly Field<string>[];
}

export interface ServiceLine {
  /** `2400` for X12, `item` for FHIR. */
  readonly loopId: string;
  /** The whole service line: LX up to the next LX/CLM/HL/SE, or the FHIR item. */
  readonly span: Span;
  /** LX01 or item.sequence. */
  readonly number?: Field<number>;
  /** The SV1 / SV2 segment (X12 only); the item for FHIR. */
  readonly serviceSpan: Span;
  /** 837I SV2-01. */
  readonly revenueCode?: Field<string>;
  readonly procedure?: ProcedureCode;
  readonly charge?: Field<number>;
  /** UN (units), MJ (minutes), DA (days), F2 …; FHIR "min" maps to MJ, anything else to UN. */
  readonly unitBasis?: Field<string>;
  /** NaN when the text is not a number. */
  readonly quantity?: Field<number>;
  /** 1-based diagnosis sequences (SV1-07 components, FHIR diagnosisSequence). */
  readonly diagnosisPointers: readonly Field<number>[];
  /** Where pointers are or would be written (SV1-07, diagnosisSequence); absent if the format has none. */
  readonly diagnosisPointersSpan?: Span;
  /** False for 837I, whose lines carry no pointers: every claim diagnosis applies. */
  readonly hasPointerElement: boolean;
  /** ISO date of service: the line's own (DTP*472, servicedDate) or else the claim's. */
  readonly serviceDate?: Field<string>;
  /** Line-level rendering taxonomy (2420A PRV*PE); the claim level is on the claim. */
  readonly renderingTaxonomy?: Field<string>;
}

export interface Claim {
  /** `2300` for X12, `Claim` for FHIR. */
  readonly loopId: string;
  /** From CLM to the last segment of the claim's loops, or the FHIR Claim resource. */
  readonly span: Span;
  /** CLM-01 patient control number or Claim.id / identifier. */
  readonly id: Field<string>;
  /** CLM-02 or Claim.total. */
  readonly totalCharge?: Field<number>;
  /** CLM-05-1 facility code (837P place of service, 837I facility type). */
  readonly placeOfService?: Field<string>;
  /** CLM-05-3 claim frequency type code: 1 original, 7 replacement, 8 void (X12 only for now). */
  readonly frequencyCode?: Field<string>;
  readonly diagnoses: readonly Diagnosis[];
  /** Claim-level service date (DTP*472 in 2300, or the start of DTP*434 in 837I). */
  readonly serviceDate?: Field<string>;
  readonly patient: Patient;
  /** Claim-level rendering taxonomy (2310B PRV*PE) or attending (837I 2310A PRV*AT). */
  readonly renderingTaxonomy?: Field<string>;
  readonly billingProviderName?: string;
  /** The billing provider's identifier (X12 NM109 of 2010AA NM1*85, usually the NPI). */
  readonly billingProviderId?: string;
  readonly lines: readonly ServiceLine[];
}

/** An outline node: interchange → transaction → claim → service line (document symbols, folding). */
export interface OutlineNode {
  readonly kind: 'interchange' | 'group' | 'transaction' | 'claim' | 'line' | 'bundle';
  readonly label: string;
  readonly detail?: string;
  readonly span: Span;
  /** The span to reveal/select (e.g. the CLM segment id). */
  readonly selectionSpan: Span;
  readonly children: OutlineNode[];
}

/**
 * Format-specific edit builders. Rules ask for edits through this interface so one rule works
 * for every format. A method returns `null` when it cannot make the change safely (e.g. four
 * modifiers already taken, removing the only line of a claim); the rule then offers no fix.
 */
export interface ClaimEditor {
  /** Append a modifier in the next free position. */
  appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null;
  /** Bill the line in units: unit basis UN and the given quantity. */
  setUnits(line: ServiceLine, units: number): TextEdit[] | null;
  /** Change the quantity only (basis unchanged). */
  setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null;
  /**
   * Remove a service line and keep the document consistent: later line numbers shift down,
   * the claim total drops by the line charge, segment counts are recounted.
   */
  removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null;
}

/** What a reader returns for one document. */
export interface ClaimDocument {
  readonly format: DocumentFormat;
  readonly text: string;
  readonly claims: readonly Claim[];
  /** Structural problems found while reading (x12-syntax, x12-envelope, fhir-*). */
  readonly problems: readonly ParseProblem[];
  readonly editor: ClaimEditor;
  readonly outline: readonly OutlineNode[];
}
