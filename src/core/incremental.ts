import type { Claim, ClaimDocument, OutlineNode } from './model/claim';
import type { Finding, ParseProblem } from './model/finding';
import { LineIndex, type Span } from './model/span';
import { cancellable, capFindings, LintCancelled, LintRun, lintSteps, parseDocumentSteps, sortFindings, type LintOptions, type LintResult } from './engine';
import { detectContent } from './parsers/detect';
import type { RuleContext } from './rules/types';
import { runSteps, runStepsInSlices, type Steps } from './steps';
import { readX12, readX12Steps, rereadX12Claim, setX12ReadState, tokenize, x12ReadState, type X12ReadState } from './parsers/x12';
import type { X12Editor } from './parsers/x12/editor';
import { collectPatientLines, patientLinesOf, PatientLines } from './rules/patient-lines';

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
  /** True when only the touched claim (and its patient's file-wide facts) was checked again. */
  readonly incremental: boolean;
  /** Why a full lint was done instead (for logs and tests). */
  readonly fullReason?: string;
}

/** One edit, for mapping offsets of things read before it. */
interface Shift {
  /** Offsets at or after this (in the text before the edit) move. */
  readonly from: number;
  readonly delta: number;
}

interface X12State {
  readonly read: X12ReadState;
  readonly editor: X12Editor;
  /**
   * Claims as last materialized; claims[k] still needs shifts[version[k]..]. Empty until asked
   * for: the first lint keeps no claim objects (`original` reads claim k of the first text again).
   */
  readonly claims: (Claim | undefined)[];
  readonly original: (k: number) => Claim;
  /** Reads all the first text's claims at once (then `original` answers from them). */
  readonly originals: () => void;
  readonly version: Int32Array;
  shifts: Shift[];
  /** Start offset of each claim in the current text (kept exact: used to find the touched claim). */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly problems: ParseProblem[];
  /** All findings, sorted as a full lint sorts them (before any cap). */
  sorted: Finding[];
  /** Per finding in `sorted`: the claim whose checkClaim reported it, or -1. */
  ownerClaim: Int32Array;
  /** Per finding in `sorted`: the patient whose file-wide facts reported it, or undefined. */
  ownerPatient: (string | undefined)[];
  /** Claim indexes per patient key. */
  readonly patients: Map<string, number[]>;
}

/** Map an offset through edits, in order. */
function mapOffset(x: number, shifts: readonly Shift[], from: number): number {
  for (let k = from; k < shifts.length; k++) if (x >= shifts[k].from) x += shifts[k].delta;
  return x;
}

/**
 * A deep copy of plain data with every span's offsets mapped. Spans are objects with numeric
 * `start` and `end`; shared objects stay shared in the copy.
 */
function remap<T>(value: T, map: (x: number) => number, seen = new Map<object, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  const hit = seen.get(value as object);
  if (hit !== undefined) return hit as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = remap(value[i], map, seen);
    return out as T;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  seen.set(value as object, out);
  const isSpan = typeof src.start === 'number' && typeof src.end === 'number';
  for (const key of Object.keys(src)) {
    const v = src[key];
    if (isSpan && (key === 'start' || key === 'end')) out[key] = map(v as number);
    else out[key] = typeof v === 'object' && v !== null ? remap(v, map, seen) : v;
  }
  return out as T;
}

/** A finding moved by one edit; one wholly before it is returned as it is. */
function shiftFinding(f: Finding, from: number, delta: number): Finding {
  if (delta === 0 || maxOffset(f) < from) return f;
  const span = (x: Span): Span =>
    x.start >= from || x.end >= from ? { start: x.start >= from ? x.start + delta : x.start, end: x.end >= from ? x.end + delta : x.end } : x;
  return {
    ...f,
    span: span(f.span),
    related: f.related.length === 0 ? f.related : f.related.map((r) => ({ ...r, span: span(r.span) })),
    fixes: f.fixes.length === 0 ? f.fixes : f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: span(e.span) })) })),
  };
}

