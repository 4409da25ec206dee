import type { Claim, Diagnosis, Patient, ProcedureCode, ServiceLine } from '../../model/claim';
import type { ParseProblem } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { x12PatientKey, x12UnknownKey } from '../../model/patient-key';
import type { Delimiters } from './delimiters';
import { ClaimTable } from './claim-table';
import { Collector, isDigits, X12Fields } from './fields';
import { CharFinder, segmentIdCode, shortCodeAt, type X12Segments } from './tokenizer';

/** Qualifiers of HI composites that carry diagnoses (ICD-10 and ICD-9; principal, other, admitting, reason, external cause). */
const DIAGNOSIS_QUALIFIERS = ['ABK', 'ABF', 'ABJ', 'APR', 'ABN', 'BK', 'BF', 'BJ', 'PR', 'BN'];

/** {@link DIAGNOSIS_QUALIFIERS} by {@link shortCodeAt} (all are two or three ASCII letters). */
const DIAGNOSIS_QUALIFIER_CODES = new Map(DIAGNOSIS_QUALIFIERS.map((q) => [segmentIdCode(q), q]));

/** Characters tried when a composite does not use the declared ISA16 separator. */
const COMPONENT_CANDIDATES = [':', '>', '<', '^', '|', '\\', '!', '@', '{', '}', '`'];

/**
 * Codes of the body segments the claim reader acts on ({@link segmentIdCode}): a 50 MB batch has
 * two million segments, and switching on small integers costs less than on id strings.
 */
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

/** The component separator in effect: shared by the claim reader that settles it and the editor that writes with it. */
export interface ComponentSeparator {
  component: string;
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
  /** An NM1*82 (2420A) was read in the line. */
  namesRendering: boolean;
}

interface ClaimDraft {
  clmSeg: number;
  lastSeg: number;
  date?: Field<string>;
  statementDate?: Field<string>;
  /** The end of the DTP*434 statement period (RD8). */
  statementEnd?: Field<string>;
  taxonomy?: Field<string>;
  providerLoop?: string;
  /** An NM1*82 (2310B) or NM1*71 (837I attending, 2310A) was read in the claim. */
  namesRendering: boolean;
  patient: Patient;
  /** Where the patient was read, as the claim opened: its NM1 and last DMG (-1: none). */
  personSeg: number;
  dmgSeg: number;
  /** Where its key's scope was read: the payer's NM1*PR, a dependent's subscriber NM1*IL (-1: none). */
  payerSeg: number;
  subscriberSeg: number;
  lines: LineDraft[];
}

/** What a claim read again needs to know of the loops around it (see {@link ClaimReader.presetContext}). */
export interface ClaimContext {
  readonly patient: Patient;
  readonly billingName?: string;
  readonly billingId?: string;
  /** The billing provider's PRV*BI segment (2000A), -1 when none. */
  readonly billingPrvSeg?: number;
  /** The component separator to read with; `settled: false` lets the claim settle it (as it did when first read). */
  readonly component: string;
  readonly settled: boolean;
}

/**
 * Builds claims from the segments of a transaction set's body (loops 2000A–2400): the billing
 * provider, subscriber and patient loops, then CLM and its service lines. Envelopes are not its
 * concern (see envelopes.ts); it is told where a transaction set starts ({@link startTransaction})
 * and reads every other segment of an 837's body through {@link segment}. Each claim is handed to
 * `onClaim` when it closes, with its row in {@link table} (where its segments and context are).
 *
 * It also settles the component separator: some senders declare one in ISA16 and use another; the
 * first composite that looks like "QUALIFIER<sep>VALUE" decides, and a mismatch is reported once.
 */
export class ClaimReader {
  readonly table = new ClaimTable();
  readonly fields: X12Fields;
  /** See X12ReadState.settledAt. */
  settledAt = Infinity;
  private settled = false;
  private finder?: CharFinder;

