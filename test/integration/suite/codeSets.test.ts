import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activate, codeOf, extensionPath, hasCode, hoverText, lacksCode, open, rangeOf, waitForDiagnostics } from './helpers';

const RULE = 'diagnosis-in-code-set';

interface CodeSetInfo {
  id: string;
  name: string;
}

interface Api {
  codeSets(): Promise<readonly CodeSetInfo[]>;
  reloadCodeSets(): Promise<readonly CodeSetInfo[]>;
  lastCodeSetImportError(): string | undefined;
}

/** A file of the repository (the extension's folder), outside the test workspace. */
function repoFile(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(extensionPath(), ...parts));
}

const ORDER_2024 = (): vscode.Uri => repoFile('test', 'fixtures', 'codesets', 'icd10cm_order_2024.txt');
const HCPCS_2024 = (): vscode.Uri => repoFile('test', 'fixtures', 'codesets', 'HCPC2024_JAN_ANWEB_v3.txt');
const CLAIM = (): vscode.Uri => repoFile('test', 'fixtures', 'rules', 'diagnosis-header-and-unknown-fy2024.837');

async function removeAll(api: Api): Promise<void> {
  for (const s of await api.codeSets()) await vscode.commands.executeCommand('claimlint.removeCodeSet', s.id);
}

async function importTest(api: Api): Promise<void> {
  const uri = CLAIM();
  const doc = await open(uri);
  await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'the claim linted');
  assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === RULE), 'no code set rule before an import');
  const before = await hoverText(uri, rangeOf(doc, 'M5450').start.translate(0, 1));
  assert.doesNotMatch(before, /Low back pain|ICD-10-CM FY/, 'nothing new in the hover without a code set');

  const info = await vscode.commands.executeCommand<CodeSetInfo | undefined>('claimlint.importCodeSet', ORDER_2024());
  assert.strictEqual(info?.name, 'ICD-10-CM FY2024');
  assert.deepStrictEqual(
    (await api.codeSets()).map((s) => s.id),
    ['icd10cm-fy2024'],
  );
  assert.strictEqual(api.lastCodeSetImportError(), undefined);
  // Kept in the extension's global storage, never in the workspace.
  assert.deepStrictEqual(await vscode.workspace.findFiles('**/*.codeset'), []);

  // The open claim is linted again: M54.5 is a header and E66.811 is not in FY2024, on 2024-03-04.
  const ds = await waitForDiagnostics(uri, (all) => all.filter((d) => codeOf(d) === RULE).length === 2, 'two diagnosis-in-code-set problems');
  const ours = ds.filter((d) => codeOf(d) === RULE).sort((a, b) => a.range.start.character - b.range.start.character);
  assert.deepStrictEqual(ours[0].range, rangeOf(doc, 'M545'));
  assert.strictEqual(
    ours[0].message,
    'Diagnosis M545 is a header in ICD-10-CM FY2024 (Low back pain), not a billable code: bill one of the more specific codes under it.',
  );
  assert.strictEqual(ours[0].severity, vscode.DiagnosticSeverity.Error);
  assert.deepStrictEqual(ours[1].range, rangeOf(doc, 'E66811'));
  assert.match(ours[1].message, /^Diagnosis E66811 is not a code of ICD-10-CM FY2024, the ICD-10-CM set for the date of service 2024-03-04\.$/);

  const hover = await hoverText(uri, rangeOf(doc, 'M5450').start.translate(0, 1));
  assert.match(hover, /^\*\*M5450\*\* Low back pain, unspecified — \*ICD-10-CM FY2024\*$/m);

  // The compact copy in global storage is what a new window reads at start.
  assert.deepStrictEqual(
    (await api.reloadCodeSets()).map((s) => s.name),
    ['ICD-10-CM FY2024'],
  );
  await waitForDiagnostics(uri, (all) => all.filter((d) => codeOf(d) === RULE).length === 2, 'the same problems from the stored copy');

  // Removed: the findings go, and the hover is as before.
  assert.strictEqual(await vscode.commands.executeCommand('claimlint.removeCodeSet', 'icd10cm-fy2024'), true);
  await waitForDiagnostics(uri, lacksCode(RULE), 'the code set findings gone');
  assert.deepStrictEqual(await api.codeSets(), []);
  assert.deepStrictEqual(await api.reloadCodeSets(), [], 'its stored copy is gone too');
  assert.doesNotMatch(await hoverText(uri, rangeOf(doc, 'M5450').start.translate(0, 1)), /Low back pain/);
}

