import * as vscode from 'vscode';
import type { LintConfig } from '../core/config';
import { capFindings, claimCount, findingsAt, lintInSlices, LintCancelled, type LintResult } from '../core/engine';
import { IncrementalLinter, type HistoryContext, type IncrementalResult } from '../core/incremental';
import type { Claim } from '../core/model/claim';
import type { Finding } from '../core/model/finding';
import type { Policy } from '../core/policy';
import { CodeSets } from '../core/codesets';
import { isClaimContent } from '../core/parsers/detect';
import { ChangeAccumulator } from './changes';
import { ASYNC_LINT_MIN_LENGTH, DOCUMENT_SCHEMES, FHIR_LANGUAGE_IDS, X12_LANGUAGE_ID } from './constants';
import { readSettings, type DocumentSettings, type PolicyStore } from './config';
import type { HistoryFile, PatientVisit } from '../core/history';
import type { LinePositions } from '../core/model/span';
import type { TimedRounding } from '../core/config';

/**
 * The workspace's claim history as the linter reads it (the claim index, claimIndex.ts): the
 * other claim files' line facts, so the patient-scoped rules see a patient's whole history.
 */
export interface ClaimHistory {
  /**
   * The other claim files of the history around `uri` (ordered by path: those before it and those
   * after), their facts taken under `policy` and `rounding`; empty lists when history is off.
   */
  historyFor(uri: vscode.Uri, policy: Policy, rounding: TimedRounding): { readonly before: readonly HistoryFile[]; readonly after: readonly HistoryFile[] };
  /** A file's name for people (its workspace-relative path), from its URI string. */
  displayName(uri: string): string;
  /** Line positions of an indexed file (by URI string); undefined when it is not indexed. */
  positionsOf(uri: string): LinePositions | undefined;
}

/** One lint of one document version, with what it was linted under (hovers and fixes reuse them). */
export interface LintEntry {
  readonly uri: string;
  readonly version: number;
  readonly result: LintResult;
  readonly findings: readonly Finding[];
  readonly policy: Policy;
  readonly settings: DocumentSettings;
  readonly config: LintConfig;
  readonly generation: number;
  /** Claims in the document (kept from the previous lint when only one claim was re-checked). */
  readonly claimCount: number;
  /** True when only the claim an edit touched was checked again (IncrementalLinter.update). */
  readonly incremental: boolean;
  /** Why the document was linted in full (a short fixed sentence from the core; no content). */
  readonly fullReason?: string;
  /**
   * Changes only with a full lint: entries with the same value have the same segments and claims
   * (incremental re-checks in between changed text inside claims only).
   */
  readonly structure: number;
  /** The findings whose span holds an offset (hovers): a binary search when the incremental linter holds this version. */
  findingsAt(offset: number): readonly Finding[];
  /** The claims holding an offset, in document order (one, or two that touch there). */
  claimsAt(offset: number): readonly Claim[];
  /** On a massage code: which of the patient's visits its date is, over the workspace history. */
  visitsAt(offset: number): { readonly visit: number; readonly visits: readonly PatientVisit[] } | undefined;
}

/**
 * One open document's incremental linter (built with the document's settings and policy) and the
 * edits made since its last lint, composed into one change for {@link IncrementalLinter.update}.
 */
interface Tracked {
  readonly linter: IncrementalLinter;
  readonly generation: number;
  readonly settings: DocumentSettings;
  readonly policy: Policy;
  /** The version the linter's last lint was of; undefined when it holds none to build on. */
  base?: number;
  /** The document's version after the edits in `pending`. */
  version: number;
  /** The edits from version `base` to `version`. */
  pending?: ChangeAccumulator;
  /** The version being linted now: the lint is dropped (LintCancelled) once the document moves on. */
  target: number;
  claimCount: number;
  structure: number;
  /** The sliced lint running now, and of which version (a second request for it waits for this one). */
  slicing?: { readonly version: number; readonly done: Promise<LintEntry | undefined> };
}

let structures = 0;

/** Selector for the providers: the x12 language, and the languages a FHIR claim comes in. */
export const CLAIM_SELECTOR: vscode.DocumentFilter[] = [X12_LANGUAGE_ID, ...FHIR_LANGUAGE_IDS].flatMap((language) =>
  DOCUMENT_SCHEMES.map((scheme) => ({ language, scheme })),
);

/** The start of a JSON/XML document looked at first; longer documents whose start says nothing are looked at whole. */
const DETECT_HEAD = 65536;

