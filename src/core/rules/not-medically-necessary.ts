import type { ClaimRule } from './types';
import type { Claim, ServiceLine } from '../model/claim';
import type { CodeSet } from '../policy';
import { CODE_MASSAGE, codeFlags, diagnosisBySequence, linkedDiagnoses } from './line-helpers';

export const notMedicallyNecessary: ClaimRule = {
  meta: {
    id: 'not-medically-necessary',
    description: 'Massage (97124) linked only to relaxation or stress diagnoses is not medically necessary.',
    scope: 'claim',
    clauses: ['massage-medical-necessity', 'medical-necessity'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      relaxationOnly: '{{code}} is linked only to {{diagnoses}}: relaxation or stress relief, not medical necessity.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    const relaxation = policy.codeSet('relaxationDiagnoses');
    for (const line of claim.lines) {
      if (!line.procedure || !(codeFlags(line.procedure.code.value, policy) & CODE_MASSAGE)) continue;
      if (!linkedOnlyTo(claim, line, relaxation)) continue;
      const linked = linkedDiagnoses(claim, line);
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

/**
 * `linked.length > 0 && linked.every(d => set.has(d.code.value))` for linked = linkedDiagnoses(claim,
 * line), without building the list: most massage lines point at a medical diagnosis, and only a
 * line that is flagged needs the list (for its message).
 */
function linkedOnlyTo(claim: Claim, line: ServiceLine, set: CodeSet): boolean {
  let any = false;
  if (!line.hasPointerElement) {
    for (const d of claim.diagnoses) {
      if (!set.has(d.code.value)) return false;
      any = true;
    }
    return any;
  }
  for (const p of line.diagnosisPointers) {
    const d = diagnosisBySequence(claim, p.value);
    if (!d) continue;
    if (!set.has(d.code.value)) return false;
    any = true;
  }
  return any;
}
