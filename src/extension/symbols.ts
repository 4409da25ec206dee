import * as vscode from 'vscode';
import type { OutlineNode } from '../core/model/claim';
import { rangeOf } from './diagnostics';
import type { ClaimLinter } from './linter';

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

/** Outline (interchange → transaction → claim → service line) and folding per claim and service line. */
export class ClaimSymbolProvider implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly linter: ClaimLinter) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const entry = this.linter.available(document);
    return entry ? entry.result.document.outline.map((n) => toSymbol(document, n)) : [];
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const entry = this.linter.available(document);
    if (!entry) return [];
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
