import type { DocumentRule } from './types';

/** Structural problems of X12 files: what keeps the text from being read at all (reported by the X12 reader). */
export const x12Syntax: DocumentRule = {
  meta: {
    id: 'x12-syntax',
    description: 'The file cannot be read as X12 although its name or content says it should be.',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      empty: 'The file is empty; an X12 837 interchange starts with an ISA segment.',
      noIsa: 'No ISA segment at the start of the file; an X12 interchange must begin with ISA.',
      isaLength: 'The ISA segment is {{actual}} characters long; it must be exactly 106 (fixed width).',
      delimiterClash: 'The ISA declares clashing delimiters ({{detail}}); the file cannot be split into segments.',
    },
  },
};
