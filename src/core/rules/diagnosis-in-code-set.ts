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
      header: 'Diagnosis {{code}} is a header in {{set}} ({{description}}), not a billable code: bill one of the more specific codes under it.',
    },
  },
  check(claim, context) {
    for (const { diagnosis, set, date } of diagnosesInSets(claim, context.codeSets)) {
      const code = diagnosis.code.value;
      const entry = set.lookup(code);
      if (!entry) context.report({ messageId: 'notInSet', data: { code, set: set.info.name, date }, span: diagnosis.code.span });
      else if (!entry.billable) {
        context.report({ messageId: 'header', data: { code, set: set.info.name, description: entry.description }, span: diagnosis.code.span });
      }
    }
  },
};
