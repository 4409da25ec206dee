import type { Claim, DocumentFormat, ServiceLine } from '../model/claim';
import type { Span } from '../model/span';
import type { CodeEntry, CodeSet, CodeSets } from './code-set';
import { diagnosesInSets, isIcd10cm } from './diagnoses';

/** HCPCS Level II codes claimlint describes (a letter and four digits; not D, the dental codes). */
const LEVEL_II = /^[A-CE-Z]\d{4}$/i;

/** A code's description from an imported set, for a hover. */
export interface CodeDescription {
  readonly entry: CodeEntry;
  readonly set: CodeSet;
  /** The code as written, where it is. */
  readonly code: string;
  readonly span: Span;
}

function holds(s: Span, offset: number): boolean {
  return offset >= s.start && offset < s.end;
}

/**
 * The imported description of the code at an offset: a diagnosis (from the ICD-10-CM set for the
 * dates of service it applies to) or a HCPCS Level II procedure code (from the set for its line's
 * date); when no set covers the date, from the newest set of the kind that has the code. Undefined
 * where there is none; never a CPT (Level I) code.
 */
export function describeCodeAt(
  claim: Claim | undefined,
  line: ServiceLine | undefined,
  offset: number,
  sets: CodeSets,
  format?: DocumentFormat,
): CodeDescription | undefined {
  if (!claim || sets.isEmpty) return undefined;
  const diagnosis = line ? undefined : claim.diagnoses.find((d) => holds(d.code.span, offset));
  if (diagnosis) {
    if (!isIcd10cm(diagnosis)) return undefined;
    const dated = diagnosesInSets({ ...claim, diagnoses: [diagnosis] }, sets, format)[0]?.set;
    const entry = dated?.lookup(diagnosis.code.value);
    const found = dated && entry ? { set: dated, entry } : sets.describe('icd10cm', diagnosis.code.value);
    return found && { ...found, code: diagnosis.code.value, span: diagnosis.code.span };
  }
  const code = line?.procedure?.code;
  if (!line || !code || !holds(code.span, offset) || !LEVEL_II.test(code.value)) return undefined;
  const found = sets.describe('hcpcs', code.value, line.serviceDate?.value ?? claim.serviceDate?.value);
  return found && { ...found, code: code.value, span: code.span };
}
