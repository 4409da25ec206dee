import type { Claim, ClaimDocument, Diagnosis, OutlineNode, Patient, ProcedureCode, ServiceLine } from '../../model/claim';
import type { Fix, ParseProblem } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { x12Variant } from '../detect';
import { readDelimiters, type Delimiters } from './delimiters';
import { CharFinder, indexOfCode, segmentIdCode, shortCodeAt, tokenize, X12Segments } from './tokenizer';
import { X12Editor, type ClaimRef, type LineRef, type TransactionRef } from './editor';
import { runSteps, type Steps } from '../../steps';

/** Qualifiers of HI composites that carry diagnoses (ICD-10 and ICD-9; principal, other, admitting, reason, external cause). */
const DIAGNOSIS_QUALIFIERS = new Set(['ABK', 'ABF', 'ABJ', 'APR', 'ABN', 'BK', 'BF', 'BJ', 'PR', 'BN']);

/** {@link DIAGNOSIS_QUALIFIERS} by {@link shortCodeAt} (all are two or three ASCII letters). */
const DIAGNOSIS_QUALIFIER_CODES = new Map([...DIAGNOSIS_QUALIFIERS].map((q) => [segmentIdCode(q), q]));

/** Characters tried when a composite does not use the declared ISA16 separator. */
const COMPONENT_CANDIDATES = [':', '>', '<', '^', '|', '\\', '!', '@', '{', '}', '`'];

const EMPTY_SPAN: Span = { start: 0, end: 0 };

/**
 * Codes of the segment ids the reader acts on ({@link segmentIdCode}). The read loop switches on
 * these numbers rather than on id strings: a 50 MB batch has two million segments, and building
 * or interning an id string for each cost more than the rest of the dispatch.
 */
const ISA = segmentIdCode('ISA');
const GS = segmentIdCode('GS');
const ST = segmentIdCode('ST');
const SE = segmentIdCode('SE');
const GE = segmentIdCode('GE');
const IEA = segmentIdCode('IEA');
const HL = segmentIdCode('HL');
const NM1 = segmentIdCode('NM1');
const DMG = segmentIdCode('DMG');
const CLM = segmentIdCode('CLM');
const LX = segmentIdCode('LX');
const HI = segmentIdCode('HI');
const DTP = segmentIdCode('DTP');
const PRV = segmentIdCode('PRV');
const SV1 = segmentIdCode('SV1');
const SV2 = segmentIdCode('SV2');

/** Streaming: claims read before they are handed on together (see Reader.flush). */
const HAND_ON_BATCH = 32;

/** Streaming: claims handed on (and checked by the rules) between two pauses of {@link readX12Steps}. */
const CLAIMS_PER_STEP = 64;

/** Segments read between two pauses of {@link readX12Steps} (a few milliseconds of work). */
const SEGMENTS_PER_STEP = 4096;

/**
 * Read an X12 837 (005010X222 professional or X223 institutional) into the claim model. Never
 * throws: what cannot be read becomes an x12-syntax / x12-envelope / x12-delimiters problem.
 */
export function readX12(text: string, options: X12ReadOptions = {}): ClaimDocument {
  return runSteps(readX12Steps(text, options));
}

export interface X12ReadOptions {
  /**
   * Called with each claim soon after it is read (in batches of a few), in document order, with
   * the document being read (a fix that removes a line still recounts SE01: the editor looks ahead for the SE that
   * will close the transaction set). With it the reader keeps no claim objects: `document.claims` reads
   * them again from the segment table when first asked. The engine's batch lint uses this to check
   * a large file claim by claim. While reading, the document's `claims`, `problems` and `outline`
   * cover what has been read so far.
   */
  readonly onClaim?: (claim: Claim, document: ClaimDocument) => void;
}

/**
 * {@link readX12} as steps: pauses every {@link SEGMENTS_PER_STEP} segments, so an editor can read
 * a large batch in time slices (see steps.ts). Same document as `readX12`.
 */
export function* readX12Steps(text: string, options: X12ReadOptions = {}): Steps<ClaimDocument> {
  const delim = readDelimiters(text);
  if (!delim.ok) {
    return { format: 'x12-837p', text, claims: [], problems: delim.problems, editor: new X12Editor(text, undefined), outline: [] };
  }
  const segs = tokenize(text, delim.delimiters, delim.isaStart);
  yield;
  const reader = new Reader(text, segs, delim.delimiters);
  reader.problems.push(...delim.problems);
  if (options.onClaim) reader.stream(options.onClaim);
  yield* reader.run();
  const document = reader.document;
  READS.set(document, {
    segs,
    delimiters: delim.delimiters,
    component: reader.effectiveComponent,
    settledAt: reader.settledAt,
    claims: reader.table,
    claim: reader.claimAt.bind(reader),
  });
  return document;
}

/**
 * @internal What the incremental linter needs to re-read one claim of a document this reader
 * produced: segment boundaries, delimiters, and where each claim's segments are.
 */
export interface X12ReadState {
  readonly segs: X12Segments;
  readonly delimiters: Delimiters;
  /** The component separator in effect after reading (ISA16 or the one the body uses). */
  readonly component: string;
  /**
   * Index of the claim whose composite settled the component separator; edits up to that claim
   * could settle it differently. Infinity when it never settled.
   */
  readonly settledAt: number;
  /** Per claim (same order as `claims`): its segments and what it was read with. */
  readonly claims: ClaimTable;
  /**
   * Claim k as this read gave it, in its text's offsets: kept by a reader that keeps claims, else
   * read again from the segment table (a batch lint, or the incremental linter's first lint).
   */
  readonly claim: (k: number) => Claim;
}

const READS = new WeakMap<ClaimDocument, X12ReadState>();

/** Segments whose reading changes state beyond the claim they sit in (envelopes, HL, a patient's DMG). */
const NON_LOCAL_SEGMENTS = new Set(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'HL', 'DMG']);

/** @internal The read state of a document `readX12` returned (undefined for other documents). */
export function x12ReadState(document: ClaimDocument): X12ReadState | undefined {
  return READS.get(document);
}

/** @internal Attach read state to a document assembled by the incremental linter. */
export function setX12ReadState(document: ClaimDocument, state: X12ReadState): void {
  READS.set(document, state);
}

