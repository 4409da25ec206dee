import * as assert from 'assert';
import { assertWellFormed, findingsOf, lintEveryFormat, lintFixture, range, rangeOf, spanIn } from './helpers';

const RULE = 'provider-qualified';

describe(RULE, () => {
  it('fires once per claim on an unqualified claim-level taxonomy, the therapy lines related', () => {
    const r = lintFixture('provider-unqualified-claim.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'unqualified');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'direct-contact');
    assert.deepStrictEqual(f.data, { code: '97124, 97110', taxonomy: '363L00000X' });
    // Reads right with one code or several ("97124, 97110: rendered under …", not "… is rendered").
    assert.match(f.message, /^97124, 97110: rendered under taxonomy 363L00000X, which is not a physician, chiropractor/);
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(20, 11, 20, 21));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [spanIn(r.text, 'SV1*HC:97124', 'HC:97124'), spanIn(r.text, 'SV1*HC:97110', 'HC:97110')],
    );
  });

  it('prefers the line-level taxonomy (2420A) over the claim’s', () => {
    const r = lintFixture('provider-line-taxonomy.837');
    assertWellFormed(r);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.taxonomy]),
      [
        ['97140', '363L00000X'],
        ['97110', '122300000X'],
      ],
    );
    assert.deepStrictEqual(found[1].span, spanIn(r.text, 'PRV*PE*PXC*122300000X', '122300000X'));
  });

  it('does not fire for qualified taxonomies or when the claim has none', () => {
    const r = lintFixture('provider-qualified.837');
    assertWellFormed(r);
    assert.strictEqual(r.document.claims[1].renderingTaxonomy, undefined);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
    for (const name of ['massage-837i.837i', 'anesthesia-in-minutes.837', 'four-modalities-one-visit.837']) {
      assert.deepStrictEqual(findingsOf(lintFixture(name), RULE), [], name);
    }
  });
});

describe(`${RULE}: the billing provider's PRV*BI when no rendering provider is named (issue 14)`, () => {
  it('reads 2000A PRV*BI (FHIR: the contained provider’s taxonomy) when the claim names no rendering provider', () => {
    for (const { format, r } of lintEveryFormat('provider-billing-unqualified', undefined, 'massage-billing-provider-unqualified')) {
      assertWellFormed(r);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.strictEqual(f.messageId, 'unqualifiedBilling', format);
      assert.strictEqual(f.data.taxonomy, '363L00000X', format);
      assert.deepStrictEqual(f.span, r.document.claims[0].lines[0].procedure!.span, format);
      assert.deepStrictEqual(f.related[0].span, r.document.claims[0].billingTaxonomy!.span, format);
    }
    const r = lintFixture('provider-billing-unqualified.837');
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.data.code, '97124, 97110');
    assert.deepStrictEqual(f.related[0].span, spanIn(r.text, 'PRV*BI', '363L00000X'));
    assert.strictEqual(f.related[0].message, 'The billing provider’s taxonomy (2000A PRV*BI), which stands for the rendering provider');
  });

  it('accepts an occupational therapist (225X…) billing provider', () => {
    for (const { format, r } of lintEveryFormat('provider-billing-occupational-therapist', undefined, 'massage-billing-provider-occupational-therapist')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
  });

  it('a rendering provider named without a taxonomy does not fall back to the billing provider’s', () => {
    const r = lintFixture('provider-rendering-named-without-taxonomy.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });
});
