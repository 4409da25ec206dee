import type { Rule, RuleContext } from './types';
import type { PatientLines } from './patient-lines';
import { plural, showDate } from './line-helpers';

export const auditMultipleUnits: Rule = {
  meta: {
    id: 'audit-multiple-units',
    description: 'Massage (97124) billed for more than one unit on one date for one patient is an audit trigger.',
    clauses: ['audit-trigger'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      oneLine: '{{code}} comes to {{units}} units on {{date}}; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
      severalLines:
        '{{code}} comes to {{units}} units on {{date}} over {{lines}} lines for this patient; payors scrutinize massage billed for more than {{maxUnits}} on the same date.',
    },
  },
  checkDocument(lines, context) {
    const max = context.policy.limit('maxUnitsPerDate', 1);
    // One group per patient and date (findings are sorted by position afterwards, so the order
    // groups are visited in does not show).
    const { lines: order, groupStarts } = lines.grouped('massage');
    for (let g = 0; g + 1 < groupStarts.length; g++) checkGroup(lines, order.subarray(groupStarts[g], groupStarts[g + 1]), context, max);
  },
};

function checkGroup(lines: PatientLines, group: Int32Array, context: RuleContext, max: number): void {
  let total = 0;
  for (let k = 0; k < group.length; k++) total += lines.billedUnits(group[k]);
  if (total <= max) return;
  const units = Array.from(group, (i) => lines.billedUnits(i));
  let running = 0;
  const at = units.findIndex((u) => (running += u) > max);
  const line = group[at];
  const date = showDate(lines.date(line));
  const code = lines.code(line);
  const related = [];
  for (let k = 0; k < group.length; k++) {
    if (k !== at) related.push({ span: lines.span(group[k]), message: `${code} on ${date}: ${plural(units[k], 'unit')}` });
  }
  context.report({
    messageId: group.length === 1 ? 'oneLine' : 'severalLines',
    data: { code, units: total, date, max, maxUnits: plural(max, 'unit'), lines: group.length },
    span: lines.span(line),
    related,
  });
}
