import type { PatientFacts } from '../facts';
import type { PatientRule, RuleContext } from './types';
import { plural, showDate } from './line-helpers';

export const auditMultipleUnits: PatientRule = {
  meta: {
    id: 'audit-multiple-units',
    description: 'Massage (97124) billed for more than one unit on one date for one patient is an audit trigger.',
    scope: 'patient',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      oneLine: '{{code}} comes to {{units}} units on {{date}}; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
      severalLines:
        '{{code}} comes to {{units}} units on {{date}} over {{lines}} lines for this patient; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
    },
  },
  check(patient, context) {
    const max = context.policy.limit('maxUnitsPerDate', 1);
    for (const group of patient.byDate('massage')) checkDate(patient, group, context, max);
  },
};

function checkDate({ facts }: PatientFacts, group: readonly number[], context: RuleContext, max: number): void {
  let total = 0;
  for (let k = 0; k < group.length; k++) total += facts.billedUnits(group[k]);
  if (total <= max) return;
  const units = group.map((i) => facts.billedUnits(i));
  let running = 0;
  const at = units.findIndex((u) => (running += u) > max);
  const line = group[at];
  const date = showDate(facts.date(line));
  const code = facts.code(line);
  const related = [];
  for (let k = 0; k < group.length; k++) {
    if (k !== at) related.push({ span: facts.span(group[k]), message: `${code} on ${date}: ${plural(units[k], 'unit')}` });
  }
  context.report({
    messageId: group.length === 1 ? 'oneLine' : 'severalLines',
    data: { code, units: total, date, max, maxUnits: plural(max, 'unit'), lines: group.length },
    span: facts.span(line),
    related,
  });
}
