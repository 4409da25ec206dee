import type { Claim, ClaimEditor, ServiceLine } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import type { Field } from '../../model/span';
import { segmentIdCode, splitSpan, type X12Segments } from './tokenizer';

/** @internal where a transaction's ST and SE are. */
export interface TransactionRef {
  stSeg: number;
  /** Set when the reader reads the SE, or when the editor looks ahead for it (closingSe). */
  seSeg?: number;
  /** The editor looked ahead and found no SE closing the transaction set. */
  unclosed?: boolean;
}

/** @internal */
export interface ClaimRef {
  clmSeg: number;
  tx: TransactionRef;
}

/** @internal where a service line's segments are. */
export interface LineRef {
  firstSeg: number;
  lastSeg: number;
  svSeg?: number;
  claim: ClaimRef;
}

/** See X12Editor.recent. */
interface Recent {
  claims: Claim[];
  claimRefs: ClaimRef[];
  lines: ServiceLine[];
  lineRefs: LineRef[];
  byLine?: Map<ServiceLine, LineRef>;
}

/**
 * Up to this many lines handed on, a line's ref is found by scanning them (a batch of 32 claims
 * holds about 64); beyond, through a map. Building that map for every batch cost more than the
 * batch's few fixes scanning; a claim with thousands of lines still gets one.
 */
const RECENT_SCAN = 256;

/** Highest modifier position: SV1-01-3 … SV1-01-6 hold modifiers 1–4. */
const LAST_MODIFIER_COMPONENT = 5;

/**
 * Edits for X12 837 text. Every edit keeps the interchange consistent: removing a line renumbers
 * the later LX01s, lowers CLM02 by the line charge and recounts SE01; modifiers are written with
 * the separator the file really uses.
 */
export class X12Editor implements ClaimEditor {
  /** The component separator in effect (ISA16, or what the body really uses). */
  component: string;
  private readonly claimRefs = new Map<Claim, ClaimRef>();
  private readonly lineRefs = new Map<ServiceLine, LineRef>();
  /**
   * Set while a reader hands claims on as it reads ({@link forgetAll}): the claim being handed on
   * is registered here instead of in the maps. A long-lived map pointing at each new claim kept
   * every claim alive through the young-generation collections, so a 50 MB batch promoted hundreds
   * of megabytes of short-lived objects to the old generation.
   */
  private recent?: Recent;

  constructor(
    private readonly text: string,
    private readonly segs: X12Segments | undefined,
  ) {
    this.component = segs?.delimiters.component ?? ':';
  }

  /**
   * @internal An editor for an edited version of the text whose claims keep their segment refs
   * (the incremental linter): it shares this editor's registrations.
   */
  derive(text: string, segs: X12Segments): X12Editor {
    const e = new X12Editor(text, segs);
    (e as unknown as { claimRefs: Map<Claim, ClaimRef> }).claimRefs = this.claimRefs;
    (e as unknown as { lineRefs: Map<ServiceLine, LineRef> }).lineRefs = this.lineRefs;
    e.component = this.component;
    return e;
  }

  /** @internal Register `copy` (a claim with shifted spans) with the refs of `original`. */
  registerCopy(original: Claim, copy: Claim): void {
    const ref = this.claimRefs.get(original);
    if (ref) this.claimRefs.set(copy, ref);
    original.lines.forEach((l, k) => {
      const r = this.lineRefs.get(l);
      if (r && copy.lines[k]) this.lineRefs.set(copy.lines[k], r);
    });
  }

  /** @internal */
  registerClaim(claim: Claim, ref: ClaimRef): void {
    if (this.recent) {
      this.recent.claims.push(claim);
      this.recent.claimRefs.push(ref);
    } else this.claimRefs.set(claim, ref);
  }

  /** @internal */
  registerLine(line: ServiceLine, ref: LineRef): void {
    if (this.recent) {
      this.recent.lines.push(line);
      this.recent.lineRefs.push(ref);
    } else this.lineRefs.set(line, ref);
  }

  /**
   * @internal Drop the registrations made since the last call and keep later ones only until the
   * next: a reader that hands claims on as it reads (the batch lint) calls this once a claim's
   * fixes are made, so the editor does not keep it alive. Claims registered after reading (a document's
   * claims read again on demand) go to the maps as usual.
   */
  forgetAll(): void {
    const recent = this.recent;
    if (!recent) {
      this.recent = { claims: [], claimRefs: [], lines: [], lineRefs: [] };
      return;
    }
    // Emptied in place (no arrays made per claim); an empty array keeps no pointers.
    recent.claims.length = 0;
    recent.claimRefs.length = 0;
    recent.lines.length = 0;
    recent.lineRefs.length = 0;
    recent.byLine = undefined;
  }

  /**
   * The ref of a line registered since the last forgetAll: searched among up to {@link RECENT_SCAN}
   * lines, else through a map built once the registrations stop changing, so the fixes of a claim
   * with thousands of lines do not each scan the list.
   */
  private static recentLine(recent: Recent, line: ServiceLine): LineRef | undefined {
    if (recent.lines.length <= RECENT_SCAN) {
      const k = recent.lines.lastIndexOf(line);
      return k >= 0 ? recent.lineRefs[k] : undefined;
    }
    if (!recent.byLine || recent.byLine.size !== recent.lines.length) {
      recent.byLine = new Map();
      recent.lines.forEach((l, k) => recent.byLine!.set(l, recent.lineRefs[k]));
    }
    return recent.byLine.get(line);
  }

