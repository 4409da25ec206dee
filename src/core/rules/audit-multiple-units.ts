import type { Rule, RuleContext } from './types';
import { linesByPatientAndDate, type PatientLine } from './patient-lines';
import { plural, showDate } from './line-helpers';

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
  checkDocument(lines, context) {
    const { policy } = context;
    const max = policy.limit('maxUnitsPerDate', 1);
    // Per patient, then per date: the same groups as keying by patient + date (findings are
    // sorted by position afterwards, so the order groups are visited in does not show).
    for (const byDate of linesByPatientAndDate(lines, 'massage')) {
      for (const group of byDate.values()) checkGroup(group, context, max);
    }
  },
};

function checkGroup(group: readonly PatientLine[], context: RuleContext, max: number): void {
  const units = group.map((l) => (Number.isFinite(l.units) && l.units > 0 ? l.units : 0));
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= max) return;
  let running = 0;
  const at = units.findIndex((u) => (running += u) > max);
  const line = group[at];
  const date = showDate(line.date);
  const code = line.code;
  context.report({
    messageId: group.length === 1 ? 'oneLine' : 'severalLines',
    data: { code, units: total, date, max, maxUnits: plural(max, 'unit'), lines: group.length },
    span: line.span,
    related: group.flatMap((g, i) => (i === at ? [] : [{ span: g.span, message: `${code} on ${date}: ${plural(units[i], 'unit')}` }])),
  });
}
