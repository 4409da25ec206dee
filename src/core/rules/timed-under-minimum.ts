import type { ServiceLine } from '../model/claim';
import type { ClaimRule } from './types';
import { basisToQuantity, CODE_MASSAGE, cmsUnitsByLine, codeFlags, isTimedMinutesLine } from './line-helpers';

/**
 * Removing a line renumbers every later line, so one removal per short line costs lines² edits
 * per claim. Past the 837P limit of 50 lines per claim (loop 2400) no removal is offered, which
 * keeps a hostile file with thousands of short lines in one claim linear in time and memory.
 */
const MAX_LINES_FOR_REMOVAL = 50;

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
    },
  },
  check(claim, context) {
    const { policy } = context;
    // The CMS units are needed only when the claim has a timed line billed in minutes.
    let cms: Map<ServiceLine, { units: number; total: number }> | undefined;
    let cmsRead = context.config.timedRounding !== 'cms-8-minute';
    for (const line of claim.lines) {
      if (!isTimedMinutesLine(line, policy)) continue;
      if (!cmsRead) {
        cms = cmsUnitsByLine(claim, policy);
        cmsRead = true;
      }
      const code = line.procedure!.code.value;
      const minutes = line.quantity?.value;
      if (minutes === undefined || !Number.isFinite(minutes)) continue;
      const massage = (codeFlags(code, policy) & CODE_MASSAGE) !== 0;
      const minimum = massage ? policy.limit('massageMinimumMinutes', 15) : policy.limit('minimumMinutes', 8);
      if (minutes >= minimum || (!massage && (cms?.get(line)?.units ?? 0) >= 1)) continue;
      context.report({
        messageId: massage ? 'massageUnderMinimum' : 'underMinimum',
        clause: massage && policy.clause('massage-15-minutes') ? 'massage-15-minutes' : 'time-based-increments',
        data: { code, minutes, minimum },
        span: basisToQuantity(line),
        fixes: [
          {
            title: `Remove the ${code} service line (${minutes} minutes)`,
            kind: 'suggestion',
            edits: claim.lines.length <= MAX_LINES_FOR_REMOVAL ? context.editor.removeLine(claim, line) : null,
          },
        ],
      });
    }
  },
};
