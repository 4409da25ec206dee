import * as assert from 'assert';
import {
  assertFix,
  assertFixSafe,
  assertWellFormed,
  fhirText,
  findingsOf,
  lintEveryFormat,
  lintFixture,
  lintText,
  range,
  rangeOf,
  replaceOnce,
  spanIn,
} from './helpers';

const RULE = 'cmt-modifier-59';

describe(RULE, () => {
  it('fires on 97124 billed with a CMT on the same date without 59, at the SV1-01 composite', () => {
    const r = lintFixture('massage-with-cmt-no-59.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'missing59');
    assert.strictEqual(f.severity, 'error');
    assert.strictEqual(f.clause, 'cmt-modifier-59');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(25, 4, 25, 12));
    assert.deepStrictEqual(f.data, { code: '97124', cmt: '98940', date: '2019-06-01' });
    assert.match(f.message, /97124 .*CMT 98940.*modifier 59.*\[HNS Policy: Massage with CMT — modifier 59\]$/);
    assert.strictEqual(f.related.length, 1);
    assert.deepStrictEqual(rangeOf(r.text, f.related[0].span), range(22, 4, 22, 12));
  });

  it('suggests appending 59 with the file’s component separator', () => {
    const r = lintFixture('massage-with-cmt-no-59.837');
    const [f] = findingsOf(r, RULE);
    assertFix(r, f, replaceOnce(r.text, 'SV1*HC:97124*', 'SV1*HC:97124:59*'));
  });

  it('replaces an X modifier that is not accepted with 59, in its position (CMS: 59 or an X modifier, not both)', () => {
    const r = lintFixture('massage-with-cmt-xs.837');
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59');
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124:GP:XS'));
    assert.strictEqual(f.fixes[0].title, 'Replace the X modifier on 97124 with modifier 59');
    assertFix(r, f, replaceOnce(r.text, 'HC:97124:GP:XS*', 'HC:97124:GP:59*'));
  });

  it('with two X modifiers, writes 59 once and keeps no X modifier', () => {
    const r = lintFixture('massage-with-cmt-xs-and-xu.837');
    const [f] = findingsOf(r, RULE);
    assertFix(r, f, replaceOnce(r.text, 'HC:97124:XS:GP:XU*', 'HC:97124:59:GP*'));
  });

  it('with four modifiers one of them XS, replaces XS: never a fifth modifier', () => {
    const r = lintFixture('massage-with-cmt-four-modifiers-xs.837');
    const [f] = findingsOf(r, RULE);
    assertFix(r, f, replaceOnce(r.text, 'HC:97124:GP:XS:KX:25*', 'HC:97124:GP:59:KX:25*'));
  });

  it('FHIR JSON and XML: the X modifier coding gives way to 59 (CPT system), and the fix is safe under every setting', () => {
    for (const name of ['massage-with-cmt-xs.json', 'massage-with-cmt-xs.xml']) {
      const r = lintText(fhirText(name), undefined, name);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, name);
      assert.strictEqual(f.messageId, 'missing59', name);
      const fixed = assertFixSafe(r, f, undefined, 1, name);
      assert.ok(!/"XS"|>XS<|value="XS"/.test(fixed), `${name}: XS is gone`);
      assert.ok(/"59"|value="59"/.test(fixed), `${name}: 59 is written`);
      assert.deepStrictEqual(findingsOf(lintText(fhirText(name), { acceptXModifiers: true }, name), RULE), [], `${name}: XS accepted`);
    }
  });

  it('FHIR JSON and XML: an X modifier under a HCPCS system gives way to 59 under the CPT system', () => {
    const hcpcs = [
      'urn:oid:2.16.840.1.113883.6.285',
      'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
      'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
    ];
    for (const ext of ['json', 'xml']) {
      const name = `massage-with-cmt-cpt-oid.${ext}`;
      const code = (value: string): string => (ext === 'json' ? `"code": "${value}"` : `<code value="${value}"/>`);
      const system = (value: string): string => (ext === 'json' ? `"system": "${value}"` : `<system value="${value}"/>`);
      for (const uri of hcpcs) {
        const text = replaceOnce(fhirText(name), system(hcpcs[0]), system(uri));
        const r = lintText(text, undefined, name);
        const [f, ...rest] = findingsOf(r, RULE);
        assert.strictEqual(rest.length, 0, `${name} ${uri}`);
        assert.strictEqual(f.messageId, 'missing59', `${name} ${uri}`);
        const fixed = assertFixSafe(r, f, undefined, 1, name);
        assert.strictEqual(
          fixed,
          replaceOnce(replaceOnce(text, system(uri), system('http://www.ama-assn.org/go/cpt')), code('XS'), code('59')),
          `${name} ${uri}`,
        );
        assert.deepStrictEqual(
          lintText(fixed, undefined, name).document.claims[0].lines[1].procedure?.modifiers.map((m) => m.value),
          ['59'],
          `${name} ${uri}`,
        );
      }
      // Sharp: a coding already in a CPT system (its URI or its OID) keeps that system; only the code changes.
      for (const cpt of ['http://www.ama-assn.org/go/cpt', 'urn:oid:2.16.840.1.113883.6.12']) {
        const text = replaceOnce(fhirText(name), system(hcpcs[0]), system(cpt));
        const r = lintText(text, undefined, name);
        const [f] = findingsOf(r, RULE);
        assert.strictEqual(assertFixSafe(r, f, undefined, 1, name), replaceOnce(text, code('XS'), code('59')), `${name} ${cpt}`);
      }
    }
  });

  it('accepts XE/XS/XP/XU in place of 59 only when acceptXModifiers is on', () => {
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-xs.837', { acceptXModifiers: true }), RULE).length, 0);
    const r = lintFixture('massage-with-cmt-no-59.837', { acceptXModifiers: true });
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59OrX');
  });

  it('offers no fix when all four modifier positions are taken', () => {
    const r = lintFixture('massage-with-cmt-four-modifiers.837');
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'missing59');
    assert.deepStrictEqual(f.fixes, []);
  });

  it('does not fire with 59, or when the CMT is on another date', () => {
    for (const name of ['massage-with-cmt-59.837', 'massage-and-cmt-different-dates.837', 'timed-billed-in-units.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });

  it('fires across separate claims of the same patient, date and billing provider, with the CMT line as the related location', () => {
    for (const { format, r } of lintEveryFormat('massage-cmt-separate-claims')) {
      assertWellFormed(r);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.strictEqual(f.messageId, 'missing59', format);
      assert.strictEqual(f.data.code, '97124', format);
      assert.strictEqual(f.data.cmt, '98940', format);
      const massage = r.document.claims[1].lines[0].procedure!.span;
      const cmt = r.document.claims[0].lines[0].procedure!.span;
      assert.deepStrictEqual(f.span, massage, format);
      assert.deepStrictEqual(
        f.related.map((x) => [x.span, x.message]),
        [[cmt, 'CMT 98940 on the same date, on another claim of this patient and billing provider']],
        format,
      );
      assertFixSafe(r, f, undefined, 1, format === 'x12' ? 'claim.837' : `claim.${format}`);
    }
  });

  it('does not fire across claims of another billing provider', () => {
    for (const { format, r } of lintEveryFormat('massage-cmt-separate-claims-other-provider')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
  });

  it('FHIR: reads CPT codes and HCPCS modifiers under their OIDs (urn:oid:2.16.840.1.113883.6.12 and .6.285)', () => {
    for (const name of ['massage-with-cmt-cpt-oid.json', 'massage-with-cmt-cpt-oid.xml']) {
      const r = lintText(fhirText(name), undefined, name);
      assertWellFormed(r);
      const [f] = findingsOf(r, RULE);
      assert.deepStrictEqual([f.data.code, f.data.cmt], ['97124', '98940'], name);
      assert.deepStrictEqual(
        r.document.claims[0].lines.map((l) => [l.procedure?.code.value, l.procedure?.modifiers.map((m) => m.value)]),
        [
          ['98940', []],
          ['97124', ['XS']],
        ],
        name,
      );
      // The XS under the HCPCS OID is read as a modifier: accepted when X modifiers are.
      assert.deepStrictEqual(findingsOf(lintText(fhirText(name), { acceptXModifiers: true }, name), RULE), [], name);
    }
  });

  it('can be turned off or downgraded', () => {
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-no-59.837', { rules: { [RULE]: 'off' } }), RULE).length, 0);
    assert.strictEqual(findingsOf(lintFixture('massage-with-cmt-no-59.837', { rules: { [RULE]: 'info' } }), RULE)[0].severity, 'info');
  });
});
