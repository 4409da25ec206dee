import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/fixes';
import { x12LayoutEdits, type X12Layout } from '../../../src/core/format/x12-layout';
import type { Finding } from '../../../src/core/model/finding';
import { readDelimiters, tokenize } from '../../../src/core/parsers/x12';
import { REPO_ROOT, SHARED } from '../repo-root';

const ISA = 'ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *190501*1200*^*00501*000000001*0*T*:~';

function layout(text: string, how: X12Layout, eol: '\n' | '\r\n' = '\n'): string {
  return applyEdits(text, x12LayoutEdits(text, how, eol)).text;
}

/** Every X12 file of the shared corpus, the samples, the rule fixtures and the editor fixtures. */
function x12Files(): string[] {
  const dirs = [
    path.join(SHARED, 'corpus/x12-837p'),
    path.join(SHARED, 'corpus/x12-837i'),
    path.join(REPO_ROOT, 'samples'),
    path.join(REPO_ROOT, 'test/fixtures/rules'),
    path.join(REPO_ROOT, 'test/integration/workspace'),
  ];
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .map((f) => path.join(dir, f))
      .filter((f) => readDelimiters(fs.readFileSync(f, 'utf8')).ok),
  );
}

/**
 * Where an offset lies in terms that do not move with the layout: the segment it falls in and how
 * far into it, or the gap after a segment's terminator (the only text the layout changes).
 */
