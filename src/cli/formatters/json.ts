import type { DocumentFormat } from '../../core/model/claim';
import type { Finding, FixKind, Severity } from '../../core/model/finding';
import { LineIndex, type Range } from '../../core/model/span';
import type { FileResult, FormatContext, Formatter, Positions } from '../result';
import { ITEMS, jsonWithItems, mapped } from './stream';

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
  /** `file`: only for a location in another file (a patient's history across files), as the report names files. */
  readonly related: readonly { readonly file?: string; readonly range: Range; readonly message: string }[];
  readonly fixes: readonly {
    readonly title: string;
    readonly kind: FixKind;
    readonly edits: readonly { readonly range: Range; readonly newText: string }[];
  }[];
}

/** Plain position objects in a fixed key order (LineIndex results are built the same way). */
function range(lines: Positions, s: { start: number; end: number }): Range {
  const a = lines.positionAt(s.start);
  const b = lines.positionAt(s.end);
  return { start: { line: a.line, character: a.character }, end: { line: b.line, character: b.character } };
}

/** Where an unreadable file's locations are put: its start. */
const NO_LINES = new LineIndex('');

/** One finding in the stable JSON shape; `linesOf` positions related locations in other files. */
export function toJsonFinding(lines: LineIndex, f: Finding, linesOf?: FormatContext['linesOf']): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    clause: f.clause ?? null,
    range: range(lines, f.span),
    related: f.related.map((x) =>
      x.file === undefined
        ? { range: range(lines, x.span), message: x.message }
        : { file: x.file, range: range(linesOf?.(x.file) ?? NO_LINES, x.span), message: x.message },
    ),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      kind: x.kind,
      edits: x.edits.map((e) => ({ range: range(lines, e.span), newText: e.newText })),
    })),
  };
}

/** Convert results to the stable JSON shape. */
export function toJsonReports(results: readonly FileResult[], linesOf?: FormatContext['linesOf']): JsonFileReport[] {
  return results.map((r) => ({ file: r.file, format: r.format, claims: r.claims, findings: r.findings.map((f) => toJsonFinding(r.lines, f, linesOf)) }));
}

/**
 * `--format json`: one array, two-space indented, one object per input. The text of
 * `JSON.stringify(toJsonReports(results), null, 2)` and a line break, written finding by finding.
 */
export const formatJson: Formatter = function* (results, context) {
  if (results.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    yield i === 0 ? '[\n  ' : ',\n  ';
    const skeleton = { file: r.file, format: r.format, claims: r.claims, findings: ITEMS };
    yield* jsonWithItems(
      skeleton,
      mapped(r.findings, (f) => toJsonFinding(r.lines, f, context?.linesOf)),
      1,
    );
  }
  yield '\n]\n';
};
