import type { DocumentFormat, OutlineNode } from '../../model/claim';
import type { Fix, ParseProblem } from '../../model/finding';
import type { Span } from '../../model/span';
import { x12Variant } from '../detect';
import type { X12Segments } from './tokenizer';

interface Envelope {
  seg: number;
  count: number;
  control: string;
  node?: OutlineNode;
}

/**
 * The envelopes of an interchange (ISA/IEA, GS/GE, ST/SE): opens and closes them as their segments
 * come, checks their counts and control numbers (x12-envelope, with fixes), reports segments
 * outside them and trailers that never come, tells the format from GS08/ST03, and builds the
 * interchange and transaction set nodes of the outline. The read loop hands it every envelope
 * segment ({@link envelope}) and asks it whether a body segment is to be read ({@link body}).
 */
export class EnvelopeReader {
  readonly outline: OutlineNode[] = [];
  format: DocumentFormat = 'x12-837p';
  private interchange?: Envelope;
  private group?: Envelope;
  private transaction?: Envelope & { skip: boolean };
  private outsideReported = false;
  private transactions = 0;
  private claimTransactions = 0;
  private formatSet = false;

  constructor(
    private readonly segs: X12Segments,
    /** Where x12-envelope problems go (shared with the claim reader: one list in reading order). */
    private readonly problems: ParseProblem[],
    /** Reading a part of a text (parts.ts): whether a problem at this offset is the part's to report. */
    private readonly owns?: (offset: number) => boolean,
  ) {}

  /** An envelope segment (ISA GS ST SE GE IEA by its id); returns true when a transaction set opened. */
  envelope(i: number, id: 'ISA' | 'GS' | 'ST' | 'SE' | 'GE' | 'IEA'): boolean {
    switch (id) {
      case 'ISA':
        this.openInterchange(i);
        return false;
      case 'GS':
        this.openGroup(i);
        return false;
      case 'ST':
        this.openTransaction(i);
        return true;
      case 'SE':
        this.closeTransaction(i);
        return false;
      case 'GE':
        this.closeGroup(i);
        return false;
      case 'IEA':
        this.closeInterchange(i);
        return false;
    }
  }

  /** A body segment: true when it is to be read (inside an 837 transaction set); one outside any envelope is reported. */
  body(i: number): boolean {
    if (!this.transaction) {
      this.reportOutside(i, this.segs.id(i));
      return false;
    }
    this.outsideReported = false;
    return !this.transaction.skip;
  }

  /** Where the outline node of a claim closed now goes: its transaction set's children. */
  get claimParent(): OutlineNode[] {
    return this.transaction?.node?.children ?? this.outline;
  }

  /** The text has ended: trailers never read are reported, and a text of no 837 is not a claim format. */
  finish(): void {
    // Transaction sets, none of them an 837 (an 835 remittance, a 270 …): not a claim format.
    if (this.transactions > 0 && this.claimTransactions === 0) this.format = 'unknown';
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
    if (this.group) this.missing('GE', 'functional group', this.group.seg);
    if (this.interchange) this.missing('IEA', 'interchange', this.interchange.seg);
  }

  private envelopeProblem(messageId: string, span: Span, data: Record<string, string | number>, fixes?: Fix[]): void {
    if (this.owns && !this.owns(span.start)) return;
    this.problems.push({ ruleId: 'x12-envelope', messageId, data, span, fixes });
  }

  private missing(segment: string, envelope: string, headerSeg: number): void {
    const header = this.segs.elementSpan(headerSeg, 0)!;
    this.envelopeProblem('missingTrailer', header, { segment, envelope }, undefined);
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
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
    if (this.group) this.missing('GE', 'functional group', this.group.seg);
    if (this.interchange) this.missing('IEA', 'interchange', this.interchange.seg);
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
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
    if (this.group) this.missing('GE', 'functional group', this.group.seg);
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
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
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
    this.transaction = { seg: i, count: 0, control, node, skip };
    this.outsideReported = false;
  }

  private closeTransaction(i: number): void {
    const tx = this.transaction;
    if (!tx) {
      this.reportOutside(i, 'SE');
      return;
    }
    this.checkCount(i, 1, 'SE01', i - tx.seg + 1, 'segmentCount');
    this.checkControl(i, 2, 'SE02', 'ST02', tx.control);
    if (tx.node) extend(tx.node, this.segs.end(i));
    this.transaction = undefined;
  }

  private closeGroup(i: number): void {
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
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
    if (this.transaction) this.missing('SE', 'transaction set', this.transaction.seg);
    if (this.group) this.missing('GE', 'functional group', this.group.seg);
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
}

function extend(node: OutlineNode, end: number): void {
  (node as { span: Span }).span = { start: node.span.start, end };
}
