import type { PatientRule } from './types';

export const therapyReduction: PatientRule = {
  meta: {
    id: 'therapy-reduction',
    description: "Therapy/modality units per visit should fall as the patient's condition improves (after the third visit).",
    scope: 'patient',
    clauses: ['therapy-reduction'],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      noReduction:
        'Therapy/modality units per visit never fall for this patient, even after visit {{after}} ({{units}} over {{visits}} visits, last {{date}}: {{codes}}).',
    },
  },
  check(patient, context) {
    const after = context.policy.limit('reductionAfterVisit', 3);
    // At most one visit per date group: nothing to compare for most patients.
    if (patient.byDate('therapy').length <= after) return;
    const visits = patient.visits('therapy');
    if (visits.length <= after) return;
    const { facts } = patient;
    const units = visits.map(({ lines }) => {
      let sum = 0;
      for (const i of lines) sum += facts.billedUnits(i);
      return sum;
    });
    // Any fall, by the third visit or after it, is a reduction; units that never fell and never
    // rose above one unit a visit leave nothing to reduce.
    for (let i = 1; i < units.length; i++) if (units[i] < units[i - 1]) return;
    if (units[units.length - 1] <= 1) return;
    const last = visits[visits.length - 1];
    context.report({
      messageId: 'noReduction',
      data: {
        after,
        units: unitsText(units),
        visits: visits.length,
        date: last.date,
        codes: [...new Set(last.lines.map((i) => facts.code(i)))].join(', '),
      },
      span: facts.span(last.lines[0]),
      related: visits.slice(0, -1).map((v, i) => ({ span: facts.span(v.lines[0]), message: `Visit ${i + 1} (${v.date}): ${units[i]} units` })),
    });
  },
};

/** Units per visit for the message: every visit up to 8, else the first four and the last three (a patient may have thousands). */
function unitsText(units: readonly number[]): string {
  if (units.length <= 8) return units.join(' → ');
  return [...units.slice(0, 4), '…', ...units.slice(-3)].join(' → ');
}
