import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, fixtureUri, hasCode, open, poll, rangeOf, revert, waitForDiagnostics } from './helpers';

interface Rendered {
  claims: number;
  lines: number;
  timelines: number;
  triggers: number;
  problems: number;
}

interface ViewApi {
  claimViewRendered(): Promise<Rendered> | undefined;
  claimViewClick(id: string): Promise<boolean>;
}

interface ClaimViewModel {
  claimCount: number;
  claims: {
    id: string;
    patient: { name: string };
    dates: string[];
    lines: { code?: string; modifiers: string[]; units?: number; problems: { ruleId: string }[] }[];
  }[];
  patients: { patient: { name: string }; days: { date: string; massageUnits: number; therapyUnits: number; triggers: { ruleId: string }[] }[] }[];
}

function claimViewTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('claimlint.claimView'));
}

/** The editor's selection moving to `position` (a click in the view selects in the editor). */
function selectionAt(doc: vscode.TextDocument, position: vscode.Position): Promise<void> {
  return poll(() => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    return editor?.selection.active.isEqual(position) ? true : undefined;
  }, `the selection at ${position.line}:${position.character}`).then(() => undefined);
}

suite('claim view', () => {
  let api: ViewApi;
  suiteSetup(async () => {
    api = (await activate()) as unknown as ViewApi;
  });

  teardown(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  test('shows claims, lines and a timeline per patient in a webview whose script runs under its CSP', async () => {
    const uri = fixtureUri('patient-visits.837');
    const doc = await open(uri);
    await waitForDiagnostics(uri, (ds) => ds.length === 6, 'the six problems');
    const model = await vscode.commands.executeCommand<ClaimViewModel>('claimlint.showClaimSummary');
    assert.strictEqual(model.claimCount, 5);
    assert.deepStrictEqual(
      model.claims.map((c) => [c.id, c.patient.name, c.dates.join(' ')]),
      [
        ['VISIT1', 'HOE, LENA', '2019-06-03'],
        ['VISIT2', 'HOE, LENA', '2019-06-10'],
        ['VISIT3', 'HOE, LENA', '2019-06-17'],
        ['VISIT4', 'HOE, LENA', '2019-06-24'],
        ['VISIT5', 'NOE, PAUL', '2019-06-05'],
      ],
    );
    assert.deepStrictEqual(
      model.claims[1].lines.map((l) => [l.code, l.units, l.problems.map((p) => p.ruleId).join(' ')]),
      [
        ['98940', 1, ''],
        ['97124', 2, 'cmt-modifier-59 audit-multiple-units'],
      ],
    );
    assert.deepStrictEqual(
      model.patients[0].days.map((d) => [d.date, d.massageUnits, d.therapyUnits, d.triggers.map((t) => t.ruleId).join(' ')]),
      [
        ['2019-06-03', 1, 0, ''],
        ['2019-06-10', 2, 0, 'audit-multiple-units'],
        ['2019-06-17', 1, 1, ''],
        ['2019-06-24', 1, 1, 'audit-visit-count'],
      ],
    );
    const tab = await poll(claimViewTab, 'the claim view tab');
    assert.strictEqual(tab.label, 'Claims: patient-visits.837');
    const rendered = await api.claimViewRendered();
    assert.deepStrictEqual(rendered, { claims: 5, lines: 9, timelines: 2, triggers: 2, problems: 6 }, 'the page script ran and counted what it drew');
    assert.ok(doc);
  });

  test('clicking a line, or a day of the timeline, selects it in the editor', async () => {
    const uri = fixtureUri('patient-visits.837');
    const doc = await open(uri);
    await waitForDiagnostics(uri, hasCode('audit-visit-count'), 'audit-visit-count');
    await vscode.commands.executeCommand('claimlint.showClaimSummary');
    await api.claimViewRendered();
    // VISIT2's second line (LX*2 … 97124 billed for 2 units).
    const visit2 = doc.getText().indexOf('CLM*VISIT2');
    const lx2 = doc.positionAt(doc.getText().indexOf('LX*2', visit2));
    assert.strictEqual(await api.claimViewClick('line-1-1'), true);
    await selectionAt(doc, lx2);
    // The fourth day of the first patient's timeline: VISIT4's first line.
    const visit4 = doc.getText().indexOf('CLM*VISIT4');
    const lx1 = doc.positionAt(doc.getText().indexOf('LX*1', visit4));
    assert.strictEqual(await api.claimViewClick('day-0-3'), true);
    await selectionAt(doc, lx1);
    assert.strictEqual(await api.claimViewClick('no-such-element'), false);
  });

  test('the view follows edits: fixing a problem redraws it', async () => {
    const uri = fixtureUri('patient-visits.837');
    const doc = await open(uri);
    await waitForDiagnostics(uri, (ds) => ds.length === 6, 'the six problems');
    await vscode.commands.executeCommand('claimlint.showClaimSummary');
    assert.strictEqual((await api.claimViewRendered())?.problems, 6);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc)!;
    const visit2 = doc.getText().indexOf('CLM*VISIT2');
    const code = rangeOf(doc, 'HC:97124', doc.getText().slice(0, visit2).split('HC:97124').length - 1);
    assert.ok(await editor.edit((b) => b.insert(code.end, ':59')));
    await waitForDiagnostics(uri, (ds) => ds.length === 5, 'cmt-modifier-59 fixed');
    await poll(async () => ((await api.claimViewRendered())?.problems === 5 ? true : undefined), 'a redraw with five problems');
  });

  test('a FHIR claim has a view too; a file that is not a claim gets a message', async () => {
    const uri = fixtureUri('fhir-massage-with-cmt-no-59.json');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('cmt-modifier-59'), 'cmt-modifier-59');
    const model = await vscode.commands.executeCommand<ClaimViewModel>('claimlint.showClaimSummary', uri);
    assert.strictEqual(model.claims.length, 1);
    assert.strictEqual((await api.claimViewRendered())?.claims, 1);
    await open(fixtureUri('plain.json'));
    assert.strictEqual(await vscode.commands.executeCommand('claimlint.showClaimSummary'), undefined);
  });
});
