import type { DocumentRule } from './types';

/**
 * The summary finding of `capFindings`: a file has more findings than the configured cap (the
 * editor's diagnostics limit), so only the first ones are shown, errors first.
 */
export const tooManyFindings: DocumentRule = {
  meta: {
    id: 'too-many-findings',
    description: 'The file has more findings than the per-file limit; only the first ones are shown, errors first.',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      capped: '{{count}} more findings are not shown ({{omitted}}): {{total}} in all, the limit is {{max}} per file. Fix the ones shown or raise the limit.',
    },
  },
};