/**
 * @internal Re-read one claim (segments clmSeg..lastSeg of `segs`) in the context it had: its
 * patient, billing provider, transaction and component separator. Returns the claim and its
 * outline node, registered with `editor`; undefined when the segments no longer form exactly one
 * claim, so the caller reads the whole text instead.
 */
export function rereadX12Claim(
  segs: X12Segments,
  delimiters: Delimiters,
  component: string,
  clmSeg: number,
  lastSeg: number,
  context: { patient: Patient; billingName?: string; tx: TransactionRef },
  editor: X12Editor,
): { claim: Claim; outline: OutlineNode } | undefined {
  const reader = new Reader(segs.text, segs, delimiters, editor);
  reader.presetClaimContext(component, context.patient, context.billingName, context.tx);
  for (let i = clmSeg; i <= lastSeg; i++) {
    const id = segs.id(i);
    if (i === clmSeg ? id !== 'CLM' : id === 'CLM' || NON_LOCAL_SEGMENTS.has(id)) return undefined;
    reader.body(i, id);
  }
  reader.closeClaim();
  const outline = reader.finishOutline();
  if (reader.claims.length !== 1 || reader.problems.length > 0 || outline.length !== 1) return undefined;
  return { claim: reader.claims[0], outline: outline[0] };
}

interface Person {
  lastName?: string;
  firstName?: string;
  memberId?: string;
  birthDate?: string;
  span?: Span;
  loopId: string;
  /** The patient, built on the first claim (reset when the DMG changes the birth date). */
  patient?: Patient;
  /** The NM1 this person was read from, and the DMG that last set the birth date (-1: none). */
  nm1Seg: number;
  dmgSeg: number;
}

interface LineDraft {
  firstSeg: number;
  lastSeg: number;
  number?: Field<number>;
  svSeg?: number;
  date?: Field<string>;
  taxonomy?: Field<string>;
  inRendering: boolean;
}

interface ClaimDraft {
  clmSeg: number;
  lastSeg: number;
  date?: Field<string>;
  statementDate?: Field<string>;
  taxonomy?: Field<string>;
  providerLoop?: string;
  patient: Patient;
  /** Where the patient was read, as the claim opened: its NM1 and last DMG (-1: none). */
  personSeg: number;
  dmgSeg: number;
  lines: LineDraft[];
  tx: TransactionRef;
}

interface Envelope {
  seg: number;
  count: number;
  control: string;
  node?: OutlineNode;
}

class Reader {
  readonly problems: ParseProblem[] = [];
  readonly claims: Claim[] = [];
  readonly outline: OutlineNode[] = [];
  readonly editor: X12Editor;
  format: ClaimDocument['format'] = 'x12-837p';

  private component: string;
  private componentSettled = false;
  private interchange?: Envelope;
  private group?: Envelope;
  private transaction?: Envelope & { ref: TransactionRef; skip: boolean };
  private claim?: ClaimDraft;
  private line?: LineDraft;
  private hlLevel = '';
  private subscriber?: Person;
  private patient?: Person;
  private lastPerson?: Person;
  private billingName?: string;
  /** The NM1*85 the billing provider name was read from. */
  private billingSeg = -1;
  private outsideReported = false;
  private transactions = 0;
  private claimTransactions = 0;
  private formatSet = false;
  private readonly dates = new Map<string, string | undefined>();
  /** Claim outline nodes still to build: for claim outlineBuilt + k, the children list it goes into. */
  private readonly claimNodeTargets: OutlineNode[][] = [];
  private outlineBuilt = 0;
  /** Set by {@link stream} until the reading ends: claims go here, not into `claims`. */
  private sink?: (claim: Claim, document: ClaimDocument) => void;
  private streaming = false;
  private rereadClaims?: Claim[];
  /** The Patient objects of claims read again one at a time ({@link claimAt}). */
  private rereadPatients?: Map<string, Patient>;
  /** Streaming: claims read and not yet handed on (at most {@link HAND_ON_BATCH}). */
  private readonly pending: Claim[] = [];
  /** Streaming: claims handed on since the last pause of {@link run}. */
  private handedOn = 0;
  /** The whole text has been read. */
  private done = false;

  /** See {@link X12ReadState.settledAt}. */
  settledAt = Infinity;
  readonly table = new ClaimTable();
  private presetPatient?: Patient;
  private componentFinder?: CharFinder;
  /** The open claim's diagnoses, and a line's modifiers and pointers while it is built. */
  private readonly diagnosisScratch = new Collector<Diagnosis>();
  private readonly fieldScratch = new Collector<Field<string>>();
  private readonly pointerScratch = new Collector<Field<number>>();

  constructor(
    readonly text: string,
    private readonly segs: X12Segments,
    private readonly delimiters: Delimiters,
    editor?: X12Editor,
  ) {
    this.component = delimiters.component;
    this.editor = editor ?? new X12Editor(text, segs);
    this.document = makeDocument(this);
  }

  /**
   * The document this reader fills. Made here rather than in readX12Steps so its getters hold only
   * the reader, not what that generator's scope holds (the onClaim callback and, through it, the
   * lint that streamed the claims). The outline (document symbols only) is built on first use:
   * claim and line nodes are most of it.
   */
  readonly document: ClaimDocument;

  get effectiveComponent(): string {
    return this.component;
  }

  /**
   * Hand each claim to `sink` soon after it is read, instead of keeping it; see
   * {@link X12ReadOptions.onClaim}.
   */
  stream(sink: (claim: Claim, document: ClaimDocument) => void): void {
    this.sink = sink;
    this.streaming = true;
    this.editor.forgetAll();
  }

  /** Every claim: the ones kept, or (streaming) the claims read again from the segment table, once. */
  allClaims(): readonly Claim[] {
    if (!this.streaming) return this.claims;
    // Asked while still reading (a rule looking at the whole document): the claims so far, not kept.
    if (!this.done) return this.readAgain(0, this.table.count, new Map());
    return (this.rereadClaims ??= this.readAgain(0, this.table.count, new Map()));
  }

  /** Claim k: kept, or (streaming) read again from the segment table; see {@link X12ReadState.claim}. */
  claimAt(k: number): Claim {
    if (!this.streaming) return this.claims[k];
    if (this.rereadClaims) return this.rereadClaims[k];
    return this.readAgain(k, k + 1, (this.rereadPatients ??= new Map()))[0];
  }

