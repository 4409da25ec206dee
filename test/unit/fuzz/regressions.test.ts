import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { lint } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/fixes';
import { REPO_ROOT } from './support';

/**
 * Minimal reproductions of what the fuzz properties found, kept as plain tests. Each names the
 * property that found it and the change that fixed it.
 */

const ISA = (terminator: string): string =>
  `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *190501*1200*^*00501*000000001*0*T*:${terminator}`;

/** An 837P with one claim of the given service lines (SV1 bodies), every count right. */
function claimFile(lines: string[], terminator = '~'): string {
  const tx = [
    'ST*837*0001*005010X222A1',
    'HL*1**20*1',
    'HL*2*1*22*0',
    'NM1*IL*1*DOE*JANE****MI*M1',
    'CLM*A1*2***11:B:1*Y*A*Y*Y',
    'DTP*472*D8*20190601',
    'HI*ABK:M5450',
    ...lines.flatMap((sv1, k) => [`LX*${k + 1}`, `SV1*${sv1}***1`]),
  ];
  tx.push(`SE*${tx.length + 1}*0001`);
  const segs = ['GS*HC*S*R*20190501*1200*1*X*005010X222A1', ...tx, 'GE*1*1', 'IEA*1*000000001'];
  return ISA(terminator) + segs.map((s) => s + terminator).join('');
}

/**
 * Standard output of `body` run in a child process, with `lint` bound to the engine and `args` as
 * process.argv[1…]: a regression that hangs fails after 10 s instead of holding the suite.
 */
function inChild(body: string, args: string[] = []): { stdout: string; stderr: string } {
  const engine = path.join(REPO_ROOT, 'out', 'src', 'core', 'engine.js');
  const run = spawnSync(process.execPath, ['-e', `const {lint}=require(${JSON.stringify(engine)});${body}`, ...args], { timeout: 10000, encoding: 'utf8' });
  assert.strictEqual(run.error, undefined, `lint did not end within 10 s (${run.error?.message})`);
  return { stdout: run.stdout, stderr: run.stderr };
}

