import type { Rule } from './types';

const CPT = /^(\d{5}|\d{4}[FTU])$/;
const HCPCS = /^[A-Z]\d{4}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
const CPT_QUALIFIERS = /^(HC|.*(cpt|hcpcs).*)$/i;

export const codeFormat: Rule = {
  meta: {
    id: 'code-format',
    description: 'Procedure codes must be CPT (5 digits, or 4 digits + F/T/U) or HCPCS Level II (letter + 4 digits); modifiers 2 letters or digits.',
    clauses: ['accurate-coding'],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      badCode: 'Procedure code "{{code}}" is neither a CPT code (5 digits, or 4 digits + F/T/U) nor a HCPCS Level II code (letter + 4 digits).',
      badModifier: 'Modifier "{{modifier}}" on {{code}} is not two letters or digits.',
    },
  },
  checkClaim(claim, context) {
    for (const line of claim.lines) {
      const proc = line.procedure;
      if (!proc) continue;
      const qualifier = proc.qualifier?.value;
      const code = proc.code.value;
      if ((!qualifier || CPT_QUALIFIERS.test(qualifier)) && !CPT.test(code) && !HCPCS.test(code)) {
        context.report({ messageId: 'badCode', data: { code }, span: proc.code.span });
      }
      for (const m of proc.modifiers) {
        if (m.value === '' || MODIFIER.test(m.value)) continue;
        context.report({ messageId: 'badModifier', data: { code, modifier: m.value }, span: m.span });
      }
    }
  },
};