  /**
   * Claims from..to-1 read again, each in the context it was first read in (see rereadX12Claim),
   * by one reader. Claims of one subscriber loop share a Patient through `patients`.
   */
  private readAgain(from: number, to: number, patients: Map<string, Patient>): Claim[] {
    const r = new Reader(this.text, this.segs, this.delimiters, this.editor);
    const table = this.table;
    for (let k = from; k < to; k++) {
      const billing = table.billingSeg(k);
      const billingName = billing < 0 ? undefined : this.segs.element(billing, 3) || undefined;
      // Up to the claim that settled the component separator, each was read with the declared
      // one, trying to settle it: read them the same way (settling again where it settled).
      const early = k <= this.settledAt;
      const component = early ? this.delimiters.component : this.component;
      r.presetClaimContext(component, this.tablePatient(k, patients), billingName, table.tx(k), !early);
      const last = table.lastSeg(k);
      for (let i = table.clmSeg(k); i <= last; i++) r.body(i, this.segs.idCode(i));
      r.closeClaim();
    }
    return r.claims;
  }

  /** @internal For re-reading one claim: the state the reader had when it reached its CLM. */
  presetClaimContext(component: string, patient: Patient, billingName: string | undefined, tx: TransactionRef, settled = true): void {
    this.component = component;
    this.componentSettled = settled;
    this.presetPatient = patient;
    this.billingName = billingName;
    this.transaction = { seg: tx.stSeg, count: 0, control: '', skip: false, ref: tx };
  }

  /** Build the claim and line outline nodes (once) and return the outline. */
  finishOutline(): OutlineNode[] {
    const targets = this.claimNodeTargets;
    if (targets.length === 0) return this.outline;
    const claims = this.allClaims();
    // Targets already built (an outline asked for while streaming) are gone from the list.
    const first = this.outlineBuilt;
    for (let k = 0; k < targets.length; k++) targets[k].push(this.claimNode(claims[first + k], first + k));
    this.outlineBuilt += targets.length;
    targets.length = 0;
    return this.outline;
  }

  private claimNode(claim: Claim, k: number): OutlineNode {
    const c = this.table.clmSeg(k);
    const lines = claim.lines;
    const total = claim.totalCharge && Number.isFinite(claim.totalCharge.value) ? `$${claim.totalCharge.value.toFixed(2)}` : '';
    return {
      kind: 'claim',
      label: `CLM ${claim.id.value} ${total}`.trim(),
      detail: claim.serviceDate?.value,
      span: claim.span,
      selectionSpan: this.segs.elementSpan(c, 0)!,
      children: lines.map((l) => lineNode(l)),
    };
  }