/** The largest offset a finding refers to (its span, related locations, fix edits). */
function maxOffset(f: Finding): number {
  let m = f.span.end;
  for (const r of f.related) if (r.span.end > m) m = r.span.end;
  for (const fix of f.fixes) for (const e of fix.edits) if (e.span.end > m) m = e.span.end;
  return m;
}

/**
 * The per-claim rules on each claim as the reader hands it on, remembering which claim reported
 * which finding, each claim's span and patient, and each patient's massage and therapy lines; the
 * claims themselves are not kept. Each rule keeps its own list, appended in registry order, so the
 * result is that of rule after rule, as in the engine.
 */
class OwnedClaims {
  readonly outs: Finding[][];
  contexts?: RuleContext[];
  private readonly perClaim: number[];
  private readonly fileWide: boolean;
  readonly claimOf = new Map<Finding, number>();
  /** Claim indexes per patient key, in first-seen order. */
  readonly patients = new Map<string, number[]>();
  readonly lines = new Map<string, PatientLines>();
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** A rule threw: the engine's path lints again and reports it. */
  failed = false;

  constructor(private readonly run: LintRun) {
    this.outs = run.rules.map(() => []);
    this.perClaim = run.rules.map((a, r) => (a.rule.checkClaim ? r : -1)).filter((r) => r >= 0);
    this.fileWide = run.rules.some((a) => a.rule.checkDocument);
  }

  claim(claim: Claim, document: ClaimDocument): void {
    const k = this.starts.length;
    this.starts.push(claim.span.start);
    this.ends.push(claim.span.end);
    const key = claim.patient.key;
    const ks = this.patients.get(key);
    if (ks) ks.push(k);
    else this.patients.set(key, [k]);
    if (this.failed) return;
    const { run, outs } = this;
    const actives = run.rules;
    const contexts = (this.contexts ??= actives.map((active, r) => run.context(active, document, outs[r])));
    try {
      for (let j = 0; j < this.perClaim.length; j++) {
        const r = this.perClaim[j];
        const out = outs[r];
        const before = out.length;
        actives[r].rule.checkClaim!(claim, contexts[r]);
        for (let f = before; f < out.length; f++) this.claimOf.set(out[f], k);
      }
    } catch (err) {
      if (err instanceof LintCancelled) throw err;
      this.failed = true;
      return;
    }
    if (this.fileWide) {
      let lines = this.lines.get(key);
      if (!lines) this.lines.set(key, (lines = new PatientLines()));
      try {
        collectPatientLines(claim, run.policy, run.config.timedRounding, lines);
      } catch (err) {
        if (err instanceof LintCancelled) throw err;
        this.failed = true; // the engine's path reports it
      }
    }
  }
}

/**
 * Rules that group by patient before anything else (`claim.patient.key`), so their file-wide
 * findings can be recomputed for the one patient an edit touched.
 */
export const PATIENT_SCOPED_RULES: ReadonlySet<string> = new Set(['audit-multiple-units', 'audit-visit-count', 'max-two-modalities', 'therapy-reduction']);

/**
 * Lints one document as it is edited, re-checking only what an edit touched. Holds the last
 * document and the findings per claim and per patient; given the new text and the changes, it
 * re-reads only the claim an edit falls in (X12), shifts everything after it by the edit's length
 * instead of reading it again, re-runs the per-claim rules on that claim and the file-wide rules
 * on that claim's patient. Anything it cannot re-read locally — an edit in an envelope or HL
 * segment, one that adds or removes a segment terminator, a FHIR document — gets a full lint.
 * Its findings always equal a full {@link lint} of the new text.
 */
export class IncrementalLinter {
  private text = '';
  private document?: ClaimDocument;
  private lines?: LineIndex;
  private findings: Finding[] = [];
  private x12?: X12State;
  private readonly run: LintRun;

  constructor(private readonly options: LintOptions = {}) {
    this.run = new LintRun(options);
  }

  /** The last result. */
  get result(): IncrementalResult | undefined {
    if (!this.document || !this.lines) return undefined;
    return { document: this.document, findings: this.findings, lines: this.lines, incremental: false };
  }

