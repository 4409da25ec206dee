import type { Claim, ClaimDocument, ClaimEditor } from './model/claim';
import type { Finding, ParseProblem, Severity } from './model/finding';
import { LineIndex } from './model/span';
import type { LintConfig } from './config';
import type { Policy } from './policy';
import { loadBuiltinPolicy } from './policy/loader';
import type { Rule } from './rules/types';
import { LintCancelled, RuleRunner, RuleSet } from './runner';
import { detectContent } from './parsers/detect';
import { readX12Steps, x12ReadState } from './parsers/x12';
import type { TextPart } from './parsers/x12/reader';
import { runSteps, runStepsInSlices, type Steps } from './steps';
import { readFhirJson } from './parsers/fhir-json';
import { readFhirXml } from './parsers/fhir-xml';
import type { CodeSets } from './codesets';

export { LintCancelled, sortFindings } from './runner';
export { formatMessage } from './messages';

export interface LintOptions {
  readonly config?: Partial<LintConfig>;
  /** Defaults to the built-in HNS massage policy. */
  readonly policy?: Policy;
  /** Used only as a format hint when the content is ambiguous. */
  readonly fileName?: string;
  /**
   * Asked between rules and between claims; when it returns true the lint stops and throws
   * {@link LintCancelled}, so an editor can drop work for a version that is already stale.
   */
  readonly isCancelled?: () => boolean;
  /** The rule registry to run (default: the built-in rules); a rule author's own rules go here. */
  readonly rules?: readonly Rule[];
  /** Code sets the user imported (docs/code-sets.md); without them the rules that read them do not run. */
  readonly codeSets?: CodeSets;
}

export interface LintResult {
  readonly document: ClaimDocument;
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
}

/** An editor that declines every change (documents without a model). */
export const NO_EDITOR: ClaimEditor = {
  appendModifier: () => null,
  putModifier: () => null,
  removeModifiers: () => null,
  setUnits: () => null,
  setQuantity: () => null,
  removeLine: () => null,
  removeLines: () => null,
  setDiagnosisCode: () => null,
};

/**
 * How many claims a document holds, without making claim objects a lint did not keep (see
 * {@link lint}): X12 documents know it from their claim table.
 */
export function claimCount(document: ClaimDocument): number {
  return x12ReadState(document)?.table.count ?? document.claims.length;
}

/** Read a text into the claim model, choosing the reader by content. Never throws. */
export function parseDocument(text: string, fileName?: string): ClaimDocument {
  return runSteps(parseDocumentSteps(text, fileName));
}

/**
 * @internal {@link parseDocument} as steps: the X12 reader pauses every few thousand segments (the FHIR
 * readers read in one step). Asks `isCancelled` at every pause. With `onClaim`, an X12 text's
 * claims are handed on as they are read and not kept (see readX12Steps).
 */
export function* parseDocumentSteps(
  text: string,
  fileName: string | undefined,
  isCancelled?: () => boolean,
  onClaim?: (claim: Claim, document: ClaimDocument) => void,
  /** An X12 text: read only the transaction sets of this part (parts.ts). */
  part?: TextPart,
): Steps<ClaimDocument> {
  switch (detectContent(text, fileName)) {
    case 'x12':
      return yield* cancellable(readX12Steps(text, { onClaim, part }), isCancelled);
    case 'fhir-json':
      return readFhirJson(text);
    case 'fhir-xml':
      return readFhirXml(text);
    default: {
      const problem: ParseProblem = { ruleId: 'format-unsupported', messageId: 'unknown', span: { start: 0, end: 0 } };
      return { format: 'unknown', text, claims: [], problems: [problem], editor: NO_EDITOR, outline: [] };
    }
  }
}

let builtin: Policy | undefined;
/** The built-in policy, loaded once. */
export function defaultPolicy(): Policy {
  return (builtin ??= loadBuiltinPolicy());
}

/** @internal The rules a lint with these options runs. */
export function ruleSetOf(options: Pick<LintOptions, 'config' | 'policy' | 'rules' | 'codeSets'>): RuleSet {
  return new RuleSet(options.policy ?? defaultPolicy(), options.config, options.rules, options.codeSets);
}

/** @internal A text read and checked: the document, and the runner that holds what every rule reported. */
export interface Linted {
  readonly document: ClaimDocument;
  readonly runner: RuleRunner;
}

/**
 * @internal The one way from a text to findings, as steps (see steps.ts): read the text, check
 * each claim with the claim-scoped rules as it is read (an X12 batch keeps no claim objects), then
 * each patient with the patient-scoped rules. {@link lint}, {@link lintInSlices} and the editor's
 * {@link IncrementalLinter} all run it. Throws {@link LintCancelled} when `isCancelled` says so.
 */