  *run(): Steps<void> {
    const segs = this.segs;
    for (let i = 0; i < segs.count; i++) {
      // Also after every few batches handed on: the rules run on them within the step.
      if (i % SEGMENTS_PER_STEP === SEGMENTS_PER_STEP - 1 || this.handedOn >= CLAIMS_PER_STEP) {
        this.handedOn = 0;
        yield;
      }
      const code = segs.idCode(i);
      switch (code) {
        case ISA:
          this.openInterchange(i);
          break;
        case GS:
          this.openGroup(i);
          break;
        case ST:
          this.openTransaction(i);
          break;
        case SE:
          this.closeTransaction(i);
          break;
        case GE:
          this.closeGroup(i);
          break;
        case IEA:
          this.closeInterchange(i);
          break;
        default:
          if (!this.transaction) {
            this.reportOutside(i, segs.id(i));
            break;
          }
          this.outsideReported = false;
          if (!this.transaction.skip) this.body(i, code);
      }
    }
    // Transaction sets, none of them an 837 (an 835 remittance, a 270 …): not a claim format.
    if (this.transactions > 0 && this.claimTransactions === 0) this.format = 'unknown';
    const end = segs.count - 1;
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, end);
    if (this.group) this.missing('GE', 'functional group', this.group.seg, end);
    if (this.interchange) this.missing('IEA', 'interchange', this.interchange.seg, end);
    this.closeClaim();
    if (this.sink) {
      this.flush();
      this.editor.stopForgetting();
      // The document outlives the lint; what the sink holds (the rule pass) need not.
      this.sink = undefined;
    }
    this.done = true;
  }

  // ---- envelopes -------------------------------------------------------------------------

  private envelopeProblem(messageId: string, span: Span, data: Record<string, string | number>, fixes?: Fix[]): void {
    this.problems.push({ ruleId: 'x12-envelope', messageId, data, span, fixes });
  }

  private missing(segment: string, envelope: string, headerSeg: number, lastSeg: number): void {
    this.closeClaim();
    const header = this.segs.elementSpan(headerSeg, 0)!;
    this.envelopeProblem('missingTrailer', header, { segment, envelope }, undefined);
    void lastSeg;
  }

  private reportOutside(i: number, id: string): void {
    if (this.outsideReported) return;
    this.outsideReported = true;
    const envelope = !this.interchange ? 'interchange (ISA/IEA)' : !this.group ? 'functional group (GS/GE)' : 'transaction set (ST/SE)';
    // Only a segment id is quoted: free text here can be a patient's name, birth date and member id.
    const segment = /^[A-Z][A-Z0-9]{1,2}$/.test(id) ? id : id ? `(text of ${id.length} characters, not a segment id)` : '(empty)';
    this.envelopeProblem('outsideEnvelope', this.segs.elementSpan(i, 0)!, { segment, envelope });
  }

  private numberFix(i: number, n: number, label: string, value: string | number): Fix[] | undefined {
    const s = this.segs.elementSpan(i, n);
    if (!s) return undefined;
    return [{ title: `Set ${label} to ${value}`, kind: 'fix', edits: [{ span: s, newText: String(value) }] }];
  }

  private checkCount(i: number, n: number, label: string, actual: number, messageId: string): void {
    const raw = this.segs.element(i, n);
    if (raw.trim() !== '' && Number(raw) === actual) return;
    const span = this.segs.elementSpan(i, n) ?? this.segs.elementSpan(i, 0)!;
    this.envelopeProblem(messageId, span, { expected: raw, actual }, this.numberFix(i, n, label, actual));
  }

  private checkControl(i: number, n: number, element: string, otherElement: string, expected: string): void {
    const actual = this.segs.element(i, n);
    if (actual.trim() === expected.trim()) return;
    const span = this.segs.elementSpan(i, n) ?? this.segs.elementSpan(i, 0)!;
    this.envelopeProblem('controlNumberMismatch', span, { element, otherElement, actual, expected }, this.numberFix(i, n, element, expected));
  }

  private openInterchange(i: number): void {
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, i - 1);
    if (this.group) this.missing('GE', 'functional group', this.group.seg, i - 1);
    if (this.interchange) this.missing('IEA', 'interchange', this.interchange.seg, i - 1);
    this.transaction = undefined;
    this.group = undefined;
    const control = this.segs.element(i, 13);
    const node: OutlineNode = {
      kind: 'interchange',
      label: `Interchange ${control.trim()}`,
      detail: `${this.segs.element(i, 6).trim()} → ${this.segs.element(i, 8).trim()}`,
      span: this.segs.span(i),
      selectionSpan: this.segs.elementSpan(i, 0)!,
      children: [],
    };
    this.outline.push(node);
    this.interchange = { seg: i, count: 0, control, node };
    this.outsideReported = false;
  }

  private openGroup(i: number): void {
    if (!this.interchange) this.reportOutside(i, 'GS');
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, i - 1);
    if (this.group) this.missing('GE', 'functional group', this.group.seg, i - 1);
    this.transaction = undefined;
    if (this.interchange) this.interchange.count++;
    this.group = { seg: i, count: 0, control: this.segs.element(i, 6) };
    this.setFormat(this.segs.element(i, 8));
    this.outsideReported = false;
  }

  private setFormat(version: string): void {
    if (this.formatSet || !version) return;
    this.format = x12Variant(version);
    this.formatSet = true;
  }

  private openTransaction(i: number): void {
    if (!this.group) this.reportOutside(i, 'ST');
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, i - 1);
    if (this.group) this.group.count++;
    const code = this.segs.element(i, 1);
    const control = this.segs.element(i, 2);
    const skip = code !== '837';
    this.transactions++;
    if (!skip) this.claimTransactions++;
    if (skip) this.envelopeProblem('notAClaim', this.segs.elementSpan(i, 1) ?? this.segs.elementSpan(i, 0)!, { actual: code });
    this.setFormat(this.segs.element(i, 3));
    const node: OutlineNode = {
      kind: 'transaction',
      label: `${code} ${control}`.trim(),
      detail: this.segs.element(i, 3) || undefined,
      span: this.segs.span(i),
      selectionSpan: this.segs.elementSpan(i, 0)!,
      children: [],
    };
    (this.interchange?.node?.children ?? this.outline).push(node);
    this.transaction = { seg: i, count: 0, control, node, skip, ref: { stSeg: i } };
    this.hlLevel = '';
    this.subscriber = undefined;
    this.patient = undefined;
    this.outsideReported = false;
  }

  private closeTransaction(i: number): void {
    const tx = this.transaction;
    if (!tx) {
      this.reportOutside(i, 'SE');
      return;
    }
    this.closeClaim();
    tx.ref.seSeg = i;
    this.checkCount(i, 1, 'SE01', i - tx.seg + 1, 'segmentCount');
    this.checkControl(i, 2, 'SE02', 'ST02', tx.control);
    if (tx.node) extend(tx.node, this.segs.end(i));
    this.transaction = undefined;
  }

  private closeGroup(i: number): void {
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, i - 1);
    this.transaction = undefined;
    const g = this.group;
    if (!g) {
      this.reportOutside(i, 'GE');
      return;
    }
    this.checkCount(i, 1, 'GE01', g.count, 'groupCount');
    this.checkControl(i, 2, 'GE02', 'GS06', g.control);
    this.group = undefined;
  }

  private closeInterchange(i: number): void {
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg, i - 1);
    if (this.group) this.missing('GE', 'functional group', this.group.seg, i - 1);
    this.transaction = undefined;
    this.group = undefined;
    const x = this.interchange;
    if (!x) {
      this.reportOutside(i, 'IEA');
      return;
    }
    this.checkCount(i, 1, 'IEA01', x.count, 'interchangeCount');
    this.checkControl(i, 2, 'IEA02', 'ISA13', x.control);
    if (x.node) extend(x.node, this.segs.end(i));
    this.interchange = undefined;
  }

  // ---- transaction body ------------------------------------------------------------------

  /**
   * @internal `id` is the segment's id code from the read loop, or its id string when re-reading a
   * claim.
   */
  body(i: number, id: number | string): void {
    this.segment(i, typeof id === 'number' ? id : segmentIdCode(id));
    // After the switch, so a CLM or LX that opens a claim or line is not counted in the one it ends.
    if (this.claim) this.claim.lastSeg = i;
    if (this.line) this.line.lastSeg = i;
  }

  private segment(i: number, code: number): void {
    const segs = this.segs;
    switch (code) {
      case HL: {
        this.closeClaim();
        this.hlLevel = segs.element(i, 3);
        if (this.hlLevel === '20') {
          this.subscriber = undefined;
          this.patient = undefined;
          this.billingName = undefined;
        } else if (this.hlLevel === '22') {
          this.subscriber = undefined;
          this.patient = undefined;
        } else if (this.hlLevel === '23') {
          this.patient = undefined;
        }
        return;
      }
      case NM1:
        return this.nm1(i);
      case DMG: {
        if (this.lastPerson && segs.element(i, 1) === 'D8') {
          this.lastPerson.birthDate = this.isoDateAt(segs.elementStart(i, 2), segs.elementEnd(i, 2));
          this.lastPerson.dmgSeg = i;
          this.lastPerson.patient = undefined;
        }
        return;
      }
      case CLM:
        return this.openClaim(i);
      case LX:
        return this.openLine(i);
      case HI:
        if (this.claim && !this.line) this.hi(i);
        return;
      case DTP:
        return this.dtp(i);
      case PRV:
        return this.prv(i);
      case SV1:
      case SV2:
        if (this.line && this.line.svSeg === undefined) this.line.svSeg = i;
        return;
      default:
        return;
    }
  }

  private nm1(i: number): void {
    const segs = this.segs;
    if (this.line) {
      // Most NM1s of a batch sit in service lines: compare NM101 in place, no string.
      this.line.inRendering = this.elementIs(i, 1, '82');
      return;
    }
    const entity = segs.element(i, 1);
    if (this.claim) {
      this.claim.providerLoop = entity;
      return;
    }
    this.lastPerson = undefined;
    if (entity === '85') {
      this.billingName = segs.element(i, 3) || undefined;
      this.billingSeg = i;
    } else if (entity === 'IL' && this.hlLevel === '22') this.lastPerson = this.subscriber = this.person(i, '2010BA');
    else if (entity === 'QC') this.lastPerson = this.patient = this.person(i, '2010CA');
  }

  /** The subscriber or patient an NM1 names (a method, not a closure made for every NM1). */
  private person(i: number, loopId: string): Person {
    const segs = this.segs;
    return {
      lastName: segs.element(i, 3) || undefined,
      firstName: segs.element(i, 4) || undefined,
      memberId: segs.element(i, 9) || undefined,
      span: segs.span(i),
      loopId,
      nm1Seg: i,
      dmgSeg: -1,
    };
  }

  /** The patient of a subscriber or patient loop (one object for all its claims). */
  private patientOf(p: Person): Patient {
    if (p.patient) return p.patient;
    const key = p.memberId
      ? `id:${p.memberId.toUpperCase()}`
      : `name:${(p.lastName ?? '').toUpperCase()}^${(p.firstName ?? '').toUpperCase()}^${p.birthDate ?? ''}`;
    return (p.patient = { key, memberId: p.memberId, lastName: p.lastName, firstName: p.firstName, birthDate: p.birthDate, loopId: p.loopId, span: p.span });
  }

  /** The person the claims read now belong to: the patient loop's (2010CA) under HL*23, else the subscriber's. */
  private currentPerson(): Person | undefined {
    return this.hlLevel === '23' ? this.patient : this.subscriber;
  }

  private currentPatient(clmSeg: number): Patient {
    const p = this.currentPerson();
    // No subscriber/patient read: a key of its own, so unrelated claims are never grouped.
    if (!p) return { key: `unknown:${clmSeg}`, loopId: this.hlLevel === '23' ? '2010CA' : '2010BA' };
    // A subscriber's claims share one Patient (built once, its key hashed once by the rules' maps).
    return this.patientOf(p);
  }

  /**
   * The patient of claim k of the table, read again from the NM1 and DMG it came from: the table
   * keeps segment numbers, not the objects (one per subscriber loop, tens of thousands in a batch).
   * Claims read from the same loop share the object, as they did when first read.
   */
  private tablePatient(k: number, cache: Map<string, Patient>): Patient {
    const t = this.table;
    const nm1 = t.personSeg(k);
    if (nm1 < 0) return { key: `unknown:${t.clmSeg(k)}`, loopId: t.unknownLoopId(k) };
    const dmg = t.dmgSeg(k);
    const at = `${nm1}:${dmg}`;
    let patient = cache.get(at);
    if (!patient) {
      const segs = this.segs;
      const person = this.person(nm1, this.elementIs(nm1, 1, 'QC') ? '2010CA' : '2010BA');
      if (dmg >= 0) person.birthDate = this.isoDateAt(segs.elementStart(dmg, 2), segs.elementEnd(dmg, 2));
      cache.set(at, (patient = this.patientOf(person)));
    }
    return patient;
  }

  private openClaim(i: number): void {
    this.closeClaim();
    const person = this.presetPatient ? undefined : this.currentPerson();
    this.diagnosisScratch.count = 0;
    this.claim = {
      clmSeg: i,
      lastSeg: i,
      patient: this.presetPatient ?? this.currentPatient(i),
      personSeg: person?.nm1Seg ?? -1,
      dmgSeg: person?.dmgSeg ?? -1,
      lines: [],
      tx: this.transaction!.ref,
    };
  }

  private openLine(i: number): void {
    if (!this.claim) return;
    this.line = { firstSeg: i, lastSeg: i, number: this.numberField(i, 1), inRendering: false };
    this.claim.lines.push(this.line);
  }

  private dtp(i: number): void {
    if (!this.claim) return;
    // Only DTP*472 (service) and, on a claim, DTP*434 (statement) dates are kept: decide that
    // before reading the date, without slicing the qualifier.
    const service = this.elementIs(i, 1, '472');
    const statement = !service && !this.line && !this.claim.statementDate && this.elementIs(i, 1, '434');
    if (!service && !statement) return;
    const date = this.dateField(i);
    if (!date) return;
    if (this.line) this.line.date = date;
    else if (service) this.claim.date = date;
    else this.claim.statementDate = date;
  }

  private prv(i: number): void {
    // Decide whether the taxonomy is wanted before building its field (PRV01 compared in place).
    const wanted = this.line
      ? this.line.inRendering && this.elementIs(i, 1, 'PE')
      : this.claim !== undefined && !this.claim.taxonomy && (this.elementIs(i, 1, 'PE') || this.elementIs(i, 1, 'AT'));
    if (!wanted) return;
    const taxonomy = this.field(i, 3);
    if (!taxonomy || !taxonomy.value) return;
    if (this.line) this.line.taxonomy = taxonomy;
    else this.claim!.taxonomy = taxonomy;
  }

  /**
   * Diagnoses of an HI segment: each element "QUALIFIER<component>CODE…" with a diagnosis
   * qualifier. Read in place: only the first two components matter, so no component array is
   * built, and the qualifier is matched by its char codes (no string for the elements skipped).
   */
  private hi(i: number): void {
    const diagnoses = this.diagnosisScratch;
    const segs = this.segs;
    const text = this.text;
    const n = segs.elementCount(i);
    for (let e = 1; e <= n; e++) {
      const start = segs.elementStart(i, e);
      const end = segs.elementEnd(i, e);
      const components = this.componentsIn(start, end);
      const sep = components.find(start, end);
      if (sep < 0) continue; // one component: no code
      const qualifier = DIAGNOSIS_QUALIFIER_CODES.get(shortCodeAt(text, start, sep));
      if (qualifier === undefined) continue;
      const codeSpan = { start: sep + 1, end: components.until(sep + 1, end) };
      const code = this.slice(codeSpan);
      diagnoses.push({
        sequence: diagnoses.count + 1,
        code: { value: code, raw: code, span: codeSpan },
        qualifier,
        span: { start, end },
      });
    }
  }

  // ---- claims and lines ------------------------------------------------------------------

  /** @internal */
  closeClaim(): void {
    const draft = this.claim;
    this.claim = undefined;
    this.line = undefined;
    if (!draft) return;
    const segs = this.segs;
    const c = draft.clmSeg;
    const claimDate = draft.date ?? draft.statementDate;
    const drafts = draft.lines;
    const lines: ServiceLine[] = new Array(drafts.length);
    for (let k = 0; k < drafts.length; k++) lines[k] = this.buildLine(drafts[k], claimDate);
    const claim: Claim = {
      loopId: '2300',
      span: { start: segs.start(c), end: segs.end(draft.lastSeg) },
      id: this.field(c, 1) ?? { value: '', raw: '', span: segs.elementSpan(c, 0)! },
      totalCharge: this.numberField(c, 2),
      placeOfService: this.firstComponentField(c, 5),
      diagnoses: this.diagnosisScratch.take(),
      serviceDate: claimDate,
      patient: draft.patient,
      renderingTaxonomy: draft.taxonomy,
      billingProviderName: this.billingName,
      lines,
    };
    if (!this.sink) this.claims.push(claim);
    const claimRef: ClaimRef = { clmSeg: c, tx: draft.tx };
    this.table.add(
      c,
      draft.lastSeg,
      draft.tx,
      draft.personSeg,
      draft.dmgSeg,
      draft.patient.loopId === '2010CA',
      this.billingName === undefined ? -1 : this.billingSeg,
    );
    this.editor.registerClaim(claim, claimRef);
    for (let k = 0; k < drafts.length; k++) {
      const l = drafts[k];
      const ref: LineRef = { firstSeg: l.firstSeg, lastSeg: l.lastSeg, svSeg: l.svSeg, claim: claimRef };
      this.editor.registerLine(lines[k], ref);
    }
    this.claimNodeTargets.push(this.transaction?.node?.children ?? this.outline);
    if (this.sink) {
      this.pending.push(claim);
      if (this.pending.length === HAND_ON_BATCH) this.flush();
    }
  }

  /**
   * Streaming: hand the claims read since the last call to the sink, then let the editor forget
   * them. In batches rather than one by one: reading a few claims, then checking them, runs
   * measurably faster (about 6 % on the 50 MB bench) than switching between the two per claim.
   */
  private flush(): void {
    const pending = this.pending;
    for (let k = 0; k < pending.length; k++) this.sink!(pending[k], this.document);
    this.handedOn += pending.length;
    pending.length = 0;
    this.editor.forgetAll();
  }

  private buildLine(l: LineDraft, claimDate: Field<string> | undefined): ServiceLine {
    const segs = this.segs;
    const span = { start: segs.start(l.firstSeg), end: segs.end(l.lastSeg) };
    const sv = l.svSeg;
    if (sv === undefined) {
      return {
        loopId: '2400',
        span,
        number: l.number,
        serviceSpan: segs.span(l.firstSeg),
        diagnosisPointers: [],
        hasPointerElement: false,
        serviceDate: l.date ?? claimDate,
        renderingTaxonomy: l.taxonomy,
      };
    }
    const isSv2 = segs.idCode(sv) === SV2;
    const procEl = isSv2 ? 2 : 1;
    const base = isSv2 ? 3 : 2; // charge element; basis and quantity follow
    const pointers = this.pointerScratch;
    let pointerSpan: Span | undefined;
    if (!isSv2) {
      pointerSpan = segs.elementSpan(sv, 7);
      if (pointerSpan) {
        const end = pointerSpan.end;
        const components = this.componentsIn(pointerSpan.start, end);
        for (let p = pointerSpan.start; ;) {
          const e = components.until(p, end);
          if (e > p) {
            const raw = this.text.slice(p, e);
            pointers.push({ value: isDigits(raw) ? Number(raw) : NaN, raw, span: { start: p, end: e } });
          }
          if (e === end) break;
          p = e + 1;
        }
      }
    }
    return {
      loopId: '2400',
      span,
      number: l.number,
      serviceSpan: segs.span(sv),
      revenueCode: isSv2 ? this.field(sv, 1) : undefined,
      procedure: this.procedure(sv, procEl),
      charge: this.numberField(sv, base),
      unitBasis: this.field(sv, base + 1),
      quantity: this.numberField(sv, base + 2),
      diagnosisPointers: pointers.take(),
      diagnosisPointersSpan: pointerSpan,
      hasPointerElement: !isSv2,
      serviceDate: l.date ?? claimDate,
      renderingTaxonomy: l.taxonomy,
    };
  }

  /**
   * The procedure composite: qualifier, code and up to four modifiers (components 2–5, empty ones
   * skipped). Components are walked in place, not split into an array first.
   */
  private procedure(i: number, n: number): ProcedureCode | undefined {
    const span = this.segs.elementSpan(i, n);
    if (!span || span.end === span.start) return undefined;
    const end = span.end;
    const components = this.componentsIn(span.start, end);
    let e = components.until(span.start, end);
    const qualifier = this.stringField({ start: span.start, end: e });
    if (e === end) return { span, qualifier, code: { value: '', raw: '', span: { start: end, end } }, modifiers: [] };
    let p = e + 1;
    e = components.until(p, end);
    const code = this.stringField({ start: p, end: e });
    const modifiers = this.fieldScratch;
    for (let k = 2; k < 6 && e < end; k++) {
      p = e + 1;
      e = components.until(p, end);
      if (e > p) modifiers.push(this.stringField({ start: p, end: e }));
    }
    return { span, qualifier, code, modifiers: modifiers.take() };
  }

  /**
   * Finds the component separator in effect in the composite text[start, end), settling the
   * separator on it first if no composite has yet (a new finder once it settles on another).
   */
  private componentsIn(start: number, end: number): CharFinder {
    if (!this.componentSettled) this.settleComponent(start, end);
    let f = this.componentFinder;
    if (!f || f.char !== this.component) this.componentFinder = f = new CharFinder(this.text, this.component);
    return f;
  }

  // ---- field helpers ---------------------------------------------------------------------

  /** Whether element n of segment i is exactly `value`, compared in the text (no slice). */
  private elementIs(i: number, n: number, value: string): boolean {
    const segs = this.segs;
    const start = segs.elementStart(i, n);
    if (start < 0 || segs.elementEnd(i, n) - start !== value.length) return false;
    const text = this.text;
    for (let k = 0; k < value.length; k++) if (text.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
  }

  private slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  /** A field whose value is its raw text (one string for both). */
  private stringField(s: Span): Field<string> {
    const raw = this.text.slice(s.start, s.end);
    return { value: raw, raw, span: s };
  }

  /**
   * Some senders declare one component separator in ISA16 and use another. The first composite
   * that looks like "QUALIFIER<sep>VALUE" decides; a mismatch is reported once.
   */
  private settleComponent(start: number, end: number): void {
    const value = this.text.slice(start, end);
    if (value.includes(this.component)) {
      this.componentSettled = true;
      this.settledAt = this.table.count;
      return;
    }
    const d = this.delimiters;
    for (const c of COMPONENT_CANDIDATES) {
      if (c === d.element || c === d.segment || c === d.repetition || c === d.component) continue;
      const k = value.indexOf(c);
      if (k > 0 && k <= 3 && /^[A-Z0-9]+$/i.test(value.slice(0, k))) {
        this.problems.push({
          ruleId: 'x12-delimiters',
          messageId: 'componentSeparator',
          data: { declared: d.component, used: c },
          span: { start, end },
        });
        this.component = c;
        this.editor.component = c;
        this.componentSettled = true;
        this.settledAt = this.table.count;
        return;
      }
    }
  }

  private field(i: number, n: number): Field<string> | undefined {
    const s = this.segs.elementSpan(i, n);
    if (!s) return undefined;
    const raw = this.slice(s);
    return { value: trimmed(raw), raw, span: s };
  }

  /** The first component of element n (the element itself when it has one). */
  private firstComponentField(i: number, n: number): Field<string> | undefined {
    const start = this.segs.elementStart(i, n);
    if (start < 0) return undefined;
    const end = this.segs.elementEnd(i, n);
    const s = { start, end: this.componentsIn(start, end).until(start, end) };
    const raw = this.slice(s);
    return { value: raw, raw, span: s };
  }

  private numberField(i: number, n: number): Field<number> | undefined {
    const s = this.segs.elementSpan(i, n);
    if (!s) return undefined;
    const raw = this.slice(s);
    const n0 = raw.length;
    let v: number;
    if (n0 > 0 && isVisibleAscii(raw.charCodeAt(0)) && isVisibleAscii(raw.charCodeAt(n0 - 1))) {
      // Nothing to trim (the usual case): validate and convert in one pass over the characters.
      v = decimalValue(raw);
    } else {
      const value = raw.trim();
      if (value === '') return undefined;
      v = NUMBER.test(value) ? Number(value) : NaN;
    }
    return { value: v, raw, span: s };
  }

  /**
   * DTP03 as an ISO date (D8, or the start of RD8: the text before its first '-'). The date is
   * read from the text's characters; the raw string is sliced only for a date that is kept.
   */
  private dateField(i: number): Field<string> | undefined {
    const segs = this.segs;
    const text = this.text;
    const s = segs.elementSpan(i, 3);
    if (!s) return undefined;
    let end = s.end;
    if (this.elementIs(i, 2, 'RD8')) {
      const dash = indexOfCode(text, 0x2d, s.start, end);
      if (dash >= 0) end = dash;
    }
    const iso = this.isoDateAt(s.start, end);
    if (!iso) return undefined;
    return { value: iso, raw: this.slice(s), span: s };
  }

  /**
   * {@link isoDate} of text[start, end). Eight ASCII digits (nearly every date) are looked up by
   * their value as a number in {@link DIGIT_DATE_KEYS}, which needs no string and no hashing;
   * anything else goes through the string cache. Same result as
   * `this.isoDate(text.slice(start, end))`.
   */
  private isoDateAt(start: number, end: number): string | undefined {
    const text = this.text;
    if (start < 0) return this.isoDate('');
    if (end - start === 8) {
      let key = 0;
      let k = start;
      for (; k < end; k++) {
        const d = text.charCodeAt(k) - 0x30;
        if (d < 0 || d > 9) break;
        key = key * 10 + d;
      }
      if (k === end) {
        const slot = key & (DIGIT_DATE_SLOTS - 1);
        let iso: string;
        if (DIGIT_DATE_KEYS[slot] === key) iso = DIGIT_DATE_ISOS[slot];
        else {
          // '' marks a key that is not a calendar date (an ISO date is never empty).
          iso = isoDate(text.slice(start, end)) ?? '';
          DIGIT_DATE_KEYS[slot] = key;
          DIGIT_DATE_ISOS[slot] = iso;
        }
        return iso === '' ? undefined : iso;
      }
    }
    return this.isoDate(text.slice(start, end));
  }

  /** {@link isoDate}, remembered per text: a batch repeats a few hundred dates; validate each once. */
  private isoDate(key: string): string | undefined {
    let iso = this.dates.get(key);
    if (iso === undefined && !this.dates.has(key)) {
      iso = isoDate(key);
      this.dates.set(key, iso);
    }
    return iso;
  }
}

