import type { DocumentFormat } from '../core/model/claim';
import type { Finding } from '../core/model/finding';
import type { LineIndex, Position } from '../core/model/span';
import type { CptDescriptors } from '../core/policy/descriptors';
import type { Policy } from '../core/policy';
import type { RuleMeta } from '../core/rules/types';

/** The outcome of linting one input: what every formatter renders. */
export interface FileResult {
  /** As given on the command line (or as expanded from a directory or glob); "-" for stdin. */
  readonly file: string;
  readonly format: DocumentFormat;
  readonly claims: number;
  /** Findings remaining (after fixes, when fixing), in document order. */
  readonly findings: readonly Finding[];
  /** Positions for the linted text (without BOM). */
  readonly lines: LineIndex;
  /** Fixes written to the file (0 unless --fix). */
  readonly fixesApplied: number;
}

/** Offsets to positions in a file (a LineIndex, or the line starts of a file not kept: LinePositions). */
export interface Positions {
  positionAt(offset: number): Position;
}

/** What formatters need besides the results. */
export interface FormatContext {
  readonly version: string;
  /** Every registered rule, in registry order. */
  readonly rules: readonly RuleMeta[];
  /** The policy findings were checked against (for clause citations). */
  readonly policy: Policy;
  /** Working directory: SARIF URIs are relative to it. */
  readonly cwd: string;
  /** The site's licensed CPT descriptors (--cpt-descriptors), for the text report's list of codes. */
  readonly descriptors?: CptDescriptors;
  /**
   * Line positions of another file a related location names (`RelatedLocation.file`: a patient's
   * history across files); undefined when the file cannot be read.
   */
  readonly linesOf?: (file: string) => Positions | undefined;
}

/**
 * A formatter: results in, the output text out in chunks (joined, they are the whole report), so
 * a large report is written as it is made (formatters/stream.ts).
 */
export type Formatter = (results: readonly FileResult[], context: FormatContext) => Iterable<string>;
