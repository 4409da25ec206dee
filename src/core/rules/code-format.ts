import type { ClaimRule } from './types';
import { isProcedureSystem } from '../model/systems';

const CPT = /^(\d{5}|\d{4}[FTU])$/;
const HCPCS = /^[A-Z]\d{4}$/;

/**
 * CPT.test(code) || HCPCS.test(code), remembered per distinct code: claim files repeat a few hundred
 * codes, so two regex runs per line become one Map read. Bounded like the CodeSet memo (short keys
 * only, so a key never keeps a sliced document text alive).
 */
const wellFormed = new Map<string, boolean>();
const WELL_FORMED_LIMIT = 65536;
const WELL_FORMED_MAX_KEY = 12;

function isWellFormedCode(code: string): boolean {
  let ok = wellFormed.get(code);
  if (ok === undefined) {
    ok = CPT.test(code) || HCPCS.test(code);
    if (code.length <= WELL_FORMED_MAX_KEY && wellFormed.size < WELL_FORMED_LIMIT) wellFormed.set(code, ok);
  }
  return ok;
}

/** X12 qualifier HC, or a FHIR system CPT or HCPCS codes are written under (any of their URIs and OIDs). */
function isCptQualifier(qualifier: string): boolean {
  return qualifier === 'HC' || isProcedureSystem(qualifier);
}

/** /^[A-Z0-9]{2}$/.test(m): exactly two UTF-16 units, each an ASCII capital or digit. */
function isWellFormedModifier(m: string): boolean {
  return m.length === 2 && isCapitalOrDigit(m.charCodeAt(0)) && isCapitalOrDigit(m.charCodeAt(1));
}

function isCapitalOrDigit(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57); // A-Z, 0-9
}

export const codeFormat: ClaimRule = {
  meta: {
    id: 'code-format',
    description: 'Procedure codes must be CPT (5 digits, or 4 digits + F/T/U) or HCPCS Level II (letter + 4 digits); modifiers 2 letters or digits.',
    scope: 'claim',
    clauses: ['accurate-coding'],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      badCode: 'Procedure code "{{code}}" is neither a CPT code (5 digits, or 4 digits + F/T/U) nor a HCPCS Level II code (letter + 4 digits).',
      badModifier: 'Modifier "{{modifier}}" on {{code}} is not two letters or digits.',
    },
  },
  check(claim, context) {
    for (const line of claim.lines) {
      const proc = line.procedure;
      if (!proc) continue;
      const qualifier = proc.qualifier?.value;
      const code = proc.code.value;
      if ((!qualifier || isCptQualifier(qualifier)) && !isWellFormedCode(code)) {
        context.report({ messageId: 'badCode', data: { code }, span: proc.code.span });
      }
      for (const m of proc.modifiers) {
        if (m.value === '' || isWellFormedModifier(m.value)) continue;
        context.report({ messageId: 'badModifier', data: { code, modifier: m.value }, span: m.span });
      }
    }
  },
};