/**
 * {@link isoDate} of eight digits, remembered by their value (YYYYMMDD as a number, below 10^8):
 * slot `key & (DIGIT_DATE_SLOTS - 1)` holds the last key read there and its ISO date, or '' when
 * it is not a calendar date. A pure function of the digits, so shared by every reader; a batch
 * repeats a few hundred dates, and a file of many distinct ones only overwrites slots (it cannot
 * grow the cache). An array read and a compare per date: the Map this replaces (number → date,
 * one per reader, unbounded) was the reader's costliest line in a line-level profile of the 50 MB
 * lint, about 26 ms of it.
 */
const DIGIT_DATE_SLOTS = 4096;
const DIGIT_DATE_KEYS = new Int32Array(DIGIT_DATE_SLOTS).fill(-1);
const DIGIT_DATE_ISOS: string[] = new Array<string>(DIGIT_DATE_SLOTS).fill('');

/**
 * Collects a short list and hands it over at its exact length, then starts again in the same
 * array. An array grown by push from empty gets room for 16 elements; a batch builds hundreds of
 * thousands of diagnosis, modifier and pointer lists of one to four. (The array is not emptied by
 * setting its length to 0: V8 then drops its store, and the next push allocates one again.)
 */
class Collector<T> {
  private items: (T | undefined)[] = [];
  count = 0;

