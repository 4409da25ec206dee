import type { ClaimRule } from './types';

/** X12 HI qualifiers of ICD-9-CM diagnoses (principal, other, admitting, patient's reason, external cause). */
const ICD9_QUALIFIERS = new Set(['BK', 'BF', 'BJ', 'PR', 'BN']);
/** ICD-10-CM replaced ICD-9-CM for services from this date on (HIPAA code set rule, 45 CFR 162.1002). */
const ICD10_FROM = '2015-10-01';

export const x12DiagnosisCodes: ClaimRule = {
  meta: {
    id: 'x12-diagnosis-codes',
    description: 'X12 diagnoses are ICD-10-CM for services from 2015-10-01 on, and written without a decimal point.',
    scope: 'claim',
    clauses: [],
    defaultSeverity: 'error',
    fixKinds: ['fix'],
    checksVoidClaims: true,
    messages: {
      icd9AfterIcd10Date:
        'Diagnosis {{sequence}} has the ICD-9-CM qualifier {{qualifier}}, but the claim has services on {{date}}: ICD-10-CM (ABK, ABF …) from 2015-10-01 on.',
      decimalPoint: 'Diagnosis code "{{code}}" is written with a decimal point; X12 carries diagnosis codes without it ({{fixed}}).',
    },
  },
  check(claim, context) {
    if (!context.format.startsWith('x12') || claim.diagnoses.length === 0) return;
    // The latest date of service of the claim decides the code set (a claim should not span the change).
    let latest = claim.serviceDate?.value ?? '';
    for (const line of claim.lines) {
      const d = line.serviceDate?.value;
      if (d && d > latest) latest = d;
    }
    for (const d of claim.diagnoses) {
      if (latest >= ICD10_FROM && ICD9_QUALIFIERS.has(d.qualifier)) {
        context.report({
          messageId: 'icd9AfterIcd10Date',
          data: { sequence: d.sequence, qualifier: d.qualifier, date: latest },
          span: { start: d.span.start, end: d.span.start + d.qualifier.length },
        });
      }
      const code = d.code.value;
      if (!code.includes('.')) continue;
      const fixed = code.replace(/\./g, '');
      context.report({
        messageId: 'decimalPoint',
        data: { code, fixed },
        span: d.code.span,
        fixes: fixed.length > 0 ? [{ title: `Write ${fixed} (no decimal point)`, kind: 'fix', edits: context.editor.setDiagnosisCode(d, fixed) }] : [],
      });
    }
  },
};
