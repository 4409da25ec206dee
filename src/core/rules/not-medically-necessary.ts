import type { Rule } from './types';
import { isMassage } from '../units';
import { linkedDiagnoses } from './line-helpers';

export const notMedicallyNecessary: Rule = {
  meta: {
    id: 'not-medically-necessary',
    description: 'Massage (97124) linked only to relaxation or stress diagnoses is not medically necessary.',
    clauses: ['massage-medical-necessity', 'medical-necessity'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      relaxationOnly: '{{code}} is linked only to {{diagnoses}}: relaxation or stress relief, not medical necessity.',
    },
  },
  checkClaim(claim, context) {
    const { policy } = context;
    const relaxation = policy.codeSet('relaxationDiagnoses');
    for (const line of claim.lines) {
      if (!line.procedure || !isMassage(line.procedure.code.value, policy)) continue;
      const linked = linkedDiagnoses(claim, line);
      if (linked.length === 0 || !linked.every((d) => relaxation.has(d.code.value))) continue;
      const at = line.diagnosisPointersSpan;
      context.report({
        messageId: 'relaxationOnly',
        data: { code: line.procedure.code.value, diagnoses: linked.map((d) => d.code.value).join(', ') },
        span: at && at.end > at.start ? at : line.procedure.span,
        related: linked.map((d) => ({ span: d.code.span, message: `Diagnosis ${d.sequence}: ${d.code.value}` })),
      });
    }
  },
};
