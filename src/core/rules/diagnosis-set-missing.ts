import { diagnosisDates } from '../codesets';
import type { ClaimRule } from './types';

/**
 * Says when the diagnoses of a claim could not be checked because no imported ICD-10-CM set covers
 * a date of service they apply on. Without it, a claim dated outside the imported fiscal years
 * passes `diagnosis-in-code-set` silently, and a coder would take that for "codes validated".
 */
export const diagnosisSetMissing: ClaimRule = {
  meta: {
    id: 'diagnosis-set-missing',
    description:
      'Says when no imported ICD-10-CM set covers a date of service, so the diagnoses were not checked (runs only once an ICD-10-CM set is imported).',
    scope: 'claim',
    clauses: [],
    codeSets: ['icd10cm'],
    defaultSeverity: 'info',
    fixKinds: [],
    messages: {
      notChecked:
        'Diagnoses not checked against ICD-10-CM: no imported set covers the date of service {{date}} (FY{{fiscalYear}}); import that fiscal year to check them.',
      noDate: 'Diagnoses not checked against ICD-10-CM: the claim has no date of service to choose a set by.',
    },
  },
  check(claim, context) {
    const sets = context.codeSets;
    for (const { diagnosis, dates } of diagnosisDates(claim, context.format)) {
      const missing = dates.find((d) => !sets.forDate('icd10cm', d));
      if (missing === undefined) continue;
      // One finding per claim, at the first diagnosis left unchecked.
      if (missing === '') context.report({ messageId: 'noDate', span: diagnosis.code.span });
      else context.report({ messageId: 'notChecked', data: { date: missing, fiscalYear: fiscalYear(missing) }, span: diagnosis.code.span });
      return;
    }
  },
};

/** The federal fiscal year of an ISO date (FY2025 runs from 2024-10-01 to 2025-09-30). */
function fiscalYear(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return Number.isFinite(year) && Number.isFinite(month) ? String(month >= 10 ? year + 1 : year) : '?';
}
