import type { TimedRounding } from '../config';
import type { Claim } from '../model/claim';
import type { Span } from '../model/span';
import { normalizeCode, type Policy } from '../policy';
import { lineUnits } from '../units';
import { policyCodeMemo } from './line-helpers';

const MASSAGE = 1;
const THERAPY = 2;

/**
 * What the file-wide rules (visit counts, units per date, modalities per visit, therapy reduction)
 * read of the document: its massage and therapy lines, each reduced to a patient, a date, a code,
 * the units billed and where the code is. The engine collects them claim by claim while the
 * per-claim rules run, so a large batch's `Claim` objects need not be kept until the file-wide
 * rules run. Kept as columns (patients and dates interned as numbers), not as an object per line:
 * a 50 MB 837P has about 100 000 such lines, and objects kept for the whole lint are copied by
 * every young-generation collection and traced by every full one.
 *
 * Line i: {@link patient}(i), {@link date}(i), {@link code}(i) … in document order.
 */
export class PatientLines {
  count = 0;
  private patientIds = new Int32Array(8);
  private dateIds = new Int32Array(8);
  private kinds = new Uint8Array(8);
  private unitValues = new Float64Array(8);
  private starts = new Int32Array(8);
  private ends = new Int32Array(8);
  private readonly patients = new Interned();
  private readonly dates = new Interned();
  private readonly codeValues: string[] = [];
  /** Groups per kind, built on first use (the rules share them). */
  private readonly groups = new Map<number, LineGroups>();

  /** Append one line. */
  add(patient: string, date: string, code: string, massage: boolean, therapy: boolean, units: number, span: Span): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.patientIds[i] = this.patients.id(patient);
    this.dateIds[i] = this.dates.id(date);
    // The code string itself (a pointer): interning it cost a map lookup per line.
    this.codeValues[i] = code;
    this.kinds[i] = (massage ? MASSAGE : 0) | (therapy ? THERAPY : 0);
    this.unitValues[i] = units;
    this.starts[i] = span.start;
    this.ends[i] = span.end;
    // Map.clear() makes a new table even when the map is empty: once per line it showed.
    if (this.groups.size > 0) this.groups.clear();
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.patientIds = int(this.patientIds);
    this.dateIds = int(this.dateIds);
    this.starts = int(this.starts);
    this.ends = int(this.ends);
    const kinds = new Uint8Array(n);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const units = new Float64Array(n);
    units.set(this.unitValues);
    this.unitValues = units;
  }

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
    return this.codeValues[i];
  }

  /** The code upper case without dots (for grouping by code). */
  normalized(i: number): string {
    return normalizeCode(this.codeValues[i]);
  }

  /** Units billed ({@link lineUnits} under the lint's timed rounding); NaN when unknown. */
  units(i: number): number {
    return this.unitValues[i];
  }

  /** {@link units} for totals: unknown or negative counts as none. */
  billedUnits(i: number): number {
    const u = this.unitValues[i];
    return Number.isFinite(u) && u > 0 ? u : 0;
  }

  /** The procedure code composite (X12 SV1-01 / SV2-02, FHIR productOrService): where findings point. */
  span(i: number): Span {
    return { start: this.starts[i], end: this.ends[i] };
  }

  /**
   * The lines of one kind grouped by patient, then by date (the unknown date "" is a group like
   * any other), each group in document order. Built once per kind and shared by the rules.
   */
  grouped(kind: 'massage' | 'therapy'): LineGroups {
    const bit = kind === 'massage' ? MASSAGE : THERAPY;
    let g = this.groups.get(bit);
    if (!g) this.groups.set(bit, (g = this.buildGroups(bit)));
    return g;
  }

  /**
   * Counting sort by patient (stable: document order within a patient), then within each patient
   * by date in first-seen order: linear in the lines, whatever their mix.
   */
  private buildGroups(bit: number): LineGroups {
    const n = this.count;
    const patientCount = this.patients.size;
    const perPatient = new Int32Array(patientCount + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (this.kinds[i] & bit) {
        perPatient[this.patientIds[i] + 1]++;
        total++;
      }
    }
    for (let p = 0; p < patientCount; p++) perPatient[p + 1] += perPatient[p];
    const byPatient = new Int32Array(total);
    const fill = perPatient.slice(0, patientCount);
    for (let i = 0; i < n; i++) if (this.kinds[i] & bit) byPatient[fill[this.patientIds[i]]++] = i;

    const lines = new Int32Array(total);
    const groupStarts: number[] = [];
    const patientStarts: number[] = [];
    const groupOf = new Int32Array(total);
    let out = 0;
    for (let p = 0; p < patientCount; p++) {
      const from = perPatient[p];
      const to = perPatient[p + 1];
      if (from === to) continue;
      patientStarts.push(groupStarts.length);
      // Date groups of this patient in first-seen order; group sizes, then a stable placement.
      const seen = new Map<number, number>();
      const sizes: number[] = [];
      for (let k = from; k < to; k++) {
        const d = this.dateIds[byPatient[k]];
        let g = seen.get(d);
        if (g === undefined) {
          seen.set(d, (g = sizes.length));
          sizes.push(0);
        }
        sizes[g]++;
        groupOf[k] = g;
      }
      const place = new Array<number>(sizes.length);
      for (let g = 0; g < sizes.length; g++) {
        place[g] = out;
        groupStarts.push(out);
        out += sizes[g];
      }
      for (let k = from; k < to; k++) lines[place[groupOf[k]]++] = byPatient[k];
    }
    groupStarts.push(out);
    patientStarts.push(groupStarts.length - 1);
    return { lines, groupStarts: Int32Array.from(groupStarts), patientStarts: Int32Array.from(patientStarts) };
  }
}

