import type { TimedRounding } from './config';
import { renderingTaxonomyOf, type Claim, type LinePosition } from './model/claim';
import type { Span } from './model/span';
import { normalizeCode, type Policy } from './policy';
import { claimLineUnits } from './units';

/** How a line's quantity is counted ({@link ServiceFacts.basis}). */
export type UnitBasis = 'units' | 'minutes' | 'other' | 'none';
const BASES: readonly UnitBasis[] = ['none', 'units', 'minutes', 'other'];

/** Code sets past this many in one pack are looked up directly rather than as bits of {@link ServiceFacts.inSet}. */
const SET_BITS = 31;

/**
 * The facts of a document's service lines that rules about a whole patient read: per line the
 * patient, date of service, procedure code and the pack's code sets it is in, modifiers, units as
 * billed, its claim and where the code is; per claim its id, frequency code and providers. Filled
 * claim by claim as the engine reads (a large batch's claim objects are not kept), and kept as
 * columns — numbers in typed arrays, strings interned — not as an object per line: a 50 MB 837P
 * has a quarter of a million lines, and objects kept for the whole lint are copied by every
 * young-generation collection and traced by every full one.
 *
 * Line i: {@link patient}(i), {@link date}(i), {@link code}(i) …; claim c: {@link claimId}(c) ….
 * Lines are numbered in the order they were added, which is document order for a first read.
 */
export class ServiceFacts {
  /** Lines added. */
  count = 0;
  /** Claims added. */
  claimCount = 0;
  private patientIds = new Int32Array(16);
  private dateIds = new Int32Array(16);
  private flagBits = new Int32Array(16);
  private modifierIds = new Int32Array(16);
  private claimOfLine = new Int32Array(16);
  private basisCodes = new Uint8Array(16);
  private unitValues = new Float64Array(16);
  private quantities = new Float64Array(16);
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** The service segment (X12 SV1/SV2) or FHIR item: where an edit by position finds the line. */
  private serviceStarts = new Int32Array(16);
  private serviceEnds = new Int32Array(16);
  /** Per line: the code as {@link codeNumber}, or -1 with the code in {@link otherCodes}. */
  private codeNumbers = new Int32Array(16);
  private readonly otherCodes = new Map<number, string>();
  /** Codes by number, made once each when asked for. */
  private readonly codeStrings = new Map<number, string>();
  /** Per claim: its first line and number of lines, its patient. */
  private claimFirst = new Int32Array(16);
  private claimLines = new Int32Array(16);
  private claimPatient = new Int32Array(16);
  /** Per claim: the file it came from, by number (0 for a single document; see {@link append}). */
  private claimSource = new Int32Array(16);
  /**
   * Per file: what its offsets are moved by in {@link span} and {@link position}. Facts of several
   * files ({@link append}) give each file a range of offsets of its own, so a rule reports a line
   * of any file without knowing files exist; the caller maps a span back to its file.
   */
  private readonly sourceBases: number[] = [0];
  /** Per file: whether its findings are reported (a --history file's, or another file of the editor's index, are not). */
  private readonly sourceReported: boolean[] = [true];
  /** True once a claim was replaced ({@link replaceClaim}): some lines are no longer in use. */
  private replaced = false;
  private readonly claimIds: string[] = [];
  private readonly frequencies: string[] = [];
  private readonly billingProviders: string[] = [];
  private readonly claimRenderings: string[] = [];
  /** Per claim: the other ids it is known by, and the ids of the claims it replaces (FHIR); undefined when none. */
  private readonly claimAliases: (readonly string[] | undefined)[] = [];
  private readonly claimReplaces: (readonly string[] | undefined)[] = [];
  /** A line's own rendering taxonomy (2420A), for the few lines that have one; the claim's otherwise. */
  private readonly lineRenderings = new Map<number, string>();
  private readonly patients = new Interned();
  private readonly dates = new DateIds();
  private readonly modifierLists = new Interned();
  private readonly modifierValues: (readonly string[])[] = [[]];
  private readonly setBit = new Map<string, number>();
  /** Code-set bits per code: by {@link codeNumber} for the usual codes, by the string for others. */
  private readonly flagsByNumber = new Map<number, number>();
  private readonly flagsByCode = new Map<string, number>();

  constructor(
    readonly policy: Policy,
    private readonly rounding: TimedRounding,
  ) {
    Object.keys(policy.data.codeSets).forEach((name, k) => {
      if (k < SET_BITS) this.setBit.set(name, 1 << k);
    });
    this.modifierLists.id('');
  }