describe('fuzz regressions', () => {
  // Found by "mutated corpus and fixture files" (a 'huge' run of '*' turned an HI into 487 000 empty
  // elements: 700 ms for half a megabyte). The X12 reader searched for separators with indexOf,
  // which goes on past the element or segment to the next match anywhere in the text, so every
  // element of such a segment, every segment without an element separator, and every composite
  // of a file that never uses its component separator was searched to far beyond its end: reading
  // grew with the square of the file (16–18 s for these 2–8 MB files). Fixed in tokenizer.ts: the
  // reading loops search through CharFinder, which remembers the last match (a search from between
  // the last search's start and its match has the same answer, so searches in document order read
  // the text about once), and the other searches are bounded by the element (indexOfCode). Each
  // runs in a child process, so a regression fails instead of hanging; they take well under a
  // second now.
  const head =
    ISA('~') +
    [
      'GS*HC*S*R*20190501*1200*1*X*005010X222A1',
      'ST*837*0001*005010X222A1',
      'HL*1**20*1',
      'HL*2*1*22*0',
      'NM1*IL*1*DOE*JANE****MI*M1',
      'CLM*A*100***11:B:1*Y*A*Y*Y',
      '',
    ].join('~');
  const hostile: [string, string, number][] = [
    ['an HI of two million empty elements', `${JSON.stringify(head)} + 'HI*ABK:M54' + '*'.repeat(2000000) + '~'`, 1],
    ['a million segments without an element separator', `${JSON.stringify(head)} + 'HL~'.repeat(1000000)`, 1],
    [
      '200 000 claims whose CLM05 and RD8 dates never hold a component separator or a dash',
      `${JSON.stringify(head)} + 'CLM*A*100***11*Y~DTP*472*RD8*20190501~'.repeat(200000)`,
      200001,
    ],
  ];
  // Found looking for more of the same: every fix in a minified (one-line) FHIR file looked for its
  // indentation by walking back to the line start, that is to the start of the file, so a bundle's
  // fixes grew with the square of its size (2,000 claims with a modifier-59 suggestion each, 3 MB:
  // 10 s). Fixed in fhir/text.ts: indentBefore walks back over spaces and tabs only.
  it('makes the fixes of a minified FHIR bundle in linear time (4,000 suggestions)', () => {
    const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'fhir', 'massage-with-cmt-no-59.json');
    const script = [
      `const claim=JSON.parse(require('fs').readFileSync(${JSON.stringify(fixture)},'utf8'));`,
      `const text=JSON.stringify({resourceType:'Bundle',type:'collection',entry:Array.from({length:4000},(_,i)=>({resource:{...claim,id:'c'+i}}))});`,
      `const r=lint(text,{fileName:'b.json'});`,
      `process.stdout.write(String(r.findings.filter(f=>f.ruleId==='cmt-modifier-59'&&f.fixes.length===1).length));`,
    ].join('');
    const run = inChild(script);
    assert.strictEqual(run.stdout, '4000', run.stderr);
  });

  for (const [what, expression, claims] of hostile) {
    it(`reads ${what} in linear time (no search past an element's end)`, () => {
      const run = inChild(`const r=lint(${expression},{fileName:'a.837'});process.stdout.write(String(r.document.claims.length));`);
      assert.strictEqual(run.stdout, String(claims), run.stderr);
    });
  }

  // Found by "random segments inside a valid ISA" once the config varied: allocateCmsUnits
  // looped "while units are left" and float sums of 27-digit minute counts left billions (or,
  // past 1e300, a count that `left--` never lowers). Fixed in src/core/units.ts: at most one
  // unit per line is left over. Run in a child process so a regression fails instead of hanging.
  it('cms-8-minute ends on minute counts beyond 2^53 (no endless unit allocation)', () => {
    const file = claimFile([
      'HC:97110*1*MJ*872835529528810605100000000',
      'HC:97110*1*MJ*8699749742571150156800000',
      'HC:97110*1*MJ*695366434425337181960000000',
    ]);
    const script = `const r=lint(process.argv[1],{fileName:'a.837',config:{timedRounding:'cms-8-minute'}});process.stdout.write(String(r.findings.filter(f=>f.ruleId==='timed-units-minutes').length));`;
    assert.strictEqual(inChild(script, [file]).stdout, '3');
  });

  // Found by "fix safety: any one fix": the minutes-to-units suggestion wrote String(5.8e25) =
  // "5.818903530192071e+25" into SV1-04; with "+" as the segment terminator that split the
  // segment (SE01 wrong), and X12 numbers have no exponent anyway. Fixed in the X12 editor:
  // setUnits takes safe integers only, setQuantity declines exponent notation.
  it('never writes a number in exponent notation into X12 (the "+" could be the terminator)', () => {
    const text = claimFile(['HC:97124*1*MJ*872835529528810605100000000', 'HC:97124*1*UN*1'], '+');
    const result = lint(text, { fileName: 'a.837' });
    for (const f of result.findings) {
      for (const fix of f.fixes) {
        for (const e of fix.edits) assert.ok(!/\d[eE][+-]?\d/.test(e.newText), `${f.ruleId}: "${fix.title}" writes ${e.newText}`);
        const after = lint(applyEdits(text, fix.edits).text, { fileName: 'a.837' });
        assert.deepStrictEqual(
          after.findings.filter((x) => x.ruleId === 'x12-envelope').map((x) => x.messageId),
          [],
          `${f.ruleId}: "${fix.title}"`,
        );
      }
    }
  });

  // Found probing the time bound with large generated claims: every short timed line offered a
  // removal that renumbers each later LX, so one claim of n short lines carried n²/2 edits
  // (4,000 lines, 111 KB: 8 million edits; 450 KB ran out of memory). Fixed in the rule
  // timed-under-minimum: no removal offered past 50 lines per claim (the 837P loop 2400 limit).
  // Since a code's minutes on a date are added up in every mode, the lines make units together and
  // each one's fix would bill the whole date: past the same limit no such fix is built either.
  it('a claim of thousands of short lines costs linear, not quadratic, fix edits', () => {
    const n = 4000;
    const text = claimFile(Array.from({ length: n }, () => 'HC:97124*1*MJ*5'));
    const t0 = performance.now();
    const result = lint(text, { fileName: 'a.837' });
    const ms = performance.now() - t0;
    const edits = result.findings.reduce((a, f) => a + f.fixes.reduce((b, x) => b + x.edits.length, 0), 0);
    assert.ok(result.findings.filter((f) => f.ruleId === 'timed-units-minutes' || f.ruleId === 'timed-under-minimum').length === n);
    assert.ok(edits <= 10 * n, `${edits} fix edits for ${n} lines`);
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });

  // Found by the long run ("mutated generated claims": a run of 219,516 "9"s inserted into an SV1
  // number, then a stray "<"): the X12 number pattern \d+\.?\d* backtracked quadratically on a
  // failing match (40,000 digits: 0.8 s; 219,516: 25 s). Fixed in the X12 reader's numberField.
  it('a 200,000-digit number with a stray character is read in linear time (X12)', () => {
    const text = claimFile([`HC:97124*1*UN*${'9'.repeat(200000)}<`]);
    const t0 = performance.now();
    const result = lint(text, { fileName: 'a.837' });
    assert.ok(performance.now() - t0 < 1000, `${(performance.now() - t0).toFixed(0)} ms`);
    assert.ok(Number.isNaN(result.document.claims[0].lines[0].quantity?.value));
  });

  // Found looking for the same pattern elsewhere: /([^/:#]+)$/ on Claim.patient.reference tries
  // every start and backtracked quadratically on a long reference ending in "/". Fixed in the
  // FHIR mapper (a lastIndexOf scan); member ids read as before.
  it('a 200,000-character patient reference ending in "/" is read in linear time (FHIR)', () => {
    const claim = (reference: string): string => `{"resourceType":"Claim","id":"c","patient":{"reference":${JSON.stringify(reference)}}}`;
    const t0 = performance.now();
    lint(claim('a'.repeat(200000) + '/'));
    assert.ok(performance.now() - t0 < 1000, `${(performance.now() - t0).toFixed(0)} ms`);
    const member = (reference: string) => lint(claim(reference)).document.claims[0]?.patient.memberId;
    assert.deepStrictEqual(['Patient/123456789A', 'urn:uuid:abc-1', 'Patient/x#frag', 'Patient/', 'plain'].map(member), [
      '123456789A',
      'abc-1',
      'frag',
      undefined,
      'plain',
    ]);
  });

  // Found by the long run ("mutated generated claims": 100,000 "9"s inserted after the decimal
  // point of a charge): subtractMoney called toFixed(100000), which throws, so timed-under-minimum
  // crashed (rule-error) and reported nothing for the file. Fixed in the X12 editor: an amount
  // with more than 15 decimals is not subtracted; the removal is declined, the finding stays.
  it('a charge with 100,000 decimals does not crash the removal suggestion', () => {
    const text = claimFile([`HC:97124*1.${'9'.repeat(100000)}*MJ*5`, 'HC:97110*1*UN*1']);
    const result = lint(text, { fileName: 'a.837' });
    assert.deepStrictEqual(
      result.findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.data.rule),
      [],
    );
    assert.ok(result.findings.some((f) => f.ruleId === 'timed-under-minimum'));
  });

  it('still offers the removal on a claim of up to 50 lines, and it keeps LX, CLM02 and SE01 right', () => {
    const lines = Array.from({ length: 50 }, (_, k) => (k === 0 ? 'HC:97124*1*MJ*5' : 'HC:97110*1*UN*1'));
    const text = claimFile(lines).replace('CLM*A1*2*', 'CLM*A1*50*');
    const result = lint(text, { fileName: 'a.837' });
    const f = result.findings.find((x) => x.ruleId === 'timed-under-minimum');
    assert.ok(f && f.fixes.length === 1);
    const after = lint(applyEdits(text, f.fixes[0].edits).text, { fileName: 'a.837' });
    assert.deepStrictEqual(
      after.findings.filter((x) => x.ruleId.startsWith('x12-')).map((x) => x.messageId),
      [],
    );
    const claim = after.document.claims[0];
    assert.deepStrictEqual(
      claim.lines.map((l) => l.number?.value),
      Array.from({ length: 49 }, (_, k) => k + 1),
    );
    assert.strictEqual(claim.totalCharge?.value, 49);
  });
});
