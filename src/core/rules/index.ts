import type { ClaimRule, PatientRule, Rule } from './types';
import { READER_RULES } from './reader-rules';
import { cmtModifier59 } from './cmt-modifier-59';
import { timedUnitsMinutes } from './timed-units-minutes';
import { timedUnderMinimum } from './timed-under-minimum';
import { unitsInteger } from './units-integer';
import { auditMultipleUnits } from './audit-multiple-units';
import { auditVisitCount } from './audit-visit-count';
import { diagnosisLinked } from './diagnosis-linked';
import { notMedicallyNecessary } from './not-medically-necessary';
import { maxTwoModalities } from './max-two-modalities';
import { providerQualified } from './provider-qualified';
import { codeFormat } from './code-format';
import { therapyReduction } from './therapy-reduction';
import { diagnosisInCodeSet } from './diagnosis-in-code-set';
import { diagnosisSetMissing } from './diagnosis-set-missing';
import { untimedBilledInMinutes } from './untimed-billed-in-minutes';
import { supervisedModalityUnits } from './supervised-modality-units';
import { x12DiagnosisCodes } from './x12-diagnosis-codes';
import { x12DiagnosisPointers } from './x12-diagnosis-pointers';

/**
 * The explicit rule registry. Order is the order findings are reported in for equal positions.
 * Retired ids stay here as comments so nobody reuses them.
 */
export const POLICY_RULES: readonly (ClaimRule | PatientRule)[] = [
  cmtModifier59,
  timedUnitsMinutes,
  timedUnderMinimum,
  unitsInteger,
  auditMultipleUnits,
  auditVisitCount,
  diagnosisLinked,
  notMedicallyNecessary,
  maxTwoModalities,
  providerQualified,
  codeFormat,
  therapyReduction,
  untimedBilledInMinutes,
  supervisedModalityUnits,
];

/** Rules that check claims against code sets the user imported (no policy clause; they run only once a set is imported). */
export const CODE_SET_RULES: readonly ClaimRule[] = [diagnosisInCodeSet, diagnosisSetMissing];

/**
 * Claim-scoped rules about the form an X12 file gives a claim, which no payer's policy states (the
 * 837 implementation guides and the HIPAA code sets do): they cite no clause and run under every
 * policy pack, and their fixes may be mechanical.
 */
export const FORMAT_RULES: readonly ClaimRule[] = [x12DiagnosisCodes, x12DiagnosisPointers];

export const RULES: readonly Rule[] = [...READER_RULES, ...POLICY_RULES, ...FORMAT_RULES, ...CODE_SET_RULES];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

/** Path of the rule's documentation page, relative to the package root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