  /** Add a claim and its service lines that have a procedure code, in line order. Returns the claim's number. */
  addClaim(claim: Claim): number {
    const c = this.claimCount++;
    if (c === this.claimFirst.length) this.growClaims();
    const patient = this.patients.id(claim.patient.key);
    const claimDate = claim.serviceDate?.value ?? '';
    this.claimFirst[c] = this.count;
    this.claimPatient[c] = patient;
    // A document's own claims are file 0; other files' come in through append.
    this.claimSource[c] = 0;
    this.claimIds[c] = claim.id.value;
    this.frequencies[c] = claim.frequencyCode?.value ?? '';
    this.billingProviders[c] = claim.billingProviderId ?? claim.billingProviderName ?? '';
    // The claim's rendering provider, else (none named) its billing provider: what most of its lines share.
    this.claimRenderings[c] = claim.renderingTaxonomy?.value ?? (claim.namesRenderingProvider ? '' : (claim.billingTaxonomy?.value ?? ''));
    this.claimAliases[c] = claim.aliases && claim.aliases.length > 0 ? claim.aliases : undefined;
    this.claimReplaces[c] = claim.replaces && claim.replaces.length > 0 ? claim.replaces : undefined;
    const { policy, dates } = this;
    const unitsOf = claimLineUnits(claim, policy, this.rounding);
    for (const line of claim.lines) {
      const procedure = line.procedure;
      if (!procedure) continue;
      if (this.count === this.patientIds.length) this.grow();
      const i = this.count++;
      const code = procedure.code.value;
      const n = codeNumber(code);
      this.codeNumbers[i] = n;
      if (n < 0) this.otherCodes.set(i, code);
      this.patientIds[i] = patient;
      this.dateIds[i] = dates.id(line.serviceDate?.value ?? claimDate);
      this.flagBits[i] = this.flagsOf(code, n);
      this.modifierIds[i] = this.modifiersId(procedure.modifiers);
      const rendering = renderingTaxonomyOf(claim, line)?.taxonomy.value ?? '';
      if (rendering !== this.claimRenderings[c]) this.lineRenderings.set(i, rendering);
      this.claimOfLine[i] = c;
      this.basisCodes[i] = basisCode(line.unitBasis?.value);
      this.unitValues[i] = unitsOf(line);
      this.quantities[i] = line.quantity?.value ?? NaN;
      this.starts[i] = procedure.span.start;
      this.ends[i] = procedure.span.end;
      this.serviceStarts[i] = line.serviceSpan.start;
      this.serviceEnds[i] = line.serviceSpan.end;
    }
    this.claimLines[c] = this.count - this.claimFirst[c];
    return c;
  }

  /**
   * Claim c's lines added again (after an edit of the claim): the new lines are appended, and the
   * claim points at them; its old lines are left unused.
   */
  replaceClaim(c: number, claim: Claim): void {
    this.replaced = true;
    const count = this.claimCount;
    this.claimCount = c;
    this.addClaim(claim);
    this.claimCount = count;
  }

  /** Move the positions at or after `from` by `delta` (an edit of the text before them). */
  shift(from: number, delta: number): void {
    if (delta === 0) return;
    const { starts, ends, serviceStarts, serviceEnds } = this;
    for (let i = 0; i < this.count; i++) {
      if (starts[i] >= from) starts[i] += delta;
      if (ends[i] >= from) ends[i] += delta;
      if (serviceStarts[i] >= from) serviceStarts[i] += delta;
      if (serviceEnds[i] >= from) serviceEnds[i] += delta;
    }
  }

  /** The pack's code sets `code` is in, as bits in the order the pack names its sets. */
  private flagsOf(code: string, n: number): number {
    let flags = n >= 0 ? this.flagsByNumber.get(n) : this.flagsByCode.get(code);
    if (flags === undefined) {
      flags = 0;
      const names = Object.keys(this.policy.data.codeSets);
      for (let k = 0; k < names.length && k < SET_BITS; k++) if (this.policy.codeSet(names[k]).has(code)) flags |= 1 << k;
      // Bounded, as the code set memos are: a hostile file cannot grow it without limit.
      if (n >= 0) this.flagsByNumber.set(n, flags);
      else if (this.flagsByCode.size < 65536 && code.length <= 12) this.flagsByCode.set(code, flags);
    }
    return flags;
  }

  private modifiersId(modifiers: readonly { value: string }[]): number {
    if (modifiers.length === 0) return 0;
    // One modifier (the usual case) is its own key; a list is "\u0001" + its JSON, so no key is both.
    const one = modifiers.length === 1 ? modifiers[0].value : undefined;
    const key = one !== undefined && one.charCodeAt(0) !== 1 ? one : '\u0001' + JSON.stringify(modifiers.map((m) => m.value));
    const id = this.modifierLists.id(key);
    if (id === this.modifierValues.length) this.modifierValues.push(modifiers.map((m) => m.value));
    return id;
  }

  private grow(): void {
    const n = this.patientIds.length * 2;
    this.patientIds = grown(this.patientIds, n);
    this.codeNumbers = grown(this.codeNumbers, n);
    this.dateIds = grown(this.dateIds, n);
    this.flagBits = grown(this.flagBits, n);
    this.modifierIds = grown(this.modifierIds, n);
    this.claimOfLine = grown(this.claimOfLine, n);
    this.starts = grown(this.starts, n);
    this.ends = grown(this.ends, n);
    this.serviceStarts = grown(this.serviceStarts, n);
    this.serviceEnds = grown(this.serviceEnds, n);
    this.unitValues = grown(this.unitValues, n);
    this.quantities = grown(this.quantities, n);
    this.basisCodes = grown(this.basisCodes, n);
  }

  private growClaims(): void {
    const n = this.claimFirst.length * 2;
    this.claimFirst = grown(this.claimFirst, n);
    this.claimLines = grown(this.claimLines, n);
    this.claimPatient = grown(this.claimPatient, n);
    this.claimSource = grown(this.claimSource, n);
  }

