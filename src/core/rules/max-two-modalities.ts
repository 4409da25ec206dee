import type { Rule } from './types';
import { groupBy } from './line-helpers';
import { linesByPatientAndDate, type PatientLine } from './patient-lines';

export const maxTwoModalities: Rule = {
  meta: {
    id: 'max-two-modalities',
    description: 'No more than two distinct therapies or modalities (97010–97799) per visit are usual and customary.',
    clauses: ['two-modalities-per-visit'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      tooMany: '{{code}} is therapy/modality {{position}} of {{count}} on {{date}} ({{codes}}); no more than {{max}} per visit are usual and customary.',
    },
  },
  checkDocument(lines, context) {
    const { policy } = context;
    const max = policy.limit('maxModalitiesPerVisit', 2);
    // Visits per patient, then per date: the same groups as keying by patient + date (findings
    // are sorted by position afterwards, so the order visits are checked in does not show).
    const visits: PatientLine[][] = [];
    for (const byDate of linesByPatientAndDate(lines, 'therapy')) {
      for (const [date, visit] of byDate) if (date !== '') visits.push(visit);
    }
    for (const visit of visits) {
      const byCode = groupBy(visit, (l) => l.normalized);
      if (byCode.size <= max) continue;
      const firsts = [...byCode.values()].map((g) => g[0]);
      const codes = firsts.map((l) => l.code);
      const date = firsts[0].date;
      for (let i = max; i < firsts.length; i++) {
        const line = firsts[i];
        context.report({
          messageId: 'tooMany',
          data: { code: codes[i], position: i + 1, count: codes.length, date, codes: codes.join(', '), max },
          span: line.span,
          related: firsts.slice(0, max).map((f, k) => ({ span: f.span, message: `${codes[k]} on ${date}` })),
        });
      }
    }
  },
};
