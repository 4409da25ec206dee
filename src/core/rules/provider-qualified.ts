import type { ServiceLine } from '../model/claim';
import type { ClaimRule } from './types';
import { CODE_THERAPEUTIC, codeFlags, relatedLine } from './line-helpers';

export const providerQualified: ClaimRule = {
  meta: {
    id: 'provider-qualified',
    description: 'Therapeutic procedures must be rendered by a physician or an appropriately licensed therapist.',
    scope: 'claim',
    clauses: ['direct-contact'],
    defaultSeverity: 'warning',
    fixKinds: [],
    messages: {
      unqualified:
        '{{code}} is rendered under taxonomy {{taxonomy}}, which is not a physician, chiropractor, physical therapist or massage therapist taxonomy.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    const qualified = policy.codeSet('qualifiedTaxonomies');
    // Made on the first line that needs it: most claims have none.
    let underClaim: ServiceLine[] | undefined;
    for (const line of claim.lines) {
      if (!line.procedure || !(codeFlags(line.procedure.code.value, policy) & CODE_THERAPEUTIC)) continue;
      if (!line.renderingTaxonomy) {
        (underClaim ??= []).push(line);
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
    if (!taxonomy || !underClaim || qualified.has(taxonomy.value)) return;
    const codes = [...new Set(underClaim.map((l) => l.procedure!.code.value))];
    context.report({
      messageId: 'unqualified',
      data: { code: codes.join(', '), taxonomy: taxonomy.value },
      span: taxonomy.span,
      related: underClaim.map((l) => relatedLine(l, `${l.procedure!.code.value} rendered under this taxonomy`)),
    });
  },
};
