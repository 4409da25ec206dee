import * as vscode from 'vscode';
import type { LineIndex } from '../core/model/span';
import { detectContent, isClaimContent } from '../core/parsers/detect';
import { readRegularFile, readRegularFileHead } from '../core/regular-file';
import { kindByName, SNIFF_BYTES, startsWithIsaHeader, workspaceLintMessage, type NameKind, type WorkspaceLintSummary } from './claimFiles';
import { WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LINT_LIMIT, WORKSPACE_LIST_LIMIT } from './constants';
import type { DiagnosticsController } from './diagnostics';
import type { ClaimLinter, LintEntry } from './linter';
import { countsText, type Log } from './log';

export interface WorkspaceLintResult extends WorkspaceLintSummary {
  /** All problems published (errors, warnings and infos). */
  readonly problems: number;
  /** The result message shown. */
  readonly message: string;
}

const decoder = new TextDecoder('utf-8');

/**
 * The first {@link SNIFF_BYTES} of a file, without reading the rest (a 2 GB log named .txt costs
 * 4 KB). Files on disk are read only if they are regular files: a FIFO would block the read until a
 * writer came, a device would never end.
 */
async function readHead(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'file') return decoder.decode(await readRegularFileHead(uri.fsPath, SNIFF_BYTES));
  return decoder.decode((await vscode.workspace.fs.readFile(uri)).subarray(0, SNIFF_BYTES));
}

async function readText(uri: vscode.Uri): Promise<string> {
  const bytes = uri.scheme === 'file' ? (await readRegularFile(uri.fsPath)).data : await vscode.workspace.fs.readFile(uri);
  return decoder.decode(bytes).replace(/^\uFEFF/, '');
}

/**
 * Lint every claim file in the open folders into the Problems panel, with a cancellable progress
 * notification and a result message. Files are found by name and, where the name says nothing
 * (`.txt`, `.dat`, no extension), by a bounded read of their start (an ISA header). Each file is
 * linted in time slices, so the extension host keeps answering and Cancel stops at once.
 */
export async function lintWorkspace(linter: ClaimLinter, diagnostics: DiagnosticsController, log: Log): Promise<WorkspaceLintResult> {
  if (!vscode.workspace.workspaceFolders?.length) {
    const message = 'Open a folder to lint its claim files.';
    void vscode.window.showInformationMessage(`claimlint: ${message}`);
    return { files: 0, problems: 0, errors: 0, warnings: 0, infos: 0, notClaims: 0, skippedNotClaims: 0, overLimit: 0, cancelled: false, message };
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'claimlint', cancellable: true }, async (progress, token) => {
    progress.report({ message: 'finding claim files…' });
    const listed = await vscode.workspace.findFiles('**/*', WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LIST_LIMIT, token);
    const candidates = listed
      .map((uri) => ({ uri, kind: kindByName(uri.path) }))
      .filter((c): c is { uri: vscode.Uri; kind: NameKind } => c.kind !== undefined)
      .sort((a, b) => a.uri.path.localeCompare(b.uri.path));
    const cancelled = (): boolean => token.isCancellationRequested;
    const tally = { files: 0, errors: 0, warnings: 0, infos: 0, notClaims: 0, skippedNotClaims: 0, overLimit: 0 };
    const byRule = new Map<string, number>();
    const publish = (entry: LintEntry, document?: vscode.TextDocument): void => {
      if (document) diagnostics.publish(document, entry);
      else {
        const lines: LineIndex = entry.result.lines;
        diagnostics.publish(
          {
            positionAt: (o) => {
              const p = lines.positionAt(o);
              return new vscode.Position(p.line, p.character);
            },
          },
          entry,
        );
      }
      for (const f of entry.findings) {
        tally[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
        byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      }
    };

    for (const [i, { uri, kind }] of candidates.entries()) {
      if (cancelled()) break;
      progress.report({ message: `${i + 1} of ${candidates.length} files`, increment: 100 / candidates.length });
      if (tally.files >= WORKSPACE_LINT_LIMIT) {
        tally.overLimit++;
        continue;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open && linter.isClaimDocument(open)) {
        const entry = (await linter.lintInSlices(open)) ?? linter.current(open);
        if (entry && !open.isClosed && entry.version === open.version) {
          publish(entry, open);
          tally.files++;
        }
        continue;
      }
      let text: string;
      try {
        if (kind === 'sniff' && !startsWithIsaHeader(await readHead(uri))) {
          tally.skippedNotClaims++;
          continue;
        }
        text = await readText(uri);
      } catch {
        continue; // unreadable (gone, a folder, no permission): nothing to say about it
      }
      const content = detectContent(text);
      if (kind === 'fhir' && content !== 'fhir-json' && content !== 'fhir-xml') {
        tally.skippedNotClaims++;
        continue;
      }
      const isClaim = kind === 'fhir' ? isClaimContent(text) : content === 'x12' || (kind === 'x12' && content === 'unknown');
      if (!isClaim && kind !== 'fhir') {
        tally.skippedNotClaims++;
        continue;
      }
      const entry = await linter.lintTextInSlices(uri, text, uri.path, cancelled);
      if (!entry) break;
      // A FHIR resource that is not a claim (a Patient among exports) gets the core's
      // format-unsupported finding, an info, as in the CLI's walks.
      publish(entry);
      if (isClaim) tally.files++;
      else tally.notClaims++;
    }
    const summary: WorkspaceLintSummary = { ...tally, cancelled: cancelled() };
    const message = workspaceLintMessage(summary);
    log.info(`Workspace lint: ${message} ${countsText(tally.errors + tally.warnings + tally.infos, byRule)}.`);
    const problems = tally.errors + tally.warnings + tally.infos;
    if (problems > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showInformationMessage(`claimlint: ${message}`);
    return { ...summary, problems, message };
  });
}
