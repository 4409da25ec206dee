import { isVoidClaim, type Claim, type ClaimEditor, type DocumentFormat } from './model/claim';
import type { Finding, ParseProblem, Severity } from './model/finding';
import { resolveConfig, type LintConfig } from './config';
import type { Clause, Policy } from './policy';
import { patientOfClaims, PatientIndex, PatientFacts, ServiceFacts } from './facts';
import { formatMessage } from './messages';
import { RULES } from './rules';
import type { ClaimRule, PatientRule, Report, Rule, RuleContext } from './rules/types';
import type { Steps } from './steps';
import { CodeSets } from './codesets';

/** Thrown when the caller's `isCancelled()` said so (an editor drops work for a version that is already stale). */
export class LintCancelled extends Error {
  constructor() {
    super('lint cancelled');
    this.name = 'LintCancelled';
  }
}

/** A rule that runs, with its severity and its position in the registry (findings at equal spans follow it). */
interface ActiveRule {
  readonly rule: ClaimRule | PatientRule;
  readonly rank: number;
  readonly severity: Severity;
}

/**
 * The rules that run under one policy and configuration, and how their reports become findings
 * (message, citation of the clause, severity). Made once per lint, or once per open document in
 * the editor.
 */
export class RuleSet {
  readonly config: LintConfig;
  /** The policy rules that run, in registry order. */
  readonly active: readonly ActiveRule[];
  private readonly byId: ReadonlyMap<string, { rule: Rule; rank: number }>;
  /** " [source: heading]" per clause, made once and shared by its findings' messages. */
  private readonly citations = new Map<Clause, string>();

  constructor(
    readonly policy: Policy,
    config: Partial<LintConfig> | undefined,
    readonly rules: readonly Rule[] = RULES,
    /** The imported code sets; a rule that reads a kind none of them is does not run. */
    readonly codeSets: CodeSets = CodeSets.EMPTY,
  ) {
    this.config = resolveConfig(config);
    this.byId = new Map(rules.map((rule, rank) => [rule.meta.id, { rule, rank }]));
    const active: ActiveRule[] = [];
    rules.forEach((rule, rank) => {
      if (!isChecking(rule)) return;
      const severity = this.severity(rule);
      if (severity === 'off') return;
      // A rule citing a clause the policy pack does not have does not apply to that policy.
      if (rule.meta.clauses.length > 0 && !rule.meta.clauses.some((c) => policy.clause(c))) return;
      if (rule.meta.codeSets && !rule.meta.codeSets.some((kind) => codeSets.has(kind))) return;
      active.push({ rule, rank, severity });
    });
    this.active = active;
  }

  /** Whether a patient-scoped rule runs (else no line facts are taken: a history has nothing to add). */
  get runsPatientRules(): boolean {
    return this.active.some((a) => a.rule.meta.scope === 'patient');
  }