  /**
   * Add the claims and lines of `other` (another file's facts, read under the same policy and
   * rounding) as the next file, whose offsets start at `base` (at or past the end of the files
   * before it): the merge of a patient history across files. With `patients`, only the claims of
   * those patient keys (an editor re-checking one patient, a fix loop one file's patients). Returns the file's
   * number. `other`'s own files are not kept apart: it is taken as one file.
   */
  append(other: ServiceFacts, base: number, patients?: ReadonlySet<string>, own = false, reported = true): number {
    const source = this.sourceBases.length;
    this.sourceBases.push(base);
    this.sourceReported[source] = reported;
    // Per patient of `other`: its number here, -1 not yet interned, -2 left out.
    const here = new Int32Array(other.patientCount).fill(patients ? -2 : -1);
    if (patients) {
      let any = false;
      for (const key of patients) {
        // A key of a claim's own (no patient read) names a patient of its own file only.
        if (!own && isFileLocalKey(key)) continue;
        const p = other.patients.find(key);
        if (p < 0) continue;
        here[p] = -1;
        any = true;
      }
      if (!any) return source;
    }
    const patientOf = (p: number): number => {
      if (here[p] >= 0) return here[p];
      // Keys of a claim's own are unique within their file only: the file keeps them apart here.
      const key = other.patientKey(p);
      return (here[p] = this.patients.id(isFileLocalKey(key) ? `${key}${LOCAL_KEY_MARK}${source}` : key));
    };
    if (!patients && !other.replaced) {
      this.copyAll(other, source, patientOf);
      return source;
    }
    // Some patients' claims, or claims some of whose lines were replaced: claim by claim.
    for (let c = 0; c < other.claimCount; c++) {
      const p = other.claimPatient[c];
      if (here[p] === -2) continue;
      const k = this.claimCount++;
      if (k === this.claimFirst.length) this.growClaims();
      this.copyClaim(other, c, k, patientOf(p), source);
      this.claimFirst[k] = this.count;
      this.claimLines[k] = other.claimLines[c];
      this.copyLines(other, other.claimFirst[c], other.claimLines[c], patientOf, 0, k);
    }
    return source;
  }

  /**
   * @internal The facts of the next part of this same text, read on another thread (parts.ts): its
   * offsets are already the text's, and its claims are this file's, so nothing is moved or kept
   * apart. Both must be one file's facts as first read.
   */
  appendPart(other: ServiceFacts): void {
    if (this.replaced || other.replaced || this.sourceBases.length !== 1 || other.sourceBases.length !== 1)
      throw new Error('appendPart: the facts of one first read only');
    const here = new Int32Array(other.patientCount).fill(-1);
    this.copyAll(other, 0, (p) => (here[p] >= 0 ? here[p] : (here[p] = this.patients.id(other.patientKey(p)))));
  }

  /** Every claim and line of `other` (in use and in claim order), as file `source`: the columns copied as one range. */
  private copyAll(other: ServiceFacts, source: number, patientOf: (p: number) => number): void {
    const firstClaim = this.claimCount;
    const firstLine = this.count;
    while (this.claimFirst.length < firstClaim + other.claimCount) this.growClaims();
    for (let c = 0; c < other.claimCount; c++) {
      this.copyClaim(other, c, firstClaim + c, patientOf(other.claimPatient[c]), source);
      this.claimFirst[firstClaim + c] = firstLine + other.claimFirst[c];
      this.claimLines[firstClaim + c] = other.claimLines[c];
    }
    this.claimCount = firstClaim + other.claimCount;
    this.copyLines(other, 0, other.count, patientOf, firstClaim, -1);
  }

  /**
   * @internal The facts as plain data, to send to another thread (structured clone); read back
   * with {@link fromData}. One file's facts as first read only.
   */
  toData(): ServiceFactsData {
    if (this.replaced || this.sourceBases.length !== 1) throw new Error('toData: the facts of one first read only');
    const n = this.count;
    const m = this.claimCount;
    const patientKeys: string[] = [];
    for (let p = 0; p < this.patients.size; p++) patientKeys.push(this.patients.value(p));
    return {
      count: n,
      claimCount: m,
      lines: {
        patientIds: this.patientIds.slice(0, n),
        dateIds: this.dateIds.slice(0, n),
        flagBits: this.flagBits.slice(0, n),
        modifierIds: this.modifierIds.slice(0, n),
        claimOfLine: this.claimOfLine.slice(0, n),
        basisCodes: this.basisCodes.slice(0, n),
        unitValues: this.unitValues.slice(0, n),
        quantities: this.quantities.slice(0, n),
        starts: this.starts.slice(0, n),
        ends: this.ends.slice(0, n),
        serviceStarts: this.serviceStarts.slice(0, n),
        serviceEnds: this.serviceEnds.slice(0, n),
        codeNumbers: this.codeNumbers.slice(0, n),
      },
      claimFirst: this.claimFirst.slice(0, m),
      claimLines: this.claimLines.slice(0, m),
      claimPatient: this.claimPatient.slice(0, m),
      otherCodes: [...this.otherCodes],
      lineRenderings: [...this.lineRenderings],
      claimIds: this.claimIds.slice(0, m),
      frequencies: this.frequencies.slice(0, m),
      billingProviders: this.billingProviders.slice(0, m),
      claimRenderings: this.claimRenderings.slice(0, m),
      claimAliases: this.claimAliases.slice(0, m),
      claimReplaces: this.claimReplaces.slice(0, m),
      patientKeys,
      dates: this.dates.toData(),
      modifierValues: this.modifierValues.slice(1),
    };
  }

