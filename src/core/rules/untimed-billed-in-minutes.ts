import type { ClaimRule } from './types';
import { isUntimed } from '../units';
import { basisToQuantity, isMinutesBasis } from './line-helpers';

export const untimedBilledInMinutes: ClaimRule = {
  meta: {
    id: 'untimed-billed-in-minutes',
    description: 'Untimed codes (supervised modalities, group therapy, evaluations, G0283, CMT) are billed as one unit per visit, not in minutes.',
    scope: 'claim',
    clauses: ['accurate-coding'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      minutes: '{{code}} is billed in minutes ({{basis}}) but is not a timed code: it is billed as one unit per visit, whatever the time spent.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    const basis = context.format.startsWith('x12') ? 'MJ' : 'unit "min"';
    for (const line of claim.lines) {
      const code = line.procedure?.code.value;
      if (!line.unitBasis || !isMinutesBasis(line.unitBasis.value) || !isUntimed(code, policy)) continue;
      const minutes = line.quantity?.value;
      const billed = minutes !== undefined && Number.isFinite(minutes) && minutes > 0;
      context.report({
        messageId: 'minutes',
        data: { code: code!, minutes: line.quantity?.raw ?? '', basis },
        span: basisToQuantity(line),
        // Minutes that say no service was given (none, zero, unreadable) leave the units to the coder.
        fixes: billed
          ? [
              {
                title: `Bill 1 unit${basis === 'MJ' ? ' (UN)' : ''} instead of ${minutes} minutes`,
                kind: 'suggestion',
                edits: context.editor.setUnits(line, 1),
              },
            ]
          : [],
      });
    }
  },
};
