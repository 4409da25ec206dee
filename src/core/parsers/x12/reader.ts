import type { Claim, ClaimDocument, OutlineNode } from '../../model/claim';
import type { ParseProblem } from '../../model/finding';
import { runSteps, type Steps } from '../../steps';
import { ClaimReader, type ComponentSeparator } from './claims';
import { readDelimiters } from './delimiters';
import { X12Editor } from './editor';
import { EnvelopeReader } from './envelopes';
import { claimNode } from './outline';
import { readClaimsAgain, type X12ReadState } from './reread';
import { segmentIdCode, tokenize, type X12Segments } from './tokenizer';

const ENVELOPE_IDS = new Map((['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'] as const).map((id) => [segmentIdCode(id), id]));

/** Streaming: claims read before they are handed on together (see {@link X12Read.flush}). */
const HAND_ON_BATCH = 32;

/** Streaming: claims handed on (and checked by the rules) between two pauses of {@link readX12Steps}. */
const CLAIMS_PER_STEP = 64;

/** Segments read between two pauses of {@link readX12Steps} (a few milliseconds of work). */
const SEGMENTS_PER_STEP = 4096;

export interface X12ReadOptions {
  /**
   * Called with each claim soon after it is read (in batches of a few), in document order, with
   * the document being read (its problems and outline cover what has been read so far). With
   * it the read keeps no claim objects: the document's `claims` are read again from the segment
   * table when first asked (see reread.ts). The engine's lint uses this to check a large batch
   * claim by claim.
   */
  readonly onClaim?: (claim: Claim, document: ClaimDocument) => void;
  /**
   * Read only a part of the text (parts.ts): the claims of the transaction sets whose ST starts in
   * [from, to). Every envelope segment is still read, so counts and control numbers are checked
   * as in a reading of the whole text, but only the envelope problems at offsets in the part are
   * kept.
   */
  readonly part?: TextPart;
}

/** A part of a text, by offsets: [from, to). */
export interface TextPart {
  readonly from: number;
  readonly to: number;
}

/**
 * Read an X12 837 (005010X222 professional or X223 institutional) into the claim model. Never
 * throws: what cannot be read becomes an x12-syntax / x12-envelope / x12-delimiters problem.
 */
export function readX12(text: string, options: X12ReadOptions = {}): ClaimDocument {
  return runSteps(readX12Steps(text, options));
}

/**
 * {@link readX12} as steps: pauses every {@link SEGMENTS_PER_STEP} segments (and every
 * {@link CLAIMS_PER_STEP} claims handed on), so an editor can read a large batch in time slices
 * (see steps.ts). Same document as `readX12`.
 */
export function* readX12Steps(text: string, options: X12ReadOptions = {}): Steps<ClaimDocument> {
  const delim = readDelimiters(text);
  if (!delim.ok) {
    return { format: 'x12-837p', text, claims: [], problems: delim.problems, editor: new X12Editor(undefined, { component: ':' }), outline: [] };
  }
  const segs = tokenize(text, delim.delimiters, delim.isaStart);
  yield;
  const part = options.part;
  const read = new X12Read(segs, options.onClaim, part);
  for (const p of delim.problems) if (!part || inPart(part, p.span.start)) read.problems.push(p);
  yield* read.run();
  const document = read.document;
  READS.set(document, read.state());
  return document;
}

function inPart(part: TextPart, offset: number): boolean {
  return offset >= part.from && offset < part.to;
}

const READS = new WeakMap<ClaimDocument, X12ReadState>();

/** @internal The read state of a document `readX12` returned (undefined for other documents). */
export function x12ReadState(document: ClaimDocument): X12ReadState | undefined {
  return READS.get(document);
}

/** @internal Attach read state to a document assembled by the incremental linter. */
export function setX12ReadState(document: ClaimDocument, state: X12ReadState): void {
  READS.set(document, state);
}

/**
 * One read of an X12 text: the read loop, handing envelope segments to the {@link EnvelopeReader}
 * and an 837's body segments to the {@link ClaimReader}, and the document it fills. Claims are kept,
 * or handed on as they are read (`onClaim`) and read again when the document's claims are asked
 * for. The outline's claim nodes are built when it is first asked for (document symbols only).
 */
class X12Read {
  readonly problems: ParseProblem[] = [];
  readonly document: ClaimDocument;
  private readonly envelopes: EnvelopeReader;
  private readonly claims: ClaimReader;
  private readonly separator: ComponentSeparator;
  /** Kept claims (no `onClaim`); the claims read again once reading is over (streaming). */
  private kept?: Claim[];
  /** Streaming: claims read and not yet handed on (at most {@link HAND_ON_BATCH}). */
  private readonly pending: Claim[] = [];
  /** Streaming: claims handed on since the last pause of {@link run}. */
  private handedOn = 0;
  /** Claim outline nodes still to build: for claim outlineBuilt + k, the children list it goes into. */
  private readonly claimNodeTargets: OutlineNode[][] = [];
  private outlineBuilt = 0;
  private done = false;
  /** Reading a part: whether the open transaction set is one of the part's, and whether one has been. */
  private inPart = true;
  private partStarted = false;

