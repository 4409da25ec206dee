import type { Rule } from './types';
import { READER_RULES } from './reader-rules';

/**
 * The explicit rule registry. Order is the order findings are reported in for equal positions.
 * Retired ids stay here as comments so nobody reuses them.
 */
export const POLICY_RULES: readonly Rule[] = [];

export const RULES: readonly Rule[] = [...READER_RULES, ...POLICY_RULES];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

/** Path of the rule's documentation page, relative to the package root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
