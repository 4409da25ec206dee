import type { ClaimRule } from './types';
import { explainMinutes, timedMinuteUnits } from '../units';
import { basisToQuantity, CODE_MASSAGE, codeFlags, isTimedMinutesLine, minutesFix } from './line-helpers';

export const timedUnitsMinutes: ClaimRule = {
  meta: {
    id: 'timed-units-minutes',
    description: 'Time-based codes are billed in 15-minute units, not in minutes (anesthesia codes excepted).',
    scope: 'claim',
    clauses: ['time-based-increments', 'massage-15-minutes'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      minutes: '{{code}} is billed in minutes ({{basis}}); time-based codes are billed in units. {{explanation}}.',
      unreadableMinutes: '{{code}} is billed in minutes ({{basis}}) with the quantity "{{minutes}}"; time-based codes are billed in units.',
    },
  },
  check(claim, context) {
    const { policy, config } = context;
    // Most claims have no timed line billed in minutes: look before working out units.
    if (!claim.lines.some((l) => isTimedMinutesLine(l, policy))) return;
    const units = timedMinuteUnits(claim, policy, config.timedRounding);
    // In the file's own terms: X12 unit basis MJ / UN, FHIR UCUM unit "min".
    const basis = context.format.startsWith('x12') ? 'MJ' : 'unit "min"';
    for (const line of claim.lines) {
      const split = units.get(line);
      if (!split) continue;
      const code = line.procedure!.code.value;
      const span = basisToQuantity(line);
      const minutes = line.quantity?.value;
      // 97124's units come from its 15-minute clause.
      const clause = codeFlags(code, policy) & CODE_MASSAGE && policy.clause('massage-15-minutes') ? 'massage-15-minutes' : 'time-based-increments';
      if (minutes === undefined || !Number.isFinite(minutes)) {
        context.report({ messageId: 'unreadableMinutes', clause, data: { code, minutes: line.quantity?.raw ?? '', basis }, span });
        continue;
      }
      // A code whose minutes on the date make no unit is one fault, reported (and fixed) by
      // timed-under-minimum. A line left with no unit of its code's is billed in units by the fix.
      if (!(split.units >= 1) && !(split.codeUnits >= 1)) continue;
      const explanation = explainMinutes(code, minutes, config.timedRounding, policy, split);
      context.report({
        messageId: 'minutes',
        clause,
        data: { code, minutes, units: split.units, explanation, basis },
        span,
        fixes: [minutesFix(claim, line, units, context)],
      });
    }
  },
};
