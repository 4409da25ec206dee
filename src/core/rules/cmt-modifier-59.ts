import type { ClaimRule } from './types';
import { CODE_CMT, CODE_MASSAGE_NORMALIZED, codeFlags, groupBy, hasModifier, lineDate, relatedLine, showDate } from './line-helpers';

const DISTINCT = ['59'];
const X_MODIFIERS = ['XE', 'XS', 'XP', 'XU'];
const DISTINCT_OR_X = [...DISTINCT, ...X_MODIFIERS];

export const cmtModifier59: ClaimRule = {
  meta: {
    id: 'cmt-modifier-59',
    description: 'Massage (97124) billed on the same claim and date as a CMT (98940–98943) must carry modifier 59.',
    scope: 'claim',
    clauses: ['cmt-modifier-59'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      missing59: '{{code}} is billed with CMT {{cmt}} on {{date}} without modifier 59 (distinct procedural service).',
      missing59OrX: '{{code}} is billed with CMT {{cmt}} on {{date}} without modifier 59 or XE/XS/XP/XU.',
    },
  },
  check(claim, context) {
    const { policy, config } = context;
    // A finding needs a CMT line and a massage line on the claim. Most claims lack one of the two
    // (88 % of the 10 MB bench; half of those do have a CMT line), so look first with one cached
    // lookup per line and group by date only when both are present: no Map, array or closure for
    // the common claim.
    let anyCmt = false;
    let anyMassage = false;
    const lines = claim.lines;
    for (let i = 0; i < lines.length && !(anyCmt && anyMassage); i++) {
      const f = codeFlags(lines[i].procedure?.code.value, policy);
      if (f & CODE_CMT) anyCmt = true;
      if (f & CODE_MASSAGE_NORMALIZED) anyMassage = true;
    }
    if (!anyCmt || !anyMassage) return;
    const accepted = config.acceptXModifiers ? DISTINCT_OR_X : DISTINCT;
    const byDate = groupBy(claim.lines, (l) => lineDate(l, claim));
    for (const [date, lines] of byDate) {
      const cmtLine = lines.find((l) => codeFlags(l.procedure?.code.value, policy) & CODE_CMT);
      if (!cmtLine) continue;
      for (const line of lines) {
        if (!line.procedure || !(codeFlags(line.procedure.code.value, policy) & CODE_MASSAGE_NORMALIZED) || hasModifier(line, accepted)) continue;
        const data = { code: line.procedure.code.value, cmt: cmtLine.procedure!.code.value, date: showDate(date) };
        context.report({
          messageId: config.acceptXModifiers ? 'missing59OrX' : 'missing59',
          data,
          span: line.procedure.span,
          related: [relatedLine(cmtLine, `CMT ${data.cmt} on the same date`)],
          fixes: [
            {
              title: `Append modifier 59 to ${data.code}`,
              kind: 'suggestion',
              edits: context.editor.appendModifier(line, '59'),
            },
          ],
        });
      }
    }
  },
};
