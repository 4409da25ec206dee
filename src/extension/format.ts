import * as vscode from 'vscode';
import { x12LayoutEdits, type X12Layout } from '../core/format/x12-layout';
import { CommandIds, X12_LANGUAGE_ID, X12_SELECTOR } from './constants';
import { rangeOf } from './diagnostics';

/** More edits than this go to the editor as one (a one-line batch changes a gap after every segment). */
const MAX_EDITS = 1000;

function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

function layoutEdits(document: vscode.TextDocument, layout: X12Layout, range?: vscode.Range): vscode.TextEdit[] {
  const text = document.getText();
  const within = range && { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
  return x12LayoutEdits(text, layout, eolOf(document), within, MAX_EDITS).map((e) => vscode.TextEdit.replace(rangeOf(document, e.span), e.newText));
}

/** Format Document / Format Selection for X12: one segment per line (x12LayoutEdits); nothing else changes. */
class X12SegmentPerLine implements vscode.DocumentFormattingEditProvider, vscode.DocumentRangeFormattingEditProvider {
  provideDocumentFormattingEdits(document: vscode.TextDocument): vscode.TextEdit[] {
    return layoutEdits(document, 'segment-per-line');
  }

  provideDocumentRangeFormattingEdits(document: vscode.TextDocument, range: vscode.Range): vscode.TextEdit[] {
    return layoutEdits(document, 'segment-per-line', range);
  }
}

/**
 * The X12 formatter and the two layout commands. The commands do what their names say whichever
 * formatter the user picked as the default for X12 (another X12 extension may bring its own).
 * Each returns whether it changed the document.
 */
export function registerFormatting(): vscode.Disposable[] {
  const provider = new X12SegmentPerLine();
  const relayout =
    (layout: X12Layout) =>
    async (uri?: unknown): Promise<boolean> => {
      const document =
        uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== X12_LANGUAGE_ID) return false;
      const edits = layoutEdits(document, layout);
      if (edits.length === 0) return false;
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, edits);
      return vscode.workspace.applyEdit(edit);
    };
  return [
    vscode.languages.registerDocumentFormattingEditProvider(X12_SELECTOR, provider),
    vscode.languages.registerDocumentRangeFormattingEditProvider(X12_SELECTOR, provider),
    vscode.commands.registerCommand(CommandIds.splitSegments, relayout('segment-per-line')),
    vscode.commands.registerCommand(CommandIds.joinSegments, relayout('one-line')),
  ];
}
