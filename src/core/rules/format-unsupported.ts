import type { DocumentRule } from './types';

/** A file that is not a claim format claimlint reads (reported when the format is detected). */
export const formatUnsupported: DocumentRule = {
  meta: {
    id: 'format-unsupported',
    description: 'The file is not a claim format claimlint reads (X12 837P/837I, FHIR R4 Claim in JSON or XML).',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      unknown: 'Not a claim file claimlint can read (expected X12 837 or a FHIR R4 Claim); nothing was checked.',
      notClaim: 'The resource is a {{resourceType}}, not a Claim or a Bundle of Claims; nothing was checked.',
    },
  },
};
