import type { PatientRule } from './types';
import { plural } from './line-helpers';

export const supervisedModalityUnits: PatientRule = {
  meta: {
    id: 'supervised-modality-units',
    description: 'A supervised modality (97010–97028, G0283) is billed once per visit, whatever the number of applications.',
    scope: 'patient',
    clauses: ['accurate-coding'],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      tooMany: '{{code}} comes to {{units}} units on {{date}}; a supervised modality is billed as {{max}} per visit, whatever the number of applications.',
    },
  },
  check(patient, context) {
    const max = context.policy.limit('maxSupervisedUnitsPerVisit', 1);
    const { facts } = patient;
    for (const visit of patient.byEncounter('supervised')) {
      const date = facts.date(visit[0]);
      if (date === '') continue;
      // Per code: its lines of the visit, in document order.
      const byCode = new Map<string, number[]>();
      for (const i of visit) {
        const code = facts.normalized(i);
        const lines = byCode.get(code);
        if (lines) lines.push(i);
        else byCode.set(code, [i]);
      }
      for (const lines of byCode.values()) {
        let total = 0;
        let at = -1;
        for (const i of lines) {
          total += facts.billedUnits(i);
          if (at < 0 && total > max) at = i;
        }
        if (at < 0) continue;
        const code = facts.code(at);
        context.report({
          messageId: 'tooMany',
          data: { code, units: total, date, max: plural(max, 'unit') },
          span: facts.span(at),
          related: lines
            .filter((i) => i !== at)
            .map((i) => ({ span: facts.span(i), message: `${facts.code(i)} on ${date}: ${plural(facts.billedUnits(i), 'unit')}` })),
        });
      }
    }
  },
};
