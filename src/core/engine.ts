import type { Claim, ClaimDocument, ClaimEditor } from './model/claim';
import type { Finding, ParseProblem, Severity } from './model/finding';
import { LineIndex } from './model/span';
import { resolveConfig, type LintConfig } from './config';
import { Policy, type Clause } from './policy';
import { loadBuiltinPolicy } from './policy/loader';
import { RULES, RULES_BY_ID } from './rules';
import type { Report, Rule, RuleContext } from './rules/types';
import { collectPatientLines, PatientLines } from './rules/patient-lines';
import { detectContent } from './parsers/detect';
import { readX12Steps, x12ReadState } from './parsers/x12';
import { runSteps, runStepsInSlices, type Steps } from './steps';
import { readFhirJson } from './parsers/fhir-json';
import { readFhirXml } from './parsers/fhir-xml';
import { capText } from './display';

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
  /** Keep at most this many findings (errors first) plus one `too-many-findings` summary; see {@link capFindings}. */
  readonly maxFindings?: number;
}

/** Thrown by {@link lint} / {@link lintDocument} when the caller's `isCancelled()` said so. */
export class LintCancelled extends Error {
  constructor() {
    super('lint cancelled');
    this.name = 'LintCancelled';
  }
}

export interface LintResult {
  readonly document: ClaimDocument;
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
}

/** An editor that declines every change (documents without a model). */
export const NO_EDITOR: ClaimEditor = {
  appendModifier: () => null,
  setUnits: () => null,
  setQuantity: () => null,
  removeLine: () => null,
};

/**
 * How many claims a document holds, without making claim objects a batch lint did not keep (see
 * {@link lint}): X12 documents know it from their segment table.
 */
export function claimCount(document: ClaimDocument): number {
  return x12ReadState(document)?.claims.count ?? document.claims.length;
}

/** Read a text into the claim model, choosing the reader by content. Never throws. */
export function parseDocument(text: string, fileName?: string): ClaimDocument {
  return runSteps(parseDocumentSteps(text, fileName));
}

/**
 * @internal {@link parseDocument} as steps: the X12 reader pauses every few thousand segments (the
 * FHIR readers read in one step). Asks `isCancelled` at every pause.
 */
export function* parseDocumentSteps(text: string, fileName?: string, isCancelled?: () => boolean): Steps<ClaimDocument> {
  const kind = detectContent(text, fileName);
  switch (kind) {
    case 'x12':
      return yield* cancellable(readX12Steps(text), isCancelled);
    case 'fhir-json':
      return readFhirJson(text);
    case 'fhir-xml':
      return readFhirXml(text);
    default:
      return unsupported(text, 'unknown', 'unknown');
  }
}

function unsupported(text: string, format: ClaimDocument['format'], messageId: string, data?: Record<string, string>): ClaimDocument {
  const problem: ParseProblem = { ruleId: 'format-unsupported', messageId, data, span: { start: 0, end: 0 } };
  return { format, text, claims: [], problems: [problem], editor: NO_EDITOR, outline: [] };
}

/** A value quoted into a message is cut to this many characters (a 1 MB procedure code, a long id). */
const MAX_VALUE_LENGTH = 200;

/** Fill `{{name}}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  const parts = templateParts(template);
  if (parts.length === 1) return parts[0];
  // Joined rather than concatenated: one flat string per message instead of a chain of pieces
  // (findings are kept for as long as the editor or the report needs them).
  const out: string[] = [parts[0]];
  for (let k = 1; k < parts.length; k += 3) {
    const name = parts[k];
    out.push(data && name in data ? capText(String(data[name]), MAX_VALUE_LENGTH) : parts[k + 1], parts[k + 2]);
  }
  return out.join('');
}

/**
 * A template split once into [text, name, placeholder as written, text, name, placeholder, …,
 * text]: a batch formats tens of thousands of messages from a few dozen templates.
 */
const TEMPLATES = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = TEMPLATES.get(template);
  if (parts) return parts;
  const out: string[] = [];
  const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
  let last = 0;
  for (let m = placeholder.exec(template); m; m = placeholder.exec(template)) {
    out.push(template.slice(last, m.index), m[1], m[0]);
    last = m.index + m[0].length;
  }
  out.push(template.slice(last));
  parts = out;
  // Templates come from rule metadata (a bounded set); other callers' strings are not kept.
  if (TEMPLATES.size < 1024) TEMPLATES.set(template, parts);
  return parts;
}

