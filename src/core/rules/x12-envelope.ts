import type { DocumentRule } from './types';

/** Envelope counts and control numbers of X12 interchanges (reported by the X12 reader, with mechanical fixes). */
export const x12Envelope: DocumentRule = {
  meta: {
    id: 'x12-envelope',
    description: 'Envelope counts and control numbers (SE, GE, IEA) must match what the file holds.',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'error',
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
