import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'claimlint.claimlint';
export const SOURCE = 'claimlint';
const DEADLINE_MS = 10000;

export interface ClaimlintApi {
  lintNow(uri: vscode.Uri): Promise<readonly unknown[] | undefined>;
  statusText(): string;
  unknownRuleIds(): readonly string[];
}

export function withFolder(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
}

export async function activate(): Promise<ClaimlintApi> {
  const ext = vscode.extensions.getExtension<ClaimlintApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function extensionPath(): string {
  return vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
}

/** A fixture: from the open test folder, or (no folder) by absolute path from the extension. */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) return vscode.Uri.joinPath(folder.uri, name);
  return vscode.Uri.file(path.join(extensionPath(), 'test', 'integration', 'workspace', name));
}

/** The fixture as shipped in the extension folder (outside any open workspace folder). */
export function extensionFixtureUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(extensionPath(), 'test', 'integration', 'workspace', name));
}

export async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  await activate();
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function claimDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describe(ds: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character} ${d.message.slice(0, 60)}`));
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Waits until `predicate` holds for the document's claimlint diagnostics; fails at the deadline. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  deadlineMs = DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  const now = claimDiagnostics(uri);
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}; diagnostics: ${describe(claimDiagnostics(uri))}`));
    }, deadlineMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = claimDiagnostics(uri);
      if (predicate(ds)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(ds);
      }
    });
  });
}

export const hasCode = (code: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === code);
export const lacksCode = (code: string) => (ds: vscode.Diagnostic[]) => ds.length > 0 && !ds.some((d) => codeOf(d) === code);

/** Range of the `occurrence`-th (0-based) match of `needle` in the document. */
export function rangeOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${occurrence} not in ${path.basename(doc.uri.path)}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

/** Throws away unsaved edits so the next test sees the fixture as shipped. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const deadline = Date.now() + DEADLINE_MS;
  while (doc.isDirty && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(!doc.isDirty, 'document could not be reverted');
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n\n');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind, 50)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string'));
}

/** Settings go to the workspace when a folder is open, else to the user settings; `restore` undoes them. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const target = withFolder() ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('claimlint').update(key, value, target);
}

/**
 * The test workspace's claim files are independent examples, and many share one fictional patient:
 * as one patient history (`claimlint.history.scope` = workspace, the default) they would count each
 * other's visits and units. Suites about one file at a time check each file on its own.
 */
export async function eachFileOnItsOwn(): Promise<void> {
  await activate();
  await setSetting('history.scope', 'file');
  await historySettled();
}

/** Back to the default history scope (the workspace). */
export async function historyAsDefault(): Promise<void> {
  await setSetting('history.scope', undefined);
  await historySettled();
}

/**
 * Waits until the claim index has taken a settings change in: built again and its change
 * announced (every open claim is then linted in full), so that announcement cannot land in the
 * middle of the next test.
 */
export async function historySettled(): Promise<void> {
  const api = (await activate()) as unknown as { claimIndex(): { readonly ready: boolean; readonly changing: boolean } };
  const index = api.claimIndex();
  // The configuration event reaches the index after the update resolves: give it the debounce time to start.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await poll(() => (index.ready && !index.changing ? true : undefined), 'the claim index to settle');
}

export async function restoreSettings(): Promise<void> {
  for (const key of ['rules', 'timedRounding', 'acceptXModifiers', 'run', 'policy', 'maxProblems']) {
    await setSetting(key, undefined);
  }
}

/** Polls `check` every 50 ms until it returns a value (not undefined); fails at the deadline. For state no event announces. */
export async function poll<T>(check: () => T | undefined | Promise<T | undefined>, what: string, deadlineMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Markdown preview tab of a page whose label names `name` (the rendered page, not its source). */
export function waitForPreview(name: string): Promise<vscode.Tab> {
  return poll(
    () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType) && t.label.includes(name)),
    `a Markdown preview of ${name}`,
  );
}
