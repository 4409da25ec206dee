import type { DocumentRule } from './types';

/** A component separator in the body other than the one ISA16 declares (reported by the X12 reader). */
export const x12Delimiters: DocumentRule = {
  meta: {
    id: 'x12-delimiters',
    description: 'The body must use the component separator the ISA declares (ISA16).',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      componentSeparator: 'ISA16 declares "{{declared}}" as the component separator but the segments use "{{used}}"; read with "{{used}}".',
    },
  },
};
