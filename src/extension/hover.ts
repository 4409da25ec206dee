import * as vscode from 'vscode';
import { hoverAt } from '../core/hover';
import { rangeOf } from './diagnostics';
import type { ClaimLinter } from './linter';

/** Adapter over the pure {@link hoverAt}; ordinary JSON/XML get nothing. */
export class ClaimHoverProvider implements vscode.HoverProvider {
  constructor(private readonly linter: ClaimLinter) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.linter.available(document);
    if (!entry) return undefined;
    const content = hoverAt(entry.result.document, entry.findings, document.offsetAt(position), entry.policy, entry.config);
    if (!content) return undefined;
    const md = new vscode.MarkdownString(content.markdown);
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, rangeOf(document, content.span));
  }
}
