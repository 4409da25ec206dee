import type { Claim, ClaimEditor, DocumentFormat } from '../model/claim';
import type { FixKind, RelatedLocation, Severity, TextEdit } from '../model/finding';
import type { Span } from '../model/span';
import type { LintConfig } from '../config';
import type { Policy } from '../policy';
import type { PatientFacts } from '../facts';
import type { CodeSetKind, CodeSets } from '../codesets';

/**
 * What a rule sees, and so what the editor checks again after an edit:
 * - `claim`: one claim at a time (`check(claim, context)`); after an edit, the claim it touched.
 * - `patient`: one patient's service lines across the document (`check(patient, context)`, see
 *   {@link PatientFacts}); after an edit, the patient of the claim it touched.
 * - `document`: findings the document's reader (structure) or the engine itself reports; such a
 *   rule has no check of its own, but settings, docs and severities treat it like any other.
 */
export type RuleScope = 'claim' | 'patient' | 'document';

/** Rule metadata, in the spirit of ESLint's `meta` and markdownlint's rule objects. */
export interface RuleMeta {
  /** Public, stable, kebab-case id (CLI output, settings, docs). Never reused. */
  readonly id: string;
  readonly description: string;
  readonly scope: RuleScope;
  /** Clause ids this rule enforces; the first is the one findings cite by default. */
  readonly clauses: readonly string[];
  readonly defaultSeverity: Severity;
  /** messageId → template with `{{name}}` placeholders. */
  readonly messages: Readonly<Record<string, string>>;
  /** Kinds of fix this rule may offer ([] for none). */
  readonly fixKinds: readonly FixKind[];
  /** Imported code sets the rule reads: it runs only when one of these kinds is installed. */
  readonly codeSets?: readonly CodeSetKind[];
  /**
   * Claim scope: whether the rule checks a void claim (frequency 8) too. A void bills nothing and
   * must match the claim it cancels, so rules about what is billed leave it alone (the default);
   * rules about the claim's form (code and diagnosis formats) check it, since a void with a
   * malformed element is rejected and the claim it was to cancel stands.
   */
  readonly checksVoidClaims?: boolean;
}

export interface FixProposal {
  readonly title: string;
  readonly kind: FixKind;
  /** null: the editor declined (unsafe); the proposal is dropped. */
  readonly edits: readonly TextEdit[] | null;
}

export interface Report {
  readonly messageId: string;
  readonly data?: Record<string, string | number>;
  readonly span: Span;
  /** Defaults to the rule's first clause. */
  readonly clause?: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly FixProposal[];
}

/** What a rule may read besides its claim or patient, and where it reports. */
export interface RuleContext {
  /** The document's format (an X12 837 variant or FHIR JSON/XML), for messages in the file's own terms. */
  readonly format: DocumentFormat;
  readonly policy: Policy;
  readonly config: LintConfig;
  /** The code sets the user imported (ICD-10-CM, HCPCS Level II); empty when none is. */
  readonly codeSets: CodeSets;
  /** Builds a fix's edits for the document's format; a method returns null when the change is not safe. */
  readonly editor: ClaimEditor;
  report(report: Report): void;
}

/** A rule about one claim at a time. */
export interface ClaimRule {
  readonly meta: RuleMeta & { readonly scope: 'claim' };
  check(claim: Claim, context: RuleContext): void;
}

/** A rule about one patient's service lines across the document (visits, units per date, same-date pairs). */
export interface PatientRule {
  readonly meta: RuleMeta & { readonly scope: 'patient' };
  check(patient: PatientFacts, context: RuleContext): void;
}

/** A rule whose findings the reader or the engine reports (structure, rule-error, too-many-findings). */
export interface DocumentRule {
  readonly meta: RuleMeta & { readonly scope: 'document' };
}

export type Rule = ClaimRule | PatientRule | DocumentRule;