  /** Lint the whole text and remember it as the base for the next {@link update}. */
  lint(text: string): IncrementalResult {
    return this.full(text, 'first lint');
  }

  /**
   * {@link lint} in time slices, for an editor opening a large file: reading (an X12 text a few
   * thousand segments at a time) and the rules give the event loop a turn whenever `sliceMs` have
   * passed. Same result and same base for {@link update} as `lint`. The linter keeps its previous
   * state until the lint completes, so a lint dropped through `isCancelled` (LintCancelled)
   * changes nothing.
   */
  lintInSlices(text: string, sliceMs?: number): Promise<IncrementalResult> {
    return runStepsInSlices(this.fullSteps(text, 'first lint, in slices'), sliceMs);
  }

  /**
   * Lint `text`, the previous text with `changes` applied. Re-checks only the claim a single
   * local change falls in; otherwise lints the whole text.
   */
  update(text: string, changes: readonly TextChange[]): IncrementalResult {
    const local = this.tryLocal(text, changes);
    return typeof local === 'string' ? this.full(text, local) : local;
  }

  /**
   * {@link update} when the change can be re-checked locally; otherwise nothing is linted, the
   * linter drops its base (its next {@link update} is a full lint) and this returns undefined, so
   * an editor can run the full lint in slices ({@link lintInSlices}) instead of at once.
   */
  updateLocally(text: string, changes: readonly TextChange[]): IncrementalResult | undefined {
    const local = this.tryLocal(text, changes);
    if (typeof local !== 'string') return local;
    this.x12 = undefined;
    this.document = undefined;
    this.lines = undefined;
    this.findings = [];
    return undefined;
  }

  /** The local re-check of one change, or why it cannot be done (the state is then to be replaced by a full lint). */
  private tryLocal(text: string, changes: readonly TextChange[]): IncrementalResult | string {
    const state = this.x12;
    if (!state || !this.document || !this.lines) return 'no previous X12 lint';
    if (changes.length !== 1) return `${changes.length} changes`;
    const change = changes[0];
    if (this.text.length - change.length + change.text.length !== text.length) return 'text and change disagree';
    try {
      const why = this.local(state, text, change);
      if (why) return why;
    } catch (err) {
      if (err instanceof LintCancelled) throw err;
      return `local re-read failed (${err instanceof Error ? err.name : 'Error'})`;
    }
    return { document: this.document, findings: this.findings, lines: this.lines, incremental: true };
  }

