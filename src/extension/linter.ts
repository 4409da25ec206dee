import * as vscode from 'vscode';
import type { LintConfig } from '../core/config';
import { lint, lintAsync, LintCancelled, type LintResult } from '../core/engine';
import type { Finding } from '../core/model/finding';
import type { Policy } from '../core/policy';
import { isClaimContent } from '../core/parsers/detect';
import { ASYNC_LINT_MIN_LENGTH, DOCUMENT_SCHEMES, FHIR_LANGUAGE_IDS, X12_LANGUAGE_ID } from './constants';
import { readSettings, type DocumentSettings, type PolicyStore } from './config';

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
}

/** Selector for the providers: the x12 language, and the languages a FHIR claim comes in. */
export const CLAIM_SELECTOR: vscode.DocumentFilter[] = [X12_LANGUAGE_ID, ...FHIR_LANGUAGE_IDS].flatMap((language) =>
  DOCUMENT_SCHEMES.map((scheme) => ({ language, scheme })),
);

/** isClaimContent looks for a Claim entry in a Bundle within the first 64 KB. */
const DETECT_HEAD = 65536;

/**
 * Lints documents and caches the result per document version. Settings changes bump the
 * generation, so every cached result is recomputed on next use.
 */
export class ClaimLinter {
  private readonly entries = new Map<string, LintEntry>();
  private readonly kinds = new Map<string, { version: number; claim: boolean }>();
  private generation = 0;

  constructor(private readonly policies: PolicyStore) {}

  /** True for X12 documents and for JSON/XML that hold a FHIR Claim or a Bundle of claims. Cheap: the head only, once per version. */
  isClaimDocument(document: vscode.TextDocument): boolean {
    if (!(DOCUMENT_SCHEMES as readonly string[]).includes(document.uri.scheme)) return false;
    if (document.languageId === X12_LANGUAGE_ID) return true;
    if (!(FHIR_LANGUAGE_IDS as readonly string[]).includes(document.languageId)) return false;
    const key = document.uri.toString();
    const known = this.kinds.get(key);
    if (known && known.version === document.version) return known.claim;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(DETECT_HEAD)));
    const claim = isClaimContent(head) && !head.trimStart().startsWith('ISA');
    this.kinds.set(key, { version: document.version, claim });
    return claim;
  }

  /** The lint of the document's current version (computed now if needed); undefined if it is not a claim file. */
  lint(document: vscode.TextDocument): LintEntry | undefined {
    if (!this.isClaimDocument(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached;
    const entry = this.lintText(document.uri, document.getText(), document.version, document.fileName);
    this.entries.set(key, entry);
    return entry;
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
    const generation = this.generation;
    const stale = (): boolean => superseded() || document.isClosed || document.version !== version || this.generation !== generation;
    const settings = readSettings(document.uri);
    const policy = this.policies.policyFor(document.uri);
    try {
      const result = await lintAsync(document.getText(), {
        config: settings.lint,
        policy,
        fileName: document.fileName,
        maxFindings: settings.maxProblems,
        isCancelled: stale,
      });
      if (stale()) return undefined;
      const entry = this.entry(document.uri, version, result, policy, settings);
      this.entries.set(document.uri.toString(), entry);
      return entry;
    } catch (err) {
      if (err instanceof LintCancelled) return undefined;
      throw err;
    }
  }

  lintText(uri: vscode.Uri, text: string, version: number, fileName?: string): LintEntry {
    const settings = readSettings(uri);
    const policy = this.policies.policyFor(uri);
    const result = lint(text, { config: settings.lint, policy, fileName, maxFindings: settings.maxProblems });
    return this.entry(uri, version, result, policy, settings);
  }

  private entry(uri: vscode.Uri, version: number, result: LintResult, policy: Policy, settings: DocumentSettings): LintEntry {
    return {
      uri: uri.toString(),
      version,
      result,
      findings: result.findings,
      policy,
      settings,
      config: settings.lint,
      generation: this.generation,
    };
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.kinds.delete(uri.toString());
  }

  invalidate(): void {
    this.generation++;
    this.policies.reset();
  }
}

/** Whether a document is linted in slices; its length without building its text. */
export function isLarge(document: vscode.TextDocument): boolean {
  return document.offsetAt(new vscode.Position(document.lineCount, 0)) >= ASYNC_LINT_MIN_LENGTH;
}
