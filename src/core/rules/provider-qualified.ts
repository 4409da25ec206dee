import { renderingTaxonomyOf, type ServiceLine } from '../model/claim';
import type { RelatedLocation } from '../model/finding';
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
        '{{code}}: rendered under taxonomy {{taxonomy}}, which is not a physician, chiropractor, physical or occupational therapist or massage therapist taxonomy.',
      unqualifiedBilling:
        '{{code}}: the claim names no rendering provider, so the billing provider is the one rendering; its taxonomy {{taxonomy}} is not a physician, chiropractor, physical or occupational therapist or massage therapist taxonomy.',
    },
  },
  check(claim, context) {
    const { policy } = context;
    const qualified = policy.codeSet('qualifiedTaxonomies');
    // Made on the first line that needs them: most claims have none.
    let underClaim: ServiceLine[] | undefined;
    let underBilling: ServiceLine[] | undefined;
    for (const line of claim.lines) {
      if (!line.procedure || !(codeFlags(line.procedure.code.value, policy) & CODE_THERAPEUTIC)) continue;
      const rendering = renderingTaxonomyOf(claim, line);
      if (!rendering || qualified.has(rendering.taxonomy.value)) continue;
      if (rendering.from === 'claim') {
        (underClaim ??= []).push(line);
        continue;
      }
      if (rendering.from === 'billing') {
        (underBilling ??= []).push(line);
        continue;
      }
      context.report({
        messageId: 'unqualified',
        data: { code: line.procedure.code.value, taxonomy: rendering.taxonomy.value },
        span: rendering.taxonomy.span,
        related: [relatedLine(line, `${line.procedure.code.value} rendered under this taxonomy`)],
      });
    }
    const codes = (lines: readonly ServiceLine[]): string => [...new Set(lines.map((l) => l.procedure!.code.value))].join(', ');
    if (underClaim && claim.renderingTaxonomy) {
      context.report({
        messageId: 'unqualified',
        data: { code: codes(underClaim), taxonomy: claim.renderingTaxonomy.value },
        span: claim.renderingTaxonomy.span,
        related: underClaim.map((l) => relatedLine(l, `${l.procedure!.code.value} rendered under this taxonomy`)),
      });
    }
    if (underBilling && claim.billingTaxonomy) {
      // On the claim's own line: the billing provider's PRV*BI is shared by all its claims.
      const [first, ...others] = underBilling;
      const related: RelatedLocation[] = [
        {
          span: claim.billingTaxonomy.span,
          message: `The billing provider’s taxonomy (${context.format.startsWith('x12') ? '2000A PRV*BI' : 'Claim.provider'}), which stands for the rendering provider`,
        },
        ...others.map((l) => relatedLine(l, `${l.procedure!.code.value}, also rendered by the billing provider`)),
      ];
      context.report({
        messageId: 'unqualifiedBilling',
        data: { code: codes(underBilling), taxonomy: claim.billingTaxonomy.value },
        span: first.procedure!.span,
        related,
      });
    }
  },
};
