import type { ServiceLine } from '../model/claim';
import type { Rule } from './types';
import { lineCode, relatedLine } from './line-helpers';

export const providerQualified: Rule = {
  meta: {
    id: 'provider-qualified',
    description: 'Therapeutic procedures must be rendered by a physician or an appropriately licensed therapist.',
    clauses: ['direct-contact'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      unqualified: '{{code}} is rendered under taxonomy {{taxonomy}}, which is not a physician, chiropractor, physical therapist or massage therapist taxonomy.',
    },
  },
  checkClaim(claim, context) {
    const { policy } = context;
    const procedures = policy.codeSet('therapeuticProcedures');
    const qualified = policy.codeSet('qualifiedTaxonomies');
    const underClaim: ServiceLine[] = [];
    for (const line of claim.lines) {
      if (!line.procedure || !procedures.has(lineCode(line))) continue;
      if (!line.renderingTaxonomy) {
        underClaim.push(line);
        continue;
      }
      if (qualified.has(line.renderingTaxonomy.value)) continue;
      context.report({
        messageId: 'unqualified',
        data: { code: line.procedure.code.value, taxonomy: line.renderingTaxonomy.value },
        span: line.renderingTaxonomy.span,
        related: [relatedLine(line, `${line.procedure.code.value} rendered under this taxonomy`)],
      });
    }
    const taxonomy = claim.renderingTaxonomy;
    if (!taxonomy || underClaim.length === 0 || qualified.has(taxonomy.value)) return;
    const codes = [...new Set(underClaim.map((l) => l.procedure!.code.value))];
    context.report({
      messageId: 'unqualified',
      data: { code: codes.join(', '), taxonomy: taxonomy.value },
      span: taxonomy.span,
      related: underClaim.map((l) => relatedLine(l, `${l.procedure!.code.value} rendered under this taxonomy`)),
    });
  },
};
