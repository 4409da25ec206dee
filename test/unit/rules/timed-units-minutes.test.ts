import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  assertFix,
  assertFixSafe,
  assertWellFormed,
  fhirText,
  findingsOf,
  fixtureText,
  lintEveryFormat,
  lintFixture,
  lintText,
  range,
  rangeOf,
  replaceOnce,
  SHARED_ROOT,
  spanIn,
} from './helpers';

const RULE = 'timed-units-minutes';

describe(RULE, () => {
  it('fires on timed codes billed in minutes, from SV1-03 to SV1-04', () => {
    const r = lintFixture('timed-billed-in-minutes.837');
    assertWellFormed(r);
    const fs_ = findingsOf(r, RULE);
    assert.deepStrictEqual(
      fs_.map((f) => [f.data.code, f.data.minutes, f.data.units]),
      [
        ['97124', 30, 2],
        ['97110', 23, 2],
        ['97140', 22, 1],
      ],
    );
    const [f] = fs_;
    assert.strictEqual(f.messageId, 'minutes');
    assert.strictEqual(f.severity, 'error');
    // 97124's units come from its 15-minute clause; other timed codes' from the 8-minute one.
    assert.strictEqual(f.clause, 'massage-15-minutes');
    assert.deepStrictEqual(rangeOf(r.text, f.span), range(22, 16, 22, 21));
    assert.match(
      f.message,
      /^97124 is billed in minutes \(MJ\); time-based codes are billed in units\. 30 minutes → 2 units: whole units only for 97124 \(no rounding up from 8 minutes\)\. \[HNS Policy: Time Based — 15 minutes for 97124\]$/,
    );
    assert.deepStrictEqual(fs_[1].span, spanIn(r.text, 'SV1*HC:97110', 'MJ*23'));
    assert.strictEqual(fs_[1].clause, 'time-based-increments');
  });

  it('suggests units: ⌊minutes/15⌋ for 97124, the 8-minute rule for other timed codes', () => {
    const r = lintFixture('timed-billed-in-minutes.837');
    const [massage, ther, manual] = findingsOf(r, RULE);
    assertFix(r, massage, replaceOnce(r.text, 'MJ*30', 'UN*2'));
    assertFix(r, ther, replaceOnce(r.text, 'MJ*23', 'UN*2'));
    assertFix(r, manual, replaceOnce(r.text, 'MJ*22', 'UN*1'));
  });

  it('follows the strict-floor rounding mode', () => {
    const config = { timedRounding: 'strict-floor' as const };
    const r = lintFixture('timed-billed-in-minutes.837', config);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => f.data.units),
      [2, 1, 1],
    );
    assertFix(r, found[1], replaceOnce(r.text, 'MJ*23', 'UN*1'), config);
  });

  it('follows the cms-8-minute mode: a date’s minutes are split, and billed in units together', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const r = lintFixture('timed-minutes-cms.837', config);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.units]),
      [
        ['97110', 2],
        ['97140', 1],
      ],
    );
    assert.match(found[1].message, /7 minutes → 1 unit: CMS 8-minute rule over 40 timed minutes/);
    // Both lines' fixes bill the whole date: billed one by one, each would be split again without the other's minutes.
    const both = replaceOnce(replaceOnce(r.text, 'MJ*33', 'UN*2'), 'MJ*7', 'UN*1');
    for (const f of found) {
      assert.strictEqual(f.fixes[0].title, 'Bill the 40 timed minutes of 2019-06-01 in units (CMS 8-minute rule): 97110 2 units, 97140 1 unit');
      const after = assertFix(r, f, both, config, 2);
      assert.deepStrictEqual(findingsOf(after, RULE), []);
    }
  });

  it('under cms-8-minute, never gives 97124 a unit without its 15 minutes: 97124 20 min + 97110 20 min → 97124 1, 97110 2', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const r = lintFixture('massage-and-therapy-twenty-minutes.837', config);
    const found = findingsOf(r, RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.data.code, f.data.minutes, f.data.units, f.clause]),
      [
        ['97124', 20, 1, 'massage-15-minutes'],
        ['97110', 20, 2, 'time-based-increments'],
      ],
    );
    assert.deepStrictEqual(found[0].span, spanIn(r.text, 'SV1*HC:97124', 'MJ*20'));
    const fixed = r.text.replace('HC:97124*50*MJ*20', 'HC:97124*50*UN*1').replace('HC:97110*50*MJ*20', 'HC:97110*50*UN*2');
    const after = assertFix(r, found[1], fixed, config, 2);
    assert.deepStrictEqual(findingsOf(after, 'timed-under-minimum'), []);
    // The same split in FHIR.
    const fhir = lintText(fhirText('massage-and-therapy-twenty-minutes.json'), config, 'split.json');
    assert.deepStrictEqual(
      findingsOf(fhir, RULE).map((f) => [f.data.code, f.data.units]),
      [
        ['97124', 1],
        ['97110', 2],
      ],
    );
  });

  it('gives no 0-unit finding: minutes that make no unit are timed-under-minimum’s, one finding a line', () => {
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      const r = lintFixture('timed-under-minimum.837', { timedRounding });
      assert.ok(
        findingsOf(r, RULE).every((f) => (f.data.units as number) >= 1),
        timedRounding,
      );
      const massage = r.findings.filter((f) => f.span.start === spanIn(r.text, 'SV1*HC:97124', 'MJ*10').start);
      assert.deepStrictEqual(
        massage.map((f) => `${f.ruleId}/${f.messageId}`),
        ['timed-under-minimum/massageUnderMinimum'],
        timedRounding,
      );
    }
  });

  it('reports an unreadable minute quantity without a fix', () => {
    const text = replaceOnce(lintFixture('timed-billed-in-minutes.837').text, 'MJ*30', 'MJ*X');
    const [f] = findingsOf(lintText(text), RULE);
    assert.strictEqual(f.messageId, 'unreadableMinutes');
    assert.deepStrictEqual(f.span, spanIn(text, 'SV1*HC:97124', 'MJ*X'));
    assert.deepStrictEqual(f.fixes, []);
  });

  it('never fires for anesthesia minutes or for lines billed in units', () => {
    for (const name of ['anesthesia-in-minutes.837', 'timed-billed-in-units.837']) {
      const r = lintFixture(name);
      assertWellFormed(r);
      assert.deepStrictEqual(findingsOf(r, RULE), [], name);
    }
    const corpus = path.join(SHARED_ROOT, 'corpus', 'x12-837p', 'stupidedi-anesthesia.edi');
    const r = lintText(fs.readFileSync(corpus, 'utf8'), undefined, 'stupidedi-anesthesia.edi');
    assert.ok(
      r.document.claims.some((c) => c.lines.some((l) => l.unitBasis?.value === 'MJ')),
      'the corpus file bills minutes',
    );
    assert.deepStrictEqual(findingsOf(r, RULE), []);
  });
});

