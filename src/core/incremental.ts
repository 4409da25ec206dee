import type { Claim, ClaimDocument, OutlineNode } from './model/claim';
import type { Finding, ParseProblem } from './model/finding';
import { LineIndex, type Span } from './model/span';
import { LintCancelled, lintSteps, ruleSetOf, type LintOptions, type LintResult } from './engine';
import type { OwnedFindings, RuleRunner, RuleSet } from './runner';
import { runSteps, runStepsInSlices, type Steps } from './steps';
import { readClaimsAgain, readEditedClaim, readX12, setX12ReadState, tokenize, x12ReadState, type X12ReadState } from './parsers/x12';
import { X12Editor } from './parsers/x12/editor';
import { segmentIdCode } from './parsers/x12/tokenizer';
import { checkHistory, patientVisits, recheckPatient, type HistoryFile, type PatientVisit } from './history';
import { ServiceFacts } from './facts';

/**
 * The other files of a patient history an editor lints a document against (docs/patient-history.md):
 * an index of the workspace's claim files.
 */
export interface HistoryContext {
  /** How other files' findings name this document in related locations (an editor: its URI). */
  readonly name: string;
  /** The other files of the history, in order: those before this document, and those after it. */
  files(): { readonly before: readonly HistoryFile[]; readonly after: readonly HistoryFile[] };
}

export interface IncrementalOptions extends LintOptions {
  /** Lint against a history of other files: the patient-scoped rules see their lines too. */
  readonly history?: HistoryContext;
}

/**
 * One change to a document, as VS Code's TextDocumentContentChangeEvent gives it: the old text's
 * [offset, offset + length) is replaced by `text`. Offsets are UTF-16, in the text before the
 * change (for several changes in one event, each in the text the previous ones left).
 */
export interface TextChange {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** A lint result plus how it was obtained. */
export interface IncrementalResult extends LintResult {
  /** True when only the touched claim (and its patient) was checked again. */
  readonly incremental: boolean;
  /** Why a full lint was done instead (a short fixed sentence, for logs and tests; no content). */
  readonly fullReason?: string;
}

/** The last lint, and for X12 what an edit inside one claim needs to check only that claim again. */
interface Base {
  readonly text: string;
  readonly document: ClaimDocument;
  readonly lines: LineIndex;
  readonly findings: Finding[];
  readonly x12?: X12Base;
}

interface X12Base {
  readonly read: X12ReadState;
  readonly runner: RuleRunner;
  readonly owned: OwnedFindings;
  readonly problems: ParseProblem[];
}

/** Segments inside a claim whose reading changes state beyond it (a DMG sets a patient's birth date). */
const HL = segmentIdCode('HL');
const DMG = segmentIdCode('DMG');

/**
 * Lints one document as it is edited, checking again only what an edit touched. After a full lint
 * of an X12 text it keeps the segment table, the claim table, and the rule runner with every
 * finding and the claim or patient it was about. Given the new text and a change inside one
 * claim's body, it re-reads that claim (readEditedClaim), moves everything after it by the edit's
 * length instead of reading it again, and has the runner check that claim with the claim-scoped
 * rules and its patient with the patient-scoped ones — whatever rules are registered, as their
 * scope says. Anything else (an edit in an envelope or HL loop, one that adds or removes a segment
 * terminator, a FHIR document, a document where a rule threw) gets a full lint. Its findings always
 * equal a full {@link lint} of the new text.
 */
export class IncrementalLinter {
  private base?: Base;
  private readonly ruleSet: RuleSet;
  /** {@link factsOf}'s last answer. */
  private baseFacts?: { base: Base; facts: ServiceFacts };
  /** The document an edit is being checked in (a history re-check reads its length and fix builder). */
  private editing?: ClaimDocument;
  /** The claim last read again for {@link claimAt}, and the text it was read from. */
  private lastClaim?: { text: string; k: number; claim: Claim };

  constructor(private readonly options: IncrementalOptions = {}) {
    this.ruleSet = ruleSetOf(options);
  }

  /** The last result. */
  get result(): IncrementalResult | undefined {
    const base = this.base;
    return base && { document: base.document, findings: base.findings, lines: base.lines, incremental: false };
  }

  /** Lint the whole text and remember it as the base for the next {@link update}. */
  lint(text: string): IncrementalResult {
    return runSteps(this.fullSteps(text, 'first lint'));
  }