suite('code sets', () => {
  let api: Api;
  suiteSetup(async () => {
    api = (await activate()) as unknown as Api;
    await removeAll(api);
  });
  suiteTeardown(async () => removeAll(api));

  test('import an ICD-10-CM order file through the command: a finding and a hover that name FY2024; remove it: both gone', async () => {
    await importTest(api);
  });

  test('a HCPCS ANWEB file: Level II descriptions on hover, never a CPT one', async () => {
    const info = await vscode.commands.executeCommand<CodeSetInfo | undefined>('claimlint.importCodeSet', HCPCS_2024().fsPath);
    assert.strictEqual(info?.name, 'HCPCS Level II January 2024');
    const uri = CLAIM();
    const doc = await open(uri);
    const cpt = await hoverText(uri, rangeOf(doc, '97124').start.translate(0, 1));
    assert.ok(cpt.includes('97124'), 'the usual hover over 97124');
    assert.doesNotMatch(cpt, /HCPCS Level II/);
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === RULE), 'a HCPCS set does not turn on the diagnosis rule');

    // A Level II code on a line of 2024-03-04 (an untitled copy of the claim, 98940 → G0283).
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).replace('SV1*HC:98940*', 'SV1*HC:G0283*');
    const copy = await vscode.workspace.openTextDocument({ language: 'x12', content: text });
    await vscode.window.showTextDocument(copy, { preview: false });
    const g = await hoverText(copy.uri, rangeOf(copy, 'G0283').start.translate(0, 1));
    assert.match(
      g,
      /^\*\*G0283\*\* Electrical stimulation \(unattended\), to one or more areas for indication\(s\) other than wound care, as part of a therapy plan of care — \*HCPCS Level II January 2024\*$/m,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.strictEqual(await vscode.commands.executeCommand('claimlint.removeCodeSet', 'hcpcs-2024-01'), true);
  });

  test('a claim file, a folder or a FIFO is refused with one clear sentence, at once, and nothing is installed', async () => {
    const refused = async (uri: vscode.Uri, message: string): Promise<void> => {
      const info = await vscode.commands.executeCommand<CodeSetInfo | undefined>('claimlint.importCodeSet', uri);
      assert.strictEqual(info, undefined);
      assert.strictEqual(api.lastCodeSetImportError(), message);
      assert.deepStrictEqual(await api.codeSets(), []);
    };
    await refused(CLAIM(), 'diagnosis-header-and-unknown-fy2024.837 was not imported: This is a claim file, not a code set.');
    const notRegular = 'was not imported: This is not a regular file (a folder, a FIFO or a device), so it was not read.';
    await refused(repoFile('test', 'fixtures', 'codesets'), `codesets ${notRegular}`);
    if (process.platform === 'win32') return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-codeset-'));
    try {
      const fifo = path.join(dir, 'icd10cm_order_2024.txt');
      assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
      await refused(vscode.Uri.file(fifo), `icd10cm_order_2024.txt ${notRegular}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a renamed file takes the year the caller gives', async () => {
    const missing = await vscode.commands.executeCommand<CodeSetInfo | undefined>(
      'claimlint.importCodeSet',
      repoFile('test', 'fixtures', 'codesets', 'README.md'),
    );
    assert.strictEqual(missing, undefined, 'not a code set');
    assert.match(
      api.lastCodeSetImportError() ?? '',
      /^README\.md was not imported: Line 1 is not a record of an ICD-10-CM order or codes file or of a HCPCS ANWEB file/,
    );
    const info = await vscode.commands.executeCommand<CodeSetInfo | undefined>('claimlint.importCodeSet', ORDER_2024(), { year: 2025 });
    assert.strictEqual(info?.name, 'ICD-10-CM FY2025', 'the year given wins over the name');
    assert.strictEqual(await vscode.commands.executeCommand('claimlint.removeCodeSet', 'icd10cm-fy2025'), true);
  });
});

/** Runs in the untrusted run too: importing is the user's own action on global storage, allowed there. */
suite('workspace trust: code sets', () => {
  test('importing a code set works whether or not the workspace is trusted', async () => {
    const api = (await activate()) as unknown as Api;
    await removeAll(api);
    try {
      await importTest(api);
    } finally {
      await removeAll(api);
    }
  });
});
