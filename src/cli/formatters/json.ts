import type { DocumentFormat } from '../../core/model/claim';
import type { FixKind, Severity } from '../../core/model/finding';
import type { LineIndex, Range } from '../../core/model/span';
import type { FileResult, Formatter } from '../result';

/**
 * The stable JSON output (`--format json`), documented in docs/cli.md. Other tools read it:
 * add fields only in a way old readers ignore, never rename or remove one.
 */
export interface JsonFileReport {
  readonly file: string;
  readonly format: DocumentFormat;
  readonly claims: number;
  readonly findings: readonly JsonFinding[];
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly clause: string | null;
  /** 0-based lines and UTF-16 characters, as in the Language Server Protocol. */
  readonly range: Range;
  readonly related: readonly { readonly range: Range; readonly message: string }[];
  readonly fixes: readonly {
    readonly title: string;
    readonly kind: FixKind;
    readonly edits: readonly { readonly range: Range; readonly newText: string }[];
  }[];
}

/** Plain position objects in a fixed key order (LineIndex results are built the same way). */
function range(lines: LineIndex, s: { start: number; end: number }): Range {
  const a = lines.positionAt(s.start);
  const b = lines.positionAt(s.end);
  return { start: { line: a.line, character: a.character }, end: { line: b.line, character: b.character } };
}

/** Convert results to the stable JSON shape. */
export function toJsonReports(results: readonly FileResult[]): JsonFileReport[] {
  return results.map((r) => ({
    file: r.file,
    format: r.format,
    claims: r.claims,
    findings: r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      clause: f.clause ?? null,
      range: range(r.lines, f.span),
      related: f.related.map((x) => ({ range: range(r.lines, x.span), message: x.message })),
      fixes: f.fixes.map((x) => ({
        title: x.title,
        kind: x.kind,
        edits: x.edits.map((e) => ({ range: range(r.lines, e.span), newText: e.newText })),
      })),
    })),
  }));
}

/** `--format json`: one array, two-space indented, one object per input. */
export const formatJson: Formatter = (results) => JSON.stringify(toJsonReports(results), null, 2) + '\n';
