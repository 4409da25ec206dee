import type { ServiceLine } from '../model/claim';
import type { ClaimRule } from './types';
import { explainMinutes, minutesToUnits } from '../units';
import { basisToQuantity, cmsUnitsByLine, isTimedMinutesLine, plural } from './line-helpers';

export const timedUnitsMinutes: ClaimRule = {
  meta: {
    id: 'timed-units-minutes',
    description: 'Time-based codes are billed in 15-minute units, not in minutes (anesthesia codes excepted).',
    scope: 'claim',
    clauses: ['time-based-increments'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      minutes: '{{code}} is billed in minutes ({{basis}}); time-based codes are billed in units. {{explanation}}.',
      unreadableMinutes: '{{code}} is billed in minutes ({{basis}}) with the quantity "{{minutes}}"; time-based codes are billed in units.',
    },
  },
  check(claim, context) {
    const { policy, config } = context;
    // Most claims have no timed line billed in minutes: look before making the list.
    const lines = claim.lines;
    let first = 0;
    while (first < lines.length && !isTimedMinutesLine(lines[first], policy)) first++;
    if (first === lines.length) return;
    const flagged = [lines[first]];
    for (let i = first + 1; i < lines.length; i++) if (isTimedMinutesLine(lines[i], policy)) flagged.push(lines[i]);
    // In the file's own terms: X12 unit basis MJ / UN, FHIR UCUM unit "min".
    const x12 = context.format.startsWith('x12');
    const basis = x12 ? 'MJ' : 'unit "min"';
    const cms = config.timedRounding === 'cms-8-minute' ? cmsUnitsByLine(claim, policy) : new Map<ServiceLine, { units: number; total: number }>();
    for (const line of flagged) {
      const code = line.procedure!.code.value;
      const span = basisToQuantity(line);
      const minutes = line.quantity?.value;
      if (minutes === undefined || !Number.isFinite(minutes)) {
        context.report({ messageId: 'unreadableMinutes', data: { code, minutes: line.quantity?.raw ?? '', basis }, span });
        continue;
      }
      const shared = cms.get(line);
      const units = shared ? shared.units : minutesToUnits(code, minutes, config.timedRounding, policy);
      const explanation = shared
        ? `${plural(minutes, 'minute')} → ${plural(units, 'unit')}: CMS 8-minute rule over ${shared.total} timed minutes on the date`
        : explainMinutes(code, minutes, config.timedRounding, policy);
      context.report({
        messageId: 'minutes',
        data: { code, minutes, units, explanation, basis },
        span,
        fixes:
          units >= 1
            ? [
                {
                  title: `Bill ${plural(units, 'unit')}${x12 ? ' (UN)' : ''} instead of ${minutes} minutes`,
                  kind: 'suggestion',
                  edits: context.editor.setUnits(line, units),
                },
              ]
            : [],
      });
    }
  },
};