function effectiveSeverity(rule: Rule, config: LintConfig): Severity | 'off' {
  return config.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
}

let builtin: Policy | undefined;
/** The built-in policy, loaded once. */
export function defaultPolicy(): Policy {
  return (builtin ??= loadBuiltinPolicy());
}

/** @internal A rule that runs under a policy and configuration, with its severity and registry position. */
export interface ActiveRule {
  readonly rule: Rule;
  /** Position in RULES: findings with equal spans are ordered by it. */
  readonly index: number;
  readonly severity: Severity;
}

/**
 * @internal What the engine needs to turn reports into findings; shared by {@link lintDocument}
 * and the incremental linter, so both build identical findings.
 */
export class LintRun {
  readonly config: LintConfig;
  readonly policy: Policy;
  /** The policy rules that run, in registry order. */
  readonly rules: readonly ActiveRule[];

  constructor(options: Omit<LintOptions, 'fileName'>) {
    this.config = resolveConfig(options.config);
    this.policy = options.policy ?? defaultPolicy();
    const rules: ActiveRule[] = [];
    RULES.forEach((rule, index) => {
      if (rule.meta.source === 'reader' || (!rule.checkClaim && !rule.checkDocument)) return;
      const severity = effectiveSeverity(rule, this.config);
      if (severity === 'off') return;
      // A rule citing a clause the policy pack does not have does not apply to that policy.
      if (rule.meta.clauses.length > 0 && !rule.meta.clauses.some((c) => this.policy.clause(c))) return;
      rules.push({ rule, index, severity });
    });
    this.rules = rules;
  }

  /** " [source: heading]" per clause, made once and shared by its findings' messages. */
  private readonly citations = new Map<Clause, string>();

  private citation(clause: Clause): string {
    let c = this.citations.get(clause);
    if (c === undefined) this.citations.set(clause, (c = ` [${clause.source}: ${clause.heading}]`));
    return c;
  }

  finding(rule: Rule, severity: Severity, r: Report | ParseProblem, fixes: Finding['fixes']): Finding {
    const clauseId = 'clause' in r && r.clause ? r.clause : rule.meta.clauses[0];
    const clause = clauseId ? this.policy.clause(clauseId) : undefined;
    const template = rule.meta.messages[r.messageId] ?? r.messageId;
    let message = formatMessage(template, r.data);
    if (clause) message += this.citation(clause);
    return {
      ruleId: rule.meta.id,
      severity,
      messageId: r.messageId,
      message,
      data: { ...(r.data ?? {}) },
      clause: clause?.id,
      span: r.span,
      related: r.related ?? [],
      fixes,
    };
  }

  /** The reader's structural problems as findings (severity overrides applied). */
  readerFindings(document: ClaimDocument): Finding[] {
    const out: Finding[] = [];
    for (const p of document.problems) {
      const rule = RULES_BY_ID.get(p.ruleId);
      if (!rule) continue;
      const sev = effectiveSeverity(rule, this.config);
      if (sev === 'off') continue;
      out.push(this.finding(rule, sev, p, p.fixes ?? []));
    }
    return out;
  }

  context(active: ActiveRule, document: ClaimDocument, out: Finding[]): RuleContext {
    const { rule, severity } = active;
    return {
      document,
      policy: this.policy,
      config: this.config,
      report: (r) => {
        const fixes = (r.fixes ?? []).filter((f) => f.edits !== null && f.edits.length > 0).map((f) => ({ title: f.title, kind: f.kind, edits: f.edits! }));
        out.push(this.finding(rule, severity, r, fixes));
      },
    };
  }

  /** The finding that replaces a rule's findings when it throws. */
  crashFinding(active: ActiveRule, err: unknown): Finding {
    const crash = RULES_BY_ID.get('rule-error')!;
    const name = err instanceof Error ? err.name : 'Error';
    return this.finding(
      crash,
      crash.meta.defaultSeverity,
      { messageId: 'crashed', data: { rule: active.rule.meta.id, error: name }, span: { start: 0, end: 0 } },
      [],
    );
  }
}

/** Order findings by position; stable, so equal spans keep reader-then-registry order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** Cancellation is asked every this many claims × per-claim rules (and between file-wide rules). */
const CANCEL_EVERY = 256;

