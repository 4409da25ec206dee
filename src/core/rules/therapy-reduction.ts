import type { Rule } from './types';
import { knownDateGroups } from './patient-lines';

export const therapyReduction: Rule = {
  meta: {
    id: 'therapy-reduction',
    description: "Therapy/modality units per visit should fall as the patient's condition improves (after the third visit).",
    clauses: ['therapy-reduction'],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      noReduction:
        'Therapy/modality units per visit never fall after visit {{after}} for this patient ({{units}} over {{visits}} visits, last {{date}}: {{codes}}).',
    },
  },
  checkDocument(lines, context) {
    const after = context.policy.limit('reductionAfterVisit', 3);
    const groups = lines.grouped('therapy');
    const { patientStarts, groupStarts, lines: order } = groups;
    for (let p = 0; p + 1 < patientStarts.length; p++) {
      // At most one visit per date group: nothing to compare for most patients.
      if (patientStarts[p + 1] - patientStarts[p] <= after) continue;
      const dated = knownDateGroups(lines, groups, p);
      if (dated.length <= after) continue;
      const units = dated.map(({ group }) => {
        let sum = 0;
        for (let k = groupStarts[group]; k < groupStarts[group + 1]; k++) sum += lines.billedUnits(order[k]);
        return sum;
      });
      let fell = false;
      for (let i = after; i < units.length; i++) if (units[i] < units[i - 1]) fell = true;
      if (fell) continue;
      const last = dated[dated.length - 1];
      const lastLines = Array.from(order.subarray(groupStarts[last.group], groupStarts[last.group + 1]));
      context.report({
        messageId: 'noReduction',
        data: {
          after,
          units: unitsText(units),
          visits: dated.length,
          date: last.date,
          codes: [...new Set(lastLines.map((i) => lines.code(i)))].join(', '),
        },
        span: lines.span(lastLines[0]),
        related: dated
          .slice(0, -1)
          .map((d, i) => ({ span: lines.span(order[groupStarts[d.group]]), message: `Visit ${i + 1} (${d.date}): ${units[i]} units` })),
      });
    }
  },
};

/** Units per visit for the message: every visit up to 8, else the first four and the last three (a patient may have thousands). */
function unitsText(units: readonly number[]): string {
  if (units.length <= 8) return units.join(' → ');
  return [...units.slice(0, 4), '…', ...units.slice(-3)].join(' → ');
}
