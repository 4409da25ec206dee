import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint } from '../../../../src/core/engine';
import { CORPUS } from './x12-builder';

/**
 * Every real-world sample in ../shared/corpus (written by others, read where it lies) must parse
 * without an exception, give no x12-syntax or x12-envelope finding, and yield claims with lines.
 */
describe('shared corpus of real 837 files', () => {
  const files = ['x12-837p', 'x12-837i'].flatMap((dir) => fs.readdirSync(path.join(CORPUS, dir)).map((f) => path.join(CORPUS, dir, f)));

  it('is there (CI lays shared/ beside the clone)', () => {
    assert.ok(files.length >= 40, `expected the corpus in ${CORPUS}`);
  });

  for (const file of files) {
    it(`${path.basename(path.dirname(file))}/${path.basename(file)}`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const { document, findings } = lint(text, { fileName: file });
      assert.strictEqual(document.format, path.dirname(file).endsWith('837i') ? 'x12-837i' : 'x12-837p');
      const structural = findings.filter((f) => f.ruleId === 'x12-syntax' || f.ruleId === 'x12-envelope');
      assert.deepStrictEqual(
        structural.map((f) => f.message),
        [],
      );
      assert.ok(document.claims.length >= 1);
      for (const c of document.claims) assert.ok(c.lines.length >= 1, `claim ${c.id.value} has lines`);
      for (const f of findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end);
    });
  }

  it('reads anesthesia minutes without a timed-units finding', () => {
    const file = path.join(CORPUS, 'x12-837p/stupidedi-anesthesia.edi');
    const { findings, document } = lint(fs.readFileSync(file, 'utf8'));
    assert.strictEqual(document.claims[0].lines[0].unitBasis?.value, 'MJ');
    assert.deepStrictEqual(
      findings.filter((f) => f.ruleId === 'timed-units-minutes'),
      [],
    );
  });
});
