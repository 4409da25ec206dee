import * as vscode from 'vscode';
import type { OutlineNode } from '../core/model/claim';
import { rangeOf } from './diagnostics';
import { isLarge, type ClaimLinter, type LintEntry } from './linter';

const KIND: Record<OutlineNode['kind'], vscode.SymbolKind> = {
  interchange: vscode.SymbolKind.Package,
  group: vscode.SymbolKind.Namespace,
  transaction: vscode.SymbolKind.Module,
  bundle: vscode.SymbolKind.Package,
  claim: vscode.SymbolKind.Object,
  line: vscode.SymbolKind.Field,
};

function toSymbol(document: vscode.TextDocument, node: OutlineNode): vscode.DocumentSymbol {
  const range = rangeOf(document, node.span);
  let selection = rangeOf(document, node.selectionSpan);
  // VS Code rejects a symbol whose selection lies outside its range.
  if (!range.contains(selection)) selection = new vscode.Range(range.start, range.start);
  const symbol = new vscode.DocumentSymbol(node.label, node.detail ?? '', KIND[node.kind], range, selection);
  symbol.children = node.children.map((c) => toSymbol(document, c));
  return symbol;
}

interface Kept {
  readonly structure: number;
  readonly lineCount: number;
  symbols?: vscode.DocumentSymbol[];
  folding?: vscode.FoldingRange[];
}

/**
 * Outline (interchange → transaction → claim → service line) and folding per claim and service line.
 *
 * After an incremental re-check the outline is read again from the whole text when asked for
 * (about 0.4 s on 10 MB), and VS Code asks for folding ranges after every edit. For large documents
 * the last answer is kept while only text inside claims changed (same `structure`) and the line
 * count stayed: claims and lines then sit on the same lines; only positions on the edited line can
 * be a few characters off until the next full lint.
 */
export class ClaimSymbolProvider implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly linter: ClaimLinter) {}

  /** The kept answers for a large document whose claims and line count are as they were; undefined for small ones. */
  private slot(document: vscode.TextDocument, entry: LintEntry): Kept | undefined {
    if (!isLarge(document)) return undefined;
    const key = document.uri.toString();
    let k = this.kept.get(key);
    if (!k || k.structure !== entry.structure || k.lineCount !== document.lineCount) {
      k = { structure: entry.structure, lineCount: document.lineCount };
      this.kept.set(key, k);
    }
    return k;
  }

  forget(uri: vscode.Uri): void {
    this.kept.delete(uri.toString());
  }

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const entry = this.linter.available(document);
    if (!entry) return [];
    const slot = this.slot(document, entry);
    if (slot?.symbols) return slot.symbols;
    const symbols = entry.result.document.outline.map((n) => toSymbol(document, n));
    if (slot) slot.symbols = symbols;
    return symbols;
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const entry = this.linter.available(document);
    if (!entry) return [];
    const slot = this.slot(document, entry);
    if (slot?.folding) return slot.folding;
    const folding = this.foldingRanges(document, entry);
    if (slot) slot.folding = folding;
    return folding;
  }

  private foldingRanges(document: vscode.TextDocument, entry: LintEntry): vscode.FoldingRange[] {
    const ranges: vscode.FoldingRange[] = [];
    const walk = (nodes: readonly OutlineNode[]): void => {
      for (const n of nodes) {
        const start = document.positionAt(n.span.start).line;
        // A span usually ends just after a terminator or line break; fold up to its last character.
        const end = document.positionAt(Math.max(n.span.start, n.span.end - 1)).line;
        if (end > start) ranges.push(new vscode.FoldingRange(start, end, vscode.FoldingRangeKind.Region));
        walk(n.children);
      }
    };
    walk(entry.result.document.outline);
    return ranges;
  }
}