/**
 * @internal The rule phase over claims handed to it one at a time, so the same code serves a
 * parsed document ({@link lintSteps}) and a batch read claim by claim ({@link lint}, which keeps no
 * claim objects).
 *
 * The per-claim rules run claim by claim (every rule on one claim, then the next claim) rather than
 * rule by rule over the whole file: a claim's objects are then read from cache by all the rules
 * instead of being fetched from memory once per rule. What the file-wide rules need of the claim
 * (its massage and therapy lines, {@link PatientLines}) is taken at the same time. Each rule still
 * collects its own findings, and they are appended in registry order, so the result is the same as
 * running the rules one after the other: a rule that throws loses its findings to one `rule-error`
 * finding in its place and is not asked about later claims.
 */
export class RulePass {
  private readonly actives: readonly ActiveRule[];
  private readonly own: Finding[][] = [];
  private readonly contexts: RuleContext[] = [];
  private readonly crashed: (Finding | undefined)[] = [];
  private readonly perClaim: number[] = [];
  private readonly lines = new PatientLines();
  private fileWide: boolean;
  /** Claims checked so far. */
  checked = 0;

  constructor(
    private readonly run: LintRun,
    private readonly document: ClaimDocument,
  ) {
    this.actives = run.rules;
    for (let r = 0; r < this.actives.length; r++) {
      this.own.push([]);
      this.contexts.push(run.context(this.actives[r], document, this.own[r]));
      this.crashed.push(undefined);
      if (this.actives[r].rule.checkClaim) this.perClaim.push(r);
    }
    this.fileWide = this.actives.some((a) => a.rule.checkDocument);
  }

  /** How many claims to check between two pauses (about {@link CANCEL_EVERY} rule checks). */
  get claimsPerStep(): number {
    return Math.max(1, Math.floor(CANCEL_EVERY / Math.max(1, this.perClaim.length)));
  }

  /** Run the per-claim rules on one claim and keep its lines for the file-wide rules. */
  claim(claim: Claim): void {
    const { actives, perClaim, crashed } = this;
    this.checked++;
    for (let j = 0; j < perClaim.length; j++) {
      const r = perClaim[j];
      if (crashed[r]) continue;
      try {
        actives[r].rule.checkClaim!(claim, this.contexts[r]);
      } catch (err) {
        if (err instanceof LintCancelled) throw err;
        crashed[r] = this.run.crashFinding(actives[r], err);
      }
    }
    if (this.fileWide) {
      try {
        collectPatientLines(claim, this.run.policy, this.run.config.timedRounding, this.lines);
      } catch (err) {
        // What the file-wide rules read could not be taken: each of them reports rule-error, as
        // when one throws (lint() never throws).
        if (err instanceof LintCancelled) throw err;
        for (let r = 0; r < actives.length; r++) if (actives[r].rule.checkDocument) crashed[r] ??= this.run.crashFinding(actives[r], err);
        this.fileWide = false;
      }
    }
  }

  /**
   * The file-wide rules, then every finding: the reader's problems first, then each rule's in
   * registry order, sorted by position (stable).
   */
  *finish(cancelled: (() => boolean) | undefined): Steps<Finding[]> {
    const { actives, own, crashed } = this;
    const findings = this.run.readerFindings(this.document);
    for (let r = 0; r < actives.length; r++) {
      const { rule } = actives[r];
      if (rule.checkDocument && !crashed[r]) {
        yield;
        if (cancelled?.()) throw new LintCancelled();
        try {
          rule.checkDocument(this.lines, this.contexts[r]);
        } catch (err) {
          if (err instanceof LintCancelled) throw err;
          crashed[r] = this.run.crashFinding(actives[r], err);
        }
      }
      const crash = crashed[r];
      if (crash) {
        findings.push(crash);
        continue;
      }
      // A loop, not push(...own): a spread of 100 000+ findings overflows the call stack.
      for (const f of own[r]) findings.push(f);
    }
    return sortFindings(findings);
  }
}

/**
 * @internal The rule phase as steps: yields every {@link CANCEL_EVERY} claim checks and between
 * file-wide rules, so the same code serves the synchronous {@link lintDocument} and the
 * time-sliced {@link lintDocumentAsync}.
 */
export function* lintSteps(document: ClaimDocument, options: Omit<LintOptions, 'fileName'>): Steps<Finding[]> {
  const run = new LintRun(options);
  const cancelled = options.isCancelled;
  const pass = new RulePass(run, document);
  const claims = document.claims;
  yield;
  if (cancelled?.()) throw new LintCancelled();
  const every = pass.claimsPerStep;
  for (let k = 0; k < claims.length; k++) {
    if (k % every === every - 1) {
      yield;
      if (cancelled?.()) throw new LintCancelled();
    }
    pass.claim(claims[k]);
  }
  const findings = yield* pass.finish(cancelled);
  return options.maxFindings !== undefined ? capFindings(findings, options.maxFindings, run.policy) : findings;
}

