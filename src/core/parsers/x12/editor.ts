import type { Claim, ClaimEditor, Diagnosis, LinePosition, ServiceLine } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { segmentIdCode, splitSpan, type X12Segments } from './tokenizer';

const SV1 = segmentIdCode('SV1');
const SV2 = segmentIdCode('SV2');
const LX = segmentIdCode('LX');
const CLM = segmentIdCode('CLM');

/** Highest modifier position: SV1-01-3 … SV1-01-6 hold modifiers 1–4. */
const LAST_MODIFIER_COMPONENT = 5;
const FIRST_MODIFIER_COMPONENT = 2;
/** A modifier as X12 writes it: two letters or digits (and so no delimiter). */
const MODIFIER = /^[A-Z0-9]{2}$/;

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
    return this.serviceSegmentAt(line.serviceSpan);
  }

  /** The SV1/SV2 segment exactly at `span`, or -1. */
  private serviceSegmentAt(span: Span): number {
    const segs = this.segs;
    if (!segs) return -1;
    const { start, end } = span;
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
    if (!proc) return null;
    return this.putModifier({ service: line.serviceSpan, procedure: proc.span }, modifier, []);
  }

  /** The procedure composite's components and the modifiers written in it, or null when `at` is not a line of this text. */
  private modifiersAt(at: LinePosition): { comps: Span[]; last: number; present: string[] } | null {
    const sv = this.serviceSegmentAt(at.service);
    if (sv < 0) return null;
    const segs = this.segs!;
    const proc = at.procedure;
    // The procedure composite must be one of this segment's elements (SV1-01 or SV2-02).
    if (proc.start < segs.start(sv) || proc.end > segs.end(sv) || proc.end <= proc.start) return null;
    const text = segs.text;
    const comps = splitSpan(text, proc, this.component);
    if (comps.length < 2) return null;
    const last = Math.min(LAST_MODIFIER_COMPONENT, comps.length - 1);
    const present: string[] = [];
    for (let k = FIRST_MODIFIER_COMPONENT; k <= last; k++) present.push(text.slice(comps[k].start, comps[k].end));
    return { comps, last, present };
  }

  putModifier(at: LinePosition, modifier: string, replace: readonly string[]): TextEdit[] | null {
    if (!MODIFIER.test(modifier)) return null;
    const read = this.modifiersAt(at);
    if (!read) return null;
    const { comps, last, present } = read;
    const proc = at.procedure;
    const replaced = present.findIndex((m) => replace.includes(m.trim().toUpperCase()));
    if (replaced < 0) {
      if (present.some((m) => m.trim().toUpperCase() === modifier)) return null;
      let used = FIRST_MODIFIER_COMPONENT - 1;
      for (let k = FIRST_MODIFIER_COMPONENT; k <= last; k++) if (comps[k].end > comps[k].start) used = k;
      const target = used + 1;
      if (target > LAST_MODIFIER_COMPONENT) return null;
      if (target < comps.length) return [{ span: comps[target], newText: modifier }];
      const end = proc.end;
      return [{ span: { start: end, end }, newText: this.component.repeat(target - comps.length + 1) + modifier }];
    }
    // In place of the first of `replace`; any other of them goes, and the modifiers after it move up.
    const kept = present.map((m, k) => (k === replaced ? modifier : m)).filter((m, k) => k === replaced || !replace.includes(m.trim().toUpperCase()));
    if (kept.length === present.length) return [{ span: comps[FIRST_MODIFIER_COMPONENT + replaced], newText: modifier }];
    // A description (SV1-01-7) after the modifiers keeps its position.
    while (comps.length > LAST_MODIFIER_COMPONENT + 1 && kept.length < present.length) kept.push('');
    const from = comps[FIRST_MODIFIER_COMPONENT].start;
    return [{ span: { start: from, end: comps[last].end }, newText: kept.join(this.component) }];
  }

  removeModifiers(at: LinePosition, modifiers: readonly string[]): TextEdit[] | null {
    const read = this.modifiersAt(at);
    if (!read) return null;
    const { comps, last, present } = read;
    const kept = present.filter((m) => !modifiers.includes(m.trim().toUpperCase()));
    if (kept.length === present.length || !kept.some((m) => m !== '')) return null;
    // A description (SV1-01-7) after the modifiers keeps its position; otherwise no empty component trails.
    if (comps.length > LAST_MODIFIER_COMPONENT + 1) while (kept.length < present.length) kept.push('');
    else while (kept[kept.length - 1] === '') kept.pop();
    return [{ span: { start: comps[FIRST_MODIFIER_COMPONENT].start, end: comps[last].end }, newText: kept.join(this.component) }];
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
    return this.removeLines(claim, [line]);
  }

  removeLines(claim: Claim, lines: readonly ServiceLine[]): TextEdit[] | null {
    const segs = this.segs;
    if (!segs || lines.length === 0) return null;
    const gone = new Set<number>();
    for (const line of lines) {
      const index = claim.lines.indexOf(line);
      if (index < 0) return null;
      gone.add(index);
    }
    // Removing every line would leave a claim no payer accepts; remove the claim instead.
    if (gone.size >= claim.lines.length) return null;
    const clmSeg = this.segmentAt(claim.span.start, CLM);
    const tx = clmSeg < 0 ? undefined : segs.transactionOf(clmSeg);
    if (!tx) return null;
    const edits: TextEdit[] = [];
    let removedSegments = 0;
    let total = claim.totalCharge;
    let removedBefore = 0;
    for (let index = 0; index < claim.lines.length; index++) {
      const line = claim.lines[index];
      if (!gone.has(index)) {
        const n = line.number;
        if (removedBefore > 0 && n && Number.isInteger(n.value)) edits.push({ span: n.span, newText: String(n.value - removedBefore) });
        continue;
      }
      removedBefore++;
      const firstSeg = this.segmentAt(line.span.start, LX);
      const lastSeg = segs.indexAt(line.span.end - 1);
      if (firstSeg < 0 || lastSeg < firstSeg || segs.end(lastSeg) !== line.span.end) return null;
      edits.push({ span: { start: segs.start(firstSeg), end: segs.next(lastSeg) }, newText: '' });
      removedSegments += lastSeg - firstSeg + 1;
      if (total && line.charge) {
        const left = subtractMoney(total, line.charge);
        if (left === null) return null;
        total = { value: Number(left), raw: left, span: total.span };
      }
    }
    if (claim.totalCharge && total && total !== claim.totalCharge) edits.push({ span: claim.totalCharge.span, newText: total.raw });
    if (tx.se >= 0) {
      const se01 = segs.elementSpan(tx.se, 1);
      const count = tx.se - tx.st + 1 - removedSegments;
      if (se01) edits.push({ span: se01, newText: String(count) });
    }
    return edits;
  }

  setDiagnosisCode(diagnosis: Diagnosis, code: string): TextEdit[] | null {
    const segs = this.segs;
    const span = diagnosis.code.span;
    if (!segs || span.end <= span.start || !/^[A-Za-z0-9]+$/.test(code)) return null;
    const i = segs.indexAt(span.start);
    if (i < 0 || span.end > segs.end(i)) return null;
    return [{ span, newText: code }];
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
