import type { Rule } from './types';
import { knownDates, linesByPatientAndDate } from './patient-lines';

export const therapyReduction: Rule = {
  meta: {
    id: 'therapy-reduction',
    description: "Therapy/modality units per visit should fall as the patient's condition improves (after the third visit).",
    clauses: ['therapy-reduction'],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      noReduction: 'Therapy/modality units per visit never fall after visit {{after}} for this patient ({{units}} over {{visits}} visits, last {{date}}: {{codes}}).',
    },
  },
  checkDocument(lines, context) {
    const { policy } = context;
    const after = policy.limit('reductionAfterVisit', 3);
    for (const byDate of linesByPatientAndDate(lines, 'therapy')) {
      const dates = knownDates(byDate);
      if (dates.length <= after) continue;
      const units = dates.map((d) =>
        byDate.get(d)!.reduce((a, { units: u }) => a + (Number.isFinite(u) && u > 0 ? u : 0), 0),
      );
      let fell = false;
      for (let i = after; i < units.length; i++) if (units[i] < units[i - 1]) fell = true;
      if (fell) continue;
      const last = byDate.get(dates[dates.length - 1])!;
      const line = last[0];
      context.report({
        messageId: 'noReduction',
        data: {
          after,
          units: units.join(' → '),
          visits: dates.length,
          date: dates[dates.length - 1],
          codes: [...new Set(last.map((l) => l.code))].join(', '),
        },
        span: line.span,
        related: dates.slice(0, -1).map((d, i) => ({ span: byDate.get(d)![0].span, message: `Visit ${i + 1} (${d}): ${units[i]} units` })),
      });
    }
  },
};