  /** @internal Facts sent by another thread ({@link toData}), read under `policy` and `rounding` as they were taken. */
  static fromData(policy: Policy, rounding: TimedRounding, data: ServiceFactsData): ServiceFacts {
    const f = new ServiceFacts(policy, rounding);
    const room = <A extends Int32Array | Float64Array | Uint8Array>(a: A): A => (a.length > 0 ? a : grown(a, 16));
    const l = data.lines;
    f.patientIds = room(l.patientIds);
    f.dateIds = room(l.dateIds);
    f.flagBits = room(l.flagBits);
    f.modifierIds = room(l.modifierIds);
    f.claimOfLine = room(l.claimOfLine);
    f.basisCodes = room(l.basisCodes);
    f.unitValues = room(l.unitValues);
    f.quantities = room(l.quantities);
    f.starts = room(l.starts);
    f.ends = room(l.ends);
    f.serviceStarts = room(l.serviceStarts);
    f.serviceEnds = room(l.serviceEnds);
    f.codeNumbers = room(l.codeNumbers);
    f.claimFirst = room(data.claimFirst);
    f.claimLines = room(data.claimLines);
    f.claimPatient = room(data.claimPatient);
    f.claimSource = new Int32Array(f.claimFirst.length);
    f.count = data.count;
    f.claimCount = data.claimCount;
    for (const [i, code] of data.otherCodes) f.otherCodes.set(i, code);
    for (const [i, taxonomy] of data.lineRenderings) f.lineRenderings.set(i, taxonomy);
    // A loop, not push(...): a spread of 100 000+ claims overflows the call stack.
    for (let c = 0; c < data.claimCount; c++) {
      f.claimIds.push(data.claimIds[c]);
      f.frequencies.push(data.frequencies[c]);
      f.billingProviders.push(data.billingProviders[c]);
      f.claimRenderings.push(data.claimRenderings[c]);
      f.claimAliases.push(data.claimAliases[c]);
      f.claimReplaces.push(data.claimReplaces[c]);
    }
    // Interned again in the same order, so every id in the columns means what it meant there.
    for (const key of data.patientKeys) f.patients.id(key);
    f.dates.fromData(data.dates);
    for (const values of data.modifierValues) f.modifiersId(values.map((value) => ({ value })));
    return f;
  }

  /** Claim c of `other` as claim k here (its lines are set by the caller). */
  private copyClaim(other: ServiceFacts, c: number, k: number, patient: number, source: number): void {
    this.claimPatient[k] = patient;
    this.claimSource[k] = source;
    this.claimIds[k] = other.claimIds[c];
    this.frequencies[k] = other.frequencies[c];
    this.billingProviders[k] = other.billingProviders[c];
    this.claimRenderings[k] = other.claimRenderings[c];
    this.claimAliases[k] = other.claimAliases[c];
    this.claimReplaces[k] = other.claimReplaces[c];
  }

  /**
   * `other`'s lines [from, from + n) appended: numbers copied column by column, patients, dates and
   * modifiers interned here. Their claim is `claim` (≥ 0), else `claimBase` + their claim there.
   */
  private copyLines(other: ServiceFacts, from: number, n: number, patientOf: (p: number) => number, claimBase: number, claim: number): void {
    const at = this.count;
    while (this.patientIds.length < at + n) this.grow();
    const to = from + n;
    this.codeNumbers.set(other.codeNumbers.subarray(from, to), at);
    this.flagBits.set(other.flagBits.subarray(from, to), at);
    this.basisCodes.set(other.basisCodes.subarray(from, to), at);
    this.unitValues.set(other.unitValues.subarray(from, to), at);
    this.quantities.set(other.quantities.subarray(from, to), at);
    this.starts.set(other.starts.subarray(from, to), at);
    this.ends.set(other.ends.subarray(from, to), at);
    this.serviceStarts.set(other.serviceStarts.subarray(from, to), at);
    this.serviceEnds.set(other.serviceEnds.subarray(from, to), at);
    let lastModifiers = -1;
    let lastModifiersId = 0;
    for (let i = from; i < to; i++) {
      const k = at + i - from;
      this.patientIds[k] = patientOf(other.patientIds[i]);
      this.claimOfLine[k] = claim >= 0 ? claim : claimBase + other.claimOfLine[i];
      this.dateIds[k] = this.dates.id(other.date(i));
      const m = other.modifierIds[i];
      if (m !== lastModifiers) {
        lastModifiers = m;
        lastModifiersId = m === 0 ? 0 : this.modifiersId(other.modifierValues[m].map((value) => ({ value })));
      }
      this.modifierIds[k] = lastModifiersId;
      const code = other.otherCodes.get(i);
      if (code !== undefined) this.otherCodes.set(k, code);
      const taxonomy = other.lineRenderings.get(i);
      if (taxonomy !== undefined) this.lineRenderings.set(k, taxonomy);
    }
    this.count = at + n;
  }

  /** @internal The interned number of a patient key (as its own file knows it); -1 when no line of that patient was added. */
  patientIdOfKey(key: string): number {
    return this.patients.find(key);
  }

  /** A patient key of merged facts as the file it came from knows it (see {@link append}). */
  static ownKey(key: string): string {
    const at = key.indexOf(LOCAL_KEY_MARK);
    return at < 0 ? key : key.slice(0, at);
  }

  /** Whether `other`'s facts were taken under the same policy and rounding (and so can be {@link append}ed). */
  compatible(other: ServiceFacts): boolean {
    return other.policy === this.policy && other.rounding === this.rounding;
  }

  /** The number of files ({@link append}); 1 for a single document. */
  get sourceCount(): number {
    return this.sourceBases.length;
  }

  // ---- lines -------------------------------------------------------------------------------

  /** The claim's patient key (`Patient.key`). */
  patient(i: number): string {
    return this.patients.value(this.patientIds[i]);
  }

  /** ISO date of service (the line's, else the claim's); "" when unknown. */
  date(i: number): string {
    return this.dates.value(this.dateIds[i]);
  }

  /** The procedure code as written (for messages). */
  code(i: number): string {
    const n = this.codeNumbers[i];
    if (n < 0) return this.otherCodes.get(i)!;
    let code = this.codeStrings.get(n);
    if (code === undefined) this.codeStrings.set(n, (code = codeOfNumber(n)));
    return code;
  }

  /** The code upper case without dots (for grouping by code). */
  normalized(i: number): string {
    return normalizeCode(this.code(i));
  }

