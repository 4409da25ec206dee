import * as assert from 'assert';
import { assertFix, assertFixSafe, assertWellFormed, findingsOf, fixtureText, lintEveryFormat, lintFixture, lintText, range, rangeOf, spanIn } from './helpers';

const RULE = 'timed-under-minimum';

describe(RULE, () => {
  it('fires on 97124 under 15 minutes and other timed codes under 8', () => {
    const r = lintFixture('timed-under-minimum.837');
    assertWellFormed(r);
    const [massage, ther, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0, '97140 for 8 minutes is fine');
    assert.strictEqual(massage.messageId, 'massageUnderMinimum');
    assert.strictEqual(massage.clause, 'massage-15-minutes');
    assert.strictEqual(massage.severity, 'error');
    assert.deepStrictEqual(massage.data, { code: '97124', minutes: 10, minimum: 15 });
    assert.deepStrictEqual(rangeOf(r.text, massage.span), range(25, 19, 25, 24));
    assert.match(
      massage.message,
      /^97124 is billed for 10 minutes; 15 minutes must be spent to report 97124\. \[HNS Policy: Time Based — 15 minutes for 97124\]$/,
    );
    assert.strictEqual(ther.messageId, 'underMinimum');
    assert.strictEqual(ther.clause, 'time-based-increments');
    assert.deepStrictEqual(ther.data, { code: '97110', minutes: 5, minimum: 8 });
    assert.deepStrictEqual(ther.span, spanIn(r.text, 'SV1*HC:97110', 'MJ*5'));
  });

  it('suggests removing the line: later LX renumbered, CLM02 reduced, SE01 recounted', () => {
    const r = lintFixture('timed-under-minimum.837');
    const [massage, ther] = findingsOf(r, RULE);
    const withoutMassage = r.text
      .replace('CLM*PCN1*140.5*', 'CLM*PCN1*100.00*')
      .replace('LX*2~\nSV1*HC:97124*40.50*MJ*10***1~\nDTP*472*D8*20190601~\n', '')
      .replace('LX*3~', 'LX*2~')
      .replace('LX*4~', 'LX*3~')
      .replace('SE*32*0001', 'SE*29*0001');
    assert.notStrictEqual(withoutMassage, r.text);
    assertFix(r, massage, withoutMassage);
    const withoutTher = r.text
      .replace('CLM*PCN1*140.5*', 'CLM*PCN1*120.5*')
      .replace('LX*3~\nSV1*HC:97110*20*MJ*5***1~\nDTP*472*D8*20190608~\n', '')
      .replace('LX*4~', 'LX*3~')
      .replace('SE*32*0001', 'SE*29*0001');
    assertFix(r, ther, withoutTher);
  });

  it('does not fire at the minimum, nor for units or anesthesia minutes', () => {
    for (const name of ['massage-fifteen-minutes.837', 'timed-billed-in-units.837', 'anesthesia-in-minutes.837', 'timed-billed-in-minutes.837']) {
      assert.deepStrictEqual(findingsOf(lintFixture(name), RULE), [], name);
    }
  });
});

describe(`${RULE}: edge cases`, () => {
  it('offers no removal for the only line of a claim', () => {
    const r = lintFixture('massage-under-15-only-line.837');
    assertWellFormed(r);
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.messageId, 'massageUnderMinimum');
    assert.deepStrictEqual(f.fixes, []);
  });

  it('under cms-8-minute, spares a short line the date’s total gives a unit, but never a short massage', () => {
    const cms = lintFixture('timed-minutes-cms.837', { timedRounding: 'cms-8-minute' });
    assert.deepStrictEqual(findingsOf(cms, RULE), []);
    assert.strictEqual(findingsOf(lintFixture('timed-minutes-cms.837'), RULE).length, 1);
    const massage = lintFixture('timed-under-minimum.837', { timedRounding: 'cms-8-minute' });
    assert.deepStrictEqual(
      findingsOf(massage, RULE).map((f) => f.data.code),
      ['97124', '97110'],
    );
  });
});