  constructor(
    private readonly segs: X12Segments,
    private sink: ((claim: Claim, document: ClaimDocument) => void) | undefined,
    private readonly part?: TextPart,
  ) {
    this.separator = { component: segs.delimiters.component };
    this.envelopes = new EnvelopeReader(segs, this.problems, part && ((offset) => inPart(part, offset)));
    this.claims = new ClaimReader(segs, segs.delimiters, this.problems, this.separator, (claim) => this.claimRead(claim));
    if (!sink) this.kept = [];
    this.document = makeDocument(this, segs.text, this.problems, new X12Editor(segs, this.separator));
  }

  get format(): ClaimDocument['format'] {
    return this.envelopes.format;
  }

  state(): X12ReadState {
    return {
      segs: this.segs,
      delimiters: this.segs.delimiters,
      component: this.separator.component,
      settledAt: this.claims.settledAt,
      table: this.claims.table,
      standsForWhole: !this.claims.readsBeforePart && this.separator.component === this.segs.delimiters.component,
    };
  }

  /** A transaction set opened at segment i: reading a part, its claims are read only when its ST is in the part. */
  private transactionStarts(i: number): void {
    const part = this.part;
    if (part) {
      this.inPart = inPart(part, this.segs.start(i));
      if (!this.inPart) return;
      // The first transaction set of a part after the text's first: what came before is not read.
      if (!this.partStarted && part.from > 0) this.claims.startPart();
      this.partStarted = true;
    }
    this.claims.startTransaction();
  }

  *run(): Steps<void> {
    const segs = this.segs;
    const envelopes = this.envelopes;
    const claims = this.claims;
    for (let i = 0; i < segs.count; i++) {
      // Also after every few batches handed on: the rules run on them within the step.
      if (i % SEGMENTS_PER_STEP === SEGMENTS_PER_STEP - 1 || this.handedOn >= CLAIMS_PER_STEP) {
        this.handedOn = 0;
        yield;
      }
      const code = segs.idCode(i);
      const envelope = ENVELOPE_IDS.get(code);
      if (envelope) {
        segs.noteEnvelope(i);
        // An envelope segment ends the claim being read (if its transaction set was left open).
        claims.closeClaim();
        if (envelopes.envelope(i, envelope)) this.transactionStarts(i);
      } else if (envelopes.body(i) && this.inPart) claims.segment(i, code);
    }
    claims.closeClaim();
    envelopes.finish();
    if (this.sink) {
      this.flush();
      // The document outlives the lint; what the sink holds (the rule runner) need not.
      this.sink = undefined;
    }
    this.done = true;
  }

  private claimRead(claim: Claim): void {
    this.claimNodeTargets.push(this.envelopes.claimParent);
    if (this.kept) this.kept.push(claim);
    else {
      this.pending.push(claim);
      if (this.pending.length === HAND_ON_BATCH) this.flush();
    }
  }

  /**
   * Streaming: hand the claims read since the last call to the sink. In batches rather than one by
   * one: reading a few claims, then checking them, runs measurably faster (about 6 % on the 50 MB
   * bench) than switching between the two per claim.
   */
  private flush(): void {
    const pending = this.pending;
    for (let k = 0; k < pending.length; k++) this.sink!(pending[k], this.document);
    this.handedOn += pending.length;
    pending.length = 0;
  }

  /** Every claim: the ones kept, or (streaming) the claims read again from the segment table, once reading is over. */
  allClaims(): readonly Claim[] {
    if (this.kept) return this.kept;
    const all = readClaimsAgain(this.state(), 0, this.claims.table.count);
    if (this.done) this.kept = all;
    return all;
  }

  /** Build the claim and line outline nodes (once) and return the outline. */
  finishOutline(): OutlineNode[] {
    const targets = this.claimNodeTargets;
    if (targets.length > 0) {
      const claims = this.allClaims();
      // Targets already built (an outline asked for while streaming) are gone from the list.
      const first = this.outlineBuilt;
      for (let k = 0; k < targets.length; k++) targets[k].push(claimNode(claims[first + k], this.segs));
      this.outlineBuilt += targets.length;
      targets.length = 0;
    }
    return this.envelopes.outline;
  }
}

/**
 * The document a read fills. Made outside {@link readX12Steps} so its getters hold only the read,
 * not what that generator's scope holds (the onClaim callback and, through it, the lint that
 * streamed the claims).
 */
function makeDocument(read: X12Read, text: string, problems: ClaimDocument['problems'], editor: X12Editor): ClaimDocument {
  return {
    get format() {
      return read.format;
    },
    text,
    get claims(): readonly Claim[] {
      return read.allClaims();
    },
    problems,
    editor,
    get outline(): readonly OutlineNode[] {
      return read.finishOutline();
    },
  };
}
