import type { Claim, ClaimDocument } from '../model/claim';
import type { FixKind, RelatedLocation, Severity, TextEdit } from '../model/finding';
import type { Span } from '../model/span';
import type { LintConfig } from '../config';
import type { Policy } from '../policy';
import type { PatientLines } from './patient-lines';

/** Rule metadata, in the spirit of ESLint's `meta` and markdownlint's rule objects. */
export interface RuleMeta {
  /** Public, stable, kebab-case id (CLI output, settings, docs). Never reused. */
  readonly id: string;
  readonly description: string;
  /** Clause ids this rule enforces; the first is the one findings cite by default. */
  readonly clauses: readonly string[];
  readonly defaultSeverity: Severity;
  /** messageId → template with `{{name}}` placeholders. */
  readonly messages: Readonly<Record<string, string>>;
  /** Kinds of fix this rule may offer ([] for none). */
  readonly fixKinds: readonly FixKind[];
  /** `reader`: reported by a document reader (structural), not by a check function. */
  readonly source?: 'reader';
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

export interface RuleContext {
  /**
   * The document being checked. In a batch lint of an X12 text the rules run while it is read
   * (see `lint()`): its `claims`, `problems` and `outline` then cover what has been read so far,
   * and reading `claims` reads them again each time. Rules should not need it beyond `format` and
   * `editor`.
   */
  readonly document: ClaimDocument;
  readonly policy: Policy;
  readonly config: LintConfig;
  report(report: Report): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Findings that depend on this one claim only (re-run for the claims an edit touched). */
  checkClaim?(claim: Claim, context: RuleContext): void;
  /**
   * File-wide facts (per patient, per date across claims), from the massage and therapy lines of
   * every claim (see {@link PatientLines}); re-run on every lint. The incremental linter hands it
   * the lines of the one patient an edit touched.
   */
  checkDocument?(lines: PatientLines, context: RuleContext): void;
}
