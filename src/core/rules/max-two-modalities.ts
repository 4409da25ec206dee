import type { Rule } from './types';
import { claimLines, groupBy, lineCode, lineDate, relatedLine } from './line-helpers';

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
  checkDocument(claims, context) {
    const { policy } = context;
    const therapy = policy.codeSet('therapy');
    const max = policy.limit('maxModalitiesPerVisit', 2);
    const lines = claimLines(claims, (l) => therapy.has(lineCode(l)));
    const visits = groupBy(
      lines.filter(({ claim, line }) => lineDate(line, claim) !== ''),
      ({ claim, line }) => `${claim.patient.key}\u0000${lineDate(line, claim)}`,
    );
    for (const visit of visits.values()) {
      const byCode = groupBy(visit, ({ line }) => lineCode(line)!);
      if (byCode.size <= max) continue;
      const firsts = [...byCode.values()].map((g) => g[0]);
      const codes = firsts.map(({ line }) => line.procedure!.code.value);
      const date = lineDate(firsts[0].line, firsts[0].claim);
      for (let i = max; i < firsts.length; i++) {
        const { line } = firsts[i];
        context.report({
          messageId: 'tooMany',
          data: { code: codes[i], position: i + 1, count: codes.length, date, codes: codes.join(', '), max },
          span: line.procedure!.span,
          related: firsts.slice(0, max).map((f, k) => relatedLine(f.line, `${codes[k]} on ${date}`)),
        });
      }
    }
  },
};
