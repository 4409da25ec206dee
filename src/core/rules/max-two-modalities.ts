import type { Rule } from './types';

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
    const max = context.policy.limit('maxModalitiesPerVisit', 2);
    // One group per patient and date, a visit (findings are sorted by position afterwards, so the
    // order visits are checked in does not show).
    const { lines: order, groupStarts } = lines.grouped('therapy');
    for (let g = 0; g + 1 < groupStarts.length; g++) {
      const from = groupStarts[g];
      const to = groupStarts[g + 1];
      // No more distinct codes than lines; a visit without a known date is not counted.
      if (to - from <= max) continue;
      const date = lines.date(order[from]);
      if (date === '') continue;
      // The first line of each distinct code, in document order.
      const seen = new Set<string>();
      const firsts: number[] = [];
      for (let k = from; k < to; k++) {
        const code = lines.normalized(order[k]);
        if (seen.has(code)) continue;
        seen.add(code);
        firsts.push(order[k]);
      }
      if (firsts.length <= max) continue;
      const codes = firsts.map((i) => lines.code(i));
      for (let i = max; i < firsts.length; i++) {
        context.report({
          messageId: 'tooMany',
          data: { code: codes[i], position: i + 1, count: codes.length, date, codes: codes.join(', '), max },
          span: lines.span(firsts[i]),
          related: firsts.slice(0, max).map((f, k) => ({ span: lines.span(f), message: `${codes[k]} on ${date}` })),
        });
      }
    }
  },
};