  /** Whether the line's code is in the pack's code set `name` (a set the pack does not name is empty). */
  inSet(i: number, name: string): boolean {
    const bit = this.setBit.get(name);
    if (bit !== undefined) return (this.flagBits[i] & bit) !== 0;
    return Object.hasOwn(this.policy.data.codeSets, name) && this.policy.codeSet(name).has(this.code(i));
  }

  /** @internal The bit of code set `name` in {@link flags}; undefined for a set past the first 31, or not in the pack. */
  bitOf(name: string): number | undefined {
    return this.setBit.get(name);
  }

  /** @internal The line's code-set bits (see {@link bitOf}). */
  flags(i: number): number {
    return this.flagBits[i];
  }

  /** The modifiers as written, in order. */
  modifiers(i: number): readonly string[] {
    return this.modifierValues[this.modifierIds[i]];
  }

  /** Units billed: the quantity when billed in units, minutes turned into units under the lint's timed rounding; NaN when unknown. */
  units(i: number): number {
    return this.unitValues[i];
  }

  /** {@link units} for totals: unknown or negative counts as none. */
  billedUnits(i: number): number {
    const u = this.unitValues[i];
    return Number.isFinite(u) && u > 0 ? u : 0;
  }

  /** The quantity as written (SV1-04, SV2-05, FHIR quantity.value); NaN when absent or not a number. */
  quantity(i: number): number {
    return this.quantities[i];
  }

  /** What the quantity counts: units (UN), minutes (MJ), something else, or nothing said. */
  basis(i: number): UnitBasis {
    return BASES[this.basisCodes[i]];
  }

  /**
   * The rendering provider's taxonomy: the line's own (2420A), else the claim's (2310B), else — when
   * neither names a rendering provider — the billing provider's (2000A PRV*BI); "" when not known.
   */
  renderingProvider(i: number): string {
    return this.lineRenderings.get(i) ?? this.claimRenderings[this.claimOfLine[i]];
  }

  /** The number of the claim the line is on (claims are numbered in document order from 0). */
  claim(i: number): number {
    return this.claimOfLine[i];
  }

  /**
   * The procedure code composite (X12 SV1-01 / SV2-02, FHIR productOrService): where findings
   * point. Offsets are the document's; in the facts of several files, moved by the file's base.
   */
  span(i: number): Span {
    const base = this.sourceBases[this.claimSource[this.claimOfLine[i]]];
    return { start: base + this.starts[i], end: base + this.ends[i] };
  }

  /** Where the line is, for an edit by position ({@link ClaimEditor.putModifier}); offsets as in {@link span}. */
  position(i: number): LinePosition {
    const base = this.sourceBases[this.claimSource[this.claimOfLine[i]]];
    return { service: { start: base + this.serviceStarts[i], end: base + this.serviceEnds[i] }, procedure: this.span(i) };
  }

  /** @internal Whether the findings of file `s` are reported (see {@link append}). */
  isReported(s: number): boolean {
    return this.sourceReported[s] ?? true;
  }

  /** @internal The file claim c came from, by number. */
  sourceOfClaim(c: number): number {
    return this.claimSource[c];
  }

  // ---- claims ------------------------------------------------------------------------------

  /** The claim's id (X12 CLM01, the patient control number; FHIR Claim.id). */
  claimId(c: number): string {
    return this.claimIds[c];
  }

  /** The claim frequency code (X12 CLM05-3: 1 original, 7 replacement, 8 void; FHIR as `Claim.frequencyCode` says); "" when not given. */
  frequency(c: number): string {
    return this.frequencies[c];
  }

  /** The ids claim c is known by: its id, and any other (FHIR resource id). */
  claimKeys(c: number): readonly string[] {
    const aliases = this.claimAliases[c];
    return aliases ? [this.claimIds[c], ...aliases] : [this.claimIds[c]];
  }

  /** The ids of the earlier claims that claim c, a replacement or void, supersedes: its own id, and any it names (FHIR `related` prior). */
  supersededKeys(c: number): readonly string[] {
    const replaces = this.claimReplaces[c];
    return replaces ? [this.claimIds[c], ...replaces] : [this.claimIds[c]];
  }

  /** The billing provider: its identifier (X12 NM109 of NM1*85) or else its name; "" when neither is known. */
  billingProvider(c: number): string {
    return this.billingProviders[c];
  }

  /** @internal Claim c's patient, as an interned number. */
  claimPatientId(c: number): number {
    return this.claimPatient[c];
  }

  /** @internal Claim c's lines: `claimLines(c)` lines from `claimFirstLine(c)`. */
  claimFirstLine(c: number): number {
    return this.claimFirst[c];
  }

  claimLineCount(c: number): number {
    return this.claimLines[c];
  }

  /** @internal A line's patient as an interned number (dense, in first-seen order). */
  patientId(i: number): number {
    return this.patientIds[i];
  }

  /** @internal The patient key of an interned number. */
  patientKey(id: number): string {
    return this.patients.value(id);
  }

  /** The patient keys of the lines added, in the order first seen. */
  patientKeys(): string[] {
    return Array.from({ length: this.patients.size }, (_, p) => this.patients.value(p));
  }

  /** @internal Patients seen. */
  get patientCount(): number {
    return this.patients.size;
  }

  /** @internal A line's date as an interned number. */
  dateId(i: number): number {
    return this.dateIds[i];
  }
}