  /** @internal Reading is over: register in the maps again. */
  stopForgetting(): void {
    this.recent = undefined;
  }

  private lineRef(line: ServiceLine): LineRef | undefined {
    const recent = this.recent;
    if (!recent) return this.lineRefs.get(line);
    return X12Editor.recentLine(recent, line);
  }

  private claimRef(claim: Claim): ClaimRef | undefined {
    const recent = this.recent;
    if (!recent) return this.claimRefs.get(claim);
    const k = recent.claims.lastIndexOf(claim);
    return k >= 0 ? recent.claimRefs[k] : undefined;
  }

  appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null {
    const proc = line.procedure;
    if (!proc || !this.lineRef(line)) return null;
    const comps = splitSpan(this.text, proc.span, this.component);
    let last = 1;
    for (let k = 2; k <= LAST_MODIFIER_COMPONENT && k < comps.length; k++) {
      if (comps[k].end > comps[k].start) last = k;
    }
    const target = last + 1;
    if (target > LAST_MODIFIER_COMPONENT) return null;
    if (target < comps.length) return [{ span: comps[target], newText: modifier }];
    const at = proc.span.end;
    return [{ span: { start: at, end: at }, newText: this.component.repeat(target - comps.length + 1) + modifier }];
  }

  setUnits(line: ServiceLine, units: number): TextEdit[] | null {
    if (!line.unitBasis || !line.quantity || !this.lineRef(line)) return null;
    // Safe integers only: String(1e21) is "1e+21", which X12 cannot hold (and "+" may be the terminator).
    if (!Number.isSafeInteger(units) || units < 0) return null;
    return [
      { span: line.unitBasis.span, newText: 'UN' },
      { span: line.quantity.span, newText: String(units) },
    ];
  }

  setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null {
    if (!line.quantity || !this.lineRef(line) || !Number.isFinite(quantity)) return null;
    const text = String(quantity);
    if (/e/i.test(text)) return null; // no exponents in X12 numbers (see setUnits)
    return [{ span: line.quantity.span, newText: text }];
  }

  removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null {
    const segs = this.segs;
    const ref = this.lineRef(line);
    const cref = this.claimRef(claim);
    const index = claim.lines.indexOf(line);
    // Removing the only line would leave a claim no payer accepts; remove the claim instead.
    if (!segs || !ref || !cref || index < 0 || claim.lines.length < 2) return null;
    const edits: TextEdit[] = [{ span: { start: segs.start(ref.firstSeg), end: segs.next(ref.lastSeg) }, newText: '' }];
    for (const later of claim.lines.slice(index + 1)) {
      const n = later.number;
      if (n && Number.isInteger(n.value)) edits.push({ span: n.span, newText: String(n.value - 1) });
    }
    if (claim.totalCharge && line.charge) {
      const total = subtractMoney(claim.totalCharge, line.charge);
      if (total === null) return null;
      edits.push({ span: claim.totalCharge.span, newText: total });
    }
    const tx = cref.tx;
    const seSeg = closingSe(segs, tx);
    if (seSeg !== undefined) {
      const se01 = segs.elementSpan(seSeg, 1);
      const count = seSeg - tx.stSeg + 1 - (ref.lastSeg - ref.firstSeg + 1);
      if (se01) edits.push({ span: se01, newText: String(count) });
    }
    return edits;
  }
}

const ENVELOPE = new Set(['ISA', 'GS', 'ST', 'GE', 'IEA'].map(segmentIdCode));
const SE = segmentIdCode('SE');

/**
 * The SE that closes a transaction set. Known once the reader has read it; a reader that hands
 * claims on as it reads (the batch lint) has not, so look ahead as reading will: the first
 * envelope segment after the ST, if it is an SE. Remembered on the ref either way.
 */
function closingSe(segs: X12Segments, tx: TransactionRef): number | undefined {
  if (tx.seSeg !== undefined || tx.unclosed) return tx.seSeg;
  for (let i = tx.stSeg + 1; i < segs.count; i++) {
    const code = segs.idCode(i);
    if (code === SE) return (tx.seSeg = i);
    if (ENVELOPE.has(code)) break;
  }
  tx.unclosed = true;
  return undefined;
}

function decimals(raw: string): number {
  const k = raw.indexOf('.');
  return k < 0 ? 0 : raw.trim().length - k - 1;
}

/** total − charge in exact decimal arithmetic, written with the precision the file uses; null if negative or unreadable. */
export function subtractMoney(total: Field<number>, charge: Field<number>): string | null {
  if (!Number.isFinite(total.value) || !Number.isFinite(charge.value)) return null;
  const d = Math.max(decimals(total.raw), decimals(charge.raw));
  // A damaged amount with dozens of decimals cannot be subtracted exactly (and toFixed throws
  // past 100 digits, which crashed the rule asking): decline.
  if (d > 15) return null;
  const scale = 10 ** d;
  const [t, c] = [Math.round(total.value * scale), Math.round(charge.value * scale)];
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(c)) return null;
  const cents = t - c;
  if (cents < 0) return null;
  return (cents / scale).toFixed(d);
}
