import type { ClaimRule } from './types';
import { CODE_MASSAGE, codeFlags, diagnosisBySequence } from './line-helpers';

export const diagnosisLinked: ClaimRule = {
  meta: {
    id: 'diagnosis-linked',
    description: 'A massage (97124) line must point at a diagnosis on its claim.',
    scope: 'claim',
    clauses: ['documentation-diagnoses'],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      noPointer: '{{code}} has no diagnosis pointer; the massage must be linked to a specific diagnosis.',
      danglingPointer: '{{code}} points at diagnosis {{pointer}}, but the claim lists {{listed}}.',
      noDiagnosis: '{{code}} has no diagnosis: the claim lists none.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    const count = claim.diagnoses.length;
    for (const line of claim.lines) {
      if (!line.procedure || !(codeFlags(line.procedure.code.value, policy) & CODE_MASSAGE)) continue;
      const code = line.procedure.code.value;
      if (!line.hasPointerElement) {
        if (count === 0) context.report({ messageId: 'noDiagnosis', data: { code }, span: line.procedure.span });
        continue;
      }
      if (line.diagnosisPointers.length === 0) {
        const at = line.diagnosisPointersSpan;
        const span = at && at.end > at.start ? at : line.procedure.span;
        context.report({ messageId: count === 0 ? 'noDiagnosis' : 'noPointer', data: { code }, span });
        continue;
      }
      for (const p of line.diagnosisPointers) {
        if (diagnosisBySequence(claim, p.value)) continue;
        context.report({
          messageId: 'danglingPointer',
          data: { code, pointer: p.raw, count, listed: count === 1 ? 'only 1 diagnosis' : `only ${count} diagnoses` },
          span: p.span,
        });
      }
    }
  },
};