/** @internal {@link ServiceFacts} as plain data ({@link ServiceFacts.toData}): typed arrays and strings, for a structured clone. */
export interface ServiceFactsData {
  readonly count: number;
  readonly claimCount: number;
  readonly lines: {
    readonly patientIds: Int32Array<ArrayBuffer>;
    readonly dateIds: Int32Array<ArrayBuffer>;
    readonly flagBits: Int32Array<ArrayBuffer>;
    readonly modifierIds: Int32Array<ArrayBuffer>;
    readonly claimOfLine: Int32Array<ArrayBuffer>;
    readonly basisCodes: Uint8Array<ArrayBuffer>;
    readonly unitValues: Float64Array<ArrayBuffer>;
    readonly quantities: Float64Array<ArrayBuffer>;
    readonly starts: Int32Array<ArrayBuffer>;
    readonly ends: Int32Array<ArrayBuffer>;
    readonly serviceStarts: Int32Array<ArrayBuffer>;
    readonly serviceEnds: Int32Array<ArrayBuffer>;
    readonly codeNumbers: Int32Array<ArrayBuffer>;
  };
  readonly claimFirst: Int32Array<ArrayBuffer>;
  readonly claimLines: Int32Array<ArrayBuffer>;
  readonly claimPatient: Int32Array<ArrayBuffer>;
  readonly otherCodes: readonly (readonly [number, string])[];
  readonly lineRenderings: readonly (readonly [number, string])[];
  readonly claimIds: readonly string[];
  readonly frequencies: readonly string[];
  readonly billingProviders: readonly string[];
  readonly claimRenderings: readonly string[];
  readonly claimAliases: readonly (readonly string[] | undefined)[];
  readonly claimReplaces: readonly (readonly string[] | undefined)[];
  readonly patientKeys: readonly string[];
  readonly dates: { readonly others: readonly string[]; readonly strings: readonly (readonly [number, string])[] };
  /** Modifier lists by id, from id 1 (0 is no modifier). */
  readonly modifierValues: readonly (readonly string[])[];
}

/** Marks a file-local patient key made unique in merged facts: key, mark, file number. */
const LOCAL_KEY_MARK = '\u0000@';

/**
 * Whether a patient key names a claim's own patient (no subscriber or patient read: X12
 * `unknown:`, FHIR `claim:`; src/core/model/patient-key.ts), unique within its file only.
 */
export function isFileLocalKey(key: string): boolean {
  return key.startsWith('unknown:') || key.startsWith('claim:');
}

/** A copy of a column `n` long (n ≥ its length), the values kept: how the columns grow. */
function grown<A extends Int32Array | Float64Array | Uint8Array>(a: A, n: number): A {
  const b = new (a.constructor as new (length: number) => A)(n);
  b.set(a);
  return b;
}

/**
 * A five-character code of digits and capitals (nearly every CPT and HCPCS code) as a number, so
 * it is looked up without hashing a string sliced out of the document; -1 for any other code.
 */
