import type { Rule } from './types';
import { knownDateGroups } from './patient-lines';

export const auditVisitCount: Rule = {
  meta: {
    id: 'audit-visit-count',
    description: 'Massage (97124) billed on more than 3 dates for one patient is an audit trigger.',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      tooManyVisits:
        '{{code}} is billed on {{date}}, visit {{visit}} of {{visits}} for this patient; payors scrutinize massage billed for more than {{max}} visits.',
    },
  },
  checkDocument(lines, context) {
    const max = context.policy.limit('maxVisits', 3);
    const groups = lines.grouped('massage');
    const { patientStarts, groupStarts } = groups;
    for (let p = 0; p + 1 < patientStarts.length; p++) {
      // At most one visit per date group: nothing to count for most patients.
      if (patientStarts[p + 1] - patientStarts[p] <= max) continue;
      const dated = knownDateGroups(lines, groups, p);
      if (dated.length <= max) continue;
      const firsts = dated.map((d) => groups.lines[groupStarts[d.group]]);
      for (let v = max; v < dated.length; v++) {
        const line = firsts[v];
        context.report({
          messageId: 'tooManyVisits',
          data: { code: lines.code(line), date: dated[v].date, visit: v + 1, visits: dated.length, max },
          span: lines.span(line),
          related: firsts.slice(0, max).map((f, i) => ({ span: lines.span(f), message: `Visit ${i + 1}: ${dated[i].date}` })),
        });
      }
    }
  },
};