function locator(text: string): (offset: number) => string {
  const read = readDelimiters(text);
  assert.ok(read.ok);
  const segments = tokenize(text, read.delimiters, read.isaStart);
  return (offset) => {
    if (offset < read.isaStart) return `head+${offset}`;
    let lo = 0;
    let hi = segments.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments.start(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const into = offset - segments.start(lo);
    // The segment, its terminator (one past its end), then the gap before the next segment.
    return offset <= segments.end(lo) + 1 ? `segment ${lo}+${into}` : `gap after ${lo}`;
  };
}

/** A finding in layout-independent terms: ids, data, message, fixes offered, and located spans. */
function described(text: string, findings: readonly Finding[]): unknown[] {
  const at = locator(text);
  return findings.map((f) => ({
    rule: f.ruleId,
    messageId: f.messageId,
    data: f.data,
    message: f.message,
    severity: f.severity,
    clause: f.clause,
    span: [at(f.span.start), at(f.span.end)],
    related: f.related.map((r) => [at(r.span.start), at(r.span.end), r.message]),
    fixes: f.fixes.map((x) => [x.kind, x.title]),
  }));
}

describe('X12 layout (one segment per line, or one line)', () => {
  const oneLine = `${ISA}GS*HC*A*B*20190501*1200*1*X*005010X222A1~ST*837*0001~SE*2*0001~`;

  it('puts each segment on its own line, and joins them back', () => {
    const split = layout(oneLine, 'segment-per-line');
    assert.strictEqual(split, `${ISA}\nGS*HC*A*B*20190501*1200*1*X*005010X222A1~\nST*837*0001~\nSE*2*0001~`);
    assert.strictEqual(layout(split, 'one-line'), oneLine);
    assert.deepStrictEqual(x12LayoutEdits(split, 'segment-per-line'), [], 'already one per line');
    assert.deepStrictEqual(x12LayoutEdits(oneLine, 'one-line'), [], 'already one line');
  });

  it('uses the line break asked for, and makes CR, LF or blank lines between segments one break', () => {
    assert.strictEqual(layout(oneLine, 'segment-per-line', '\r\n').split('\r\n').length, 4);
    const messy = `${ISA}\r\n\r\nGS*HC~\rST*837~\n\nSE*2~`;
    assert.strictEqual(layout(messy, 'segment-per-line'), `${ISA}\nGS*HC~\nST*837~\nSE*2~`);
    assert.strictEqual(layout(messy, 'one-line'), `${ISA}GS*HC~ST*837~SE*2~`);
  });

  it('changes nothing but line breaks: indentation, text before the ISA and after the last terminator stay', () => {
    const text = `\uFEFF\n  ${ISA}\n  GS*HC~  ST*837~\n`;
    assert.strictEqual(layout(text, 'segment-per-line'), `\uFEFF\n  ${ISA}\n  GS*HC~\n  ST*837~\n`);
    assert.strictEqual(layout(text, 'one-line'), `\uFEFF\n  ${ISA}  GS*HC~  ST*837~\n`);
  });

  it('reads the delimiters from the ISA', () => {
    const isa = ISA.replace(/\*/g, '+').replace(/~$/, "'");
    const text = `${isa}GS+HC'ST+837'`;
    assert.strictEqual(layout(text, 'segment-per-line'), `${isa}\nGS+HC'\nST+837'`);
    assert.strictEqual(layout(`${ISA}GS*HC*A'B~`, 'segment-per-line'), `${ISA}\nGS*HC*A'B~`, "' is data when ~ ends segments");
  });

  it('leaves alone texts whose segments end at a line break, and texts that are not X12', () => {
    const newlineTerminated = ISA.replace(/~$/, '\n') + 'GS*HC\nST*837\n';
    assert.deepStrictEqual(x12LayoutEdits(newlineTerminated, 'one-line'), []);
    assert.deepStrictEqual(x12LayoutEdits(newlineTerminated, 'segment-per-line'), []);
    assert.deepStrictEqual(x12LayoutEdits('{"resourceType": "Claim"}', 'segment-per-line'), []);
    assert.deepStrictEqual(x12LayoutEdits('', 'one-line'), []);
  });

  it('format selection: only the gaps inside the span', () => {
    const second = oneLine.indexOf('ST*');
    const edits = x12LayoutEdits(oneLine, 'segment-per-line', '\n', { start: second - 1, end: oneLine.length });
    assert.deepStrictEqual(
      edits.map((e) => e.span.start),
      [second, oneLine.indexOf('SE*')],
    );
  });

  it('more edits than asked for: one edit that gives the same text', () => {
    const many = `${ISA}\n` + Array.from({ length: 50 }, (_, i) => `REF*EA*${i}~`).join('') + '\nSE*1~';
    const edits = x12LayoutEdits(many, 'segment-per-line');
    assert.strictEqual(edits.length, 49);
    const one = x12LayoutEdits(many, 'segment-per-line', '\n', undefined, 10);
    assert.strictEqual(one.length, 1);
    assert.deepStrictEqual(one[0].span, { start: edits[0].span.start, end: edits[48].span.end });
    assert.strictEqual(applyEdits(many, one).text, applyEdits(many, edits).text);
    assert.strictEqual(x12LayoutEdits(many, 'segment-per-line', '\n', undefined, 49).length, 49);
  });

  describe('round trip on every corpus file, sample and fixture: same segments, same findings', () => {
    const files = x12Files();

    it('finds the files (the corpus lies in ../shared)', () => {
      assert.ok(files.length >= 80, `${files.length} X12 files`);
    });

    for (const file of files) {
      it(path.relative(path.dirname(path.dirname(file)), file), () => {
        const text = fs.readFileSync(file, 'utf8');
        const split = layout(text, 'segment-per-line');
        const joined = layout(text, 'one-line');
        assert.strictEqual(layout(split, 'one-line'), joined, 'split, then joined: as joined at once');
        assert.strictEqual(layout(joined, 'segment-per-line'), split, 'joined, then split: as split at once');
        assert.deepStrictEqual(x12LayoutEdits(split, 'segment-per-line'), [], 'splitting twice changes nothing');
        for (const e of [...x12LayoutEdits(text, 'segment-per-line'), ...x12LayoutEdits(text, 'one-line')]) {
          const old = text.slice(e.span.start, e.span.end);
          assert.match(old + e.newText, /^\s*$/, 'only white space is replaced');
          assert.strictEqual(e.newText.replace(/[\r\n]/g, ''), old.replace(/[\r\n]/g, ''), 'only line breaks change');
        }
        const before = described(text, lint(text, { fileName: file }).findings);
        assert.deepStrictEqual(described(split, lint(split, { fileName: file }).findings), before, 'one segment per line');
        assert.deepStrictEqual(described(joined, lint(joined, { fileName: file }).findings), before, 'one line');
      });
    }
  });
});