  /** The findings whose span holds `offset` (binary search; for hovers and code actions). */
  findingsAt(offset: number): Finding[] {
    const f = this.findings;
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid].span.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    // Findings are sorted by start; a long one starting earlier may still hold the offset.
    const out: Finding[] = [];
    for (let k = lo - 1; k >= 0; k--) {
      const s = f[k].span;
      if (s.end >= offset) out.push(f[k]);
      if (offset - s.start > MAX_FINDING_REACH) break;
    }
    return out.reverse();
  }

  /** The claim holding `offset`, with spans of the current text (binary search). */
  claimAt(offset: number): Claim | undefined {
    const state = this.x12;
    if (!state) return this.document?.claims.find((c) => offset >= c.span.start && offset <= c.span.end);
    const k = this.claimIndexAt(state, offset);
    if (k < 0 || offset > state.ends[k]) return undefined;
    return this.materialize(state, k);
  }

  // ---- full lint -------------------------------------------------------------------------

  private full(text: string, reason: string): IncrementalResult {
    return runSteps(this.fullSteps(text, reason));
  }

  /**
   * A full lint as steps (yielding between claims and between file-wide rule runs, as the
   * engine's lintSteps does). Nothing of this linter changes until the last step.
   */
  private *fullSteps(text: string, reason: string): Steps<IncrementalResult> {
    const { isCancelled, fileName } = this.options;
    if (isCancelled?.()) throw new LintCancelled();
    const { run } = this;
    // X12 is checked claim by claim as it is read, keeping who reported what; the engine's path
    // (below) when a file-wide rule cannot be re-run per patient.
    const streamed =
      detectContent(text, fileName) === 'x12' && !run.rules.some((a) => a.rule.checkDocument && !PATIENT_SCOPED_RULES.has(a.rule.meta.id))
        ? new OwnedClaims(run)
        : undefined;
    const document = streamed
      ? yield* cancellable(readX12Steps(text, { onClaim: (claim, doc) => streamed.claim(claim, doc) }), isCancelled)
      : yield* parseDocumentSteps(text, fileName, isCancelled);
    yield;
    if (isCancelled?.()) throw new LintCancelled();
    const read = x12ReadState(document);
    let x12: X12State | undefined;
    if (streamed && !streamed.failed && read && document.problems.every((p) => p.ruleId !== 'x12-delimiters')) {
      x12 = yield* this.fullX12(document, read, streamed);
    }
    // The engine's own path (every rule over every claim) when the X12 one cannot keep owners; cap below.
    const findings = x12 ? x12.sorted : yield* lintSteps(document, { ...this.options, maxFindings: undefined });
    this.text = text;
    this.x12 = x12;
    this.document = document;
    this.lines = new LineIndex(text);
    this.findings = this.options.maxFindings !== undefined ? capFindings(findings, this.options.maxFindings, this.run.policy) : findings;
    return { document, findings: this.findings, lines: this.lines, incremental: false, fullReason: reason };
  }

  /**
   * The rest of a full X12 lint once the claims have been checked as they were read: the file-wide
   * rules per patient, then every finding with who reported it (the state for later updates; its
   * `sorted` are the findings); undefined if a rule failed.
   */
  private *fullX12(document: ClaimDocument, read: X12ReadState, owned: OwnedClaims): Steps<X12State | undefined> {
    const { run } = this;
    const n = owned.starts.length;
    const patientOf = new Map<Finding, string>();
    const all: Finding[] = run.readerFindings(document);
    const patientKeys = [...owned.patients.keys()];
    const none = new PatientLines();
    try {
      const actives = run.rules;
      const { outs } = owned;
      const contexts = owned.contexts ?? actives.map((active, r) => run.context(active, document, outs[r]));
      for (let r = 0; r < actives.length; r++) {
        const rule = actives[r].rule;
        if (!rule.checkDocument) continue;
        yield;
        if (this.options.isCancelled?.()) throw new LintCancelled();
        const out = outs[r];
        for (let i = 0; i < patientKeys.length; i++) {
          if (i % 256 === 255) {
            yield;
            if (this.options.isCancelled?.()) throw new LintCancelled();
          }
          const key = patientKeys[i];
          const before = out.length;
          rule.checkDocument(owned.lines.get(key) ?? none, contexts[r]);
          for (let f = before; f < out.length; f++) patientOf.set(out[f], key);
        }
      }
      for (const out of outs) for (const f of out) all.push(f);
    } catch (err) {
      if (err instanceof LintCancelled) throw err;
      return undefined; // the engine's path reports the crash as rule-error
    }
    sortFindings(all);
    const ownerClaim = new Int32Array(all.length);
    const ownerPatient: (string | undefined)[] = new Array(all.length);
    for (let i = 0; i < all.length; i++) {
      ownerClaim[i] = owned.claimOf.get(all[i]) ?? -1;
      ownerPatient[i] = patientOf.get(all[i]);
    }
    return {
      read,
      editor: document.editor as X12Editor,
      claims: new Array(n),
      original: read.claim,
      // Made outside this generator: a closure here would keep its scope (the rule pass) alive.
      originals: readsAll(document),
      version: new Int32Array(n),
      shifts: [],
      starts: Float64Array.from(owned.starts),
      ends: Float64Array.from(owned.ends),
      problems: [...document.problems],
      sorted: all,
      ownerClaim,
      ownerPatient,
      patients: owned.patients,
    };
  }

  // ---- the local path --------------------------------------------------------------------

  private claimIndexAt(state: X12State, offset: number): number {
    let lo = 0;
    let hi = state.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (state.starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The claim with all later edits applied to its spans (copied once, then kept). */
  private materialize(state: X12State, k: number): Claim {
    let original = state.claims[k];
    // Not asked for since the first lint: read it from the first text (its version is 0).
    if (original === undefined) state.claims[k] = original = state.original(k);
    if (state.version[k] === state.shifts.length) return original;
    const from = state.version[k];
    const copy = remap(original, (x) => mapOffset(x, state.shifts, from));
    state.editor.registerCopy(original, copy);
    state.claims[k] = copy;
    state.version[k] = state.shifts.length;
    return copy;
  }

  /** Re-check the claim one change falls in; returns why it cannot, or undefined when done. */
  private local(state: X12State, text: string, change: TextChange): string | undefined {
    const { offset, length, text: inserted } = change;
    const old = this.text;
    const delta = inserted.length - length;
    const segs = state.read.segs;
    const term = state.read.delimiters.segment;
    if (inserted.includes(term) || old.slice(offset, offset + length).includes(term)) return 'a segment terminator was added or removed';
    const k = this.claimIndexAt(state, offset);
    if (k < 0) return 'edit before the first claim';
    if (k <= state.read.settledAt) return 'edit in the claim that settled the component separator';
    const clmSeg = state.read.claims.clmSeg(k);
    const lastSeg = state.read.claims.lastSeg(k);
    if (offset < segs.start(clmSeg) + 3 || offset + length > segs.end(lastSeg)) return 'edit outside the claim body';
    if (lastSeg + 1 >= segs.count) return 'claim at the end of the text';

    // Re-tokenize the claim's stretch of the new text; the segment count must stay.
    const to = segs.start(lastSeg + 1) + delta;
    const local = tokenize(text, state.read.delimiters, segs.start(clmSeg), to);
    if (local.count !== lastSeg - clmSeg + 1) return 'segments split or joined';
    const newSegs = segs.edited(text, clmSeg, local, delta);
    for (let i = clmSeg; i <= lastSeg; i++) {
      const before = segs.id(i);
      if (before === 'DMG' || before === 'HL') return 'a segment that is read beyond its claim';
    }
    const editor = state.editor.derive(text, newSegs);
    const previous = this.materialize(state, k);
    const reread = rereadX12Claim(
      newSegs,
      state.read.delimiters,
      state.read.component,
      clmSeg,
      lastSeg,
      { patient: previous.patient, billingName: previous.billingProviderName, tx: state.read.claims.tx(k) },
      editor,
    );
    if (!reread) return 'the claim does not re-read as one claim';
    if (this.options.isCancelled?.()) throw new LintCancelled();

    // From here on the state moves to the new text.
    const editEnd = offset + length;
    const map = (x: number) => (x >= editEnd ? x + delta : x);
    state.shifts.push({ from: editEnd, delta });
    state.claims[k] = reread.claim;
    state.version[k] = state.shifts.length;
    state.starts[k] = reread.claim.span.start;
    state.ends[k] = reread.claim.span.end;
    for (let j = k + 1; j < state.starts.length; j++) {
      state.starts[j] += delta;
      state.ends[j] += delta;
    }
    for (let p = 0; p < state.problems.length; p++) if (state.problems[p].span.end >= editEnd) state.problems[p] = remap(state.problems[p], map);

    const patientKey = reread.claim.patient.key;
    const document = this.assembleDocument(state, text, newSegs, editor);
    const { run } = this;
    // Findings of the touched claim and of its patient's file-wide facts, in a full lint's order.
    const fresh: Finding[] = [];
    const freshPatient: (string | undefined)[] = [];
    const freshClaim: number[] = [];
    const patientClaims = (state.patients.get(patientKey) ?? [k]).map((j) => this.materialize(state, j));
    const patientLines = run.rules.some((a) => a.rule.checkDocument) ? patientLinesOf(patientClaims, run.policy, run.config.timedRounding) : new PatientLines();
    for (const active of run.rules) {
      const out: Finding[] = [];
      const context = run.context(active, document, out);
      if (active.rule.checkClaim) active.rule.checkClaim(reread.claim, context);
      const own = out.length;
      if (active.rule.checkDocument) active.rule.checkDocument(patientLines, context);
      out.forEach((f, i) => {
        fresh.push(f);
        freshClaim.push(i < own ? k : -1);
        freshPatient.push(i < own ? undefined : patientKey);
      });
    }
    const order = fresh.map((_, i) => i).sort((a, b) => fresh[a].span.start - fresh[b].span.start || fresh[a].span.end - fresh[b].span.end || a - b);

    // Merge with the others' findings, moved by the edit (none of them shares a span with the fresh ones).
    const prev = state.sorted;
    const total = prev.length + fresh.length;
    const sorted: Finding[] = [];
    const ownerClaim = new Int32Array(total);
    const ownerPatient: (string | undefined)[] = [];
    let o = 0;
    let q = 0;
    const takeOld = (): boolean => {
      for (; o < prev.length; o++) {
        if (state.ownerClaim[o] === k || state.ownerPatient[o] === patientKey) continue;
        return true;
      }
      return false;
    };
    while (true) {
      const hasOld = takeOld();
      if (!hasOld && q >= order.length) break;
      let useOld = hasOld;
      let oldFinding: Finding | undefined;
      if (hasOld) {
        oldFinding = shiftFinding(prev[o], editEnd, delta);
        if (q < order.length) {
          const f = fresh[order[q]];
          useOld = oldFinding.span.start < f.span.start || (oldFinding.span.start === f.span.start && oldFinding.span.end <= f.span.end);
        }
      }
      if (useOld) {
        ownerClaim[sorted.length] = state.ownerClaim[o];
        ownerPatient.push(state.ownerPatient[o]);
        sorted.push(oldFinding!);
        o++;
      } else {
        const i = order[q++];
        ownerClaim[sorted.length] = freshClaim[i];
        ownerPatient.push(freshPatient[i]);
        sorted.push(fresh[i]);
      }
    }
    state.sorted = sorted;
    state.ownerClaim = ownerClaim.subarray(0, sorted.length);
    state.ownerPatient = ownerPatient;
    const findings = sorted;

    this.text = text;
    this.lines = this.lines!.edited(text, offset, length, inserted);
    this.document = document;
    this.findings = this.options.maxFindings !== undefined ? capFindings(findings, this.options.maxFindings, run.policy) : findings;
    return undefined;
  }

  /**
   * The new document. Claims after the edit keep their old objects until someone asks for the
   * whole list (then they are copied with shifted spans, once); the outline is read again only
   * when asked for.
   */
  private assembleDocument(state: X12State, text: string, segs: X12ReadState['segs'], editor: X12Editor): ClaimDocument {
    const read: X12ReadState = { ...state.read, segs };
    (state as { read: X12ReadState }).read = read;
    (state as { editor: X12Editor }).editor = editor;
    const format = this.document!.format;
    const problems = [...state.problems];
    let claims: Claim[] | undefined;
    let outline: readonly OutlineNode[] | undefined;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter below has its own `this`
    const self = this;
    const document: ClaimDocument = {
      format,
      text,
      problems,
      editor,
      get claims(): readonly Claim[] {
        if (!claims) {
          // All of them: read the first text's claims in one pass rather than one reader each.
          state.originals();
          claims = new Array(state.claims.length);
          for (let k = 0; k < state.claims.length; k++) claims[k] = self.materialize(state, k);
        }
        return claims;
      },
      get outline(): readonly OutlineNode[] {
        return (outline ??= readX12(text).outline);
      },
    };
    setX12ReadState(document, read);
    return document;
  }
}

/** A function reading all of a document's claims once (a batch read keeps none). */
function readsAll(document: ClaimDocument): () => void {
  return () => void document.claims;
}

/** How far before an offset a finding can start and still hold it (findings are element-sized; envelope findings too). */
const MAX_FINDING_REACH = 4096;

export type { Span };
