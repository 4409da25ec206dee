/**
 * A payer policy pack: clauses quoted from the payer's document plus the code tables the rules
 * read. Data, not code: other payers' packs use the same format (see policy.schema.json).
 */

export interface Clause {
  /** Stable id; rules cite clauses by id. */
  readonly id: string;
  readonly heading: string;
  /** The exact text quoted from the source document. */
  readonly text: string;
  /** e.g. "HNS Policy". */
  readonly source: string;
  /** ISO date the clause took effect. */
  readonly effectiveDate: string;
  /** The date as the source writes it ("Added 5/1/2019"); hovers show it when given. */
  readonly dateAsWritten?: string;
  readonly url: string;
}

/**
 * A set of codes: explicit codes, inclusive ranges of same-length codes compared as strings
 * (e.g. ["97010", "97799"]), and prefixes (for taxonomies such as "2251").
 */
export interface CodeSetData {
  readonly description: string;
  readonly codes?: readonly string[];
  readonly ranges?: readonly (readonly [string, string])[];
  readonly prefixes?: readonly string[];
}

export interface ProcedureInfo {
  /**
   * The descriptor the policy quotes, e.g. the AMA CPT 2019 text for 97124 — only where the
   * payer's own text quotes it: CPT descriptors need an AMA licence.
   */
  readonly descriptor?: string;
  readonly descriptorSource?: string;
  /** What the code is in the pack's own plain words (not a CPT descriptor), shown marked as such. */
  readonly label?: string;
  /** Clause ids that govern this code (shown in hovers). */
  readonly clauses?: readonly string[];
}

export interface ModifierInfo {
  readonly description: string;
  readonly clauses?: readonly string[];
}

export interface PolicyData {
  readonly id: string;
  readonly name: string;
  readonly payer: string;
  readonly source: string;
  readonly effectiveDate: string;
  /** The policy's date in its own words ("Added 5/1/2019"). */
  readonly dateAsWritten?: string;
  readonly clauses: readonly Clause[];
  /** Named code sets; the rules use the names listed in policy.schema.json. */
  readonly codeSets: Readonly<Record<string, CodeSetData>>;
  readonly procedures: Readonly<Record<string, ProcedureInfo>>;
  readonly modifiers: Readonly<Record<string, ModifierInfo>>;
  /** Numbers the rules use: minutesPerUnit, minimumMinutes, … (see the schema). */
  readonly limits: Readonly<Record<string, number>>;
}
