import type { Rule } from './types';
import { isMassage, lineUnits } from '../units';
import { claimLines, groupBy, lineDate, plural, relatedLine, showDate } from './line-helpers';

export const auditMultipleUnits: Rule = {
  meta: {
    id: 'audit-multiple-units',
    description: 'Massage (97124) billed for more than one unit on one date for one patient is an audit trigger.',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      oneLine: '{{code}} is billed for {{units}} units on {{date}}; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
      severalLines: '{{code}} is billed for {{units}} units on {{date}} over {{lines}} lines for this patient; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
    },
  },
  checkDocument(claims, context) {
    const { policy } = context;
    const max = policy.limit('maxUnitsPerDate', 1);
    const massage = claimLines(claims, (l) => isMassage(l.procedure?.code.value, policy));
    const groups = groupBy(massage, ({ claim, line }) => `${claim.patient.key}\u0000${lineDate(line, claim)}`);
    for (const group of groups.values()) {
      const units = group.map(({ line }) => lineUnits(line, policy, context.config.timedRounding)).map((u) => (Number.isFinite(u) && u > 0 ? u : 0));
      const total = units.reduce((a, b) => a + b, 0);
      if (total <= max) continue;
      let running = 0;
      const at = units.findIndex((u) => (running += u) > max);
      const { claim, line } = group[at];
      const date = showDate(lineDate(line, claim));
      const code = line.procedure!.code.value;
      context.report({
        messageId: group.length === 1 ? 'oneLine' : 'severalLines',
        data: { code, units: total, date, max, maxUnits: plural(max, 'unit'), lines: group.length },
        span: line.procedure!.span,
        related: group.flatMap((g, i) => (i === at ? [] : [relatedLine(g.line, `${code} on ${date}: ${plural(units[i], 'unit')}`)])),
      });
    }
  },
};
