import type { Rule } from './types';
import { isAnesthesia, isMassage, isTimed } from '../units';
import { basisToQuantity } from './line-helpers';

export const timedUnderMinimum: Rule = {
  meta: {
    id: 'timed-under-minimum',
    description: 'A time-based service too short for one unit (under 8 minutes; massage under 15) should not be billed.',
    clauses: ['time-based-increments', 'massage-15-minutes'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      underMinimum: '{{code}} is billed for {{minutes}} minutes; a time-based service under {{minimum}} minutes should not be billed.',
      massageUnderMinimum: '{{code}} is billed for {{minutes}} minutes; {{minimum}} minutes must be spent to report {{code}}.',
    },
  },
  checkClaim(claim, context) {
    const { policy } = context;
    for (const line of claim.lines) {
      const code = line.procedure?.code.value;
      if (line.unitBasis?.value.trim().toUpperCase() !== 'MJ' || !isTimed(code, policy) || isAnesthesia(code, policy)) continue;
      const minutes = line.quantity?.value;
      if (minutes === undefined || !Number.isFinite(minutes)) continue;
      const massage = isMassage(code, policy);
      const minimum = massage ? policy.limit('massageMinimumMinutes', 15) : policy.limit('minimumMinutes', 8);
      if (minutes >= minimum) continue;
      context.report({
        messageId: massage ? 'massageUnderMinimum' : 'underMinimum',
        clause: massage && policy.clause('massage-15-minutes') ? 'massage-15-minutes' : 'time-based-increments',
        data: { code: code!, minutes, minimum },
        span: basisToQuantity(line),
        fixes: [
          {
            title: `Remove the ${code} service line (${minutes} minutes)`,
            kind: 'suggestion',
            edits: context.document.editor.removeLine(claim, line),
          },
        ],
      });
    }
  },
};