/**
 * Lint a parsed document. Never throws: a rule that fails is reported as `rule-error`. The one
 * exception is {@link LintCancelled}, when `options.isCancelled` asks for it.
 */
export function lintDocument(document: ClaimDocument, options: Omit<LintOptions, 'fileName'> = {}): Finding[] {
  return runSteps(lintSteps(document, options));
}

export interface AsyncLintOptions extends LintOptions {
  /** Longest stretch of work, in milliseconds, before giving the event loop a turn (default 8). */
  readonly sliceMs?: number;
}

/**
 * {@link lintDocument} in time slices: gives the event loop a turn whenever `sliceMs` have passed,
 * and asks `isCancelled` at every step, so an editor can type on while a large file is checked
 * and drop the work as soon as it is stale. Same findings as {@link lintDocument}.
 */
export async function lintDocumentAsync(document: ClaimDocument, options: Omit<AsyncLintOptions, 'fileName'> = {}): Promise<Finding[]> {
  return runStepsInSlices(lintSteps(document, options), options.sliceMs);
}

/**
 * {@link lint} for editors: reads the text and runs the rules in time slices (an X12 text is read
 * a few thousand segments at a time; a FHIR text in one linear pass). Throws {@link LintCancelled}
 * when `options.isCancelled` asks.
 */
export async function lintAsync(text: string, options: AsyncLintOptions = {}): Promise<LintResult> {
  return runStepsInSlices(lintTextSteps(text, options), options.sliceMs);
}

function* lintTextSteps(text: string, options: LintOptions): Steps<LintResult> {
  if (options.isCancelled?.()) throw new LintCancelled();
  const document = yield* parseDocumentSteps(text, options.fileName, options.isCancelled);
  yield;
  if (options.isCancelled?.()) throw new LintCancelled();
  const findings = yield* lintSteps(document, options);
  return { document, findings, lines: new LineIndex(text) };
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

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Keep at most `max` findings — errors first, then warnings, then info, each in document order —
 * and add one `too-many-findings` summary at the start of the file saying how many more there
 * are, as linters do at an editor's limits. Returns the findings unchanged when within the cap.
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
  const rule = RULES_BY_ID.get('too-many-findings')!;
  const count = findings.length - limit;
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} ${s === 'info' ? 'info' : s + (omitted[s] === 1 ? '' : 's')}`);
  const summary = new LintRun({ policy }).finding(
    rule,
    rule.meta.defaultSeverity,
    { messageId: 'capped', data: { count, max: limit, omitted: parts.join(', '), total: findings.length }, span: { start: 0, end: 0 } },
    [],
  );
  return [summary, ...kept];
}

/**
 * Read and lint a text. Never throws, except {@link LintCancelled} when `options.isCancelled` asks.
 *
 * An X12 text is checked claim by claim as it is read: the per-claim rules see each claim as soon
 * as it is read, and the reader keeps no claim objects (`document.claims` reads them again from the
 * segment table when first asked). On a large batch that saves most of the memory and of the
 * garbage collection a kept model costs; the findings, and the claims and outline of the document,
 * are the same as {@link lintDocument} over {@link parseDocument} (test/unit/core/streaming.test.ts).
 */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const cancelled = options.isCancelled;
  if (cancelled?.()) throw new LintCancelled();
  if (detectContent(text, options.fileName) !== 'x12') {
    const document = parseDocument(text, options.fileName);
    const findings = lintDocument(document, options);
    return { document, findings, lines: new LineIndex(text) };
  }
  const run = new LintRun(options);
  let pass: RulePass | undefined;
  const document = runSteps(
    cancellable(
      readX12Steps(text, {
        onClaim(claim, doc) {
          pass ??= new RulePass(run, doc);
          pass.claim(claim);
          if (cancelled && pass.checked % pass.claimsPerStep === 0 && cancelled()) throw new LintCancelled();
        },
      }),
      cancelled,
    ),
  );
  let findings = runSteps((pass ?? new RulePass(run, document)).finish(cancelled));
  if (options.maxFindings !== undefined) findings = capFindings(findings, options.maxFindings, run.policy);
  return { document, findings, lines: new LineIndex(text) };
}
