import type { Rule } from './types';
import { knownDates, linesByPatientAndDate } from './patient-lines';

export const auditVisitCount: Rule = {
  meta: {
    id: 'audit-visit-count',
    description: 'Massage (97124) billed on more than 3 dates for one patient is an audit trigger.',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      tooManyVisits: '{{code}} is billed on {{date}}, visit {{visit}} of {{visits}} for this patient; payors scrutinize massage billed for more than {{max}} visits.',
    },
  },
  checkDocument(lines, context) {
    const { policy } = context;
    const max = policy.limit('maxVisits', 3);
    for (const byDate of linesByPatientAndDate(lines, 'massage')) {
      const dates = knownDates(byDate);
      if (dates.length <= max) continue;
      const firsts = dates.map((d) => byDate.get(d)![0]);
      for (let v = max; v < dates.length; v++) {
        const line = firsts[v];
        context.report({
          messageId: 'tooManyVisits',
          data: { code: line.code, date: dates[v], visit: v + 1, visits: dates.length, max },
          span: line.span,
          related: firsts.slice(0, max).map((f, i) => ({ span: f.span, message: `Visit ${i + 1}: ${dates[i]}` })),
        });
      }
    }
  },
};
