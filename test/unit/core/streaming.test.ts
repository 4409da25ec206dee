import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { claimCount, defaultPolicy, lint, parseDocument, type LintOptions } from '../../../src/core/engine';
import { IncrementalLinter } from '../../../src/core/incremental';
import { Policy, type CodeSet } from '../../../src/core/policy';
import { generate837 } from '../../../bench/generate';
import { CORPUS } from '../parsers/x12/x12-builder';
import { readX12 } from '../../../src/core/parsers/x12';
import { POLICY_RULES } from '../../../src/core/rules';
import { REPO_ROOT } from '../rules/helpers';
import { renderedArb } from '../fuzz/generators';
import { fuzzRuns, fuzzSeed } from '../fuzz/support';

const FIXTURE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

/** Plain data (spans, values, fixes), for deepStrictEqual. */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/**
 * `lint()` checks an X12 text claim by claim as it reads and keeps no claim objects; the claims
 * and outline its document reads again on demand (readClaimsAgain, the one way a claim is read
 * again) must equal the ones `parseDocument()` keeps as it reads, and the editor's full lint must
 * give the same findings (fixes included: a line removal made before the SE is read must still
 * recount SE01).
 */
describe('batch lint claim by claim (X12)', () => {
  const fixtures = fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => /\.(837|837i|x12|edi)$/.test(f))
    .map((f) => path.join(FIXTURE_DIR, f));
  const corpus = ['x12-837p', 'x12-837i'].flatMap((dir) => fs.readdirSync(path.join(CORPUS, dir)).map((f) => path.join(CORPUS, dir, f)));
  const configs: LintOptions[] = [{}, { config: { timedRounding: 'cms-8-minute', acceptXModifiers: true } }];

  function check(name: string, text: string): void {
    for (const options of configs) {
      const streamed = lint(text, { ...options, fileName: name });
      const parsed = parseDocument(text, name);
      assert.deepStrictEqual(
        plain(streamed.findings),
        plain(new IncrementalLinter({ ...options, fileName: name }).lint(text).findings),
        `${name} ${JSON.stringify(options)}`,
      );
      assert.strictEqual(claimCount(streamed.document), parsed.claims.length);
      assert.strictEqual(streamed.document.format, parsed.format);
      assert.deepStrictEqual(plain(streamed.document.claims), plain(parsed.claims), name);
      assert.deepStrictEqual(plain(streamed.document.outline), plain(parsed.outline), name);
    }
  }

  it('every X12 rule fixture', () => {
    assert.ok(fixtures.length >= 10);
    for (const file of fixtures) check(file, fs.readFileSync(file, 'utf8'));
  });

  it('every X12 file of the shared corpus', () => {
    for (const file of corpus) check(file, fs.readFileSync(file, 'utf8'));
  });

  it('a generated batch of many transaction sets, the same cut off before its last SE, and without an SE', () => {
    const text = generate837(300_000, 7);
    assert.ok((text.match(/~\s*ST\*/g) ?? []).length > 5);
    check('batch.837', text);
    check('cut.837', text.slice(0, text.lastIndexOf('~\nSE*') + 2));
    // A transaction set with a line-removal fix not closed: the next ST closes it, and the fix must
    // not count up to a later SE.
    const isRemoval = (f: { fixes: readonly { title: string }[] }) => f.fixes.some((x) => /^Remove/.test(x.title));
    const removal = lint(text, { fileName: 'a.837' }).findings.find(isRemoval)!;
    const se = text.indexOf('~\nSE*', removal.span.start) + 2;
    const unclosed = text.slice(0, se) + text.slice(text.indexOf('~', se) + 2);
    assert.strictEqual((unclosed.match(/\nSE\*/g) ?? []).length, (text.match(/\nSE\*/g) ?? []).length - 1);
    check('unclosed.837', unclosed);
    const fix = lint(unclosed, { fileName: 'a.837' }).findings.find((f) => f.span.start === removal.span.start && isRemoval(f))!;
    assert.ok(
      fix.fixes[0].edits.every((e) => !unclosed.slice(e.span.start - 3, e.span.start).startsWith('SE*')),
      'no SE01 edit',
    );
  });

  it('generated interchanges: subscribers and dependents (HL*23, NM1*QC), birth dates, several groups, envelope errors', () => {
    fc.assert(
      fc.property(fc.oneof(renderedArb(), renderedArb({ withErrors: true }), renderedArb({ variant: 'I' })), (r) => check('fuzz.837', r.text)),
      { numRuns: Math.max(20, Math.round(fuzzRuns() / 4)), seed: fuzzSeed() },
    );
  });

  it('a component separator settled late: claims read before it are read again with the declared one', () => {
    // ISA16 is ":"; the first claim's "HCPC>97124" does not settle ">" (prefix too long), the second's "HC>97124" does.
    const claim = (id: string, sv1: string, clm05 = '11') => [`CLM*${id}*50***${clm05}*Y*A*Y*Y`, 'LX*1', `SV1*${sv1}*50*UN*1`, 'DTP*472*D8*20190603'];
    const body = [
      'BHT*0019*00*X*20190603*0930*CH',
      'HL*1**20*1',
      'NM1*85*2*SUNCOAST*****XX*1234567893',
      'HL*2*1*22*0',
      'SBR*P*18*******CI',
      'NM1*IL*1*NGUYEN*DAVID****MI*M1',
      'DMG*D8*19650930*M',
    ];
    const text = (segments: string[]) =>
      [
        'ISA*00*          *00*          *ZZ*SUNCOASTCHIRO  *ZZ*HNS            *190603*0930*^*00501*000000002*0*P*:',
        'GS*HC*A*B*20190603*0930*2*X*005010X222A1',
        'ST*837*0001*005010X222A1',
        ...body,
        ...segments,
        `SE*${body.length + segments.length + 2}*0001`,
        'GE*1*2',
        'IEA*1*000000002',
      ].join('~\n') + '~\n';
    check('late.837', text([...claim('A1', 'HCPC>97124'), ...claim('A2', 'HC>97124', '11>B>1')]));
    check('within.837', text([...claim('A1', 'HCPC>97124').slice(0, 3), 'LX*2', 'SV1*HC>97124*50*UN*1', 'DTP*472*D8*20190603']));
    const parsed = parseDocument(text([...claim('A1', 'HCPC>97124'), ...claim('A2', 'HC>97124')]), 'late.837');
    assert.deepStrictEqual(
      parsed.claims.map((c) => c.lines[0].procedure?.code.value),
      ['', '97124'],
      'the case the test is about',
    );
  });

  it('a line of the claims read again after the lint can be fixed (the editor finds lines by position)', () => {
    const text = generate837(60_000, 3);
    const streamed = lint(text, { fileName: 'asking.837' }).document;
    const line = streamed.claims.flatMap((c) => c.lines).find((l) => l.procedure && l.procedure.modifiers.length < 4)!;
    const edits = streamed.editor.appendModifier(line, '59');
    assert.ok(edits && edits.length === 1, 'an edit');
    assert.ok(edits[0].span.start >= line.procedure!.span.start && edits[0].span.end <= line.procedure!.span.end + 1);
  });

  it('line facts the patient-scoped rules read that cannot be taken: each of them reports rule-error, nothing throws', () => {
    // The "therapy" code set is read by no claim-scoped rule; the line facts look every set up.
    class Broken extends Policy {
      override codeSet(name: string): CodeSet {
        if (name === 'therapy') throw new RangeError('broken');
        return super.codeSet(name);
      }
    }
    const policy = new Broken(defaultPolicy().data);
    const text = generate837(60_000, 5);
    const fileWide = POLICY_RULES.filter((r) => r.meta.scope === 'patient')
      .map((r) => r.meta.id)
      .sort();
    const clean = lint(text, { fileName: 'a.837' }).findings;
    for (const findings of [lint(text, { fileName: 'a.837', policy }).findings, new IncrementalLinter({ fileName: 'a.837', policy }).lint(text).findings]) {
      const errors = findings.filter((f) => f.ruleId === 'rule-error');
      assert.deepStrictEqual(errors.map((f) => String(f.data.rule)).sort(), fileWide);
      const perClaim = (fs: readonly { ruleId: string }[]) => fs.filter((f) => f.ruleId !== 'rule-error' && !fileWide.includes(f.ruleId)).length;
      assert.strictEqual(perClaim(findings), perClaim(clean));
      assert.ok(perClaim(clean) > 0 && findings.length < clean.length);
    }
  });

  it('a fix that removes a line, proposed before the SE was read, still recounts SE01', () => {
    const file = path.join(FIXTURE_DIR, 'timed-under-minimum.837');
    const text = fs.readFileSync(file, 'utf8');
    const removal = lint(text, { fileName: file }).findings.find((f) => f.ruleId === 'timed-under-minimum')!.fixes[0];
    const se01 = text.indexOf('SE*') + 3;
    assert.ok(
      removal.edits.some((e) => e.span.start === se01),
      'an edit of SE01',
    );
  });

  it('claims asked for while reading are not kept as the whole list', () => {
    const text = generate837(50_000, 3);
    let seen = -1;
    const r = lint(text, { fileName: 'a.837' });
    const all = r.document.claims.length;
    // A rule asking for document.claims part-way sees the claims so far; the list asked for afterwards is whole.
    const doc = readX12(text, {
      onClaim: (_claim, d) => {
        if (seen < 0) seen = d.claims.length;
      },
    });
    assert.ok(seen >= 1 && seen < all, `${seen} of ${all}`);
    assert.strictEqual(doc.claims.length, all);
  });
});
