import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { claimTextKind, comparePaths, globToRegExp, pathFilter, sortByPath, splitHistory } from '../../../src/extension/claimFiles';
import { WORKSPACE_EXCLUDE_GLOB } from '../../../src/extension/constants';
import { REPO_ROOT } from '../repo-root';

const WORKSPACE = path.join(REPO_ROOT, 'test/integration/workspace');
const fixture = (name: string): string => fs.readFileSync(path.join(WORKSPACE, name), 'utf8');

describe("the workspace's claim files: content, order and globs (claim index, workspace lint)", () => {
  describe('claimTextKind', () => {
    it('X12 by content, whatever the name; an X12 name whose content says nothing is still a claim file', () => {
      assert.strictEqual(claimTextKind('x12', fixture('massage-with-cmt-no-59.837')), 'claim');
      assert.strictEqual(claimTextKind('sniff', fixture('claim.txt')), 'claim');
      assert.strictEqual(claimTextKind('x12', 'not an interchange'), 'claim');
      // A name that says nothing is read whole only after its start was an ISA header (readCandidate).
      assert.strictEqual(claimTextKind('sniff', 'These notes are not a claim.'), 'not-claim');
    });

    it('JSON and XML: a FHIR claim, another FHIR resource, or not FHIR at all', () => {
      assert.strictEqual(claimTextKind('fhir', fixture('fhir-massage-with-cmt-no-59.json')), 'claim');
      assert.strictEqual(claimTextKind('fhir', fixture('fhir-massage-with-cmt-no-59.xml')), 'claim');
      assert.strictEqual(claimTextKind('fhir', fixture('fhir-patient-not-a-claim.json')), 'fhir-not-claim');
      assert.strictEqual(claimTextKind('fhir', fixture('plain.json')), 'not-claim');
    });
  });

  describe('order and the split of a history around one file', () => {
    const file = (p: string, scheme = 'file') => ({ path: p, key: `${scheme}://${p}` });

    it('files sort by path as localeCompare does ("." before "/", no numeric order); one path under two schemes by its key', () => {
      const files = [file('/w/b/2.837'), file('/w/a.837'), file('/w/B.837'), file('/w/a.837', 'vscode-remote'), file('/w/b/10.837')];
      assert.deepStrictEqual(
        sortByPath(files).map((f) => f.key),
        ['file:///w/a.837', 'vscode-remote:///w/a.837', 'file:///w/B.837', 'file:///w/b/10.837', 'file:///w/b/2.837'],
      );
    });

    it('before: the files that sort before the given one; after: the rest; the file itself in neither', () => {
      const files = [file('/w/2024-03.837'), file('/w/2024-01.837'), file('/w/2024-02.837'), file('/w/2024-04.837')];
      const { before, after } = splitHistory(sortByPath(files), file('/w/2024-03.837'));
      assert.deepStrictEqual(
        before.map((f) => f.path),
        ['/w/2024-01.837', '/w/2024-02.837'],
      );
      assert.deepStrictEqual(
        after.map((f) => f.path),
        ['/w/2024-04.837'],
      );
    });

    it('a file not in the list (new, untitled, outside the folders) splits the list where it would stand', () => {
      const files = [file('/w/a.837'), file('/w/c.837')];
      const { before, after } = splitHistory(sortByPath(files), file('/w/b.837'));
      assert.deepStrictEqual([before.map((f) => f.path), after.map((f) => f.path)], [['/w/a.837'], ['/w/c.837']]);
      assert.deepStrictEqual(splitHistory([], file('/w/b.837')), { before: [], after: [] });
    });

    it('the bisection gives what a plain filter gives, for files in the list and not', () => {
      const names = ['a', 'B', 'b', 'b-1', 'b.1', 'b/1', 'b/10', 'b/2', 'c d', 'é', 'z', '_x', '2019', '2019-06'];
      const files = sortByPath(names.flatMap((n) => [file(`/w/${n}.837`), file(`/w/${n}`)]));
      for (const n of [...names, 'aa', 'b/', 'zz']) {
        for (const target of [file(`/w/${n}.837`), file(`/w/${n}`), file(`/w/${n}`, 'untitled')]) {
          const others = files.filter((f) => f.key !== target.key);
          assert.deepStrictEqual(splitHistory(files, target), {
            before: others.filter((f) => comparePaths(f, target) < 0),
            after: others.filter((f) => comparePaths(f, target) >= 0),
          });
        }
      }
    });

    it('the same path under another scheme is another file', () => {
      const { before, after } = splitHistory(sortByPath([file('/w/a.837', 'vscode-remote'), file('/w/a.837')]), file('/w/a.837'));
      assert.deepStrictEqual([before.length, after.map((f) => f.key)], [0, ['vscode-remote:///w/a.837']]);
    });
  });

  describe('globs as VS Code settings write them', () => {
    const matches = (glob: string, p: string): boolean => globToRegExp(glob).test(p);

    it('* within a folder, ** across folders, ? one character', () => {
      assert.ok(matches('*.837', 'a.837'));
      assert.ok(!matches('*.837', 'claims/a.837'), '* does not cross a folder');
      assert.ok(matches('**/*.837', 'a.837'), '**/ may be no folder at all');
      assert.ok(matches('**/*.837', 'claims/2024/a.837'));
      assert.ok(matches('claims/**', 'claims/2024/a.837'));
      assert.ok(matches('claims/**/a.837', 'claims/a.837'));
      assert.ok(matches('claims/**/a.837', 'claims/x/y/a.837'));
      assert.ok(!matches('claims/**/a.837', 'other/a.837'));
      assert.ok(matches('batch-????.dat', 'batch-0412.dat'));
      assert.ok(!matches('batch-????.dat', 'batch-04/2.dat'));
      assert.ok(matches('a**b.837', 'axyb.837'), '** inside a name is *');
      assert.ok(!matches('a**b.837', 'ax/yb.837'));
    });

    it('{a,b} alternatives, nested too; [set] and [!set]', () => {
      assert.ok(matches('**/*.{837,edi}', 'x/y.edi'));
      assert.ok(!matches('**/*.{837,edi}', 'x/y.txt'));
      assert.ok(matches('{**/archive/**,old/*.837}', 'old/a.837'));
      assert.ok(matches('{a,{b,c}}.837', 'c.837'));
      assert.ok(matches('batch-[0-9][0-9].837', 'batch-07.837'));
      assert.ok(!matches('batch-[!0-9].837', 'batch-7.837'));
      assert.ok(matches('batch-[!0-9].837', 'batch-x.837'));
    });

    it('letter case is ignored; ./, a leading / and backslashes are forgiven; regex characters are literal', () => {
      assert.ok(matches('archive/**', 'Archive/a.837'));
      assert.ok(matches('./claims/*.837', 'claims/a.837'));
      assert.ok(matches('/claims/*.837', 'claims/a.837'));
      assert.ok(matches('claims\\*.837', 'claims/a.837'));
      assert.ok(matches('a+b (1).837', 'a+b (1).837'));
      assert.ok(!matches('a.837', 'ab837'));
      assert.ok(matches('a{b.837', 'a{b.837'), 'an unbalanced brace is a character');
      assert.ok(matches('a[b.837', 'a[b.837'), 'an unclosed bracket is a character');
    });

    it('the workspace lint exclude glob', () => {
      assert.ok(matches(WORKSPACE_EXCLUDE_GLOB, 'node_modules/x/a.837'));
      assert.ok(matches(WORKSPACE_EXCLUDE_GLOB, 'sub/.git/objects/ab'));
      assert.ok(!matches(WORKSPACE_EXCLUDE_GLOB, 'claims/a.837'));
      assert.ok(!matches(WORKSPACE_EXCLUDE_GLOB, 'outbox/a.837'));
    });
  });

  describe('pathFilter: include and exclude', () => {
    it('no globs: every file', () => {
      const keep = pathFilter([], []);
      assert.ok(keep('a.837') && keep('x/y/z.edi'));
    });

    it('include: only matching files; a glob naming a folder takes the files in it', () => {
      const keep = pathFilter(['claims/2024', '**/*.edi'], []);
      assert.deepStrictEqual(['claims/2024/a.837', 'claims/2024/q1/b.837', 'claims/2023/a.837', 'x/a.edi', 'a.837'].filter(keep), [
        'claims/2024/a.837',
        'claims/2024/q1/b.837',
        'x/a.edi',
      ]);
    });

    it('exclude wins over include; a folder name anywhere with **/', () => {
      const keep = pathFilter(['**/*.837'], ['**/archive', 'test-*.837']);
      assert.deepStrictEqual(['a.837', 'archive/a.837', 'x/Archive/y/a.837', 'test-1.837', 'x/test-1.837'].filter(keep), ['a.837', 'x/test-1.837']);
    });

    it('blank globs are ignored (an empty include still means every file)', () => {
      assert.ok(pathFilter(['', '  '], [''])('a.837'));
    });
  });
});