export function* lintSteps(
  text: string,
  ruleSet: RuleSet,
  fileName?: string,
  isCancelled?: () => boolean,
  /**
   * False: leave the patient-scoped rules to a history of several files (history.ts), or of the parts
   * of one text (parts.ts); the facts are kept for it.
   */
  patients = true,
  /** An X12 text: check only the claims of this part (parts.ts). */
  part?: TextPart,
): Steps<Linted> {
  if (isCancelled?.()) throw new LintCancelled();
  let runner: RuleRunner | undefined;
  const document = yield* parseDocumentSteps(
    text,
    fileName,
    isCancelled,
    (claim, doc) => {
      runner ??= new RuleRunner(ruleSet, doc);
      runner.claim(claim);
      if (isCancelled && runner.checked % runner.claimsPerStep === 0 && isCancelled()) throw new LintCancelled();
    },
    part,
  );
  yield;
  if (isCancelled?.()) throw new LintCancelled();
  if (!runner) {
    // A document read whole (FHIR), or an X12 text without claims: its claims one by one.
    runner = new RuleRunner(ruleSet, document);
    const claims = document.claims;
    const every = runner.claimsPerStep;
    for (let k = 0; k < claims.length; k++) {
      if (k % every === every - 1) {
        yield;
        if (isCancelled?.()) throw new LintCancelled();
      }
      runner.claim(claims[k]);
    }
  }
  if (patients) yield* runner.patients(isCancelled);
  return { document, runner };
}

/**
 * Read and lint a text. Never throws, except {@link LintCancelled} when `options.isCancelled` asks:
 * a rule that fails is turned off for the text and reported as `rule-error`.
 *
 * An X12 text is checked claim by claim as it is read, and the reader keeps no claim objects
 * (`document.claims` reads them again from the segment table when first asked). On a large batch
 * that saves most of the memory and of the garbage collection a kept model costs.
 */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const { document, runner } = runSteps(lintSteps(text, ruleSetOf(options), options.fileName, options.isCancelled));
  return { document, findings: runner.findings(document.problems), lines: new LineIndex(text) };
}

export interface SlicedLintOptions extends LintOptions {
  /** Longest stretch of work, in milliseconds, before giving the event loop a turn (default 8). */
  readonly sliceMs?: number;
}

/**
 * {@link lint} in time slices, for an editor: gives the event loop a turn whenever `sliceMs` have
 * passed and asks `isCancelled` at every step, so the user can type on while a large file is
 * checked and the work is dropped as soon as it is stale. Same result as `lint`.
 */
export async function lintInSlices(text: string, options: SlicedLintOptions = {}): Promise<LintResult> {
  const { document, runner } = await runStepsInSlices(lintSteps(text, ruleSetOf(options), options.fileName, options.isCancelled), options.sliceMs);
  return { document, findings: runner.findings(document.problems), lines: new LineIndex(text) };
}

/** @internal Steps that throw {@link LintCancelled} at the first pause after `isCancelled()` says so. */
export function* cancellable<T>(steps: Steps<T>, isCancelled?: () => boolean): Steps<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    yield;
    if (isCancelled?.()) throw new LintCancelled();
  }
}

/** How far before an offset a finding can start and still hold it (findings are element-sized; envelope findings too). */
const MAX_FINDING_REACH = 4096;

/** The findings whose span holds `offset`, from findings sorted by start (binary search; for hovers and code actions). */
export function findingsAt(findings: readonly Finding[], offset: number): Finding[] {
  let lo = 0;
  let hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (findings[mid].span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  // A long finding starting earlier may still hold the offset.
  const out: Finding[] = [];
  for (let k = lo - 1; k >= 0; k--) {
    const s = findings[k].span;
    if (s.end >= offset) out.push(findings[k]);
    if (offset - s.start > MAX_FINDING_REACH) break;
  }
  return out.reverse();
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Keep at most `max` findings — errors first, then warnings, then info, each in document order —
 * and add one `too-many-findings` summary at the start of the file saying how many more there
 * are, as linters do at an editor's limits. Returns the findings unchanged when within the cap.
 * The editor applies it (`claimlint.maxProblems`); the CLI reports every finding.
 */
export function capFindings(findings: readonly Finding[], max: number, policy: Policy = defaultPolicy()): Finding[] {
  const limit = Math.max(0, Math.floor(max));
  if (!(findings.length > limit)) return [...findings];
  const order = findings.map((_, i) => i).sort((a, b) => SEVERITY_RANK[findings[a].severity] - SEVERITY_RANK[findings[b].severity] || a - b);
  const keep = new Uint8Array(findings.length);
  for (let k = 0; k < limit; k++) keep[order[k]] = 1;
  const omitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const kept: Finding[] = [];
  findings.forEach((f, i) => {
    if (keep[i]) kept.push(f);
    else omitted[f.severity]++;
  });
  const ruleSet = new RuleSet(policy, undefined);
  const rule = ruleSet.rules.find((r) => r.meta.id === 'too-many-findings')!;
  const count = findings.length - limit;
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} ${s === 'info' ? 'info' : s + (omitted[s] === 1 ? '' : 's')}`);
  const summary = ruleSet.finding(
    rule,
    rule.meta.defaultSeverity,
    { messageId: 'capped', data: { count, max: limit, omitted: parts.join(', '), total: findings.length }, span: { start: 0, end: 0 } },
    [],
  );
  return [summary, ...kept];
}
