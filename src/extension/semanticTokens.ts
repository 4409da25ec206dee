import * as vscode from 'vscode';
import { X12_TOKEN_TYPES, x12Tokens } from '../core/format/x12-highlight';
import { readDelimiters, type Delimiters } from '../core/parsers/x12';
import { X12_SELECTOR } from './constants';

export const X12_TOKEN_LEGEND = new vscode.SemanticTokensLegend([...X12_TOKEN_TYPES], []);

/** The head of the text that holds the ISA (after a BOM and blank lines). */
const HEAD = 4096;
/** Colours at most this many characters per request: a one-line batch is one "visible" line of megabytes. */
const MAX_RANGE = 512 * 1024;
/** How far to look back for the start of the segment a range begins in, and ahead for its last segment's end. */
const SEGMENT_REACH = 64 * 1024;

/**
 * Colours X12 by the delimiters its ISA declares (`x12Tokens`), for the visible range only. The
 * TextMate grammar knows only the usual `~ * : ^`; these tokens, mapped to the grammar's own scopes
 * in package.json, give a file with other delimiters the same colours.
 */
class X12SemanticTokens implements vscode.DocumentRangeSemanticTokensProvider {
  private readonly delimiters = new Map<string, { version: number; delimiters?: Delimiters }>();

  provideDocumentRangeSemanticTokens(document: vscode.TextDocument, range: vscode.Range): vscode.SemanticTokens | undefined {
    const delimiters = this.delimitersOf(document);
    if (!delimiters) return undefined;
    const start = document.offsetAt(range.start);
    const end = Math.min(document.offsetAt(range.end), start + MAX_RANGE);
    // Widen to whole segments: from just after the terminator before the range to the one after it.
    const before = document.getText(new vscode.Range(document.positionAt(Math.max(0, start - SEGMENT_REACH)), document.positionAt(start)));
    const cut = before.lastIndexOf(delimiters.segment);
    const from = cut < 0 ? Math.max(0, start - before.length) : start - before.length + cut + 1;
    let text = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(end)));
    if (text.trimEnd().slice(-1) !== delimiters.segment) {
      const after = document.getText(new vscode.Range(document.positionAt(end), document.positionAt(end + SEGMENT_REACH)));
      const next = after.indexOf(delimiters.segment);
      text += next < 0 ? '' : after.slice(0, next + 1);
    }
    const builder = new vscode.SemanticTokensBuilder(X12_TOKEN_LEGEND);
    for (const t of x12Tokens(text, delimiters)) {
      // A line break that ends segments is not coloured (a token cannot span lines).
      if (t.type === 'x12Terminator' && (delimiters.segment === '\n' || delimiters.segment === '\r')) continue;
      const at = document.positionAt(from + t.start);
      builder.push(new vscode.Range(at, at.translate(0, t.length)), t.type);
    }
    return builder.build();
  }

  private delimitersOf(document: vscode.TextDocument): Delimiters | undefined {
    const key = document.uri.toString();
    const known = this.delimiters.get(key);
    if (known?.version === document.version) return known.delimiters;
    const read = readDelimiters(document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(HEAD))));
    const delimiters = read.ok ? read.delimiters : undefined;
    this.delimiters.set(key, { version: document.version, delimiters });
    return delimiters;
  }

  forget(uri: vscode.Uri): void {
    this.delimiters.delete(uri.toString());
  }
}

export function registerSemanticTokens(): vscode.Disposable[] {
  const provider = new X12SemanticTokens();
  return [
    vscode.languages.registerDocumentRangeSemanticTokensProvider(X12_SELECTOR, provider, X12_TOKEN_LEGEND),
    vscode.workspace.onDidCloseTextDocument((doc) => provider.forget(doc.uri)),
  ];
}
