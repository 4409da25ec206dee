import * as assert from 'assert';
import { kindByName, startsWithIsaHeader, workspaceLintMessage, type WorkspaceLintSummary } from '../../../src/extension/claimFiles';

const ISA = 'ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *190501*1200*^*00501*000000001*0*T*:~';

describe('claim files by name and content (workspace lint, plain-text documents)', () => {
  it('names: X12 extensions, JSON/XML for FHIR, and names that say nothing are sniffed', () => {
    const kinds = [
      'a/b.837',
      'B.837P',
      'c.837i',
      'd.x12',
      'e.EDI',
      'f.json',
      'g.XML',
      'claims.txt',
      'batch.DAT',
      'dir/CLAIMS837',
      'notes.md',
      'img.png',
      '.gitignore',
      'dir.d/file',
    ];
    assert.deepStrictEqual(
      kinds.map((n) => kindByName(n) ?? '-'),
      ['x12', 'x12', 'x12', 'x12', 'x12', 'fhir', 'fhir', 'sniff', 'sniff', 'sniff', '-', '-', '-', 'sniff'],
    );
  });

  it('content: a whole ISA header, after a BOM, blank lines or spaces; not text that merely starts with "ISA"', () => {
    assert.ok(startsWithIsaHeader(`${ISA}GS*HC~`));
    assert.ok(startsWithIsaHeader(`\uFEFF\r\n\r\n  ${ISA}`));
    assert.ok(startsWithIsaHeader(ISA.replace(/\*/g, '|')), 'any element separator');
    assert.ok(!startsWithIsaHeader('ISA is the interchange control header.'));
    assert.ok(!startsWithIsaHeader('ISA*00*'), 'a header cut short');
    assert.ok(!startsWithIsaHeader(`Notes\n${ISA}`));
    assert.ok(!startsWithIsaHeader(''));
  });

  describe('the result message: counts only', () => {
    const none: WorkspaceLintSummary = { files: 0, errors: 0, warnings: 0, infos: 0, notClaims: 0, skippedNotClaims: 0, overLimit: 0, cancelled: false };

    it('a run with problems, a non-claim FHIR resource and skipped files', () => {
      assert.strictEqual(
        workspaceLintMessage({ ...none, files: 9, errors: 10, warnings: 1, infos: 1, notClaims: 1, skippedNotClaims: 3 }),
        'Checked 9 claim files: 12 problems (10 errors, 1 warning, 1 info). 1 FHIR resource is not a claim (an info in Problems). 3 files without an ISA header or FHIR claim were skipped.',
      );
    });

    it('a clean run, one file', () => {
      assert.strictEqual(workspaceLintMessage({ ...none, files: 1 }), 'Checked 1 claim file: no problems.');
    });

    it('a cancelled run, and files over the limit', () => {
      assert.strictEqual(
        workspaceLintMessage({ ...none, files: 4, errors: 2, cancelled: true, overLimit: 1, notClaims: 2, skippedNotClaims: 1 }),
        'Stopped after 4 claim files: 2 problems (2 errors, 0 warnings, 0 infos) so far. 2 FHIR resources are not a claim (an info in Problems). 1 file without an ISA header or FHIR claim was skipped. 1 claim file over the limit of the run was not checked.',
      );
    });
  });
});