  /** The severity a rule runs at under the configuration, or off. */
  severity(rule: Rule): Severity | 'off' {
    return this.config.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
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

  private citation(clause: Clause): string {
    let c = this.citations.get(clause);
    if (c === undefined) this.citations.set(clause, (c = ` [${clause.source}: ${clause.heading}]`));
    return c;
  }

  /** The reader's structural problems as findings (severity overrides applied), in reading order. */
  readerFindings(problems: readonly ParseProblem[]): Finding[] {
    const out: Finding[] = [];
    for (const p of problems) {
      const rule = this.byId.get(p.ruleId)?.rule;
      if (!rule) continue;
      const severity = this.severity(rule);
      if (severity === 'off') continue;
      out.push(this.finding(rule, severity, p, p.fixes ?? []));
    }
    return out;
  }

  /** The finding that stands for a rule's findings when it throws: `rule-error`, naming the rule and the kind of error only. */
  crashFinding(active: ActiveRule, err: unknown): Finding {
    const crash = this.byId.get('rule-error')?.rule ?? RULES.find((r) => r.meta.id === 'rule-error')!;
    const name = err instanceof Error ? err.name : 'Error';
    return this.finding(
      crash,
      crash.meta.defaultSeverity,
      { messageId: 'crashed', data: { rule: active.rule.meta.id, error: name }, span: { start: 0, end: 0 } },
      [],
    );
  }
}

/** A rule with a check of its own (claim or patient scope), as opposed to one the reader reports. */
function isChecking(rule: Rule): rule is ClaimRule | PatientRule {
  return rule.meta.scope !== 'document';
}

/** What the rules of one document read besides the claim or patient: its format and its fix builder. */
export interface RuleSource {
  readonly format: DocumentFormat;
  readonly editor: ClaimEditor;
}

/** Findings with where each came from: the rule's registry position, and the claim or patient it was about. */
export interface OwnedFindings {
  /** Sorted as a lint sorts them: by position; at equal positions, reader first, then by rule, stable. */
  readonly findings: Finding[];
  /** Per finding: the registry position of its rule; -1 for the reader's. */
  readonly rank: Int32Array;
  /** Per finding: the claim (by number) whose claim-scoped rule reported it, or -1. */
  readonly claim: Int32Array;
  /** Per finding: the patient (interned number in the runner's facts) whose patient-scoped rule reported it, or -1. */
  readonly patient: Int32Array;
}

/** Claims × claim-scoped rules between two questions to `isCancelled` (and patients × patient-scoped rules). */
const CANCEL_EVERY = 256;

/**
 * The one way rules run over a document, for every path: the CLI and the worker pool, the
 * editor's full lint and its re-check of an edited claim, the workspace lint and the fix loops.
 *
 * Claims are handed to it one at a time ({@link claim}): each claim-scoped rule checks the claim,
 * and the claim's service lines go into the document's line facts ({@link facts}). Then the
 * patient-scoped rules check each patient's facts ({@link patients}). A rule that throws is turned
 * off for the document: its findings give way to one `rule-error` finding, and the others run on.
 * Each rule keeps its own findings, with the claim or patient it was about, so the result is that
 * of rule after rule in registry order, and the editor can replace what one claim and one patient
 * reported after an edit ({@link recheck}).
 */
export class RuleRunner {
  /** The document's line facts; undefined when no patient-scoped rule runs. */
  readonly facts?: ServiceFacts;
  private readonly found: Finding[][];
  /** Per rule, per finding: the claim number or patient id it was about. */
  private readonly owners: number[][];
  private readonly crashed: (Finding | undefined)[];
  private readonly contexts: RuleContext[];
  /** Where each rule's reports go now: its own list, or a recheck's. */
  private readonly outs: Finding[][];
  private readonly claimRules: number[] = [];
  private readonly patientRules: number[] = [];
  /** Claims checked so far. */
  checked = 0;
  /** Patient id → its claims, built on the first recheck. */
  private claimsByPatient?: Map<number, number[]>;

  constructor(
    readonly ruleSet: RuleSet,
    /** The document's format and fix builder; the editor replaces it after an edit. */
    public source: RuleSource,
    /** Line facts to check the patient-scoped rules over (a history's, merged from several files); new ones by default. */
    facts?: ServiceFacts,
  ) {
    const active = ruleSet.active;
    this.found = active.map(() => []);
    this.owners = active.map(() => []);
    this.outs = this.found.slice();
    this.crashed = active.map(() => undefined);
    this.contexts = active.map((a, r) => this.context(a, r));
    active.forEach((a, r) => (a.rule.meta.scope === 'claim' ? this.claimRules : this.patientRules).push(r));
    if (this.patientRules.length > 0) this.facts = facts ?? new ServiceFacts(ruleSet.policy, ruleSet.config.timedRounding);
  }

  /** The patient-scoped rules this runner runs, by their position in {@link RuleSet.active}. */
  get patientRuleIndexes(): readonly number[] {
    return this.patientRules;
  }

  /**
   * @internal A finding of patient-scoped rule r that was checked elsewhere (over a history of
   * several files, see history.ts), as if this runner's rule had reported it.
   */
  adopt(r: number, finding: Finding, patient = -1): void {
    if (this.crashed[r]) return;
    this.found[r].push(finding);
    this.owners[r].push(patient);
  }

  /** @internal Patient-scoped rule r threw where it was checked over a history: it is off here too. */
  adoptCrash(r: number, crash: Finding): void {
    this.crashed[r] = crash;
    this.found[r].length = 0;
    this.owners[r].length = 0;
  }

  /** @internal Rule r's findings so far (crashed rules: none), and its crash finding if it threw. */
  reported(r: number): { readonly findings: readonly Finding[]; readonly owners: readonly number[]; readonly crash?: Finding } {
    return { findings: this.found[r], owners: this.owners[r], crash: this.crashed[r] };
  }

  /**
   * Set by an editor that lints against a history of other files: after an edit, the patient's
   * patient-scoped rules are checked over the history (history.ts) instead of this document
   * alone. Given the patient key, it returns per patient rule (by position in the rule set) the
   * findings about this document; undefined when a rule threw.
   */
  historyCheck?: (patientKey: string) => ReadonlyMap<number, readonly Finding[]> | undefined;

  private context(active: ActiveRule, r: number): RuleContext {
    return new RunnerContext(this, active, r);
  }

  /** @internal Where {@link RunnerContext.report} puts a rule's report: a finding in its current list. */
  receive(active: ActiveRule, r: number, report: Report): void {
    const fixes = (report.fixes ?? []).filter((f) => f.edits !== null && f.edits.length > 0).map((f) => ({ title: f.title, kind: f.kind, edits: f.edits! }));
    this.outs[r].push(this.ruleSet.finding(active.rule, active.severity, report, fixes));
  }