  private claim?: ClaimDraft;
  private line?: LineDraft;
  private hlLevel = '';
  private subscriber?: Person;
  private patient?: Person;
  private lastPerson?: Person;
  /** The payer (2010BB NM1*PR) of the open subscriber loop (HL*22): a patient's key is scoped by it. */
  private payerId?: string;
  private payerSeg = -1;
  private billingName?: string;
  private billingId?: string;
  /** The NM1*85 the billing provider was read from. */
  private billingSeg = -1;
  /** The billing provider's PRV*BI (2000A), -1 when none has been read in this HL*20 loop. */
  private billingPrvSeg = -1;
  /** Reading one claim again: its patient, as when first read. */
  private presetPatient?: Patient;
  /**
   * Reading a part of a text ({@link startPart}): the billing provider and the last person read
   * before the part are not known until an HL*20 and an NM1 of the part set them again.
   */
  private billingUnknown = false;
  private personUnknown = false;
  /**
   * True when the part read a claim or a DMG while that state was not known: a reading of the
   * whole text could have read it differently, so the part does not stand for it (parts.ts).
   */
  readsBeforePart = false;
  /** The open claim's diagnoses, and a line's modifiers and pointers while it is built. */
  private readonly diagnosisScratch = new Collector<Diagnosis>();
  private readonly fieldScratch = new Collector<Field<string>>();
  private readonly pointerScratch = new Collector<Field<number>>();

  constructor(
    private readonly segs: X12Segments,
    private readonly delimiters: Delimiters,
    /** Where x12-delimiters problems go. */
    private readonly problems: ParseProblem[],
    readonly separator: ComponentSeparator,
    private readonly onClaim: (claim: Claim) => void,
  ) {
    this.fields = new X12Fields(segs.text, segs, this);
  }

  /** A transaction set starts: no HL loop is open. */
  startTransaction(): void {
    this.closeClaim();
    this.hlLevel = '';
    this.subscriber = undefined;
    this.patient = undefined;
    this.payerId = undefined;
    this.payerSeg = -1;
  }

  /**
   * Reading starts at a transaction set in the middle of the text (parts.ts): the state a reading
   * of the whole text would carry over from the transaction sets before is not known.
   */
  startPart(): void {
    this.billingName = undefined;
    this.billingId = undefined;
    this.billingSeg = -1;
    this.billingPrvSeg = -1;
    this.lastPerson = undefined;
    this.billingUnknown = true;
    this.personUnknown = true;
  }

  /** For reading a claim again: the state the reader had when it reached its CLM. */
  presetContext(context: ClaimContext): void {
    this.separator.component = context.component;
    this.settled = context.settled;
    this.presetPatient = context.patient;
    this.billingName = context.billingName;
    this.billingId = context.billingId;
    this.billingPrvSeg = context.billingPrvSeg ?? -1;
  }

  /** One body segment; `code` is its id as {@link segmentIdCode} gives it. */
  segment(i: number, code: number): void {
    this.dispatch(i, code);
    // After the dispatch, so a CLM or LX that opens a claim or line is not counted in the one it ends.
    if (this.claim) this.claim.lastSeg = i;
    if (this.line) this.line.lastSeg = i;
  }

