import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { claimCount, lint, lintDocument, parseDocument, type LintOptions } from '../../../src/core/engine';
import { generate837 } from '../../../bench/generate';
import { CORPUS } from '../parsers/x12/x12-builder';
import { readX12 } from '../../../src/core/parsers/x12';
import { REPO_ROOT } from '../rules/helpers';
import { renderedArb } from '../fuzz/generators';
import { fuzzRuns, fuzzSeed } from '../fuzz/support';

const FIXTURE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

/** Plain data (spans, values, fixes), for deepStrictEqual. */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/**
 * `lint()` checks an X12 text claim by claim as it reads and keeps no claim objects;
 * `lintDocument(parseDocument())` reads the whole model first. Both must give the same findings
 * (fixes included: a line removal made before the SE is read must still recount SE01), and the
 * claims and outline `lint()`'s document reads again on demand must equal the parsed ones.
 */
describe('batch lint claim by claim (X12)', () => {
  const fixtures = fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => /\.(837|837i|x12|edi)$/.test(f))
    .map((f) => path.join(FIXTURE_DIR, f));
  const corpus = ['x12-837p', 'x12-837i'].flatMap((dir) => fs.readdirSync(path.join(CORPUS, dir)).map((f) => path.join(CORPUS, dir, f)));
  const configs: LintOptions[] = [{}, { config: { timedRounding: 'cms-8-minute', acceptXModifiers: true } }, { maxFindings: 3 }];

  function check(name: string, text: string): void {
    for (const options of configs) {
      const streamed = lint(text, { ...options, fileName: name });
      const parsed = parseDocument(text, name);
      assert.deepStrictEqual(plain(streamed.findings), plain(lintDocument(parsed, options)), `${name} ${JSON.stringify(options)}`);
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

  it('a generated batch of many transaction sets, and the same batch cut off before its last SE', () => {
    const text = generate837(300_000, 7);
    assert.ok((text.match(/~\s*ST\*/g) ?? []).length > 5);
    check('batch.837', text);
    check('cut.837', text.slice(0, text.lastIndexOf('SE*')));
  });

  it('generated interchanges: subscribers and dependents (HL*23, NM1*QC), birth dates, several groups, envelope errors', () => {
    fc.assert(
      fc.property(fc.oneof(renderedArb(), renderedArb({ withErrors: true }), renderedArb({ variant: 'I' })), (r) => check('fuzz.837', r.text)),
      { numRuns: Math.max(20, Math.round(fuzzRuns() / 4)), seed: fuzzSeed() },
    );
  });

  it('a fix that removes a line, proposed before the SE was read, still recounts SE01', () => {
    const file = path.join(FIXTURE_DIR, 'timed-under-minimum.837');
    const text = fs.readFileSync(file, 'utf8');
    const removal = lint(text, { fileName: file }).findings.find((f) => f.ruleId === 'timed-under-minimum')!.fixes[0];
    const se01 = text.indexOf('SE*') + 3;
    assert.ok(removal.edits.some((e) => e.span.start === se01), 'an edit of SE01');
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
