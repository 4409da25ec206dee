import type { Claim, Diagnosis, DocumentFormat } from '../model/claim';
import { normalizeCode, type CodeSet, type CodeSets } from './code-set';

/** X12 qualifiers of ICD-10-CM diagnoses (principal, other, admitting, patient's reason, external cause); BK, BF … are ICD-9-CM. */
const X12_ICD10CM = new Set(['ABK', 'ABF', 'ABJ', 'APR', 'ABN']);
/** FHIR: `http://hl7.org/fhir/sid/icd-10-cm` (the WHO's ICD-10, `…/icd-10`, is another code system). */
const FHIR_ICD10CM = /icd-?10-?cm/i;

/** True for a diagnosis coded in ICD-10-CM (by its X12 qualifier or FHIR coding system). */
export function isIcd10cm(diagnosis: Diagnosis): boolean {
  return X12_ICD10CM.has(diagnosis.qualifier) || FHIR_ICD10CM.test(diagnosis.qualifier);
}

/** One diagnosis to look up in one set: the set for (the first of) the dates of service it applies to. */
export interface DiagnosisInSet {
  readonly diagnosis: Diagnosis;
  readonly set: CodeSet;
  /** The first date of service (ISO) the set was chosen for. */
  readonly date: string;
}

/**
 * 837I facility type codes (CLM05-1, the first two digits of the type of bill) of inpatient stays:
 * hospital inpatient (11), swing bed (18), skilled nursing inpatient (21), religious non-medical
 * health care institution inpatient (41). CMS codes an inpatient claim by its discharge date (the
 * statement period's through date), so one ICD-10-CM version applies to the whole stay.
 */
const INPATIENT_FACILITY_TYPES = new Set(['11', '18', '21', '41']);

/** True for an 837I inpatient claim (its diagnoses are coded by the discharge date). */
export function isInpatient(claim: Claim, format: DocumentFormat | undefined): boolean {
  return format === 'x12-837i' && INPATIENT_FACILITY_TYPES.has(claim.placeOfService?.value.slice(0, 2) ?? '');
}

/**
 * The dates of service each ICD-10-CM diagnosis of a claim applies on: the dates of the lines that
 * point at it; one no line points at applies to every line, as on 837I lines, which carry no
 * pointers; a claim without lines uses its own date. An 837I inpatient claim uses one date for all
 * its diagnoses: the discharge (the statement period's through date, else its last date of service).
 */
export function diagnosisDates(claim: Claim, format?: DocumentFormat): { readonly diagnosis: Diagnosis; readonly dates: readonly string[] }[] {
  const claimDate = claim.serviceDate?.value ?? '';
  const lineDates = claim.lines.map((l) => l.serviceDate?.value ?? claimDate);
  const discharge = isInpatient(claim, format) ? (claim.throughDate?.value ?? [claimDate, ...lineDates].sort().pop() ?? '') : undefined;
  const out: { diagnosis: Diagnosis; dates: string[] }[] = [];
  for (const diagnosis of claim.diagnoses) {
    if (!isIcd10cm(diagnosis) || normalizeCode(diagnosis.code.value) === '') continue;
    const dates = new Set<string>();
    if (discharge !== undefined) dates.add(discharge);
    else {
      claim.lines.forEach((line, i) => {
        if (!line.hasPointerElement || line.diagnosisPointers.some((p) => p.value === diagnosis.sequence)) dates.add(lineDates[i]);
      });
      if (dates.size === 0) for (const d of lineDates.length > 0 ? lineDates : [claimDate]) dates.add(d);
    }
    out.push({ diagnosis, dates: [...dates].sort() });
  }
  return out;
}

/**
 * The ICD-10-CM diagnoses of a claim, each with the set that applies on its dates of service
 * ({@link diagnosisDates}): one entry per diagnosis and set (a claim whose lines fall in two fiscal
 * years may need the code in both). Dates no imported set covers give nothing.
 */
export function diagnosesInSets(claim: Claim, sets: CodeSets, format?: DocumentFormat): DiagnosisInSet[] {
  if (!sets.has('icd10cm')) return [];
  const out: DiagnosisInSet[] = [];
  for (const { diagnosis, dates } of diagnosisDates(claim, format)) {
    const seen = new Set<CodeSet>();
    for (const date of dates) {
      const set = sets.forDate('icd10cm', date);
      if (!set || seen.has(set)) continue;
      seen.add(set);
      out.push({ diagnosis, set, date });
    }
  }
  return out;
}
