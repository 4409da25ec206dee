import type { ClaimRule } from './types';
import { CODE_TIMED_NOT_ANESTHESIA, codeFlags, isUnitsBasis, plural } from './line-helpers';

export const unitsInteger: ClaimRule = {
  meta: {
    id: 'units-integer',
    description: 'A time-based code is billed in whole units, at least one.',
    scope: 'claim',
    clauses: ['time-based-increments'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      notWhole: '{{code}} is billed as {{units}} units; time-based codes are billed in whole 15-minute units.',
      belowOne: '{{code}} is billed as {{units}} units; at least one whole unit must be billed.',
      notANumber: '{{code}} has the unit quantity "{{units}}", which is not a number.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    for (const line of claim.lines) {
      const code = line.procedure?.code.value;
      const basis = line.unitBasis;
      // Billed in units: no basis, or UN.
      const inUnits = basis === undefined || isUnitsBasis(basis.value);
      if (!line.quantity || !inUnits || !(codeFlags(code, policy) & CODE_TIMED_NOT_ANESTHESIA)) continue;
      const units = line.quantity.value;
      const span = line.quantity.span;
      if (!Number.isFinite(units)) {
        context.report({ messageId: 'notANumber', data: { code: code!, units: line.quantity.raw }, span });
      } else if (units < 1) {
        context.report({ messageId: 'belowOne', data: { code: code!, units: line.quantity.raw }, span });
      } else if (!Number.isInteger(units)) {
        const whole = Math.floor(units);
        context.report({
          messageId: 'notWhole',
          data: { code: code!, units: line.quantity.raw },
          span,
          fixes: [
            {
              title: `Bill ${plural(whole, 'unit')} (round ${line.quantity.raw} down)`,
              kind: 'suggestion',
              edits: context.editor.setQuantity(line, whole),
            },
          ],
        });
      }
    }
  },
};
