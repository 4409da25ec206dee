import type { Field, Span } from './span';
import type { TextEdit } from './finding';
import type { ParseProblem } from './finding';

/**
 * The claim model every rule reads. One model for all formats: the X12 837 reader and the FHIR
 * readers fill it, each field carrying the exact span it was read from.
 */

export type DocumentFormat = 'x12-837p' | 'x12-837i' | 'fhir-json' | 'fhir-xml' | 'unknown';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['x12-837p', 'x12-837i', 'fhir-json', 'fhir-xml', 'unknown'];

/**
 * "One patient" (docs/patient-identity.md): in X12 the payer's member, or a dependent under a
 * member; in FHIR the person `Claim.patient` names.
 */
export interface Patient {
  /**
   * Stable grouping key (made in patient-key.ts), e.g. `id:99999|123456789A` (payer | member id),
   * `dep:99999|123456789A|DOE^JIMMY^2010-02-03` (a dependent), `ref:Patient/1`.
   */
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
  /** True when the line names its own rendering provider (X12 2420A NM1*82), with or without a taxonomy. */
  readonly namesRenderingProvider?: boolean;
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
  /**
   * The claim frequency: X12 CLM05-3 (1 original, 7 replacement, 8 void). FHIR has no such element:
   * a Claim whose `status` is `cancelled` or `entered-in-error` reads as 8 (at its status), one with
   * a `related` claim of relationship `prior` as 7 (at that relationship's code).
   */
  readonly frequencyCode?: Field<string>;
  /**
   * The earlier claims a replacement (7) or void (8) supersedes, by the ids they are known by: X12
   * names none (a replacement matches its own CLM01); FHIR names those of `related` entries with
   * relationship `prior` (the reference as written and its Claim id, the identifier's value).
   */
  readonly replaces?: readonly string[];
  /** Other ids the claim is known by, besides {@link id} (FHIR: the resource id when `id` is the identifier, the Bundle entry's `fullUrl`). */
  readonly aliases?: readonly string[];
  readonly diagnoses: readonly Diagnosis[];
  /** Claim-level service date (DTP*472 in 2300, or the start of DTP*434 in 837I). */
  readonly serviceDate?: Field<string>;
  /** The end of the statement period (837I DTP*434 RD8 after the dash; FHIR billablePeriod.end): an inpatient stay's discharge. */
  readonly throughDate?: Field<string>;
  readonly patient: Patient;
  /** Claim-level rendering taxonomy (2310B PRV*PE) or attending (837I 2310A PRV*AT). */
  readonly renderingTaxonomy?: Field<string>;
  /** True when the claim names a rendering (or attending) provider of its own (X12 2310B NM1*82, 837I NM1*71), with or without a taxonomy. */
  readonly namesRenderingProvider?: boolean;
  /**
   * The billing provider's taxonomy: X12 2000A PRV*BI; FHIR the taxonomy of a contained
   * Practitioner, PractitionerRole or Organization that `Claim.provider` points at. It stands for
   * the rendering provider when the claim and the line name none (5010 leaves 2310B out when the
   * billing provider renders the service).
   */
  readonly billingTaxonomy?: Field<string>;
  readonly billingProviderName?: string;
  /** The billing provider's identifier (X12 NM109 of 2010AA NM1*85, usually the NPI). */
  readonly billingProviderId?: string;
  readonly lines: readonly ServiceLine[];
}

/**
 * The taxonomy of the provider who rendered a line, and where it was read: the line's own (2420A),
 * the claim's (2310B, 837I attending), or — when neither the line nor the claim names a rendering
 * provider — the billing provider's (2000A PRV*BI). Undefined when a rendering provider is named
 * without a taxonomy, or none is known.
 */
export function renderingTaxonomyOf(claim: Claim, line: ServiceLine): { taxonomy: Field<string>; from: 'line' | 'claim' | 'billing' } | undefined {
  if (line.renderingTaxonomy) return { taxonomy: line.renderingTaxonomy, from: 'line' };
  if (line.namesRenderingProvider) return undefined;
  if (claim.renderingTaxonomy) return { taxonomy: claim.renderingTaxonomy, from: 'claim' };
  if (claim.namesRenderingProvider || !claim.billingTaxonomy) return undefined;
  return { taxonomy: claim.billingTaxonomy, from: 'billing' };
}

/**
 * A void claim (frequency 8: X12 CLM05-3, FHIR status cancelled or entered-in-error) bills nothing:
 * claim-scoped rules about billing skip it (RuleMeta.checksVoidClaims), and patient-scoped rules
 * never count it (facts.ts).
 */
export function isVoidClaim(claim: Claim): boolean {
  const f = claim.frequencyCode?.value;
  return f !== undefined && (f === '8' || f.trim() === '8');
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
 * Where a service line is, as the line facts keep it ({@link ServiceLine.serviceSpan} and
 * {@link ProcedureCode.span}): enough for an editor to find the line again by position, in the
 * text the spans are of. A patient-scoped rule, which sees facts and not claims, edits through it.
 */
export interface LinePosition {
  /** The service segment (X12 SV1/SV2) or the FHIR item. */
  readonly service: Span;
  /** The procedure composite (X12 SV1-01 / SV2-02) or the FHIR productOrService. */
  readonly procedure: Span;
}

/**
 * Format-specific edit builders. Rules ask for edits through this interface so one rule works
 * for every format. A method returns `null` when it cannot make the change safely (e.g. four
 * modifiers already taken, removing the only line of a claim); the rule then offers no fix.
 * Lines are found by position (their spans in this document's text), never by object identity.
 */
export interface ClaimEditor {
  /** Append a modifier in the next free position. */
  appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null;
  /**
   * Give the line at `at` the modifier `modifier`: in place of the first of `replace` it carries
   * (dropping any other of `replace`), else appended in the next free position. Never a fifth
   * modifier: null when all four are taken and none is to be replaced.
   */
  putModifier(at: LinePosition, modifier: string, replace: readonly string[]): TextEdit[] | null;
  /**
   * Take every modifier of `modifiers` off the line at `at`; those after one move up. Null when the
   * line carries none of them or would be left with no modifier (the caller keeps one).
   */
  removeModifiers(at: LinePosition, modifiers: readonly string[]): TextEdit[] | null;
  /** Bill the line in units: unit basis UN and the given quantity. */
  setUnits(line: ServiceLine, units: number): TextEdit[] | null;
  /** Change the quantity only (basis unchanged). */
  setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null;
  /**
   * Remove a service line and keep the document consistent: later line numbers shift down,
   * the claim total drops by the line charge, segment counts are recounted.
   */
  removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null;
  /** {@link removeLine} for several lines of one claim at once (null when that would leave the claim without a line). */
  removeLines(claim: Claim, lines: readonly ServiceLine[]): TextEdit[] | null;
  /** Replace a diagnosis code's text (X12 HI component, FHIR coding code) with `code`. */
  setDiagnosisCode(diagnosis: Diagnosis, code: string): TextEdit[] | null;
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