  /**
   * {@link lint} in time slices, for an editor opening a large file: reading (an X12 text a few
   * thousand segments at a time) and the rules give the event loop a turn whenever `sliceMs` have
   * passed. Same result and same base for {@link update} as `lint`. The linter keeps its previous
   * base until the lint completes, so a lint dropped through `isCancelled` (LintCancelled)
   * changes nothing.
   */
  lintInSlices(text: string, sliceMs?: number): Promise<IncrementalResult> {
    return runStepsInSlices(this.fullSteps(text, 'first lint, in slices'), sliceMs);
  }

  /**
   * Lint `text`, the previous text with `changes` applied. Checks again only the claim a single
   * local change falls in; otherwise lints the whole text.
   */
  update(text: string, changes: readonly TextChange[]): IncrementalResult {
    const local = this.tryLocal(text, changes);
    return typeof local === 'string' ? runSteps(this.fullSteps(text, local)) : local;
  }

  /**
   * {@link update} when the change can be checked locally; otherwise nothing is linted, the linter
   * drops its base (its next {@link update} is a full lint) and this returns undefined, so an
   * editor can run the full lint in slices ({@link lintInSlices}) instead of at once.
   */
  updateLocally(text: string, changes: readonly TextChange[]): IncrementalResult | undefined {
    const local = this.tryLocal(text, changes);
    if (typeof local !== 'string') return local;
    this.base = undefined;
    return undefined;
  }

  /** The claim holding `offset` in the last text (read again from its segments for X12). */
  claimAt(offset: number): Claim | undefined {
    const base = this.base;
    if (!base) return undefined;
    const x12 = base.x12;
    if (!x12) return base.document.claims.find((c) => offset >= c.span.start && offset <= c.span.end);
    const k = claimIndexAt(x12.read, offset);
    if (k < 0 || offset > x12.read.segs.end(x12.read.table.lastSeg(k))) return undefined;
    const last = this.lastClaim;
    if (last && last.text === base.text && last.k === k) return last.claim;
    const claim = readClaimsAgain(x12.read, k, k + 1)[0];
    this.lastClaim = { text: base.text, k, claim };
    return claim;
  }

  /**
   * For a hover on a procedure code in code set `codeSet` (massage, by default): which of the
   * patient's visits of that set its date is, over the history when there is one ("visit 4 of 5
   * for this patient"), and every visit with its file. Undefined when the offset is not on such a
   * code or its line has no date.
   */
  visitsAt(offset: number, codeSet = 'massage'): { readonly visit: number; readonly visits: readonly PatientVisit[] } | undefined {
    const base = this.base;
    const claim = this.claimAt(offset);
    if (!base || !claim) return undefined;
    const line = claim.lines.find((l) => l.procedure && offset >= l.procedure.code.span.start && offset <= l.procedure.code.span.end);
    const code = line?.procedure?.code.value;
    const date = line?.serviceDate?.value ?? claim.serviceDate?.value;
    if (!code || !date || !this.ruleSet.policy.codeSet(codeSet).has(code)) return undefined;
    const facts = base.x12?.runner.facts ?? this.factsOf(base);
    const around = this.options.history?.files() ?? { before: [], after: [] };
    const self: HistoryFile = { name: this.options.history?.name ?? '', length: base.text.length, facts };
    const visits = patientVisits(this.ruleSet, [...around.before, self, ...around.after], around.before.length, claim.patient.key, codeSet);
    const k = visits.findIndex((v) => v.date === date);
    return k < 0 ? undefined : { visit: k + 1, visits };
  }

  /** The line facts of a base whose runner is not kept (FHIR), taken once per base. */
  private factsOf(base: Base): ServiceFacts {
    if (this.baseFacts?.base === base) return this.baseFacts.facts;
    const facts = new ServiceFacts(this.ruleSet.policy, this.ruleSet.config.timedRounding);
    for (const claim of base.document.claims) facts.addClaim(claim);
    this.baseFacts = { base, facts };
    return facts;
  }

  /** The local check of one change, or why it cannot be done (a full lint then replaces the base). */
  private tryLocal(text: string, changes: readonly TextChange[]): IncrementalResult | string {
    const base = this.base;
    if (!base?.x12) return 'no previous X12 lint';
    if (changes.length !== 1) return `${changes.length} changes`;
    const change = changes[0];
    if (base.text.length - change.length + change.text.length !== text.length) return 'text and change disagree';
    let next: Base | string;
    try {
      next = this.local(base, base.x12, text, change);
    } catch (err) {
      if (err instanceof LintCancelled) throw err;
      return `local re-read failed (${err instanceof Error ? err.name : 'Error'})`;
    }
    if (typeof next === 'string') return next;
    this.base = next;
    return { document: next.document, findings: next.findings, lines: next.lines, incremental: true };
  }

