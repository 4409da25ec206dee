import type { ServiceLine } from '../model/claim';
import type { Rule } from './types';
import { allocateCmsUnits, explainMinutes, isAnesthesia, isTimed, minutesToUnits } from '../units';
import { basisToQuantity, groupBy, lineDate, plural } from './line-helpers';

function billedInMinutes(line: ServiceLine): boolean {
  return line.unitBasis?.value.trim().toUpperCase() === 'MJ';
}

export const timedUnitsMinutes: Rule = {
  meta: {
    id: 'timed-units-minutes',
    description: 'Time-based codes are billed in 15-minute units, not in minutes (anesthesia codes excepted).',
    clauses: ['time-based-increments'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      minutes: '{{code}} is billed as {{minutes}} minutes (MJ); time-based codes are billed in units: {{explanation}}.',
      unreadableMinutes: '{{code}} is billed in minutes (MJ) with the quantity "{{minutes}}"; time-based codes are billed in units.',
    },
  },
  checkClaim(claim, context) {
    const { policy, config } = context;
    const flagged = claim.lines.filter((l) => {
      const code = l.procedure?.code.value;
      return billedInMinutes(l) && isTimed(code, policy) && !isAnesthesia(code, policy);
    });
    const cms = new Map<ServiceLine, { units: number; total: number }>();
    if (config.timedRounding === 'cms-8-minute') {
      for (const lines of groupBy(flagged, (l) => lineDate(l, claim)).values()) {
        const minutes = lines.map((l) => l.quantity?.value ?? NaN);
        const units = allocateCmsUnits(minutes, policy);
        const total = minutes.reduce((a, m) => a + (Number.isFinite(m) ? Math.max(0, m) : 0), 0);
        lines.forEach((l, i) => cms.set(l, { units: units[i], total }));
      }
    }
    for (const line of flagged) {
      const code = line.procedure!.code.value;
      const span = basisToQuantity(line);
      const minutes = line.quantity?.value;
      if (minutes === undefined || !Number.isFinite(minutes)) {
        context.report({ messageId: 'unreadableMinutes', data: { code, minutes: line.quantity?.raw ?? '' }, span });
        continue;
      }
      const shared = cms.get(line);
      const units = shared ? shared.units : minutesToUnits(code, minutes, config.timedRounding, policy);
      const explanation = shared
        ? `${plural(minutes, 'minute')} → ${plural(units, 'unit')}: CMS 8-minute rule over ${shared.total} timed minutes on the date`
        : explainMinutes(code, minutes, config.timedRounding, policy);
      context.report({
        messageId: 'minutes',
        data: { code, minutes, units, explanation },
        span,
        fixes: units >= 1
          ? [{ title: `Bill ${plural(units, 'unit')} (UN) instead of ${minutes} minutes`, kind: 'suggestion', edits: context.document.editor.setUnits(line, units) }]
          : [],
      });
    }
  },
};