  push(item: T): void {
    this.items[this.count++] = item;
  }

  /**
   * The items collected since the last take, in a new array (a literal for the usual one or two).
   * The slots are emptied, so the collector (which a streamed document keeps, through its reader)
   * does not keep the last claim's objects alive; a list of a hostile size lets its array go.
   */
  take(): T[] {
    const n = this.count;
    this.count = 0;
    const items = this.items as T[];
    const out = n === 0 ? [] : n === 1 ? [items[0]] : n === 2 ? [items[0], items[1]] : items.slice(0, n);
    if (n > 64) this.items = [];
    else for (let k = 0; k < n; k++) items[k] = undefined as T;
    return out;
  }
}

/**
 * A decimal number as X12 writes it (optional sign, digits, optional point). Not \d+\.?\d*: its
 * two digit runs can split a long number n ways, and a failing match (a 200,000-digit element with
 * one stray character) backtracked for seconds.
 */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `NUMBER.test(s) ? Number(s) : NaN` for a string with nothing to trim, without the regex and,
 * for up to 15 significant characters, without Number(): an integer below 2^53 divided by an
 * exact power of ten is correctly rounded, so it is the double Number() returns. Longer numbers
 * (already validated) still go to Number().
 */
function decimalValue(s: string): number {
  const n = s.length;
  let k = 0;
  let c = s.charCodeAt(0);
  const negative = c === 0x2d;
  if (negative || c === 0x2b) k = 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  for (; k < n; k++) {
    c = s.charCodeAt(k) - 0x30;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    digits++;
  }
  if (k < n && s.charCodeAt(k) === 0x2e) {
    for (k++; k < n; k++) {
      c = s.charCodeAt(k) - 0x30;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      digits++;
      fraction++;
    }
  }
  // Something after the number, or no digit at all ("", "+", ".", "-.").
  if (k !== n || digits === 0) return NaN;
  if (digits > 15) return Number(s);
  const v = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
  return negative ? -v : v;
}