  /**
   * A full lint as steps (yielding between claims and between patients, as lintSteps does).
   * Nothing of this linter changes until the last step.
   */
  private *fullSteps(text: string, reason: string): Steps<IncrementalResult> {
    const history = this.options.history;
    const around = history?.files();
    const withHistory = around !== undefined && around.before.length + around.after.length > 0;
    const { document, runner } = yield* lintSteps(text, this.ruleSet, this.options.fileName, this.options.isCancelled, !withHistory);
    if (withHistory && history) {
      const self = (doc: ClaimDocument): HistoryFile => ({ name: history.name, length: doc.text.length, facts: runner.facts, runner, source: doc });
      checkHistory(this.ruleSet, [...around.before, self(document), ...around.after], this.options.isCancelled);
      // After an edit, the edited patient is checked again over the history as it stands then.
      runner.historyCheck = (key) => {
        const now = history.files();
        return recheckPatient(this.ruleSet, [...now.before, self(this.editing ?? document), ...now.after], now.before.length, key);
      };
    }
    const read = x12ReadState(document);
    let base: Base;
    // A rule that threw stays off only until the next edit, which may remove what made it throw:
    // only a full lint can tell, so a document with one is linted in full each time.
    if (read && !runner.anyCrashed && document.problems.every((p) => p.ruleId !== 'x12-delimiters')) {
      const owned = runner.ownedFindings(document.problems);
      base = { text, document, lines: new LineIndex(text), findings: owned.findings, x12: { read, runner, owned, problems: [...document.problems] } };
    } else {
      base = { text, document, lines: new LineIndex(text), findings: runner.findings(document.problems) };
    }
    this.base = base;
    return { document, findings: base.findings, lines: base.lines, incremental: false, fullReason: reason };
  }

