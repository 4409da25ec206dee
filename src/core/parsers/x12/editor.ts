import type { Claim, ClaimEditor, ServiceLine } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import type { Field } from '../../model/span';
import { segmentIdCode, splitSpan, type X12Segments } from './tokenizer';

const SV1 = segmentIdCode('SV1');
const SV2 = segmentIdCode('SV2');
const LX = segmentIdCode('LX');
const CLM = segmentIdCode('CLM');

/** Highest modifier position: SV1-01-3 … SV1-01-6 hold modifiers 1–4. */
const LAST_MODIFIER_COMPONENT = 5;

/**
 * Edits for X12 837 text. Every edit keeps the interchange consistent: removing a line renumbers
 * the later LX01s, lowers CLM02 by the line charge and recounts SE01; modifiers are written with
 * the separator the file really uses.
 *
 * Claims and lines are found by position, as the FHIR editor finds its items: a line's segments
 * are the segments at its spans in this text's segment table, so any claim read from this text
 * (first read, read again, or re-read after an edit elsewhere) can be edited. A line whose spans
 * are not segments of this text (another text's line) gets no edit.
 */
export class X12Editor implements ClaimEditor {
  constructor(
    private readonly segs: X12Segments | undefined,
    /** The component separator in effect (ISA16, or what the body uses once a read settles it). */
    private readonly separator: { readonly component: string },
  ) {}

  private get component(): string {
    return this.separator.component;
  }

  /** The SV1/SV2 segment a line was read from, or -1 when the line is not one of this text's. */
  private serviceSegment(line: ServiceLine): number {
    const segs = this.segs;
    if (!segs) return -1;
    const { start, end } = line.serviceSpan;
    const i = segs.indexAt(start);
    if (i < 0 || segs.start(i) !== start || segs.end(i) !== end) return -1;
    const id = segs.idCode(i);
    return id === SV1 || id === SV2 ? i : -1;
  }

  /** The segment starting exactly at `offset` with id `code`, or -1. */
  private segmentAt(offset: number, code: number): number {
    const segs = this.segs;
    if (!segs) return -1;
    const i = segs.indexAt(offset);
    return i >= 0 && segs.start(i) === offset && segs.idCode(i) === code ? i : -1;
  }

  appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null {
    const proc = line.procedure;
    if (!proc || this.serviceSegment(line) < 0) return null;
    const comps = splitSpan(this.segs!.text, proc.span, this.component);
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
    if (!line.unitBasis || !line.quantity || this.serviceSegment(line) < 0) return null;
    // Safe integers only: String(1e21) is "1e+21", which X12 cannot hold (and "+" may be the terminator).
    if (!Number.isSafeInteger(units) || units < 0) return null;
    return [
      { span: line.unitBasis.span, newText: 'UN' },
      { span: line.quantity.span, newText: String(units) },
    ];
  }

  setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null {
    if (!line.quantity || this.serviceSegment(line) < 0 || !Number.isFinite(quantity)) return null;
    const text = String(quantity);
    if (/e/i.test(text)) return null; // no exponents in X12 numbers (see setUnits)
    return [{ span: line.quantity.span, newText: text }];
  }

  removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null {
    const segs = this.segs;
    const index = claim.lines.indexOf(line);
    // Removing the only line would leave a claim no payer accepts; remove the claim instead.
    if (!segs || index < 0 || claim.lines.length < 2) return null;
    const firstSeg = this.segmentAt(line.span.start, LX);
    const lastSeg = segs.indexAt(line.span.end - 1);
    if (firstSeg < 0 || lastSeg < firstSeg || segs.end(lastSeg) !== line.span.end) return null;
    const clmSeg = this.segmentAt(claim.span.start, CLM);
    const tx = clmSeg < 0 ? undefined : segs.transactionOf(clmSeg);
    if (!tx) return null;
    const edits: TextEdit[] = [{ span: { start: segs.start(firstSeg), end: segs.next(lastSeg) }, newText: '' }];
    for (const later of claim.lines.slice(index + 1)) {
      const n = later.number;
      if (n && Number.isInteger(n.value)) edits.push({ span: n.span, newText: String(n.value - 1) });
    }
    if (claim.totalCharge && line.charge) {
      const total = subtractMoney(claim.totalCharge, line.charge);
      if (total === null) return null;
      edits.push({ span: claim.totalCharge.span, newText: total });
    }
    if (tx.se >= 0) {
      const se01 = segs.elementSpan(tx.se, 1);
      const count = tx.se - tx.st + 1 - (lastSeg - firstSeg + 1);
      if (se01) edits.push({ span: se01, newText: String(count) });
    }
    return edits;
  }
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
