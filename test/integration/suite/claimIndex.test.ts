import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaimIndex } from '../../../src/extension/claimIndex';
import { historySettled, activate, fixtureUri, poll, setSetting, withFolder } from './helpers';

/** The claim files of test/integration/workspace, in path order (localeCompare: "claim." before "CLAIM8"): 8 X12 by name, 3 by content, 2 FHIR claims. */
const CLAIM_FILES = [
  'claim.dat',
  'claim.txt',
  'CLAIM837',
  'fhir-massage-with-cmt-no-59.json',
  'fhir-massage-with-cmt-no-59.xml',
  'institutional.837i',
  'massage-in-minutes.837',
  'massage-with-cmt-no-59.837',
  'one-line.x12',
  'other-delimiters.edi',
  'patient-visits.837',
  'se-count-and-suggestion.837',
  'two-claims-missing-59.837',
];
/** A folder the tests create and remove; its name sorts after every fixture. */
const TEMP = 'zz-claim-index';
const DEADLINE_MS = 20000;

async function claimIndex(): Promise<ClaimIndex> {
  const api = (await activate()) as unknown as { claimIndex(): ClaimIndex };
  return api.claimIndex();
}

function names(index: ClaimIndex): string[] {
  return index.files.map((f) => f.name);
}

suite('claim index (a patient history across the workspace)', () => {
  let index: ClaimIndex;

  suiteSetup(async function () {
    this.timeout(DEADLINE_MS + 5000);
    index = await claimIndex();
    await index.whenReady();
  });

  suiteTeardown(async () => {
    if (!withFolder()) return;
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, TEMP), { recursive: true }).then(
      () => undefined,
      () => undefined,
    );
    await setSetting('history.scope', undefined);
    await setSetting('timedRounding', undefined);
    await setSetting('rules', undefined);
    await historySettled();
  });

  test('no folder: nothing is indexed, every history is empty', function () {
    if (withFolder()) this.skip();
    assert.strictEqual(index.ready, true);
    assert.strictEqual(index.fileCount, 0);
    assert.deepStrictEqual(index.historyFor(fixtureUri('patient-visits.837')), { before: [], after: [] });
  });

  test("finds the folder's claim files, opened or not, a .txt, .dat and extension-less 837 among them", function () {
    if (!withFolder()) this.skip();
    assert.strictEqual(index.ready, true);
    assert.deepStrictEqual(names(index), CLAIM_FILES);
    assert.strictEqual(index.fileCount, CLAIM_FILES.length);
    for (const f of index.files) {
      assert.ok(f.facts && f.facts.count > 0, `${f.name} has service lines`);
      assert.ok(f.length > 0);
    }
  });

  test('historyFor: the other files, split around the file in path order, with their facts', function () {
    if (!withFolder()) this.skip();
    const uri = fixtureUri('massage-with-cmt-no-59.837');
    const { before, after } = index.historyFor(uri);
    const at = CLAIM_FILES.indexOf('massage-with-cmt-no-59.837');
    assert.deepStrictEqual(
      before.map((f) => f.name),
      CLAIM_FILES.slice(0, at).map((n) => fixtureUri(n).toString()),
    );
    assert.deepStrictEqual(
      after.map((f) => f.name),
      CLAIM_FILES.slice(at + 1).map((n) => fixtureUri(n).toString()),
    );
    for (const f of [...before, ...after]) assert.ok(f.facts && f.facts.count > 0 && f.length > 0, f.name);
    // The URI string, as a string too; a name for hovers.
    assert.deepStrictEqual(index.historyFor(uri.toString()), { before, after });
    assert.strictEqual(index.displayName(fixtureUri('claim.txt')), 'claim.txt');
    assert.strictEqual(index.displayName(fixtureUri('claim.txt').toString()), 'claim.txt');
  });

  test('a file created on disk is read, a changed one read again, a deleted one dropped (a folder too)', async function () {
    if (!withFolder()) this.skip();
    this.timeout(4 * DEADLINE_MS);
    let changes = 0;
    const sub = index.onDidChange(() => changes++);
    try {
      const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, TEMP);
      const created = vscode.Uri.joinPath(folder, 'batch-2099-01-02.837');
      const sniffed = vscode.Uri.joinPath(folder, 'batch-2099-01-03.txt');
      const other = fixtureUri('patient-visits.837');
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(created, await vscode.workspace.fs.readFile(fixtureUri('massage-with-cmt-no-59.837')));
      await vscode.workspace.fs.writeFile(sniffed, await vscode.workspace.fs.readFile(fixtureUri('claim.txt')));

      const afterNames = (): string[] => index.historyFor(other).after.map((f) => f.name);
      await poll(
        () => (afterNames().includes(created.toString()) && afterNames().includes(sniffed.toString()) ? true : undefined),
        'the created files in the index',
        DEADLINE_MS,
      );
      const { after } = index.historyFor(other);
      assert.deepStrictEqual(
        after.slice(-2).map((f) => f.name),
        [created.toString(), sniffed.toString()],
        'last, in path order',
      );
      const lines = after.find((f) => f.name === created.toString())!.facts!.count;
      assert.strictEqual(lines, 2);
      assert.strictEqual(index.displayName(created), `${TEMP}/batch-2099-01-02.837`);
      await poll(() => (changes > 0 ? true : undefined), 'onDidChange', DEADLINE_MS);

      // Changed on disk: read again (the patient's four visits in place of two lines).
      await vscode.workspace.fs.writeFile(created, await vscode.workspace.fs.readFile(fixtureUri('patient-visits.837')));
      await poll(
        () => (index.files.find((f) => f.uri === created.toString())?.facts?.count === 9 ? true : undefined),
        'the changed file read again',
        DEADLINE_MS,
      );

      await vscode.workspace.fs.delete(created);
      await poll(() => (index.files.some((f) => f.uri === created.toString()) ? undefined : true), 'the deleted file dropped', DEADLINE_MS);
      assert.ok(index.files.some((f) => f.uri === sniffed.toString()));

      await vscode.workspace.fs.delete(folder, { recursive: true });
      await poll(() => (index.fileCount === CLAIM_FILES.length ? true : undefined), "the deleted folder's files dropped", DEADLINE_MS);
      assert.deepStrictEqual(names(index), CLAIM_FILES);
    } finally {
      sub.dispose();
    }
  });

  test('another timed rounding builds the index again; a rule severity does not', async function () {
    if (!withFolder()) this.skip();
    this.timeout(3 * DEADLINE_MS);
    const factsOf = (): unknown => index.files.find((f) => f.name === 'massage-in-minutes.837')?.facts;
    const before = factsOf();
    assert.ok(before);
    await setSetting('rules', { 'code-format': 'info' });
    assert.strictEqual(factsOf(), before, 'kept: a severity does not change the facts');
    await setSetting('timedRounding', 'cms-8-minute');
    await poll(() => (index.ready && factsOf() !== undefined && factsOf() !== before ? true : undefined), 'the index built again', DEADLINE_MS);
    assert.deepStrictEqual(names(index), CLAIM_FILES);
  });

  test('claimlint.history.scope = file empties the index; workspace builds it again', async function () {
    if (!withFolder()) this.skip();
    this.timeout(3 * DEADLINE_MS);
    await setSetting('history.scope', 'file');
    await poll(() => (index.fileCount === 0 ? true : undefined), 'the index emptied', DEADLINE_MS);
    assert.strictEqual(index.ready, true);
    assert.deepStrictEqual(index.historyFor(fixtureUri('patient-visits.837')), { before: [], after: [] });
    await setSetting('history.scope', undefined);
    await poll(() => (index.ready && index.fileCount === CLAIM_FILES.length ? true : undefined), 'the index built again', DEADLINE_MS);
    assert.strictEqual(index.historyFor(fixtureUri('patient-visits.837')).before.length, CLAIM_FILES.indexOf('patient-visits.837'));
  });

  test('claimlint.history.exclude and include choose the files', async function () {
    if (!withFolder()) this.skip();
    this.timeout(3 * DEADLINE_MS);
    try {
      await setSetting('history.exclude', ['*.json', 'claim.*']);
      await poll(() => (index.ready && index.fileCount === CLAIM_FILES.length - 3 ? true : undefined), 'three files left out', DEADLINE_MS);
      assert.deepStrictEqual(
        names(index),
        CLAIM_FILES.filter((n) => !['fhir-massage-with-cmt-no-59.json', 'claim.dat', 'claim.txt'].includes(n)),
      );
      await setSetting('history.include', ['**/*.837']);
      await poll(() => (index.ready && index.fileCount === 5 ? true : undefined), 'only .837 files', DEADLINE_MS);
      assert.deepStrictEqual(
        names(index),
        CLAIM_FILES.filter((n) => n.endsWith('.837')),
      );
    } finally {
      await setSetting('history.include', undefined);
      await setSetting('history.exclude', undefined);
    }
    await poll(() => (index.ready && index.fileCount === CLAIM_FILES.length ? true : undefined), 'every file again', DEADLINE_MS);
  });
});
