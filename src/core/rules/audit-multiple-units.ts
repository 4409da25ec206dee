import type { Rule, RuleContext } from './types';
import type { DatedClaimLine } from './line-helpers';
import { lineUnits } from '../units';
import { linesByPatientAndDate, plural, relatedLine, showDate } from './line-helpers';

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
    // Per patient, then per date: the same groups as keying by patient + date (findings are
    // sorted by position afterwards, so the order groups are visited in does not show).
    for (const byDate of linesByPatientAndDate(claims, policy, 'massage')) {
      for (const group of byDate.values()) checkGroup(group, context, max);
    }
  },
};

function checkGroup(group: readonly DatedClaimLine[], context: RuleContext, max: number): void {
  const { policy } = context;
  const units = group.map(({ line }) => lineUnits(line, policy, context.config.timedRounding)).map((u) => (Number.isFinite(u) && u > 0 ? u : 0));
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= max) return;
  let running = 0;
  const at = units.findIndex((u) => (running += u) > max);
  const { line } = group[at];
  const date = showDate(group[at].date);
  const code = line.procedure!.code.value;
  context.report({
    messageId: group.length === 1 ? 'oneLine' : 'severalLines',
    data: { code, units: total, date, max, maxUnits: plural(max, 'unit'), lines: group.length },
    span: line.procedure!.span,
    related: group.flatMap((g, i) => (i === at ? [] : [relatedLine(g.line, `${code} on ${date}: ${plural(units[i], 'unit')}`)])),
  });
}