/**
 * Line indexes of one kind, grouped: patient p holds groups `patientStarts[p]` up to
 * `patientStarts[p + 1]`; group g (one date) holds `lines[groupStarts[g]]` up to
 * `lines[groupStarts[g + 1]]`, in document order.
 */
export interface LineGroups {
  readonly lines: Int32Array;
  readonly groupStarts: Int32Array;
  readonly patientStarts: Int32Array;
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
}

/**
 * MASSAGE and THERAPY of a code: massage by the code as written, therapy by the normalized code
 * ("" normalizes to none), as the rules have always asked. Its own memo, not the per-claim rules'
 * codeFlags: a policy whose "therapy" set cannot be read must fail only the file-wide rules
 * (streaming.test.ts).
 */
const lineKind = policyCodeMemo(
  (code, policy) => (policy.codeSet('massage').has(code) ? MASSAGE : 0) | (policy.codeSet('therapy').has(code ? normalizeCode(code) : undefined) ? THERAPY : 0),
);

/** Append the massage and therapy lines of one claim, in line order. */
export function collectPatientLines(claim: Claim, policy: Policy, rounding: TimedRounding, out: PatientLines): void {
  // Asked for every claim, as before the memo: a set that cannot be read fails here even for a
  // claim without procedure lines.
  policy.codeSet('massage');
  policy.codeSet('therapy');
  const claimDate = claim.serviceDate?.value ?? '';
  for (const line of claim.lines) {
    const procedure = line.procedure;
    if (!procedure) continue;
    const code = procedure.code.value;
    const kind = lineKind(code, policy);
    if (kind === 0) continue;
    out.add(
      claim.patient.key,
      line.serviceDate?.value ?? claimDate,
      code,
      (kind & MASSAGE) !== 0,
      (kind & THERAPY) !== 0,
      lineUnits(line, policy, rounding),
      procedure.span,
    );
  }
}

/** {@link collectPatientLines} over several claims. */
export function patientLinesOf(claims: readonly Claim[], policy: Policy, rounding: TimedRounding): PatientLines {
  const out = new PatientLines();
  for (const claim of claims) collectPatientLines(claim, policy, rounding, out);
  return out;
}

/** The known dates among a patient's date groups (without ""), sorted, each with its group. */
export function knownDateGroups(lines: PatientLines, groups: LineGroups, p: number): { date: string; group: number }[] {
  const out: { date: string; group: number }[] = [];
  for (let g = groups.patientStarts[p]; g < groups.patientStarts[p + 1]; g++) {
    const date = lines.date(groups.lines[groups.groupStarts[g]]);
    if (date !== '') out.push({ date, group: g });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
