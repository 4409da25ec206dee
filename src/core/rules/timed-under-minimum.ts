import type { ClaimRule } from './types';
import { explainMinutes, timedMinuteUnits } from '../units';
import { basisToQuantity, CODE_MASSAGE, codeFlags, isTimedMinutesLine, lineDate, minutesFix, showDate } from './line-helpers';

export const timedUnderMinimum: ClaimRule = {
  meta: {
    id: 'timed-under-minimum',
    description: 'A time-based service too short for one unit (under 8 minutes; massage under 15) should not be billed.',
    scope: 'claim',
    clauses: ['time-based-increments', 'massage-15-minutes'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      underMinimum: '{{code}} is billed for {{minutes}} minutes; a time-based service under {{minimum}} minutes should not be billed.',
      massageUnderMinimum: '{{code}} is billed for {{minutes}} minutes; {{minimum}} minutes must be spent to report {{code}}.',
      underMinimumOnDate:
        '{{code}} is billed for {{minutes}} minutes on {{date}}, over {{lines}} lines; a time-based service under {{minimum}} minutes should not be billed.',
      massageUnderMinimumOnDate:
        '{{code}} is billed for {{minutes}} minutes on {{date}}, over {{lines}} lines; {{minimum}} minutes must be spent to report {{code}}.',
      noUnit: '{{code}} is billed for {{minutes}} minutes, which make no unit: {{explanation}}.',
    },
  },
  check(claim, context) {
    const { policy, config } = context;
    if (!claim.lines.some((l) => isTimedMinutesLine(l, policy))) return;
    const units = timedMinuteUnits(claim, policy, config.timedRounding);
    for (const line of claim.lines) {
      const split = units.get(line);
      const minutes = line.quantity?.value;
      // Minutes whose code makes a unit on the date are billed in the wrong basis, not too short: timed-units-minutes.
      if (!split || minutes === undefined || !Number.isFinite(minutes) || split.units >= 1 || split.codeUnits >= 1) continue;
      const code = line.procedure!.code.value;
      const massage = (codeFlags(code, policy) & CODE_MASSAGE) !== 0;
      const minimum = massage ? policy.limit('massageMinimumMinutes', 15) : policy.limit('minimumMinutes', 8);
      const clause = massage && policy.clause('massage-15-minutes') ? 'massage-15-minutes' : 'time-based-increments';
      const fixes = [minutesFix(claim, line, units, context)];
      const span = basisToQuantity(line);
      // The code's minutes on the date, its lines added up, are what must reach the minimum.
      if (split.codeMinutes < minimum && split.codeLines.length > 1) {
        const data = { code, minutes: split.codeMinutes, date: showDate(lineDate(line, claim)), lines: split.codeLines.length, minimum };
        context.report({ messageId: massage ? 'massageUnderMinimumOnDate' : 'underMinimumOnDate', clause, data, span, fixes });
      } else if (split.codeMinutes < minimum) {
        context.report({ messageId: massage ? 'massageUnderMinimum' : 'underMinimum', clause, data: { code, minutes, minimum }, span, fixes });
      } else {
        // Enough minutes for the policy, none left for a unit under the rounding chosen (strict-floor, or a CMS split).
        const explanation = explainMinutes(code, minutes, config.timedRounding, policy, split);
        context.report({ messageId: 'noUnit', clause, data: { code, minutes, explanation }, span, fixes });
      }
    }
  },
};
