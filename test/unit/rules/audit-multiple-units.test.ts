import * as assert from 'assert';
import { assertWellFormed, fhirText, findingsOf, lintEveryFormat, lintFixture, lintText, range, rangeOf, replaceOnce, spanIn } from './helpers';

const RULE = 'audit-multiple-units';

describe(RULE, () => {
  it('fires on one 97124 line with two units', () => {
    const r = lintFixture('massage-two-units-one-line.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'oneLine');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.clause, 'audit-trigger');
    assert.deepStrictEqual(f.data, { code: '97124', units: 2, date: '2019-06-01', max: 1, maxUnits: '1 unit', lines: 1 });
    assert.match(
      f.message,
      /^97124 comes to 2 units on 2019-06-01; payors scrutinize massage billed for more than 1 unit on the same date\. \[HNS Policy: Audit-Trigger Code\]$/,
    );
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 4, 22, 15));
    assert.deepStrictEqual(f.related, []);
    assert.deepStrictEqual(f.fixes, []);
  });

  it('fires across claims of one patient on one date, on the line that goes over, the other as related', () => {
    const r = lintFixture('massage-two-claims-same-date.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'severalLines');
    assert.strictEqual(f.data.lines, 2);
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124', 'HC:97124', 1));
    assert.deepStrictEqual(
      f.related.map((x) => x.span),
      [spanIn(r.text, 'SV1*HC:97124', 'HC:97124', 0)],
    );
  });

  it('counts minutes as units (30 minutes of 97124 are 2 units)', () => {
    const [f] = findingsOf(lintFixture('timed-billed-in-minutes.837'), RULE);
    assert.strictEqual(f.data.units, 2);
  });

  it('does not fire for one unit per patient and date', () => {
    for (const name of ['massage-two-patients-same-date.837', 'massage-four-visits.837', 'massage-with-cmt-59.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
  });
});

describe(`${RULE}: voids, replacements and rounding (issue 14)`, () => {
  it('a replacement supersedes the earlier claim of the same patient and CLM01: 2 units replaced by 1 are 1 unit', () => {
    for (const { format, r } of lintEveryFormat('massage-two-units-replaced-by-one')) {
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], format);
    }
    // Sharp: as two originals, the same lines are 3 units.
    const text = lintFixture('massage-two-units-replaced-by-one.837').text;
    assert.strictEqual(findingsOf(lintText(replaceOnce(text, '11:B:7*', '11:B:1*')), RULE).length, 1);
  });

  it('a FHIR replacement naming its original by the Bundle entry’s fullUrl supersedes it', () => {
    for (const ext of ['json', 'xml']) {
      const name = `massage-two-units-replaced-by-full-url.${ext}`;
      const text = fhirText(name);
      const element = (tag: string, value: string): string => (ext === 'json' ? `"${tag}": "${value}"` : `<${tag} value="${value}"/>`);
      /** The first entry's fullUrl and the replacement's related.claim.reference set to these. */
      const variant = (fullUrl: string, reference: string): string =>
        replaceOnce(
          replaceOnce(text, element('fullUrl', 'urn:uuid:claim-1'), element('fullUrl', fullUrl)),
          element('reference', 'urn:uuid:claim-1'),
          element('reference', reference),
        );
      const units = (t: string): number[] => {
        const r = lintText(t, undefined, name);
        assertWellFormed(r);
        return findingsOf(r, RULE).map((f) => f.data.units as number);
      };
      assert.deepStrictEqual(units(text), [], `${name}: urn:uuid fullUrl`);
      const url = 'https://fhir.example.org/r4/Claim/first';
      assert.deepStrictEqual(units(variant(url, url)), [], `${name}: absolute fullUrl`);
      assert.deepStrictEqual(units(variant(url, 'Claim/first/_history/2')), [], `${name}: Claim/<id>/_history/<v>`);
      // Sharp: a fullUrl no entry has, or the replacement's own, supersedes nothing (2 + 1 units).
      assert.deepStrictEqual(units(variant('urn:uuid:claim-1', 'urn:uuid:claim-9')), [3], `${name}: unknown fullUrl`);
      assert.deepStrictEqual(units(variant('urn:uuid:claim-1', 'urn:uuid:claim-2')), [3], `${name}: names itself`);
      assert.deepStrictEqual(units(variant(url, 'https://other.example.org/r4/Patient/first')), [3], `${name}: not a Claim`);
    }
  });

  it('a void is not a service: its unit is not counted', () => {
    const r = lintFixture('massage-two-units-void-twin.837');
    assertWellFormed(r);
    assert.deepStrictEqual(findingsOf(r, RULE), []);
    assert.strictEqual(findingsOf(lintText(replaceOnce(r.text, '11:B:8*', '11:B:1*')), RULE).length, 1);
  });

  it('a replacement never supersedes another patient’s claim with the same CLM01', () => {
    const r = lintFixture('massage-replacement-other-patient.837');
    assertWellFormed(r);
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual(f.span, spanIn(r.text, 'SV1*HC:97124*50*UN*2', 'HC:97124'));
    assert.strictEqual(f.data.units, 2);
  });

  it('counts the units the minutes → units fix would write, under each rounding mode', () => {
    // 97124 billed for 29 minutes on one date: 1 unit under every mode (never rounded up to 2).
    const base = replaceOnce(lintFixture('massage-two-units-void-twin.837').text, '11:B:8*', '11:B:1*');
    const second = base.lastIndexOf('SV1*HC:97124*50*UN*1***1~');
    const withMinutes = (m: number): string => `${base.slice(0, second)}SV1*HC:97124*50*MJ*${m}***1~${base.slice(second + 'SV1*HC:97124*50*UN*1***1~'.length)}`;
    const text = withMinutes(29);
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      const r = lintText(text, { timedRounding });
      const [f] = findingsOf(r, RULE);
      assert.strictEqual(f.data.units, 2, timedRounding);
      const minutes = findingsOf(r, 'timed-units-minutes');
      assert.deepStrictEqual(
        minutes.map((m) => m.data.units),
        [1],
        timedRounding,
      );
    }
    // 97124 billed for 14 minutes: no unit under any mode, so it adds nothing to the count.
    const short = withMinutes(14);
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      assert.deepStrictEqual(findingsOf(lintText(short, { timedRounding }), RULE), [], timedRounding);
    }
  });
});
