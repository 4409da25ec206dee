import type { PatientRule } from './types';

export const auditVisitCount: PatientRule = {
  meta: {
    id: 'audit-visit-count',
    description: 'Massage (97124) billed on more than 3 dates for one patient is an audit trigger.',
    scope: 'patient',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      tooManyVisits:
        '{{code}} is billed on {{date}}, visit {{visit}} of {{visits}} for this patient; payors scrutinize massage billed for more than {{max}} visits.',
    },
  },
  check(patient, context) {
    const max = context.policy.limit('maxVisits', 3);
    // At most one visit per date group: nothing to count for most patients.
    if (patient.byDate('massage').length <= max) return;
    const visits = patient.visits('massage');
    if (visits.length <= max) return;
    const { facts } = patient;
    const firsts = visits.map((v) => v.lines[0]);
    for (let v = max; v < visits.length; v++) {
      const line = firsts[v];
      context.report({
        messageId: 'tooManyVisits',
        data: { code: facts.code(line), date: visits[v].date, visit: v + 1, visits: visits.length, max },
        span: facts.span(line),
        related: firsts.slice(0, max).map((f, i) => ({ span: facts.span(f), message: `Visit ${i + 1}: ${visits[i].date}` })),
      });
    }
  },
};