  /** How many claims to check between two pauses (about {@link CANCEL_EVERY} rule checks). */
  get claimsPerStep(): number {
    return Math.max(1, Math.floor(CANCEL_EVERY / Math.max(1, this.claimRules.length)));
  }

  /** True when a rule has been turned off for this document (it threw). */
  get anyCrashed(): boolean {
    return this.crashed.some((c) => c !== undefined);
  }

  /** Check the next claim of the document with the claim-scoped rules, and keep its line facts. */
  claim(claim: Claim): void {
    const k = this.checked++;
    const { claimRules, crashed } = this;
    const isVoid = isVoidClaim(claim);
    for (let j = 0; j < claimRules.length; j++) {
      const r = claimRules[j];
      if (!crashed[r] && (!isVoid || this.checksVoid(r))) this.check(r, claim, k);
    }
    const facts = this.facts;
    if (facts) {
      try {
        facts.addClaim(claim);
      } catch (err) {
        this.factsFailed(err);
      }
    }
  }

  /** Whether claim rule r checks void claims too (see RuleMeta.checksVoidClaims). */
  private checksVoid(r: number): boolean {
    return this.ruleSet.active[r].rule.meta.checksVoidClaims === true;
  }

  /** Run rule r on a claim or a patient; its reports are owned by `owner`. A throw turns the rule off. */
  private check(r: number, subject: Claim | PatientFacts, owner: number): boolean {
    const out = this.outs[r];
    const before = out.length;
    try {
      (this.ruleSet.active[r].rule as { check(s: Claim | PatientFacts, c: RuleContext): void }).check(subject, this.contexts[r]);
    } catch (err) {
      if (err instanceof LintCancelled) throw err;
      this.crash(r, err);
      return false;
    }
    if (out === this.found[r]) {
      const owners = this.owners[r];
      for (let f = before; f < out.length; f++) owners.push(owner);
    }
    return true;
  }

  private crash(r: number, err: unknown): void {
    this.crashed[r] = this.ruleSet.crashFinding(this.ruleSet.active[r], err);
    this.found[r].length = 0;
    this.owners[r].length = 0;
  }

  /**
   * Line facts that cannot be taken turn off every patient-scoped rule (each reports rule-error),
   * as if each had thrown: they would read facts that are not there.
   */
  private factsFailed(err: unknown): void {
    if (err instanceof LintCancelled) throw err;
    for (const r of this.patientRules) if (!this.crashed[r]) this.crash(r, err);
    (this as { facts?: ServiceFacts }).facts = undefined;
  }

  /** The patient-scoped rules over every patient's facts, as steps (pausing every few hundred patients). */
  *patients(isCancelled?: () => boolean): Steps<void> {
    const { facts, patientRules, crashed } = this;
    if (!facts || patientRules.length === 0) return;
    yield;
    if (isCancelled?.()) throw new LintCancelled();
    const patients = new PatientIndex(facts);
    const every = Math.max(1, Math.floor(CANCEL_EVERY / patientRules.length));
    for (let p = 0; p < patients.count; p++) {
      if (p % every === every - 1) {
        yield;
        if (isCancelled?.()) throw new LintCancelled();
      }
      const patient = patients.patient(p);
      for (const r of patientRules) if (!crashed[r]) this.check(r, patient, p);
    }
  }

  /** The findings: the reader's first, then each rule's in registry order, sorted by position (stable). */
  findings(problems: readonly ParseProblem[]): Finding[] {
    const findings = this.ruleSet.readerFindings(problems);
    for (let r = 0; r < this.found.length; r++) {
      const crash = this.crashed[r];
      if (crash) findings.push(crash);
      // A loop, not push(...found): a spread of 100 000+ findings overflows the call stack.
      else for (const f of this.found[r]) findings.push(f);
    }
    return sortFindings(findings);
  }

  /** {@link findings}, each with its rule's rank and the claim or patient it was about (the editor's base for rechecks). */
  ownedFindings(problems: readonly ParseProblem[]): OwnedFindings {
    const owner = new Map<Finding, number>();
    const rankOf = new Map<Finding, number>();
    const readers = this.ruleSet.readerFindings(problems);
    for (const f of readers) rankOf.set(f, -1);
    const all = readers;
    for (let r = 0; r < this.found.length; r++) {
      const rank = this.ruleSet.active[r].rank;
      const crash = this.crashed[r];
      if (crash) {
        all.push(crash);
        rankOf.set(crash, rank);
        continue;
      }
      const owners = this.owners[r];
      const patientScoped = this.ruleSet.active[r].rule.meta.scope === 'patient';
      this.found[r].forEach((f, k) => {
        all.push(f);
        rankOf.set(f, rank);
        // Patient ids are stored as -2 - id to tell them from claim numbers.
        owner.set(f, patientScoped ? -2 - owners[k] : owners[k]);
      });
    }
    sortFindings(all);
    const n = all.length;
    const rank = new Int32Array(n);
    const claim = new Int32Array(n).fill(-1);
    const patient = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      rank[i] = rankOf.get(all[i])!;
      const o = owner.get(all[i]);
      if (o === undefined) continue;
      if (o >= 0) claim[i] = o;
      else patient[i] = -2 - o;
    }
    return { findings: all, rank, claim, patient };
  }

