import type { Rule } from './types';
import { fhirStructure } from './fhir-structure';
import { tooManyFindings } from './too-many-findings';

/**
 * Rules whose findings come from the document readers (structure, not policy). They live in the
 * registry like any other rule so severities, docs and settings treat them alike.
 */
export const x12Syntax: Rule = {
  meta: {
    id: 'x12-syntax',
    description: 'The file cannot be read as X12 although its name or content says it should be.',
    clauses: [],
    defaultSeverity: 'error',
    source: 'reader',
    fixKinds: [],
    messages: {
      empty: 'The file is empty; an X12 837 interchange starts with an ISA segment.',
      noIsa: 'No ISA segment at the start of the file; an X12 interchange must begin with ISA.',
      isaLength: 'The ISA segment is {{actual}} characters long; it must be exactly 106 (fixed width).',
      delimiterClash: 'The ISA declares clashing delimiters ({{detail}}); the file cannot be split into segments.',
    },
  },
};

export const x12Envelope: Rule = {
  meta: {
    id: 'x12-envelope',
    description: 'Envelope counts and control numbers (SE, GE, IEA) must match what the file holds.',
    clauses: [],
    defaultSeverity: 'error',
    source: 'reader',
    fixKinds: ['fix'],
    messages: {
      segmentCount: 'SE01 says {{expected}} segments but the transaction set has {{actual}} (ST to SE inclusive).',
      controlNumberMismatch: '{{element}} is "{{actual}}" but must equal {{otherElement}} "{{expected}}".',
      groupCount: 'GE01 says {{expected}} transaction sets but the group has {{actual}}.',
      interchangeCount: 'IEA01 says {{expected}} functional groups but the interchange has {{actual}}.',
      missingTrailer: '{{segment}} is missing: the {{envelope}} is not closed (truncated file?).',
      outsideEnvelope: 'Segment {{segment}} stands outside any {{envelope}} envelope.',
      unexpectedSegment: 'Segment {{segment}} is not expected here ({{detail}}).',
      notAClaim: 'Transaction set {{actual}} is not an 837 health care claim; it is not checked.',
    },
  },
};

export const x12Delimiters: Rule = {
  meta: {
    id: 'x12-delimiters',
    description: 'The body must use the component separator the ISA declares (ISA16).',
    clauses: [],
    defaultSeverity: 'warning',
    source: 'reader',
    fixKinds: [],
    messages: {
      componentSeparator: 'ISA16 declares "{{declared}}" as the component separator but the segments use "{{used}}"; read with "{{used}}".',
    },
  },
};

export const formatUnsupported: Rule = {
  meta: {
    id: 'format-unsupported',
    description: 'The file is not a claim format claimlint reads (X12 837P/837I, FHIR R4 Claim in JSON or XML).',
    clauses: [],
    defaultSeverity: 'info',
    source: 'reader',
    fixKinds: [],
    messages: {
      unknown: 'Not a claim file claimlint can read (expected X12 837 or a FHIR R4 Claim); nothing was checked.',
      notClaim: 'The resource is a {{resourceType}}, not a Claim or a Bundle of Claims; nothing was checked.',
    },
  },
};

export const ruleError: Rule = {
  meta: {
    id: 'rule-error',
    description: 'A rule failed on this file; it was turned off for this file so the others still run.',
    clauses: [],
    defaultSeverity: 'warning',
    source: 'reader',
    fixKinds: [],
    messages: {
      crashed: 'Rule {{rule}} failed on this file and was skipped for it ({{error}}). Please report this.',
    },
  },
};

export const READER_RULES: readonly Rule[] = [x12Syntax, x12Envelope, x12Delimiters, formatUnsupported, ruleError, fhirStructure, tooManyFindings];