/**
 * Lints documents and caches the result per document version. Settings changes bump the
 * generation, so every cached result is recomputed on next use.
 */
export class ClaimLinter {
  private readonly entries = new Map<string, LintEntry>();
  private readonly kinds = new Map<string, { version: number; claim: boolean }>();
  private readonly tracked = new Map<string, Tracked>();
  private generation = 0;

  constructor(
    private readonly policies: PolicyStore,
    /** The imported code sets now; an import or removal invalidates every lint. */
    private readonly codeSets: () => CodeSets = () => CodeSets.EMPTY,
    /** The workspace's claim history; none: each document on its own. */
    readonly history?: ClaimHistory,
  ) {}

  /** True for X12 documents and for JSON/XML that hold a FHIR Claim or a Bundle of claims. Cheap: the head only, once per version. */
  isClaimDocument(document: vscode.TextDocument): boolean {
    if (!(DOCUMENT_SCHEMES as readonly string[]).includes(document.uri.scheme)) return false;
    if (document.languageId === X12_LANGUAGE_ID) return true;
    if (!(FHIR_LANGUAGE_IDS as readonly string[]).includes(document.languageId)) return false;
    const key = document.uri.toString();
    const known = this.kinds.get(key);
    if (known && known.version === document.version) return known.claim;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(DETECT_HEAD)));
    // A claim whose resourceType or Claim entry comes after a long narrative or padding is still a
    // claim: a start that says nothing is not taken as "not a claim" (that would fail open).
    const text = head.length < DETECT_HEAD || isClaimContent(head) ? head : document.getText();
    const claim = isClaimContent(text) && !head.trimStart().startsWith('ISA');
    this.kinds.set(key, { version: document.version, claim });
    return claim;
  }

  /** The lint of the document's current version (computed now if needed); undefined if it is not a claim file. */
  lint(document: vscode.TextDocument): LintEntry | undefined {
    if (!this.isClaimDocument(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached;
    let entry: LintEntry;
    try {
      entry = this.lintTracked(document);
    } catch (err) {
      // Only when the document closed or the settings changed under the lint: nothing to show.
      if (err instanceof LintCancelled) return undefined;
      throw err;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Record an edit of a claim document (from onDidChangeTextDocument): the content changes of
   * every version since the last lint are composed, so the next lint re-checks only the claim they
   * fell in. An event out of order drops the base (the next lint is a full one).
   */
  track(event: vscode.TextDocumentChangeEvent): void {
    const t = this.tracked.get(event.document.uri.toString());
    if (!t || t.base === undefined || !t.pending) return;
    if (t.generation !== this.generation || event.document.version <= t.version) {
      t.base = undefined;
      t.pending = undefined;
      return;
    }
    for (const c of event.contentChanges) t.pending.add({ offset: c.rangeOffset, length: c.rangeLength, text: c.text });
    t.version = event.document.version;
  }

  /** True when the next lint of the document can build on the last one (re-checking only what the edits touched). */
  canUpdate(document: vscode.TextDocument): boolean {
    const t = this.tracked.get(document.uri.toString());
    return !!t && t.generation === this.generation && t.base !== undefined && !!t.pending && t.version === document.version;
  }

  /** The incremental linter of a document under the current settings (a new one after a settings change). */
  private tracker(document: vscode.TextDocument): Tracked {
    const key = document.uri.toString();
    const known = this.tracked.get(key);
    if (known && known.generation === this.generation) return known;
    const settings = readSettings(document.uri);
    const policy = this.policies.policyFor(document.uri);
    const generation = this.generation;
    const t: Tracked = {
      linter: new IncrementalLinter({
        config: settings.lint,
        policy,
        codeSets: this.codeSets(),
        fileName: document.fileName,
        isCancelled: () => document.isClosed || document.version !== t.target || this.generation !== generation,
        history: this.historyContext(document.uri, policy, settings),
      }),
      generation,
      settings,
      policy,
      version: document.version,
      target: document.version,
      claimCount: 0,
      structure: 0,
    };
    this.tracked.set(key, t);
    return t;
  }

  /** What a document's linter reads the workspace history through (undefined without an index). */
  private historyContext(uri: vscode.Uri, policy: Policy, settings: DocumentSettings): HistoryContext | undefined {
    const history = this.history;
    if (!history) return undefined;
    return { name: uri.toString(), files: () => history.historyFor(uri, policy, settings.lint.timedRounding) };
  }

  /**
   * Lint the current version with the document's incremental linter: an update from the last lint
   * when the edits since are known, else a full lint. With `localOnly`, only a local re-check of
   * those edits is done; undefined (and no base kept) when there is none to do.
   */
  private lintTracked(document: vscode.TextDocument): LintEntry;
  private lintTracked(document: vscode.TextDocument, localOnly: true): LintEntry | undefined;
  private lintTracked(document: vscode.TextDocument, localOnly = false): LintEntry | undefined {
    const t = this.tracker(document);
    const text = document.getText();
    const version = document.version;
    t.target = version;
    const change = t.base !== undefined && t.pending && t.version === version ? t.pending.change(text) : undefined;
    let result: IncrementalResult | undefined;
    try {
      if (change && change.length === 0 && change.text === '' && t.linter.result) {
        result = { ...t.linter.result, incremental: true };
      } else if (change) {
        result = localOnly ? t.linter.updateLocally(text, [change]) : t.linter.update(text, [change]);
      } else if (!localOnly) {
        result = t.linter.lint(text);
      }
    } catch (err) {
      // A dropped lint may leave the linter between two texts: start afresh next time.
      t.base = undefined;
      t.pending = undefined;
      if (localOnly && err instanceof LintCancelled) return undefined;
      throw err;
    }
    if (!result) {
      t.base = undefined;
      t.pending = undefined;
      return undefined;
    }
    return this.commit(document, t, version, text, result);
  }

  /**
   * For a large document whose edits since its last lint are known: re-check the claim they
   * touched, at once (milliseconds). Undefined when that cannot be done locally (a typed segment
   * terminator, an envelope edit …): the base is then dropped and the caller lints in slices.
   */
  lintLocally(document: vscode.TextDocument): LintEntry | undefined {
    if (!this.canUpdate(document)) return undefined;
    const cached = this.current(document);
    if (cached) return cached;
    const entry = this.lintTracked(document, true);
    if (entry) this.entries.set(document.uri.toString(), entry);
    return entry;
  }

  /** Record `result` (of `text`, the document's `version`) as the tracker's new base and make its entry. */
  private commit(document: vscode.TextDocument, t: Tracked, version: number, text: string, result: IncrementalResult): LintEntry {
    t.base = version;
    t.version = version;
    t.pending = new ChangeAccumulator(text.length);
    // An update re-reads one claim in place: the number of claims stays (and asking the document
    // for all of them would copy every claim after the edit).
    if (!result.incremental) {
      t.claimCount = claimCount(result.document);
      t.structure = ++structures;
    }
    const linter = t.linter;
    const holds = (): boolean => t.base === version && this.tracked.get(document.uri.toString()) === t;
    return this.entry(document.uri, version, result, t.policy, t.settings, {
      claimCount: t.claimCount,
      structure: t.structure,
      incremental: result.incremental,
      fullReason: result.fullReason,
      visitsAt: (offset) => (holds() ? linter.visitsAt(offset) : undefined),
      claimsAt: (offset) => {
        if (!holds()) return undefined;
        const out: Claim[] = [];
        for (const at of [offset - 1, offset]) {
          const c = at >= 0 ? linter.claimAt(at) : undefined;
          if (c && !out.includes(c) && c.span.end >= offset) out.push(c);
        }
        return out;
      },
    });
  }

  /**
   * For providers that answer while the user works (hover, quick-fix menu, outline, status bar):
   * the current version's lint, computed now only for documents small enough to lint at once. A
   * large document being linted in slices gets undefined until that lint lands, rather than a
   * second, blocking lint.
   */
  available(document: vscode.TextDocument): LintEntry | undefined {
    return this.current(document) ?? (isLarge(document) ? undefined : this.lint(document));
  }

  /** The last lint of a document, whatever its version. */
  last(uri: vscode.Uri): LintEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** The cached lint if it is for the document's current version. */
  current(document: vscode.TextDocument): LintEntry | undefined {
    const cached = this.entries.get(document.uri.toString());
    return cached && cached.version === document.version && cached.generation === this.generation ? cached : undefined;
  }

  /**
   * The lint of the document's current version, computed in time slices so the extension host
   * keeps answering; resolves undefined when the document changed, closed or the settings changed
   * before it finished, or a newer lint of it started (the work is dropped), or when it is not a
   * claim file.
   */
  async lintInSlices(document: vscode.TextDocument, superseded: () => boolean = () => false): Promise<LintEntry | undefined> {
    if (!this.isClaimDocument(document)) return undefined;
    const cached = this.current(document);
    if (cached) return cached;
    const { version } = document;
    // The document's own incremental linter, so this lint is also the base later edits build on.
    // It is dropped (LintCancelled) when the document changes or closes or the settings change;
    // the linter then keeps its previous base, and the pending edits still apply to that.
    const t = this.tracker(document);
    if (t.slicing?.version !== version) {
      t.target = version;
      const done = this.slice(document, t, version, document.getText());
      t.slicing = { version, done };
      // Both ways: a rejection is the callers' to handle (they await `done`), not a second, unhandled one here.
      const settled = (): void => {
        if (t.slicing?.done === done) t.slicing = undefined;
      };
      done.then(settled, settled);
    }
    const entry = await t.slicing!.done;
    return superseded() ? undefined : entry;
  }

  private async slice(document: vscode.TextDocument, t: Tracked, version: number, text: string): Promise<LintEntry | undefined> {
    let result: IncrementalResult;
    try {
      result = await t.linter.lintInSlices(text);
    } catch (err) {
      if (err instanceof LintCancelled) return undefined;
      t.base = undefined;
      t.pending = undefined;
      throw err;
    }
    // The last step and this continuation run without a turn of the event loop in between, so
    // no edit can have come in since the linter last asked; checked again all the same.
    const key = document.uri.toString();
    if (document.isClosed || document.version !== version || this.tracked.get(key) !== t) return undefined;
    const entry = this.commit(document, t, version, text, result);
    this.entries.set(key, entry);
    return entry;
  }

  /** Lint a text that is not open in an editor, in time slices (the workspace lint); undefined when `isCancelled` stopped it. */
  async lintTextInSlices(uri: vscode.Uri, text: string, fileName: string | undefined, isCancelled: () => boolean): Promise<LintEntry | undefined> {
    const settings = readSettings(uri);
    const policy = this.policies.policyFor(uri);
    try {
      // Against the workspace history too, as the file is when open (the workspace lint, the fix-all loop).
      const history = this.historyContext(uri, policy, settings);
      const options = { config: settings.lint, policy, codeSets: this.codeSets(), fileName, isCancelled };
      const result = history ? await new IncrementalLinter({ ...options, history }).lintInSlices(text) : await lintInSlices(text, options);
      return this.entry(uri, -1, result, policy, settings, { claimCount: claimCount(result.document), incremental: false });
    } catch (err) {
      if (err instanceof LintCancelled) return undefined;
      throw err;
    }
  }

  /** The entry of one lint: its findings capped at the document's `claimlint.maxProblems` (the one place findings are capped). */
  private entry(
    uri: vscode.Uri,
    version: number,
    result: LintResult,
    policy: Policy,
    settings: DocumentSettings,
    how: {
      claimCount: number;
      structure?: number;
      incremental: boolean;
      fullReason?: string;
      claimsAt?: (offset: number) => readonly Claim[] | undefined;
      visitsAt?: LintEntry['visitsAt'];
    },
  ): LintEntry {
    const findings = capFindings(result.findings, settings.maxProblems, policy);
    return {
      claimCount: how.claimCount,
      structure: how.structure ?? ++structures,
      incremental: how.incremental,
      fullReason: how.fullReason,
      findingsAt: (offset) => findingsAt(findings, offset),
      claimsAt: (offset) => how.claimsAt?.(offset) ?? result.document.claims.filter((c) => c.span.start <= offset && offset <= c.span.end),
      visitsAt: (offset) => how.visitsAt?.(offset),
      uri: uri.toString(),
      version,
      result: { ...result, findings },
      findings,
      policy,
      settings,
      config: settings.lint,
      generation: this.generation,
    };
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.kinds.delete(uri.toString());
    this.tracked.delete(uri.toString());
  }

  /** Stop building on earlier lints of a document (it is no longer a claim file). */
  untrack(uri: vscode.Uri): void {
    this.tracked.delete(uri.toString());
  }

  /** The workspace history changed (the claim index): every document is linted in full again, against it. */
  historyChanged(): void {
    this.generation++;
    this.tracked.clear();
  }

  invalidate(): void {
    this.generation++;
    this.tracked.clear();
    this.policies.reset();
  }
}

/** Whether a document is linted in slices; its length without building its text. */
export function isLarge(document: vscode.TextDocument): boolean {
  return document.offsetAt(new vscode.Position(document.lineCount, 0)) >= ASYNC_LINT_MIN_LENGTH;
}