  /**
   * Claim k was edited and reads now as `claim`: the claim-scoped rules check it again, its line
   * facts are replaced, and the patient-scoped rules check its patient again. Returns the new
   * findings, sorted, each with its rank and owner (the claim, or the patient's id); undefined when
   * a rule threw (it is then off for the document: the caller lints the whole text again, which
   * gives the same findings as any lint of it).
   */
  recheck(k: number, claim: Claim): { fresh: OwnedFindings; patient: number } | undefined {
    const { claimRules, patientRules, facts } = this;
    const fresh: Finding[][] = this.found.map(() => []);
    const outs = this.outs;
    for (let r = 0; r < outs.length; r++) outs[r] = fresh[r];
    try {
      const isVoid = isVoidClaim(claim);
      for (const r of claimRules) if ((!isVoid || this.checksVoid(r)) && !this.check(r, claim, k)) return undefined;
      let patientId = -1;
      if (facts && patientRules.length > 0) {
        try {
          facts.replaceClaim(k, claim);
        } catch (err) {
          this.factsFailed(err);
          return undefined;
        }
        patientId = facts.claimPatientId(k);
        if (this.historyCheck) {
          const found = this.historyCheck(facts.patientKey(patientId));
          if (!found) return undefined;
          for (const [r, list] of found) for (const f of list) fresh[r].push(f);
        } else {
          const patient = patientOfClaims(facts, facts.patientKey(patientId), this.claimsOf(patientId));
          for (const r of patientRules) if (!this.check(r, patient, patientId)) return undefined;
        }
      }
      const findings: Finding[] = [];
      const rankOf: number[] = [];
      const scopeOf: boolean[] = [];
      for (let r = 0; r < fresh.length; r++) {
        const patientScoped = this.ruleSet.active[r].rule.meta.scope === 'patient';
        for (const f of fresh[r]) {
          findings.push(f);
          rankOf.push(this.ruleSet.active[r].rank);
          scopeOf.push(patientScoped);
        }
      }
      const order = findings
        .map((_, i) => i)
        .sort((a, b) => findings[a].span.start - findings[b].span.start || findings[a].span.end - findings[b].span.end || a - b);
      const n = order.length;
      const out: OwnedFindings = { findings: order.map((i) => findings[i]), rank: new Int32Array(n), claim: new Int32Array(n), patient: new Int32Array(n) };
      order.forEach((i, at) => {
        out.rank[at] = rankOf[i];
        out.claim[at] = scopeOf[i] ? -1 : k;
        out.patient[at] = scopeOf[i] ? patientId : -1;
      });
      return { fresh: out, patient: patientId };
    } finally {
      for (let r = 0; r < outs.length; r++) outs[r] = this.found[r];
    }
  }

  /** A patient's claims (by number, in document order). */
  private claimsOf(patientId: number): number[] {
    const facts = this.facts!;
    if (!this.claimsByPatient) {
      const map = new Map<number, number[]>();
      for (let c = 0; c < facts.claimCount; c++) {
        const p = facts.claimPatientId(c);
        const list = map.get(p);
        if (list) list.push(c);
        else map.set(p, [c]);
      }
      this.claimsByPatient = map;
    }
    return this.claimsByPatient.get(patientId) ?? [];
  }
}

/** Order findings by position; stable, so equal spans keep reader-then-registry order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * A rule's context: a class, not an object literal with closures, so every runner's contexts share
 * one `report` function and one shape. Optimized rule code inlines the call; a fresh closure per
 * lint made it deoptimize ("wrong call target") at the start of every lint after the first — each
 * editor lint and each run of a long-lived process.
 */
class RunnerContext implements RuleContext {
  readonly policy: Policy;
  readonly config: LintConfig;
  readonly codeSets: CodeSets;

  constructor(
    private readonly runner: RuleRunner,
    private readonly active: ActiveRule,
    private readonly r: number,
  ) {
    this.policy = runner.ruleSet.policy;
    this.config = runner.ruleSet.config;
    this.codeSets = runner.ruleSet.codeSets;
  }

  get format(): DocumentFormat {
    return this.runner.source.format;
  }

  get editor(): ClaimEditor {
    return this.runner.source.editor;
  }

  report(report: Report): void {
    this.runner.receive(this.active, this.r, report);
  }
}