describe(`${RULE}: 97124's 15 minutes under every rounding (issue 14, items 1 and 4)`, () => {
  for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
    it(`${timedRounding}: 97124 for 10 minutes beside 20 minutes of 97110 keeps one error, and the fix never bills it a unit`, () => {
      const config = { timedRounding };
      const r = lintFixture('massage-ten-minutes-with-therapy.837', config);
      const massage = r.findings.filter((f) => f.span.start === spanIn(r.text, 'SV1*HC:97124', 'MJ*10').start);
      assert.deepStrictEqual(
        massage.map((f) => `${f.ruleId}/${f.messageId}`),
        ['timed-under-minimum/massageUnderMinimum'],
      );
      const [f] = massage;
      assert.strictEqual(f.clause, 'massage-15-minutes');
      assert.strictEqual(f.fixes.length, 1, 'one fault, one suggestion');
      const fixed = assertFixSafe(r, f, config, 1);
      assert.ok(!/HC:97124\*50\*UN/.test(fixed), 'no 97124 unit billed for 10 minutes');
      assert.deepStrictEqual(findingsOf(lintText(fixed, config), RULE), []);
    });
  }

  it('cms-8-minute: the fix bills the date, 97110 2 units, and removes the 97124 line', () => {
    const config = { timedRounding: 'cms-8-minute' as const };
    const r = lintFixture('massage-ten-minutes-with-therapy.837', config);
    const [f] = findingsOf(r, RULE);
    assert.strictEqual(f.fixes[0].title, 'Bill the 30 timed minutes of 2019-06-01 in units (CMS 8-minute rule): 97110 2 units, remove 97124 (10 minutes)');
  });
});

describe(`${RULE}: against the code's minutes on the date (issue 14 review)`, () => {
  // One finding a line (each line billed in minutes is a place to fix), all with the one fix for the date.
  for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
    it(`${timedRounding}: 97124 7 + 7 minutes on one date is under 15, one finding a line, the fix removes both`, () => {
      const config = { timedRounding };
      for (const { format, r } of lintEveryFormat('massage-two-lines-seven-minutes', config)) {
        const found = findingsOf(r, RULE);
        assert.deepStrictEqual(
          found.map((f) => f.messageId),
          ['massageUnderMinimumOnDate', 'massageUnderMinimumOnDate'],
          format,
        );
        assert.strictEqual(found[0].clause, 'massage-15-minutes');
        assert.deepStrictEqual(
          found[0].data,
          { code: '97124', minutes: 14, date: format === 'x12' ? '2019-06-01' : '2024-03-04', lines: 2, minimum: 15 },
          format,
        );
        assert.match(found[0].message, /^97124 is billed for 14 minutes on \d{4}-\d\d-\d\d, over 2 lines; 15 minutes must be spent to report 97124\./, format);
        assert.deepStrictEqual(findingsOf(r, 'timed-units-minutes'), [], format);
        assert.strictEqual(new Set(found.map((f) => f.fixes[0].title)).size, 1, format);
        assert.match(found[0].fixes[0].title, /^Remove the 2 (97124|timed) service lines of \d{4}-\d\d-\d\d \(14 minutes\)$/, format);
        const fileName = format === 'x12' ? 'claim.837' : `claim.${format}`;
        const fixed = assertFixSafe(r, found[0], config, 2, fileName);
        assert.deepStrictEqual(
          lintText(fixed, config, fileName).document.claims[0].lines.map((l) => l.procedure?.code.value),
          ['97110'],
          format,
        );
      }
    });
  }

  it('cms-8-minute: 97124 10 min + 97110 20 min keeps 97124 under its minimum, whatever the date’s total', () => {
    const r = lintFixture('massage-ten-minutes-with-therapy.837', { timedRounding: 'cms-8-minute' });
    const [f, ...rest] = findingsOf(r, RULE);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'massageUnderMinimum');
    assert.deepStrictEqual(f.data, { code: '97124', minutes: 10, minimum: 15 });
  });

  it('does not fire when the code’s lines of the date reach the minimum together (10 + 10)', () => {
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      assert.deepStrictEqual(findingsOf(lintFixture('massage-two-lines-ten-minutes.837', { timedRounding }), RULE), [], timedRounding);
    }
  });

  it('97110 3 + 3 minutes: under 8 on the date, underMinimumOnDate', () => {
    const text = fixtureText('massage-two-lines-seven-minutes.837').replace(/HC:97124\*50\*MJ\*7/g, 'HC:97112*50*MJ*3');
    const found = findingsOf(lintText(text), RULE);
    assert.deepStrictEqual(
      found.map((f) => [f.messageId, f.data.minutes, f.clause]),
      [
        ['underMinimumOnDate', 6, 'time-based-increments'],
        ['underMinimumOnDate', 6, 'time-based-increments'],
      ],
    );
  });
});