/** A printable ASCII character other than space: `trim()` leaves it alone. */
function isVisibleAscii(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/** `raw.trim()`, without calling it when there is nothing to trim (the usual case). */
function trimmed(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  return raw.charCodeAt(0) > 0x20 && raw.charCodeAt(n - 1) > 0x20 && raw.charCodeAt(0) < 0x7f && raw.charCodeAt(n - 1) < 0x7f ? raw : raw.trim();
}

/** Same as `/^\d+$/.test(raw.trim())`. */
function isDigits(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return false;
  for (let k = 0; k < n; k++) {
    const c = raw.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return /^\d+$/.test(raw.trim());
  }
  return true;
}

function extend(node: OutlineNode, end: number): void {
  (node as { span: Span }).span = { start: node.span.start, end };
}

function lineNode(l: ServiceLine): OutlineNode {
  const code = l.procedure?.code.value || l.revenueCode?.value || 'line';
  const mods = l.procedure?.modifiers.map((m) => m.value).join(' ');
  const qty = l.quantity ? ` × ${l.quantity.raw.trim()} ${l.unitBasis?.value ?? ''}`.trimEnd() : '';
  return {
    kind: 'line',
    label: `${code}${mods ? ' ' + mods : ''}${qty} ${l.serviceDate?.value ?? ''}`.trim(),
    detail: l.number ? `LX ${l.number.raw}` : undefined,
    span: l.span,
    selectionSpan: l.procedure?.span ?? l.serviceSpan ?? EMPTY_SPAN,
    children: [],
  };
}

/** CCYYMMDD → CCYY-MM-DD, or undefined when it is not a real calendar date. */
export function isoDate(raw: string): string | undefined {
  const t = raw.trim();
  if (t.length !== 8) return undefined;
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const d = t.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  if (!isCalendarDate((v / 10000) | 0, ((v / 100) | 0) % 100, v % 100)) return undefined;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether year/month/day names a day of the proleptic Gregorian calendar, as the round trip
 * through `Date.UTC` checked before (arithmetic is cheaper than a Date per distinct date). Years
 * below 100 are never dates: Date.UTC reads them as 1900–1999.
 */
function isCalendarDate(y: number, mo: number, d: number): boolean {
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return false;
  if (mo !== 2) return d <= DAYS_IN_MONTH[mo - 1];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (leap ? 29 : 28);
}

/**
 * @internal Per claim, in document order: its CLM and last segment, its transaction set, and where
 * its patient (NM1, DMG) and billing provider name (NM1*85) were read — what reading it again
 * needs. Numbers in typed arrays, not an object per claim: a batch has 100 000 claims and more.
 */
export class ClaimTable {
  count = 0;
  /** Per claim: CLM, last segment, patient NM1, DMG, billing NM1 (-1: none), 2010CA flag. */
  private rows = new Int32Array(6 * 256);
  private readonly txs: TransactionRef[] = [];

  add(clmSeg: number, lastSeg: number, tx: TransactionRef, personSeg: number, dmgSeg: number, patientLoop: boolean, billingSeg: number): void {
    const k = this.count++;
    if (6 * k + 6 > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const r = this.rows;
    r[6 * k] = clmSeg;
    r[6 * k + 1] = lastSeg;
    r[6 * k + 2] = personSeg;
    r[6 * k + 3] = dmgSeg;
    r[6 * k + 4] = billingSeg;
    r[6 * k + 5] = patientLoop ? 1 : 0;
    // Claims of one transaction set share its ref: keep one pointer per claim all the same (cheap).
    this.txs.push(tx);
  }

  clmSeg(k: number): number {
    return this.rows[6 * k];
  }

  lastSeg(k: number): number {
    return this.rows[6 * k + 1];
  }

  tx(k: number): TransactionRef {
    return this.txs[k];
  }

  /** The subscriber or patient NM1 the claim's patient was read from; -1 when there was none. */
  personSeg(k: number): number {
    return this.rows[6 * k + 2];
  }

  /** The DMG that set that person's birth date; -1 when none did. */
  dmgSeg(k: number): number {
    return this.rows[6 * k + 3];
  }

  /** The NM1*85 of the billing provider name; -1 when the claim had none. */
  billingSeg(k: number): number {
    return this.rows[6 * k + 4];
  }

  /** The loop of a claim without a patient NM1: 2010CA under HL*23, else 2010BA. */
  unknownLoopId(k: number): string {
    return this.rows[6 * k + 5] ? '2010CA' : '2010BA';
  }
}

function makeDocument(reader: Reader): ClaimDocument {
  return {
    get format() {
      return reader.format;
    },
    text: reader.text,
    get claims(): readonly Claim[] {
      return reader.allClaims();
    },
    problems: reader.problems,
    editor: reader.editor,
    get outline(): readonly OutlineNode[] {
      return reader.finishOutline();
    },
  };
}
