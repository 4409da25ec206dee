import type { PatientRule } from './types';
import { showDate } from './line-helpers';

const DISTINCT = ['59'];
const X_MODIFIERS = ['XE', 'XS', 'XP', 'XU'];
const DISTINCT_OR_X = [...DISTINCT, ...X_MODIFIERS];

export const cmtModifier59: PatientRule = {
  meta: {
    id: 'cmt-modifier-59',
    description: 'Massage (97124) reported together with a CMT (98940–98943) — same patient, date and billing provider — must carry modifier 59.',
    scope: 'patient',
    clauses: ['cmt-modifier-59'],
    defaultSeverity: 'error',
    fixKinds: ['suggestion'],
    messages: {
      missing59: '{{code}} is billed with CMT {{cmt}} on {{date}} without modifier 59 (distinct procedural service).',
      missing59OrX: '{{code}} is billed with CMT {{cmt}} on {{date}} without modifier 59 or XE/XS/XP/XU.',
      both59AndX: '{{code}} is billed with CMT {{cmt}} on {{date}} with modifier 59 and {{x}}; report 59 or an X modifier, not both.',
    },
  },
  check(patient, context) {
    const massage = patient.lines('massage');
    if (massage.length === 0) return;
    const cmt = patient.lines('cmt');
    if (cmt.length === 0) return;
    const { config } = context;
    const { facts } = patient;
    const accepted = config.acceptXModifiers ? DISTINCT_OR_X : DISTINCT;
    // The first CMT line per date and billing provider, and per claim and date.
    const byEncounter = new Map<string, number>();
    const byClaim = new Map<string, number>();
    for (const c of cmt) {
      const claim = facts.claim(c);
      const date = facts.date(c);
      const encounter = `${date}\u0000${facts.billingProvider(claim)}`;
      if (date !== '' && !byEncounter.has(encounter)) byEncounter.set(encounter, c);
      const own = `${claim}\u0000${date}`;
      if (!byClaim.has(own)) byClaim.set(own, c);
    }
    for (const line of massage) {
      const modifiers = facts.modifiers(line).map((m) => m.trim().toUpperCase());
      const xs = modifiers.filter((m) => X_MODIFIERS.includes(m));
      const both = modifiers.some((m) => DISTINCT.includes(m)) && xs.length > 0;
      if (!both && modifiers.some((m) => accepted.includes(m))) continue;
      const date = facts.date(line);
      const claim = facts.claim(line);
      // Reported together: the same date, on this claim or another of the patient's with the same
      // billing provider (a line without a date pairs only on its own claim).
      const with_ = byClaim.get(`${claim}\u0000${date}`) ?? (date === '' ? -1 : (byEncounter.get(`${date}\u0000${facts.billingProvider(claim)}`) ?? -1));
      if (with_ < 0) continue;
      const code = facts.code(line);
      const data = { code, cmt: facts.code(with_), date: showDate(date) };
      const sameClaim = facts.claim(with_) === claim;
      const related = [
        { span: facts.span(with_), message: `CMT ${data.cmt} on the same date${sameClaim ? '' : ', on another claim of this patient and billing provider'}` },
      ];
      if (both) {
        // CMS: 59 or an X modifier, not both. The fix keeps 59, which every setting accepts: keeping
        // the X modifier instead would leave an error once X modifiers are not accepted.
        context.report({
          messageId: 'both59AndX',
          data: { ...data, x: [...new Set(xs)].join(', ') },
          span: facts.span(line),
          related,
          fixes: [
            {
              title: `Remove ${xs.length === 1 ? `modifier ${xs[0]}` : 'the X modifiers'} from ${code}`,
              kind: 'suggestion',
              edits: context.editor.removeModifiers(facts.position(line), X_MODIFIERS),
            },
          ],
        });
        continue;
      }
      // Where X modifiers are not accepted, one on the line gives way to 59 (CMS: 59 or an X modifier, not both).
      const replace = config.acceptXModifiers ? [] : X_MODIFIERS;
      const hasX = xs.length > 0;
      context.report({
        messageId: config.acceptXModifiers ? 'missing59OrX' : 'missing59',
        data,
        span: facts.span(line),
        related,
        fixes: [
          {
            title: hasX ? `Replace the X modifier on ${code} with modifier 59` : `Append modifier 59 to ${code}`,
            kind: 'suggestion',
            edits: context.editor.putModifier(facts.position(line), '59', replace),
          },
        ],
      });
    }
  },
};
