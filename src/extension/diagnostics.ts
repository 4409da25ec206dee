import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/model/finding';
import type { Span } from '../core/model/span';
import { ruleDocPath } from '../core/rules';
import { CommandIds, DIAGNOSTIC_SOURCE, LINT_DEBOUNCE_MS } from './constants';
import { isLarge, type ClaimLinter, type LintEntry } from './linter';
import { countByRule, type Log } from './log';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Positions from offsets; the engine's offsets are the same UTF-16 offsets `positionAt` takes. */
export interface OffsetMapper {
  positionAt(offset: number): vscode.Position;
}

export function rangeOf(doc: OffsetMapper, s: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
}

/** The rule's documentation page bundled with the extension. */
export function ruleDocUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, ruleDocPath(ruleId));
}

/** A `command:` URI running `command` with the given arguments (links in the Problems panel and hovers). */
export function commandUri(command: string, ...args: unknown[]): vscode.Uri {
  return vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify(args))}`);
}

/**
 * One finding as a diagnostic. The rule id links to the rendered rule page: a `command:` target
 * (the Problems panel and the diagnostic hover open links with commands allowed), not the page's
 * Markdown source.
 */
export function toDiagnostic(doc: OffsetMapper, uri: vscode.Uri, finding: Finding, linter?: ClaimLinter): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(doc, finding.span), finding.message, SEVERITY[finding.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: finding.ruleId, target: commandUri(CommandIds.showRuleDoc, finding.ruleId) };
  if (finding.related.length > 0) {
    d.relatedInformation = finding.related.map((r) => {
      if (r.file === undefined) return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, rangeOf(doc, r.span)), r.message);
      // A line of another claim file of the workspace (the patient's history): a location there, opened on click.
      const other = linter?.history?.positionsOf(r.file);
      const at = (offset: number): vscode.Position => {
        const p = other?.positionAt(offset);
        return p ? new vscode.Position(p.line, p.character) : new vscode.Position(0, 0);
      };
      const range = new vscode.Range(at(r.span.start), at(r.span.end));
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.file), range), r.message);
    });
  }
  return d;
}

/**
 * Owns the diagnostic collection: lints on open, on edit (debounced) or save, on settings change;
 * clears on close.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The latest sliced lint started per document; an older one still running is dropped. */
  private readonly inflight = new Map<string, number>();
  private nextLint = 0;
  private readonly listeners: ((entry: LintEntry | undefined, document: vscode.TextDocument) => void)[] = [];

  constructor(
    private readonly linter: ClaimLinter,
    private readonly log: Log,
  ) {}

  onDidLint(listener: (entry: LintEntry | undefined, document: vscode.TextDocument) => void): void {
    this.listeners.push(listener);
  }

  /** Lint now and publish. Returns the entry, or undefined (and clears) if the document is not a claim file. */
  lintNow(document: vscode.TextDocument): LintEntry | undefined {
    this.cancel(document.uri);
    const started = performance.now();
    const entry = this.linter.lint(document);
    if (!entry) {
      this.collection.delete(document.uri);
    } else {
      this.publish(document, entry);
      const ms = (performance.now() - started).toFixed(1);
      this.log.debug(
        entry.incremental
          ? `Re-checked the edited claim in ${ms} ms: ${countByRule(entry.findings)}.`
          : `Linted in ${ms} ms (${entry.fullReason ?? 'full lint'}): ${countByRule(entry.findings)}.`,
      );
    }
    for (const l of this.listeners) l(entry, document);
    return entry;
  }

  /**
   * Lint and publish, in time slices for large documents: the extension host keeps answering
   * while a big batch is checked, and the result is dropped if the document changed meanwhile
   * (the change schedules a new lint). Small documents are linted at once.
   */
  lintSoon(document: vscode.TextDocument): void {
    if (!isLarge(document) || this.linter.current(document)) {
      this.lintNow(document);
      return;
    }
    this.cancel(document.uri);
    // An edit of a large document the incremental linter already holds is re-checked at once when
    // it is local (only the claim it touched); anything else is linted in slices below.
    if (this.linter.canUpdate(document)) {
      const started = performance.now();
      const entry = this.linter.lintLocally(document);
      if (entry) {
        this.inflight.delete(document.uri.toString());
        this.publish(document, entry);
        this.log.debug(`Re-checked the edited claim in ${(performance.now() - started).toFixed(1)} ms: ${countByRule(entry.findings)}.`);
        for (const l of this.listeners) l(entry, document);
        return;
      }
    }
    const started = Date.now();
    const key = document.uri.toString();
    const token = ++this.nextLint;
    this.inflight.set(key, token);
    const superseded = (): boolean => this.inflight.get(key) !== token;
    void this.linter.lintInSlices(document, superseded).then(
      (entry) => {
        if (superseded()) return;
        this.inflight.delete(key);
        if (!entry || document.isClosed || entry.version !== document.version) return;
        this.publish(document, entry);
        this.log.debug(`Linted in slices in ${Date.now() - started} ms: ${countByRule(entry.findings)}.`);
        for (const l of this.listeners) l(entry, document);
      },
      (err: unknown) => {
        if (!superseded()) this.inflight.delete(key);
        this.log.warn(`Lint failed (${err instanceof Error ? err.name : 'Error'}).`);
      },
    );
  }

  publish(doc: OffsetMapper, entry: LintEntry): void {
    const uri = vscode.Uri.parse(entry.uri);
    this.collection.set(
      uri,
      entry.findings.map((f) => toDiagnostic(doc, uri, f, this.linter)),
    );
  }

  schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.lintSoon(document);
      }, LINT_DEBOUNCE_MS),
    );
  }

  clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.inflight.delete(uri.toString());
    this.collection.delete(uri);
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
  }
}