  private dispatch(i: number, code: number): void {
    const segs = this.segs;
    switch (code) {
      case HL: {
        this.closeClaim();
        this.hlLevel = segs.element(i, 3);
        if (this.hlLevel === '20') {
          this.billingUnknown = false;
          this.subscriber = undefined;
          this.patient = undefined;
          this.payerId = undefined;
          this.payerSeg = -1;
          this.billingName = undefined;
          this.billingId = undefined;
          this.billingPrvSeg = -1;
        } else if (this.hlLevel === '22') {
          this.subscriber = undefined;
          this.patient = undefined;
          this.payerId = undefined;
          this.payerSeg = -1;
        } else if (this.hlLevel === '23') {
          this.patient = undefined;
        }
        return;
      }
      case NM1:
        return this.nm1(i);
      case DMG: {
        if (this.personUnknown) this.readsBeforePart = true;
        if (this.lastPerson && segs.element(i, 1) === 'D8') {
          this.lastPerson.birthDate = this.fields.isoDateAt(segs.elementStart(i, 2), segs.elementEnd(i, 2));
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
      this.line.inRendering = this.fields.elementIs(i, 1, '82');
      if (this.line.inRendering) this.line.namesRendering = true;
      return;
    }
    const entity = segs.element(i, 1);
    if (this.claim) {
      this.claim.providerLoop = entity;
      if (entity === '82' || entity === '71') this.claim.namesRendering = true;
      return;
    }
    this.lastPerson = undefined;
    this.personUnknown = false;
    if (entity === '85') {
      this.billingName = segs.element(i, 3) || undefined;
      this.billingId = segs.element(i, 9) || undefined;
      this.billingSeg = i;
    } else if (entity === 'IL' && this.hlLevel === '22') this.lastPerson = this.subscriber = this.person(i, '2010BA');
    else if (entity === 'QC') this.lastPerson = this.patient = this.person(i, '2010CA');
    else if (entity === 'PR' && this.hlLevel === '22') {
      // 2010BB, after the subscriber's NM1: the payer scopes the keys of this loop's patients, built
      // when the first claim opens. (A claim's NM1*PR, 2330B, never gets here: see above.)
      this.payerId = segs.element(i, 9) || undefined;
      this.payerSeg = i;
      if (this.subscriber) this.subscriber.patient = undefined;
    }
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

  /**
   * The patient of a subscriber or patient loop (one object for all its claims: its key is built
   * once per loop), keyed by the payer and, for a dependent (2010CA), the subscriber it is under
   * (docs/patient-identity.md).
   */
  private patientOf(p: Person, payerId: string | undefined, subscriber: Person | undefined): Patient {
    if (p.patient) return p.patient;
    const dependent = p.loopId === '2010CA';
    const key = x12PatientKey(
      {
        payerId,
        subscriberId: dependent ? subscriber?.memberId : p.memberId,
        lastName: p.lastName,
        firstName: p.firstName,
        birthDate: p.birthDate,
      },
      dependent,
    );
    return (p.patient = { key, memberId: p.memberId, lastName: p.lastName, firstName: p.firstName, birthDate: p.birthDate, loopId: p.loopId, span: p.span });
  }

  /** The person the claims read now belong to: the patient loop's (2010CA) under HL*23, else the subscriber's. */
  private currentPerson(): Person | undefined {
    return this.hlLevel === '23' ? this.patient : this.subscriber;
  }

  private currentPatient(clmSeg: number): Patient {
    const p = this.currentPerson();
    // No subscriber/patient read: a key of its own, so unrelated claims are never grouped.
    if (!p) return { key: x12UnknownKey(clmSeg), loopId: this.hlLevel === '23' ? '2010CA' : '2010BA' };
    // A subscriber's claims share one Patient (built once, its key hashed once by the rules' maps).
    return this.patientOf(p, this.payerId, this.subscriber);
  }

  /**
   * The patient of claim k of `table`, read again from the segments it came from (NM1, DMG, and its
   * key's scope: the payer's NM1*PR, a dependent's subscriber NM1*IL): the table keeps segment
   * numbers, not the objects (one per subscriber loop, tens of thousands in a batch). Claims read
   * from the same loop share the object through `cache`, as they did when first read.
   */
  patientAgain(table: ClaimTable, k: number, cache: Map<string, Patient>): Patient {
    const nm1 = table.personSeg(k);
    if (nm1 < 0) return { key: x12UnknownKey(table.clmSeg(k)), loopId: table.unknownLoopId(k) };
    const dmg = table.dmgSeg(k);
    const payerSeg = table.payerSeg(k);
    const subscriberSeg = table.subscriberSeg(k);
    const at = `${nm1}:${dmg}:${payerSeg}:${subscriberSeg}`;
    let patient = cache.get(at);
    if (!patient) {
      const segs = this.segs;
      const person = this.person(nm1, this.fields.elementIs(nm1, 1, 'QC') ? '2010CA' : '2010BA');
      if (dmg >= 0) person.birthDate = this.fields.isoDateAt(segs.elementStart(dmg, 2), segs.elementEnd(dmg, 2));
      const payerId = payerSeg < 0 ? undefined : segs.element(payerSeg, 9) || undefined;
      const subscriber = subscriberSeg < 0 ? undefined : this.person(subscriberSeg, '2010BA');
      cache.set(at, (patient = this.patientOf(person, payerId, subscriber)));
    }
    return patient;
  }

  private openClaim(i: number): void {
    this.closeClaim();
    const person = this.presetPatient ? undefined : this.currentPerson();
    this.diagnosisScratch.count = 0;
    // Every field from the start, the optional ones undefined: drafts then share one shape, and
    // reading them stays monomorphic (fields added later in varying order made every read of a
    // draft a megamorphic lookup).
    this.claim = {
      clmSeg: i,
      lastSeg: i,
      date: undefined,
      statementDate: undefined,
      statementEnd: undefined,
      taxonomy: undefined,
      providerLoop: undefined,
      patient: this.presetPatient ?? this.currentPatient(i),
      namesRendering: false,
      personSeg: person?.nm1Seg ?? -1,
      dmgSeg: person?.dmgSeg ?? -1,
      // The key's scope (see patientOf): this subscriber loop's payer, a dependent's subscriber.
      payerSeg: person ? this.payerSeg : -1,
      subscriberSeg: person && person.loopId === '2010CA' ? (this.subscriber?.nm1Seg ?? -1) : -1,
      lines: [],
    };
  }

  private openLine(i: number): void {
    if (!this.claim) return;
    this.line = {
      firstSeg: i,
      lastSeg: i,
      number: this.fields.numberField(i, 1),
      svSeg: undefined,
      date: undefined,
      taxonomy: undefined,
      inRendering: false,
      namesRendering: false,
    };
    this.claim.lines.push(this.line);
  }

  private dtp(i: number): void {
    if (!this.claim) return;
    // Only DTP*472 (service) and, on a claim, DTP*434 (statement) dates are kept: decide that
    // before reading the date, without slicing the qualifier.
    const fields = this.fields;
    const service = fields.elementIs(i, 1, '472');
    const statement = !service && !this.line && !this.claim.statementDate && fields.elementIs(i, 1, '434');
    if (!service && !statement) return;
    const date = fields.dateField(i);
    if (!date) return;
    if (this.line) this.line.date = date;
    else if (service) this.claim.date = date;
    else {
      this.claim.statementDate = date;
      this.claim.statementEnd = fields.rangeEndField(i);
    }
  }

  private prv(i: number): void {
    // Decide whether the taxonomy is wanted before building its field (PRV01 compared in place).
    const fields = this.fields;
    if (!this.claim && this.hlLevel === '20') {
      if (fields.elementIs(i, 1, 'BI')) this.billingPrvSeg = i;
      return;
    }
    const wanted = this.line
      ? this.line.inRendering && fields.elementIs(i, 1, 'PE')
      : this.claim !== undefined && !this.claim.taxonomy && (fields.elementIs(i, 1, 'PE') || fields.elementIs(i, 1, 'AT'));
    if (!wanted) return;
    const taxonomy = fields.field(i, 3);
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
    const text = segs.text;
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
      const code = this.fields.slice(codeSpan);
      diagnoses.push({
        sequence: diagnoses.count + 1,
        code: { value: code, raw: code, span: codeSpan },
        qualifier,
        span: { start, end },
      });
    }
  }

  /** Close the open claim, if any: build it, add its row to the table and hand it on. */
  closeClaim(): void {
    const draft = this.claim;
    this.claim = undefined;
    this.line = undefined;
    if (!draft) return;
    if (this.billingUnknown) this.readsBeforePart = true;
    const segs = this.segs;
    const fields = this.fields;
    const c = draft.clmSeg;
    const claimDate = draft.date ?? draft.statementDate;
    const drafts = draft.lines;
    const lines: ServiceLine[] = new Array(drafts.length);
    for (let k = 0; k < drafts.length; k++) lines[k] = this.buildLine(drafts[k], claimDate);
    const facility = segs.elementStart(c, 5);
    // An institutional claim's billing provider is the facility, which renders no service itself.
    const institutional = drafts.some((d) => d.svSeg !== undefined && segs.idCode(d.svSeg) === SV2);
    const billingTaxonomy = this.billingPrvSeg < 0 || institutional ? undefined : fields.field(this.billingPrvSeg, 3);
    const claim: Claim = {
      loopId: '2300',
      span: { start: segs.start(c), end: segs.end(draft.lastSeg) },
      id: fields.field(c, 1) ?? { value: '', raw: '', span: segs.elementSpan(c, 0)! },
      totalCharge: fields.numberField(c, 2),
      placeOfService: fields.firstComponentField(c, 5),
      frequencyCode: facility < 0 ? undefined : this.thirdComponent(facility, segs.elementEnd(c, 5)),
      diagnoses: this.diagnosisScratch.take(),
      serviceDate: claimDate,
      throughDate: draft.statementEnd,
      patient: draft.patient,
      renderingTaxonomy: draft.taxonomy,
      namesRenderingProvider: draft.namesRendering,
      billingTaxonomy: billingTaxonomy?.value ? billingTaxonomy : undefined,
      billingProviderName: this.billingName,
      billingProviderId: this.billingId,
      lines,
    };
    this.table.add(
      c,
      draft.lastSeg,
      draft.personSeg,
      draft.dmgSeg,
      draft.patient.loopId === '2010CA',
      this.billingName === undefined ? -1 : this.billingSeg,
      this.billingPrvSeg,
      draft.payerSeg,
      draft.subscriberSeg,
    );
    this.onClaim(claim);
  }

  /** The third component of the composite text[start, end) (CLM05-3, the claim frequency code); undefined when absent. */
  private thirdComponent(start: number, end: number): Field<string> | undefined {
    const components = this.componentsIn(start, end);
    const first = components.find(start, end);
    if (first < 0) return undefined;
    const second = components.find(first + 1, end);
    if (second < 0) return undefined;
    return this.fields.stringField({ start: second + 1, end: components.until(second + 1, end) });
  }

  private buildLine(l: LineDraft, claimDate: Field<string> | undefined): ServiceLine {
    const segs = this.segs;
    const fields = this.fields;
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
        namesRenderingProvider: l.namesRendering,
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
            const raw = segs.text.slice(p, e);
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
      revenueCode: isSv2 ? fields.field(sv, 1) : undefined,
      procedure: this.procedure(sv, procEl),
      charge: fields.numberField(sv, base),
      unitBasis: fields.field(sv, base + 1),
      quantity: fields.numberField(sv, base + 2),
      diagnosisPointers: pointers.take(),
      diagnosisPointersSpan: pointerSpan,
      hasPointerElement: !isSv2,
      serviceDate: l.date ?? claimDate,
      renderingTaxonomy: l.taxonomy,
      namesRenderingProvider: l.namesRendering,
    };
  }

  /**
   * The procedure composite: qualifier, code and up to four modifiers (components 2–5, empty ones
   * skipped). Components are walked in place, not split into an array first.
   */
  private procedure(i: number, n: number): ProcedureCode | undefined {
    const span = this.segs.elementSpan(i, n);
    if (!span || span.end === span.start) return undefined;
    const fields = this.fields;
    const end = span.end;
    const components = this.componentsIn(span.start, end);
    let e = components.until(span.start, end);
    const qualifier = fields.stringField({ start: span.start, end: e });
    if (e === end) return { span, qualifier, code: { value: '', raw: '', span: { start: end, end } }, modifiers: [] };
    let p = e + 1;
    e = components.until(p, end);
    const code = fields.stringField({ start: p, end: e });
    const modifiers = this.fieldScratch;
    for (let k = 2; k < 6 && e < end; k++) {
      p = e + 1;
      e = components.until(p, end);
      if (e > p) modifiers.push(fields.stringField({ start: p, end: e }));
    }
    return { span, qualifier, code, modifiers: modifiers.take() };
  }

  /**
   * Finds the component separator in effect in the composite text[start, end), settling the
   * separator on it first if no composite has yet (a new finder once it settles on another).
   */
  componentsIn(start: number, end: number): CharFinder {
    if (!this.settled) this.settle(start, end);
    const component = this.separator.component;
    let f = this.finder;
    if (!f || f.char !== component) this.finder = f = new CharFinder(this.segs.text, component);
    return f;
  }

  /**
   * Some senders declare one component separator in ISA16 and use another. The first composite
   * that looks like "QUALIFIER<sep>VALUE" decides; a mismatch is reported once.
   */
  /**
   * The first segment of the open claim, up to segment `at`, whose elements hold `c`: a claim's
   * CLM05 composite is read after its lines, so the composite that settled the separator may not be
   * the first one the text shows it in.
   */
  private firstUsing(c: string, at: number): number {
    const segs = this.segs;
    const from = this.claim?.clmSeg ?? at;
    for (let i = from; i < at; i++) {
      const idEnd = segs.elementEnd(i, 0);
      if (idEnd >= 0 && segs.text.slice(idEnd, segs.end(i)).includes(c)) return i;
    }
    return at;
  }

  private settle(start: number, end: number): void {
    const value = this.segs.text.slice(start, end);
    if (value.includes(this.separator.component)) {
      this.settled = true;
      this.settledAt = this.table.count;
      return;
    }
    const d = this.delimiters;
    for (const c of COMPONENT_CANDIDATES) {
      if (c === d.element || c === d.segment || c === d.repetition || c === d.component) continue;
      const k = value.indexOf(c);
      if (k > 0 && k <= 3 && /^[A-Z0-9]+$/i.test(value.slice(0, k))) {
        // At ISA16, where the declaration is; the first segment that uses the other one beside it.
        const first = this.firstUsing(c, this.segs.indexAt(start));
        const segs = this.segs;
        this.problems.push({
          ruleId: 'x12-delimiters',
          messageId: 'componentSeparator',
          data: { declared: d.component, used: c },
          span: segs.elementSpan(0, 16) ?? { start, end },
          related: [{ span: segs.span(first), message: `The first segment that separates components with "${c}"` }],
        });
        this.separator.component = c;
        this.settled = true;
        this.settledAt = this.table.count;
        return;
      }
    }
  }
}