describe(`${RULE}: cms-8-minute splits over codes, not lines (issue 14, item 2)`, () => {
  it('97124 on two lines of one date, 10 + 10 minutes: its 20 minutes make one unit, billed on one line', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const text = replaceOnce(
      replaceOnce(fixtureText('massage-and-therapy-twenty-minutes.837'), 'HC:97110*50*MJ*20', 'HC:97124*50*MJ*10'),
      'HC:97124*50*MJ*20',
      'HC:97124*50*MJ*10',
    );
    const r = lintText(text, config);
    const [minutes, other] = findingsOf(r, RULE);
    assert.deepStrictEqual([minutes.data.code, minutes.data.units], ['97124', 1]);
    // The date's 20 minutes of 97124 reach its 15: the second line is not "under minimum" (issue 14 review).
    assert.deepStrictEqual([other.data.code, other.data.units], ['97124', 0]);
    assert.deepStrictEqual(findingsOf(r, 'timed-under-minimum'), []);
    assert.strictEqual(minutes.fixes[0].title, 'Bill the 20 timed minutes of 2019-06-01 in units (CMS 8-minute rule): 97124 1 unit, remove 97124 (10 minutes)');
    assert.strictEqual(other.fixes[0].title, minutes.fixes[0].title, 'one choice for the date');
    const fixed = assertFixSafe(r, minutes, config, 2);
    assert.deepStrictEqual(
      lintText(fixed, config).document.claims[0].lines.map((l) => [l.procedure?.code.value, l.unitBasis?.value, l.quantity?.value]),
      [['97124', 'UN', 1]],
    );
  });
});

describe(`${RULE}: CMS's timed list (issue 14, item 10)`, () => {
  it('tests and measurements (97750) and orthotic management (97763) are timed', () => {
    const r = lintFixture('timed-tests-and-orthotics-in-minutes.837');
    assert.deepStrictEqual(
      findingsOf(r, RULE).map((f) => [f.data.code, f.data.units]),
      [
        ['97750', 2],
        ['97763', 2],
      ],
    );
    assert.deepStrictEqual(findingsOf(r, 'untimed-billed-in-minutes'), []);
  });

  it('cms-8-minute over three codes of one date: the fix bills the date, and what it writes lints clean of timed errors', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const r = lintFixture('three-timed-codes-one-date.837', config);
    const found = [...findingsOf(r, RULE), ...findingsOf(r, 'timed-under-minimum')];
    assert.ok(found.length >= 2);
    const titles = new Set(found.map((f) => f.fixes[0].title));
    assert.strictEqual(titles.size, 1, 'every line of the date offers the same one fix');
  });

  it('FHIR JSON and XML: 97124 20 min + 97110 20 min under cms-8-minute → 97124 1, 97110 2', () => {
    for (const { format, r } of lintEveryFormat('massage-and-therapy-twenty-minutes', { timedRounding: 'cms-8-minute' })) {
      assert.deepStrictEqual(
        findingsOf(r, RULE).map((f) => [f.data.code, f.data.units, f.clause]),
        [
          ['97124', 1, 'massage-15-minutes'],
          ['97110', 2, 'time-based-increments'],
        ],
        format,
      );
    }
  });
});

