import type { Claim, Patient } from '../../model/claim';
import { ClaimReader } from './claims';
import type { ClaimTable } from './claim-table';
import type { Delimiters } from './delimiters';
import { segmentIdCode, type X12Segments } from './tokenizer';

/**
 * What reading a claim of a document again needs: the document's segments, the claim table its
 * read filled, and the component separator as the read settled it.
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
  /** Per claim: its segments and where its context was read. */
  readonly table: ClaimTable;
  /**
   * Reading a part of the text (parts.ts): false when the part's claims may read differently in a
   * reading of the whole text (a claim before the part's first billing provider, or a component
   * separator other than the declared one); then the text is read whole.
   */
  readonly standsForWhole?: boolean;
}

/**
 * Claims from..to-1 of a document, read again from its segment table, each in the context it was
 * first read in: its patient (NM1, DMG, and its key's scope: the payer's NM1*PR, a dependent's
 * subscriber NM1*IL), its billing provider (NM1*85), and the component separator (claims up to the
 * one that settled it are read as they were, settling it again). The one way a
 * claim is read again: a batch lint keeps no claim objects (a document's `claims` are read again
 * when asked), and the editor re-reads a claim after an edit or for a hover.
 */
export function readClaimsAgain(read: X12ReadState, from: number, to: number): Claim[] {
  const { segs, table } = read;
  const out: Claim[] = [];
  const reader = new ClaimReader(segs, read.delimiters, [], { component: read.component }, (claim) => out.push(claim));
  // Claims of one subscriber loop share their Patient, as when first read.
  const patients = new Map<string, Patient>();
  for (let k = from; k < to; k++) {
    const billing = table.billingSeg(k);
    const early = k <= read.settledAt;
    reader.presetContext({
      patient: reader.patientAgain(table, k, patients),
      billingName: billing < 0 ? undefined : segs.element(billing, 3) || undefined,
      billingId: billing < 0 ? undefined : segs.element(billing, 9) || undefined,
      billingPrvSeg: table.billingPrvSeg(k),
      component: early ? read.delimiters.component : read.component,
      settled: !early,
    });
    const last = table.lastSeg(k);
    for (let i = table.clmSeg(k); i <= last; i++) reader.segment(i, segs.idCode(i));
    reader.closeClaim();
  }
  return out;
}

/** Segments whose reading changes state beyond the claim they sit in (envelopes, HL, a patient's DMG). */
const NON_LOCAL = new Set(['CLM', 'ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'HL', 'DMG'].map(segmentIdCode));
const CLM = segmentIdCode('CLM');

/**
 * Claim k of an edited text, read again: `read.segs` is the edited text's segment table, with the
 * same segments as before outside claim k. Undefined when claim k's segments no longer read as that
 * one claim on its own — the first is not a CLM, or one of the others opens a claim or changes
 * what is read after it (an envelope, HL or DMG segment) — or when claim k could settle the
 * component separator anew: the whole text must be read again then.
 */
export function readEditedClaim(read: X12ReadState, k: number): Claim | undefined {
  const { segs, table } = read;
  if (k <= read.settledAt) return undefined;
  const first = table.clmSeg(k);
  const last = table.lastSeg(k);
  if (segs.idCode(first) !== CLM) return undefined;
  for (let i = first + 1; i <= last; i++) if (NON_LOCAL.has(segs.idCode(i))) return undefined;
  return readClaimsAgain(read, k, k + 1)[0];
}
