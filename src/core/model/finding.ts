import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Replace the text at `span` (which may be empty, an insertion) with `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/**
 * `fix`: mechanical, safe to apply unattended (fix-all, `--fix`, format on save).
 * `suggestion`: changes what is billed; a person applies it one at a time.
 */
export type FixKind = 'fix' | 'suggestion';

export interface Fix {
  readonly title: string;
  readonly kind: FixKind;
  readonly edits: readonly TextEdit[];
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
  /**
   * The file the location is in, when it is not the finding's own: a patient's history across
   * files (docs/patient-history.md). The name the caller gave the file (the CLI: as it shows paths).
   */
  readonly file?: string;
}

/** One problem the engine reports. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly messageId: string;
  /** The full message: the filled template plus the clause it enforces. */
  readonly message: string;
  /** The data the template was filled with (code, numbers …), for adapters and tests. */
  readonly data: Readonly<Record<string, string | number>>;
  /** Clause id in the policy; undefined only for structural findings without a clause. */
  readonly clause?: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
}

/** A structural problem found by a reader; the engine turns it into a Finding of `ruleId`. */
export interface ParseProblem {
  readonly ruleId: string;
  readonly messageId: string;
  readonly data?: Record<string, string | number>;
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}