describe(`${RULE}: a code's minutes on a date are added up in every mode (issue 14 review)`, () => {
  for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
    it(`${timedRounding}: 97124 10 + 10 minutes on one date → one unit, one finding a line, the fix bills it and lints clean`, () => {
      const config = { timedRounding };
      for (const { format, r } of lintEveryFormat('massage-two-lines-ten-minutes', config)) {
        const found = findingsOf(r, RULE);
        assert.deepStrictEqual(
          found.map((f) => [f.data.code, f.data.minutes, f.data.units]),
          [
            ['97124', 10, 1],
            ['97124', 10, 0],
          ],
          format,
        );
        assert.deepStrictEqual(findingsOf(r, 'timed-under-minimum'), [], `${format}: 20 minutes of 97124 are not under its 15`);
        assert.match(found[1].message, /10 minutes → 0 units \(97124: 20 minutes on the date → 1 unit\)/, format);
        assert.strictEqual(new Set(found.map((f) => f.fixes[0].title)).size, 1, `${format}: one choice for the date`);
        const fileName = format === 'x12' ? 'claim.837' : `claim.${format}`;
        const fixed = assertFixSafe(r, found[0], config, 2, fileName);
        const after = lintText(fixed, config, fileName);
        assert.deepStrictEqual(
          after.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId),
          [],
          `${format}: the fixed claim lints clean`,
        );
        assert.deepStrictEqual(
          after.document.claims[0].lines.map((l) => [l.procedure?.code.value, l.quantity?.value]),
          [['97124', 1]],
          format,
        );
      }
    });
  }

  it('policy: the fix names the code and date it bills', () => {
    const r = lintFixture('massage-two-lines-ten-minutes.837');
    assert.strictEqual(findingsOf(r, RULE)[0].fixes[0].title, 'Bill the 20 minutes of 97124 on 2019-06-01 in units: 97124 1 unit, remove 97124 (10 minutes)');
  });

  it('other codes keep their mode’s rounding over the code’s total: 97110 7 + 7 minutes', () => {
    const text = fixtureText('massage-two-lines-ten-minutes.837').replace(/HC:97124\*50\*MJ\*10/g, 'HC:97110*50*MJ*7');
    const units = (timedRounding: 'policy' | 'cms-8-minute' | 'strict-floor'): unknown[] =>
      [...findingsOf(lintText(text, { timedRounding }), RULE), ...findingsOf(lintText(text, { timedRounding }), 'timed-under-minimum')].map(
        (f) => `${f.ruleId}/${f.messageId}:${f.data.units ?? ''}`,
      );
    // 14 minutes: the 8-minute rule gives 1 unit; whole units only give none.
    assert.deepStrictEqual(units('policy'), ['timed-units-minutes/minutes:1', 'timed-units-minutes/minutes:0']);
    assert.deepStrictEqual(units('cms-8-minute'), ['timed-units-minutes/minutes:1', 'timed-units-minutes/minutes:0']);
    assert.deepStrictEqual(units('strict-floor'), ['timed-under-minimum/noUnit:', 'timed-under-minimum/noUnit:']);
  });

  it('audit-multiple-units counts the units the fix writes: 10 + 10 is one unit, 16 + 16 two', () => {
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      assert.deepStrictEqual(findingsOf(lintFixture('massage-two-lines-ten-minutes.837', { timedRounding }), 'audit-multiple-units'), [], timedRounding);
      const text = fixtureText('massage-two-lines-ten-minutes.837').replace(/MJ\*10/g, 'MJ*16');
      const [audit] = findingsOf(lintText(text, { timedRounding }), 'audit-multiple-units');
      assert.match(audit.message, /2 units/, timedRounding);
    }
  });
});

describe(`${RULE}: the fix bills the whole date in every mode`, () => {
  // 97124 25 + 97110 8 + 97140 8 on one date. Billing only 97124 under policy left 16 minutes of two
  // codes in minutes, which cms-8-minute reads as one unit for two codes: an error the claim did not have.
  const text = replaceOnce(
    fixtureText('massage-two-lines-seven-minutes.837').replace('HC:97124*50*MJ*7', 'HC:97124*50*MJ*25').replace('HC:97124*50*MJ*7', 'HC:97110*50*MJ*8'),
    'HC:97110*50*UN*1',
    'HC:97140*50*MJ*8',
  );
  for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
    it(`${timedRounding}: every timed finding's fix leaves no date half in minutes, safe under every setting`, () => {
      const config = { timedRounding };
      const r = lintText(text, config);
      const timed = r.findings.filter((f) => f.ruleId === RULE || f.ruleId === 'timed-under-minimum');
      assert.strictEqual(timed.length, 3);
      assert.strictEqual(new Set(timed.map((f) => f.fixes[0].title)).size, 1, 'one choice for the date');
      for (const f of timed) {
        const fixed = assertFixSafe(r, f, config, findingsOf(r, f.ruleId).length);
        assert.ok(!/\*MJ\*/.test(fixed), 'no line left in minutes');
      }
    });
  }
});