  /** Check again the claim one change falls in; the new base, or why it cannot be done. */
  private local(base: Base, x12: X12Base, text: string, change: TextChange): Base | string {
    const { offset, length, text: inserted } = change;
    const { read, runner } = x12;
    const { segs, table } = read;
    const delta = inserted.length - length;
    const term = read.delimiters.segment;
    if (inserted.includes(term) || base.text.slice(offset, offset + length).includes(term)) return 'a segment terminator was added or removed';
    const k = claimIndexAt(read, offset);
    if (k < 0) return 'edit before the first claim';
    if (k <= read.settledAt) return 'edit in the claim that settled the component separator';
    const clmSeg = table.clmSeg(k);
    const lastSeg = table.lastSeg(k);
    if (offset < segs.start(clmSeg) + 3 || offset + length > segs.end(lastSeg)) return 'edit outside the claim body';
    if (lastSeg + 1 >= segs.count) return 'claim at the end of the text';
    for (let i = clmSeg; i <= lastSeg; i++) {
      const id = segs.idCode(i);
      if (id === DMG || id === HL) return 'a segment that is read beyond its claim';
    }

    // Tokenize the claim's stretch of the new text; the segment count must stay.
    const local = tokenize(text, read.delimiters, segs.start(clmSeg), segs.start(lastSeg + 1) + delta);
    if (local.count !== lastSeg - clmSeg + 1) return 'segments split or joined';
    const edited: X12ReadState = { ...read, segs: segs.edited(text, clmSeg, local, delta) };
    const claim = readEditedClaim(edited, k);
    if (!claim) return 'the claim does not re-read as one claim';
    if (this.options.isCancelled?.()) throw new LintCancelled();

    // From here on the runner moves to the new text: a rule that throws now leaves it behind, and
    // the caller lints in full.
    const editEnd = offset + length;
    const document = editedDocument(base.document, edited, text, x12.problems, editEnd, delta);
    runner.facts?.shift(editEnd, delta);
    runner.source = document;
    this.editing = document;
    const recheck = runner.recheck(k, claim);
    this.editing = undefined;
    if (!recheck) return 'a rule threw';
    const owned = merge(x12.owned, recheck.fresh, k, recheck.patient, editEnd, delta);
    return {
      text,
      document,
      lines: base.lines.edited(text, offset, length, inserted),
      findings: owned.findings,
      x12: { read: edited, runner, owned, problems: document.problems as ParseProblem[] },
    };
  }
}

/** The claim whose CLM starts at or before `offset` (binary search over the claim table); -1 before the first. */
function claimIndexAt(read: X12ReadState, offset: number): number {
  const { segs, table } = read;
  let lo = 0;
  let hi = table.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs.start(table.clmSeg(mid)) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The document after an edit inside one claim: the reader's problems moved by the edit; the claims
 * read again from the new segments when someone asks for all of them, the outline read again when
 * asked for.
 */
function editedDocument(
  previous: ClaimDocument,
  read: X12ReadState,
  text: string,
  problems: readonly ParseProblem[],
  editEnd: number,
  delta: number,
): ClaimDocument {
  const moved = problems.map((p) => (p.span.end >= editEnd ? shifted(p, editEnd, delta) : p));
  let claims: readonly Claim[] | undefined;
  let outline: readonly OutlineNode[] | undefined;
  const document: ClaimDocument = {
    format: previous.format,
    text,
    problems: moved,
    editor: new X12Editor(read.segs, { component: read.component }),
    get claims(): readonly Claim[] {
      return (claims ??= readClaimsAgain(read, 0, read.table.count));
    },
    get outline(): readonly OutlineNode[] {
      return (outline ??= readX12(text).outline);
    },
  };
  setX12ReadState(document, read);
  return document;
}

/**
 * The findings after an edit: the old ones, except those of claim k's claim-scoped rules and of
 * its patient's patient-scoped rules, moved by the edit; merged with the fresh ones by position
 * and, at equal positions, by rule rank (as a full lint sorts them: no old and fresh finding of one
 * rule share a span, since they are about different claims or patients).
 */
function merge(prev: OwnedFindings, fresh: OwnedFindings, k: number, patient: number, editEnd: number, delta: number): OwnedFindings {
  const total = prev.findings.length + fresh.findings.length;
  const findings: Finding[] = [];
  const rank = new Int32Array(total);
  const claim = new Int32Array(total);
  const owner = new Int32Array(total);
  let o = 0;
  let q = 0;
  const nextOld = (): boolean => {
    for (; o < prev.findings.length; o++) {
      if (prev.claim[o] === k || (patient >= 0 && prev.patient[o] === patient)) continue;
      return true;
    }
    return false;
  };
  const take = (from: OwnedFindings, i: number, f: Finding): void => {
    const n = findings.length;
    rank[n] = from.rank[i];
    claim[n] = from.claim[i];
    owner[n] = from.patient[i];
    findings.push(f);
  };
  for (;;) {
    const hasOld = nextOld();
    if (!hasOld && q >= fresh.findings.length) break;
    const old = hasOld ? shiftFinding(prev.findings[o], editEnd, delta) : undefined;
    if (old && (q >= fresh.findings.length || before(old, prev.rank[o], fresh.findings[q], fresh.rank[q]))) {
      take(prev, o++, old);
    } else {
      take(fresh, q, fresh.findings[q]);
      q++;
    }
  }
  const n = findings.length;
  return { findings, rank: rank.subarray(0, n), claim: claim.subarray(0, n), patient: owner.subarray(0, n) };
}

/** Whether finding a (of rank ra) sorts before b (of rank rb): by position, then by rank; a first when they tie. */
function before(a: Finding, ra: number, b: Finding, rb: number): boolean {
  if (a.span.start !== b.span.start) return a.span.start < b.span.start;
  if (a.span.end !== b.span.end) return a.span.end < b.span.end;
  return ra <= rb;
}

/** A span moved by an edit that ended at `from` in the old text. */
function shiftSpan(x: Span, from: number, delta: number): Span {
  return x.start >= from || x.end >= from ? { start: x.start >= from ? x.start + delta : x.start, end: x.end >= from ? x.end + delta : x.end } : x;
}

/** A reader problem moved by an edit. */
function shifted(p: ParseProblem, from: number, delta: number): ParseProblem {
  return {
    ...p,
    span: shiftSpan(p.span, from, delta),
    related: p.related?.map((r) => ({ ...r, span: shiftSpan(r.span, from, delta) })),
    fixes: p.fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: shiftSpan(e.span, from, delta) })) })),
  };
}

/** A finding moved by one edit; one wholly before it is returned as it is. */
function shiftFinding(f: Finding, from: number, delta: number): Finding {
  if (delta === 0 || maxOffset(f) < from) return f;
  return {
    ...f,
    span: shiftSpan(f.span, from, delta),
    // A location in another file (a patient's history) is not moved by an edit of this one.
    related: f.related.length === 0 ? f.related : f.related.map((r) => (r.file === undefined ? { ...r, span: shiftSpan(r.span, from, delta) } : r)),
    fixes: f.fixes.length === 0 ? f.fixes : f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: shiftSpan(e.span, from, delta) })) })),
  };
}

/** The largest offset a finding refers to (its span, related locations, fix edits). */
function maxOffset(f: Finding): number {
  let m = f.span.end;
  for (const r of f.related) if (r.file === undefined && r.span.end > m) m = r.span.end;
  for (const fix of f.fixes) for (const e of fix.edits) if (e.span.end > m) m = e.span.end;
  return m;
}

export type { Span };
