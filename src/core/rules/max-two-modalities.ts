import type { PatientRule } from './types';

export const maxTwoModalities: PatientRule = {
  meta: {
    id: 'max-two-modalities',
    description: 'No more than two distinct therapies or modalities per visit (same patient, date and billing provider) are usual and customary.',
    scope: 'patient',
    clauses: ['two-modalities-per-visit'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      tooMany: '{{code}} is therapy/modality {{position}} of {{count}} on {{date}} ({{codes}}); no more than {{max}} per visit are usual and customary.',
    },
  },
  check(patient, context) {
    const max = context.policy.limit('maxModalitiesPerVisit', 2);
    const { facts } = patient;
    // One group per date and billing provider: a visit, whichever of the patient's claims its lines are on.
    for (const visit of patient.byEncounter('therapy')) {
      // No more distinct codes than lines; a visit without a known date is not counted.
      if (visit.length <= max) continue;
      const date = facts.date(visit[0]);
      if (date === '') continue;
      // The first line of each distinct code, in document order.
      const seen = new Set<string>();
      const firsts: number[] = [];
      for (const i of visit) {
        const code = facts.normalized(i);
        if (seen.has(code)) continue;
        seen.add(code);
        firsts.push(i);
      }
      if (firsts.length <= max) continue;
      const codes = firsts.map((i) => facts.code(i));
      for (let i = max; i < firsts.length; i++) {
        context.report({
          messageId: 'tooMany',
          data: { code: codes[i], position: i + 1, count: codes.length, date, codes: codes.join(', '), max },
          span: facts.span(firsts[i]),
          related: firsts.slice(0, max).map((f, k) => ({ span: facts.span(f), message: `${codes[k]} on ${date}` })),
        });
      }
    }
  },
};
