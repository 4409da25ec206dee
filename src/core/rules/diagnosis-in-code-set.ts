import { diagnosesInSets } from '../codesets';
import type { ClaimRule } from './types';

export const diagnosisInCodeSet: ClaimRule = {
  meta: {
    id: 'diagnosis-in-code-set',
    description: 'A diagnosis must be a billable code of the imported ICD-10-CM set for its date of service (runs only once an ICD-10-CM set is imported).',
    scope: 'claim',
    clauses: [],
    codeSets: ['icd10cm'],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      notInSet: 'Diagnosis {{code}} is not a code of {{set}}, the ICD-10-CM set for the date of service {{date}}.',
      notBillableInSet:
        'Diagnosis {{code}} is not a billable code of {{set}}, the ICD-10-CM set for the date of service {{date}} (the imported codes file lists billable codes only).',
      spansSets:
        'Diagnosis {{code}} is billable in {{otherSet}} ({{otherDate}}) but not in {{set}} ({{date}}), and this claim has dates of service in both: split the claim where the code set changes.',
      header: 'Diagnosis {{code}} is a header in {{set}} ({{description}}), not a billable code: bill one of the more specific codes under it.',
    },
  },
  check(claim, context) {
    const checks = diagnosesInSets(claim, context.codeSets, context.format);
    for (let k = 0; k < checks.length; k++) {
      const { diagnosis, set, date } = checks[k];
      const code = diagnosis.code.value;
      const entry = set.lookup(code);
      if (entry?.billable) continue;
      // A claim whose dates fall in two fiscal years, with a code billable in one of them: one
      // finding that says to split the claim (no code can be right for both halves), reported once.
      const other = checks.find((c, j) => j !== k && c.diagnosis === diagnosis && c.set.lookup(code)?.billable);
      if (other) {
        if (checks.findIndex((c) => c.diagnosis === diagnosis && !c.set.lookup(code)?.billable) !== k) continue;
        context.report({
          messageId: 'spansSets',
          data: { code, set: set.info.name, date, otherSet: other.set.info.name, otherDate: other.date },
          span: diagnosis.code.span,
        });
      } else if (!entry) {
        context.report({
          messageId: set.info.headers ? 'notInSet' : 'notBillableInSet',
          data: { code, set: set.info.name, date },
          span: diagnosis.code.span,
        });
      } else context.report({ messageId: 'header', data: { code, set: set.info.name, description: entry.description }, span: diagnosis.code.span });
    }
  },
};
