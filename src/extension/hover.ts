import * as vscode from 'vscode';
import { hoverAt, type HoverLinks } from '../core/hover';
import { CommandIds } from './constants';
import { commandUri, rangeOf } from './diagnostics';
import type { Claim, ClaimDocument } from '../core/model/claim';
import type { ClaimLinter } from './linter';
import { CodeSets } from '../core/codesets';
import type { DescriptorStore } from './config';

/**
 * The document as hoverAt sees it: only the claims at the position. After an incremental re-check
 * the document's full claim list is built on demand (copying every claim after the edit); a hover
 * needs only the claim it points into.
 */
function around(document: ClaimDocument, claims: readonly Claim[]): ClaimDocument {
  return {
    format: document.format,
    text: document.text,
    problems: document.problems,
    editor: document.editor,
    claims,
    get outline() {
      return document.outline;
    },
  };
}

/** The link to the policy's clauses for a code, rendered inside VS Code. */
const LINKS: HoverLinks = { clauses: (code) => commandUri(CommandIds.showPolicy, code).toString() };

/** Adapter over the pure {@link hoverAt}; ordinary JSON/XML get nothing. */
export class ClaimHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly linter: ClaimLinter,
    /** The imported code sets, for the description of a diagnosis or HCPCS code. */
    private readonly codeSets: () => CodeSets = () => CodeSets.EMPTY,
    private readonly descriptors?: DescriptorStore,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.linter.available(document);
    if (!entry) return undefined;
    const offset = document.offsetAt(position);
    const visits = entry.visitsAt(offset);
    const history = this.linter.history;
    const content = hoverAt(
      around(entry.result.document, entry.claimsAt(offset)),
      entry.findingsAt(offset),
      offset,
      entry.policy,
      entry.config,
      LINKS,
      this.codeSets(),
      this.descriptors?.descriptors(),
      visits && {
        visit: visits.visit,
        // Other files by their workspace path, as the Explorer shows them.
        visits: visits.visits.map((v) => ({ date: v.date, file: v.file === undefined ? undefined : (history?.displayName(v.file) ?? v.file) })),
      },
    );
    if (!content) return undefined;
    const md = new vscode.MarkdownString(content.markdown);
    // Only claimlint's policy page may run from a hover link.
    md.isTrusted = { enabledCommands: [CommandIds.showPolicy] };
    md.supportHtml = false;
    return new vscode.Hover(md, rangeOf(document, content.span));
  }
}
