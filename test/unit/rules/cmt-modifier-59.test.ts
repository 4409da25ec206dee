import * as assert from 'assert';
import type { LintConfig } from '../../../src/core/config';
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
const CPT = 'http://www.ama-assn.org/go/cpt';
const ROUNDINGS = ['policy', 'cms-8-minute', 'strict-floor'] as const;

/** The errors any rule reports on `text` under `config`, as rule/messageId. */
function errorsOf(text: string, config: Partial<LintConfig>, fileName: string): string[] {
  return lintText(text, config, fileName)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}/${f.messageId}`);
}

/** A modifier entry of the massage item in the FHIR fixtures, as written there. */
function fhirModifier(format: string, code: string): string {
  return format === 'json'
    ? `{\n          "coding": [\n            {\n              "system": "${CPT}",\n              "code": "${code}"\n            }\n          ]\n        }`
    : `<modifier>\n      <coding>\n        <system value="${CPT}"/>\n        <code value="${code}"/>\n      </coding>\n    </modifier>`;
}

/** The massage line's modifiers 59 then XS in the fixture `massage-with-cmt-59-and-xs`, and that line with only `keep`. */
function withModifiers(format: string, text: string, keep: '59' | 'XS'): string {
  if (format === 'x12') return replaceOnce(text, 'HC:97124:59:XS*', `HC:97124:${keep}*`);
  const sep = format === 'json' ? ',\n        ' : '\n    ';
  return replaceOnce(text, fhirModifier(format, '59') + sep + fhirModifier(format, 'XS'), fhirModifier(format, keep));
}

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

describe(`${RULE}: 59 and an X modifier on one line (CMS: one or the other)`, () => {
  const BASE = 'massage-with-cmt-59-and-xs';
  const fileOf = (format: string): string => (format === 'x12' ? 'claim.837' : `${BASE}.${format}`);

  it('reports 59 with XS on a massage line billed with a CMT, at the procedure, the CMT line related', () => {
    for (const { format, r } of lintEveryFormat(BASE)) {
      assertWellFormed(r);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.strictEqual(f.messageId, 'both59AndX', format);
      assert.strictEqual(f.severity, 'error', format);
      assert.deepStrictEqual(f.data, { code: '97124', cmt: '98940', date: format === 'x12' ? '2019-06-01' : '2024-03-04', x: 'XS' }, format);
      const [cmt, massage] = r.document.claims[0].lines.map((l) => l.procedure!.span);
      assert.deepStrictEqual(f.span, massage, format);
      if (format === 'x12') assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124:59:XS'));
      assert.deepStrictEqual(
        f.related.map((x) => [x.span, x.message]),
        [[cmt, 'CMT 98940 on the same date']],
        format,
      );
      assert.match(f.message, /^97124 is billed with CMT 98940 on \S+ with modifier 59 and XS; report 59 or an X modifier, not both\./, format);
    }
  });

  it('suggests removing the X modifier, keeping 59: no error under any setting afterwards', () => {
    for (const { format, r } of lintEveryFormat(BASE)) {
      const [f] = findingsOf(r, RULE);
      assert.strictEqual(f.fixes[0]?.title, 'Remove modifier XS from 97124', format);
      const fixed = assertFixSafe(r, f, undefined, 1, fileOf(format));
      assert.strictEqual(fixed, withModifiers(format, r.text, '59'), format);
      for (const timedRounding of ROUNDINGS) {
        for (const acceptXModifiers of [false, true])
          assert.deepStrictEqual(errorsOf(fixed, { timedRounding, acceptXModifiers }, fileOf(format)), [], `${format} ${timedRounding} ${acceptXModifiers}`);
      }
    }
  });

  it('with acceptXModifiers too, suggests removing the X modifier and keeping 59: a fix is safe under every setting', () => {
    for (const { format, r } of lintEveryFormat(BASE, { acceptXModifiers: true })) {
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, format);
      assert.strictEqual(f.messageId, 'both59AndX', format);
      assert.strictEqual(f.fixes.length, 1, format);
      assert.strictEqual(f.fixes[0].title, 'Remove modifier XS from 97124', format);
      const fixed = assertFixSafe(r, f, { acceptXModifiers: true }, 1, fileOf(format));
      assert.strictEqual(fixed, withModifiers(format, r.text, '59'), format);
      for (const timedRounding of ROUNDINGS)
        for (const acceptXModifiers of [false, true])
          assert.deepStrictEqual(errorsOf(fixed, { timedRounding, acceptXModifiers }, fileOf(format)), [], `${format} ${timedRounding} ${acceptXModifiers}`);
    }
  });

  it('X12: removes every X modifier, and the modifiers after a removed one move up', () => {
    const text = lintFixture(`${BASE}.837`).text;
    const cases: [string, Partial<LintConfig>, string, string][] = [
      ['HC:97124:XS:59:XU', {}, 'HC:97124:59', 'XS, XU'],
      ['HC:97124:XS:GP:59', {}, 'HC:97124:GP:59', 'XS'],
      ['HC:97124:59:GP:XE', { acceptXModifiers: true }, 'HC:97124:59:GP', 'XE'],
      ['HC:97124:59:XP:::Massage', {}, 'HC:97124:59::::Massage', 'XP'],
    ];
    for (const [written, config, expected, x] of cases) {
      const r = lintText(replaceOnce(text, 'HC:97124:59:XS*', `${written}*`), config);
      const [f, ...rest] = findingsOf(r, RULE);
      assert.strictEqual(rest.length, 0, written);
      assert.strictEqual(f.data.x, x, written);
      assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', written), written);
      assertFix(r, f, replaceOnce(r.text, `${written}*`, `${expected}*`), config);
    }
  });

  it('does not fire without a CMT on that date, nor on 59 alone or an accepted X modifier alone', () => {
    for (const { format, r } of lintEveryFormat(BASE)) {
      // The CMT line billed as 97140 (manual therapy, not a CMT): the massage line is not one the rule covers.
      const noCmt =
        format === 'x12'
          ? replaceOnce(r.text, 'HC:98940*', 'HC:97140*')
          : replaceOnce(
              r.text,
              format === 'json' ? '"code": "98940"' : '<code value="98940"/>',
              format === 'json' ? '"code": "97140"' : '<code value="97140"/>',
            );
      assert.deepStrictEqual(findingsOf(lintText(noCmt, undefined, fileOf(format)), RULE), [], `${format}: no CMT`);
      assert.deepStrictEqual(findingsOf(lintText(noCmt, { acceptXModifiers: true }, fileOf(format)), RULE), [], `${format}: no CMT, X accepted`);
      assert.deepStrictEqual(findingsOf(lintText(withModifiers(format, r.text, '59'), undefined, fileOf(format)), RULE), [], `${format}: 59 alone`);
      assert.deepStrictEqual(
        findingsOf(lintText(withModifiers(format, r.text, 'XS'), { acceptXModifiers: true }, fileOf(format)), RULE),
        [],
        `${format}: XS alone, accepted`,
      );
    }
  });
});
