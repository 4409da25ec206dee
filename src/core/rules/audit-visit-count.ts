import type { Rule } from './types';
import { knownDates, linesByPatientAndDate, relatedLine } from './line-helpers';

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
  checkDocument(claims, context) {
    const { policy } = context;
    const max = policy.limit('maxVisits', 3);
    for (const byDate of linesByPatientAndDate(claims, policy, 'massage')) {
      const dates = knownDates(byDate);
      if (dates.length <= max) continue;
      const firsts = dates.map((d) => byDate.get(d)![0]);
      for (let v = max; v < dates.length; v++) {
        const { line } = firsts[v];
        context.report({
          messageId: 'tooManyVisits',
          data: { code: line.procedure!.code.value, date: dates[v], visit: v + 1, visits: dates.length, max },
          span: line.procedure!.span,
          related: firsts.slice(0, max).map((f, i) => relatedLine(f.line, `Visit ${i + 1}: ${dates[i]}`)),
        });
      }
    }
  },
};
