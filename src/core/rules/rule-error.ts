import type { DocumentRule } from './types';

/** A rule that threw on a file: it is turned off for that file and this finding stands for its findings (reported by the rule runner). */
export const ruleError: DocumentRule = {
  meta: {
    id: 'rule-error',
    description: 'A rule failed on this file; it was turned off for this file so the others still run.',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      crashed: 'Rule {{rule}} failed on this file and was skipped for it ({{error}}). Please report this.',
    },
  },
};