function codeNumber(code: string): number {
  if (code.length !== 5) return -1;
  let n = 0;
  for (let k = 0; k < 5; k++) {
    const c = code.charCodeAt(k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (d < 0) return -1;
    n = n * 36 + d;
  }
  return n;
}

/** The code a {@link codeNumber} stands for. */
function codeOfNumber(n: number): string {
  let code = '';
  for (let k = 0; k < 5; k++, n = Math.floor(n / 36)) {
    const d = n % 36;
    code = String.fromCharCode(d < 10 ? 48 + d : 55 + d) + code;
  }
  return code;
}

function basisCode(basis: string | undefined): number {
  if (basis === undefined) return 0;
  if (basis === 'UN') return 1;
  if (basis === 'MJ') return 2;
  const b = basis.trim().toUpperCase();
  return b === 'UN' ? 1 : b === 'MJ' ? 2 : 3;
}

/**
 * One patient's service lines, as a patient-scoped rule sees them: line numbers into the
 * document's {@link ServiceFacts}, in document order, and groupings of them that the rules share
 * (made on first use). Plain arrays: most patients have a handful of lines, and a batch has tens of
 * thousands of patients.
 */
export class PatientFacts {
  private all?: readonly number[];
  /** The code sets asked about, with their lines and date groups (rules ask about one or two sets: no map). */
  private readonly setNames: string[] = [];
  private readonly setLines: (readonly number[])[] = [];
  private readonly setGroups: (readonly (readonly number[])[] | undefined)[] = [];

  constructor(
    /** The document's line facts: `facts.code(i)`, `facts.date(i)` … of this patient's lines. */
    readonly facts: ServiceFacts,
    /** The patient key (`Patient.key`). */
    readonly key: string,
    /** The patient's lines are source[from, to). */
    private readonly source: Int32Array,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** The patient's lines in document order; only those whose code is in the pack's code set `codeSet`, when given. */
  lines(codeSet?: string): readonly number[] {
    if (codeSet === undefined) return (this.all ??= Array.from(this.source.subarray(this.from, this.to)));
    return this.setLines[this.setIndex(codeSet)];
  }

  private setIndex(codeSet: string): number {
    const k = this.setNames.indexOf(codeSet);
    if (k >= 0) return k;
    this.setNames.push(codeSet);
    this.setLines.push(this.inSet(codeSet));
    this.setGroups.push(undefined);
    return this.setNames.length - 1;
  }

  private inSet(codeSet: string): number[] {
    const { facts, source, to } = this;
    const bit = facts.bitOf(codeSet);
    const out: number[] = [];
    if (bit === undefined) {
      for (let k = this.from; k < to; k++) if (facts.inSet(source[k], codeSet)) out.push(source[k]);
      return out;
    }
    for (let k = this.from; k < to; k++) {
      const i = source[k];
      if ((facts.flags(i) & bit) !== 0) out.push(i);
    }
    return out;
  }

  /**
   * The patient's lines in `codeSet` grouped by date of service: one group per date in the order
   * the dates first appear (lines of an unknown date, "", are a group like any other), each group
   * in document order.
   */
  byDate(codeSet: string): readonly (readonly number[])[] {
    const k = this.setIndex(codeSet);
    return (this.setGroups[k] ??= groupByDate(this.facts, this.setLines[k]));
  }

  /**
   * The patient's lines in `codeSet` grouped by encounter: one group per date of service and
   * billing provider (lines of separate claims of one patient, date and billing provider are one
   * encounter: reported together), in first-seen order, each in document order.
   */
  byEncounter(codeSet: string): readonly (readonly number[])[] {
    const { facts } = this;
    const out: (readonly number[])[] = [];
    for (const group of this.byDate(codeSet)) {
      const first = facts.billingProvider(facts.claim(group[0]));
      if (group.every((i) => facts.billingProvider(facts.claim(i)) === first)) {
        out.push(group);
        continue;
      }
      const byProvider = new Map<string, number[]>();
      for (const i of group) {
        const provider = facts.billingProvider(facts.claim(i));
        const list = byProvider.get(provider);
        if (list) list.push(i);
        else byProvider.set(provider, [i]);
      }
      out.push(...byProvider.values());
    }
    return out;
  }

  /** {@link byDate} without the unknown date, in date order: one entry per visit. */
  visits(codeSet: string): readonly { readonly date: string; readonly lines: readonly number[] }[] {
    const out: { date: string; lines: readonly number[] }[] = [];
    for (const lines of this.byDate(codeSet)) {
      const date = this.facts.date(lines[0]);
      if (date !== '') out.push({ date, lines });
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}

/** Lines grouped by date in first-seen order, each group in document order. */
function groupByDate(facts: ServiceFacts, lines: readonly number[]): (readonly number[])[] {
  if (lines.length === 0) return [];
  const first = facts.dateId(lines[0]);
  let k = 1;
  while (k < lines.length && facts.dateId(lines[k]) === first) k++;
  // One date (most patients' massage or therapy lines): no grouping needed.
  if (k === lines.length) return [lines];
  // A patient has a few dozen lines at most as a rule: the dates seen are searched in a list (a
  // map per patient and code set costs more than it saves); a long history gets a map.
  const groups: number[][] = [];
  const dates: number[] = [];
  let byDate: Map<number, number[]> | undefined;
  for (const i of lines) {
    const d = facts.dateId(i);
    let group: number[] | undefined;
    if (byDate) group = byDate.get(d);
    else {
      const g = dates.lastIndexOf(d);
      if (g >= 0) group = groups[g];
    }
    if (!group) {
      groups.push((group = []));
      if (byDate) byDate.set(d, group);
      else if (dates.push(d) > 32) byDate = new Map(dates.map((date, g) => [date, groups[g]]));
    }
    group.push(i);
  }
  return groups;
}

/**
 * The claims whose lines the patient rules do not count, among `claims` (claim numbers in document
 * order; every claim of the document when omitted), as flags by claim number:
 * - a void (frequency 8) is not a service;
 * - a replacement (7) or a void supersedes each earlier claim of the same patient that it names:
 *   X12 by the same patient control number (CLM01), FHIR by its identifier or the claims its
 *   `related` entries of relationship `prior` name ({@link ServiceFacts.supersededKeys}). The
 *   replacement's own lines count; the claims it replaced do not, so services are counted once.
 * A claim is superseded only by a later one of its own patient, so a patient's flags depend on
 * that patient's claims alone (the editor re-checks one patient after an edit).
 */
export function uncountedClaims(facts: ServiceFacts, claims?: readonly number[]): Uint8Array {
  const out = new Uint8Array(facts.claimCount);
  const n = claims ? claims.length : facts.claimCount;
  const at = (k: number): number => (claims ? claims[k] : k);
  // Several files: a claim sent again (a batch archived, then checked with today's) counts once.
  if (facts.sourceCount > 1) duplicateClaims(facts, n, at, out);
  let any = false;
  for (let k = 0; k < n && !any; k++) any = isReplacementOrVoid(facts.frequency(at(k)));
  if (!any) return out;
  /** Patient, billing provider and id → the claims not superseded yet that are known by that id. */
  const open = new Map<string, number[]>();
  for (let k = 0; k < n; k++) {
    const c = at(k);
    if (out[c]) continue;
    const frequency = facts.frequency(c).trim();
    // A patient control number is the practice's own: ids match within one billing provider.
    const scope = `${facts.claimPatientId(c)}\u0000${facts.billingProvider(c)}\u0000`;
    if (frequency === '7' || frequency === '8') {
      for (const id of facts.supersededKeys(c)) {
        const key = scope + id;
        const earlier = open.get(key);
        if (!earlier) continue;
        for (const e of earlier) out[e] = 1;
        open.delete(key);
      }
    }
    if (frequency === '8') {
      out[c] = 1;
      continue;
    }
    for (const id of facts.claimKeys(c)) {
      if (id === '') continue;
      const key = scope + id;
      const list = open.get(key);
      if (list) list.push(c);
      else open.set(key, [c]);
    }
  }
  return out;
}

/**
 * Claims of a history of several files that repeat a claim of another file exactly — the same
 * patient, claim id, billing provider, frequency and lines (code, date, modifiers, units) — marked
 * in `out`: a claim sent twice is one service, as the payer rejects the second as a duplicate. The
 * copy kept is the one whose findings are reported (today's batch, not its archived copy in a
 * --history folder; the open file, not the other files of the editor's index), else the first.
 * Within one file nothing is marked (a file's own claims are as it says).
 */
function duplicateClaims(facts: ServiceFacts, n: number, at: (k: number) => number, out: Uint8Array): void {
  const first = new Map<string, number[]>();
  const lines = (c: number): string => {
    const parts: string[] = [facts.frequency(c).trim()];
    const from = facts.claimFirstLine(c);
    for (let i = from; i < from + facts.claimLineCount(c); i++)
      parts.push(`${facts.code(i)}|${facts.date(i)}|${facts.modifiers(i).join(':')}|${facts.units(i)}`);
    return parts.join('\u0001');
  };
  const reported = (c: number): boolean => facts.isReported(facts.sourceOfClaim(c));
  for (let k = 0; k < n; k++) {
    const c = at(k);
    const key = `${facts.claimPatientId(c)}\u0000${facts.billingProvider(c)}\u0000${facts.claimId(c)}`;
    const kept = first.get(key);
    if (!kept) {
      first.set(key, [c]);
      continue;
    }
    const mine = lines(c);
    const g = kept.findIndex((e) => out[e] === 0 && facts.sourceOfClaim(e) !== facts.sourceOfClaim(c) && lines(e) === mine);
    if (g < 0) kept.push(c);
    else if (!reported(kept[g]) && reported(c)) {
      out[kept[g]] = 1;
      kept[g] = c;
    } else out[c] = 1;
  }
}

function isReplacementOrVoid(frequency: string): boolean {
  const f = frequency.length === 1 ? frequency : frequency.trim();
  return f === '7' || f === '8';
}

/**
 * Every patient's lines, by patient (its interned number, in the order patients first appear),
 * each patient's in document order: a counting sort, linear in the lines. A patient's view is made
 * when asked for, so the views and the groupings rules make of them die young rather than living
 * until every patient has been checked.
 * Lines of voided and superseded claims are left out ({@link uncountedClaims}).
 */
export class PatientIndex {
  readonly count: number;
  private readonly offsets: Int32Array;
  private readonly ordered: Int32Array;

  constructor(private readonly facts: ServiceFacts) {
    const n = facts.count;
    const patientCount = (this.count = facts.patientCount);
    const skip = uncountedClaims(facts);
    const counted = (i: number): boolean => skip[facts.claim(i)] === 0;
    const offsets = (this.offsets = new Int32Array(patientCount + 1));
    for (let i = 0; i < n; i++) if (counted(i)) offsets[facts.patientId(i) + 1]++;
    for (let p = 0; p < patientCount; p++) offsets[p + 1] += offsets[p];
    const ordered = (this.ordered = new Int32Array(offsets[patientCount]));
    const fill = offsets.slice(0, patientCount);
    for (let i = 0; i < n; i++) if (counted(i)) ordered[fill[facts.patientId(i)]++] = i;
  }

  /** Patient p's facts. */
  patient(p: number): PatientFacts {
    return new PatientFacts(this.facts, this.facts.patientKey(p), this.ordered, this.offsets[p], this.offsets[p + 1]);
  }
}

/** Every patient's facts, in the order patients first appear (see {@link PatientIndex}). */
export function patientsOf(facts: ServiceFacts): PatientFacts[] {
  const index = new PatientIndex(facts);
  return Array.from({ length: index.count }, (_, p) => index.patient(p));
}

/** One patient's lines, from the claims given (its claims, in document order), voided and superseded claims left out. */
export function patientOfClaims(facts: ServiceFacts, key: string, claims: readonly number[]): PatientFacts {
  const skip = uncountedClaims(facts, claims);
  let n = 0;
  for (const c of claims) if (!skip[c]) n += facts.claimLineCount(c);
  const lines = new Int32Array(n);
  let at = 0;
  for (const c of claims) {
    if (skip[c]) continue;
    const first = facts.claimFirstLine(c);
    for (let k = 0; k < facts.claimLineCount(c); k++) lines[at++] = first + k;
  }
  return new PatientFacts(facts, key, lines, 0, n);
}

/**
 * Dates of service by number: an ISO date (YYYY-MM-DD, what the readers give) is its digits as a
 * number, read from its characters without hashing the string; anything else (an empty date, or
 * another form a reader passed on) is interned, as a negative number.
 */
class DateIds {
  private readonly others = new Interned();
  private readonly strings = new Map<number, string>();
  private last = '';
  private lastId = 0;

  toData(): { readonly others: readonly string[]; readonly strings: readonly (readonly [number, string])[] } {
    const others: string[] = [];
    for (let k = 0; k < this.others.size; k++) others.push(this.others.value(k));
    return { others, strings: [...this.strings] };
  }

  /** Dates of {@link toData}, into a new DateIds: the same ids. */
  fromData(data: ReturnType<DateIds['toData']>): void {
    for (const s of data.others) this.others.id(s);
    for (const [id, s] of data.strings) this.strings.set(id, s);
  }

  id(date: string): number {
    if (date === this.last && date !== '') return this.lastId;
    let id = isoNumber(date);
    if (id < 0) id = -1 - this.others.id(date);
    else if (!this.strings.has(id)) this.strings.set(id, date);
    this.last = date;
    this.lastId = id;
    return id;
  }

  value(id: number): string {
    return id >= 0 ? this.strings.get(id)! : this.others.value(-1 - id);
  }
}

/** YYYY-MM-DD as the number YYYYMMDD; -1 for any other string. */
function isoNumber(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let k = 0; k < 10; k++) {
    if (k === 4 || k === 7) continue;
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Strings by dense id, in first-seen order. */
class Interned {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  /** The last string asked about: a claim's lines share its patient and usually its date. */
  private last = '';
  private lastId = -1;

  get size(): number {
    return this.values.length;
  }

  id(value: string): number {
    if (value === this.last && this.lastId >= 0) return this.lastId;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    this.last = value;
    this.lastId = id;
    return id;
  }

  value(id: number): string {
    return this.values[id];
  }

  /** The id of a string seen before; -1 otherwise. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }
}
