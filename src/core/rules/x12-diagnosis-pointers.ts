import type { ClaimRule } from './types';

/** SV1-07 (composite diagnosis code pointer) holds at most four pointers. */
const MAX_POINTERS = 4;

export const x12DiagnosisPointers: ClaimRule = {
  meta: {
    id: 'x12-diagnosis-pointers',
    description: 'An X12 837P service line points at no more than four diagnoses (SV1-07).',
    scope: 'claim',
    clauses: [],
    defaultSeverity: 'error',
    fixKinds: [],
    checksVoidClaims: true,
    messages: {
      tooMany: '{{code}} has {{count}} diagnosis pointers; SV1-07 holds at most {{max}}.',
    },
  },
  check(claim, context) {
    if (!context.format.startsWith('x12')) return;
    for (const line of claim.lines) {
      const pointers = line.diagnosisPointers;
      if (pointers.length <= MAX_POINTERS) continue;
      const extra = pointers[MAX_POINTERS].span;
      context.report({
        messageId: 'tooMany',
        data: { code: line.procedure?.code.value ?? 'The line', count: pointers.length, max: MAX_POINTERS },
        span: { start: extra.start, end: pointers[pointers.length - 1].span.end },
      });
    }
  },
};
