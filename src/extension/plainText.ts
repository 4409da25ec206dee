import * as vscode from 'vscode';
import { SNIFF_BYTES, startsWithIsaHeader } from './claimFiles';
import { DOCUMENT_SCHEMES, PLAIN_TEXT_LANGUAGE_ID, X12_LANGUAGE_ID } from './constants';

/**
 * Clearinghouses name 837s `.txt` (and `.dat`, or nothing). VS Code's `firstLine` match makes such
 * a file X12 when its first line starts with `ISA`, but not when a BOM line, a blank line or
 * indentation comes first, nor when text is pasted into a new document. A plain-text document
 * whose text starts with an ISA header is switched to the X12 language, so it gets everything an
 * `.837` gets: problems, hovers, outline, formatting and colours. A document the user puts back
 * to Plain Text is left alone while it stays open.
 */
export class PlainTextClaims implements vscode.Disposable {
  /** Documents the user put back to Plain Text. */
  private readonly declined = new Set<string>();
  /** X12 documents closed in this turn of the event loop: a language change closes and reopens at once. */
  private readonly closedAsX12 = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.consider(doc)),
      // An untitled document an 837 is pasted into.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.isUntitled) this.consider(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        if (doc.languageId === X12_LANGUAGE_ID) {
          this.closedAsX12.add(key);
          setTimeout(() => this.closedAsX12.delete(key), 0);
        } else if (this.declined.has(key)) {
          // Closed for good (not reopened in the same turn): a later open starts afresh.
          setTimeout(() => {
            if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.declined.delete(key);
          }, 0);
        }
      }),
    ];
    for (const doc of vscode.workspace.textDocuments) this.consider(doc);
  }

  private consider(doc: vscode.TextDocument): void {
    if (doc.languageId !== PLAIN_TEXT_LANGUAGE_ID || !(DOCUMENT_SCHEMES as readonly string[]).includes(doc.uri.scheme)) return;
    const key = doc.uri.toString();
    if (this.closedAsX12.has(key)) {
      // X12 a moment ago, Plain Text now: the user chose Plain Text.
      this.declined.add(key);
      return;
    }
    if (this.declined.has(key)) return;
    const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(SNIFF_BYTES)));
    if (!startsWithIsaHeader(head)) return;
    void vscode.languages.setTextDocumentLanguage(doc, X12_LANGUAGE_ID);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
