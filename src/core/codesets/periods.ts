import { CodeSetError, CodeSetYearMissing, type CodeSetInfo, type CodeSetKind, type CodeSetSource } from './code-set';

/** What the user may say when a file's name does not tell its period. */
export interface PeriodHint {
  /** ICD-10-CM: the fiscal year (FY2024 runs from 2023-10-01 to 2024-09-30); HCPCS: the calendar year. */
  readonly year?: number;
}

const MONTHS = ['January', 'April', 'July', 'October'] as const;
const MONTH_NUMBERS = [1, 4, 7, 10] as const;

/** ICD-10-CM was adopted for dates of service from 2015-10-01 (FY2016). */
const FIRST_ICD10CM_YEAR = 2016;
const FIRST_HCPCS_YEAR = 2000;
const LAST_YEAR = 2099;

/** The first year (20xx) standing alone in a file name: `icd10cm_order_2024.txt`, `HCPC2024_JAN_ANWEB_v3.txt`. */
function yearInName(fileName: string): number | undefined {
  const m = /(?<!\d)(20\d{2})(?!\d)/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

function checkYear(year: number, first: number, what: string): number {
  if (!Number.isInteger(year) || year < first || year > LAST_YEAR) throw new CodeSetError(`${what} must be a year from ${first} to ${LAST_YEAR}.`);
  return year;
}

function yearOf(fileName: string, hint: PeriodHint | undefined, first: number, what: string): number {
  const year = hint?.year ?? yearInName(fileName);
  if (year === undefined) {
    throw new CodeSetYearMissing(
      `The file name does not say which ${what} the set is for (the official names do, e.g. ${first === FIRST_ICD10CM_YEAR ? 'icd10cm_order_2024.txt' : 'HCPC2024_JAN_ANWEB.txt'}); give the year.`,
    );
  }
  return checkYear(year, first, `The ${what}`);
}

/**
 * The period of an ICD-10-CM file: fiscal year YYYY runs from (YYYY-1)-10-01 to YYYY-09-30. NCHS
 * also publishes an April update of a fiscal year (`icd10cm-order-April-2024.txt`): it applies
 * from YYYY-04-01 to the end of that fiscal year, and takes over from the October set there.
 */
export function icd10cmInfo(fileName: string, source: CodeSetSource, hint?: PeriodHint): Omit<CodeSetInfo, 'headers'> {
  const fy = yearOf(fileName, hint, FIRST_ICD10CM_YEAR, 'fiscal year');
  const april = /apr(il)?(?![a-z])/i.test(fileName);
  return {
    kind: 'icd10cm',
    id: `icd10cm-fy${fy}${april ? '-april' : ''}`,
    name: `ICD-10-CM FY${fy}${april ? ' (April update)' : ''}`,
    from: april ? `${fy}-04-01` : `${fy - 1}-10-01`,
    to: `${fy}-09-30`,
    source,
    fileName,
  };
}

/**
 * The period of a HCPCS quarterly file (`HCPC2024_JAN_ANWEB_v3.txt`, `…_APR_…`, `…_JUL_…`,
 * `…_OCT_…`): from the first day of its quarter to the end of the year, so a later quarter of the
 * same year takes over from an earlier one. A name without a quarter is the January file.
 */
export function hcpcsInfo(fileName: string, source: CodeSetSource, hint?: PeriodHint): Omit<CodeSetInfo, 'headers'> {
  const year = yearOf(fileName, hint, FIRST_HCPCS_YEAR, 'year');
  const m = /(?<![a-z])(jan|apr|jul|oct)/i.exec(fileName);
  const q = m ? ['jan', 'apr', 'jul', 'oct'].indexOf(m[1].toLowerCase()) : 0;
  const month = MONTH_NUMBERS[q];
  const mm = String(month).padStart(2, '0');
  return {
    kind: 'hcpcs',
    id: `hcpcs-${year}-${mm}`,
    name: `HCPCS Level II ${MONTHS[q]} ${year}`,
    from: `${year}-${mm}-01`,
    to: `${year}-12-31`,
    source,
    fileName,
  };
}

/** The period of a file of a kind, from its name or the hint. */
export function periodInfo(kind: CodeSetKind, fileName: string, source: CodeSetSource, hint?: PeriodHint): Omit<CodeSetInfo, 'headers'> {
  return kind === 'icd10cm' ? icd10cmInfo(fileName, source, hint) : hcpcsInfo(fileName, source, hint);
}
