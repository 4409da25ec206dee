import type { TimedRounding } from '../config';
import type { Claim } from '../model/claim';
import type { Span } from '../model/span';
import { normalizeCode, type Policy } from '../policy';
import { lineUnits } from '../units';

/**
 * What the file-wide rules (visit counts, units per date, modalities per visit, therapy reduction)
 * read of one service line: the massage and therapy lines of every claim, each reduced to a few
 * values. The engine collects them claim by claim while the per-claim rules run, so a large
 * batch's `Claim` objects need not be kept until the file-wide rules run: on a 50 MB 837P they
 * were most of the memory and of the time spent in garbage collection.
 */
export interface PatientLine {
  /** The claim's patient key (`Patient.key`). */
  readonly patient: string;
  /** ISO date of service (the line's, else the claim's); "" when unknown. */
  readonly date: string;
  /** The procedure code as written (for messages). */
  readonly code: string;
  /** The code upper case without dots (for grouping by code). */
  readonly normalized: string;
  /** In the policy's `massage` code set. */
  readonly massage: boolean;
  /** In the policy's `therapy` code set. */
  readonly therapy: boolean;
  /** Units billed ({@link lineUnits} under the lint's timed rounding); NaN when unknown. */
  readonly units: number;
  /** The procedure code composite (X12 SV1-01 / SV2-02, FHIR productOrService): where findings point. */
  readonly span: Span;
}

/** Append the massage and therapy lines of one claim, in line order. */
export function collectPatientLines(claim: Claim, policy: Policy, rounding: TimedRounding, out: PatientLine[]): void {
  const massageSet = policy.codeSet('massage');
  const therapySet = policy.codeSet('therapy');
  const claimDate = claim.serviceDate?.value ?? '';
  for (const line of claim.lines) {
    const procedure = line.procedure;
    if (!procedure) continue;
    const code = procedure.code.value;
    const massage = massageSet.has(code);
    const therapy = therapySet.has(code);
    if (!massage && !therapy) continue;
    out.push({
      patient: claim.patient.key,
      date: line.serviceDate?.value ?? claimDate,
      code,
      normalized: normalizeCode(code),
      massage,
      therapy,
      units: lineUnits(line, policy, rounding),
      span: procedure.span,
    });
  }
}

/** {@link collectPatientLines} over several claims. */
export function patientLinesOf(claims: readonly Claim[], policy: Policy, rounding: TimedRounding): PatientLine[] {
  const out: PatientLine[] = [];
  for (const claim of claims) collectPatientLines(claim, policy, rounding, out);
  return out;
}

type LineKind = 'massage' | 'therapy';

interface Grouped {
  readonly byKind: Map<LineKind, Map<string, PatientLine[]>>;
  readonly byDate: Map<LineKind, Map<string, PatientLine[]>[]>;
}

/**
 * The file-wide rules all start from the same groups; built once per lines list and shared between
 * them. Keyed by the list the engine hands every rule, so one entry per lint (held weakly).
 */
const GROUPED = new WeakMap<readonly PatientLine[], Grouped>();

function grouped(lines: readonly PatientLine[]): Grouped {
  let g = GROUPED.get(lines);
  if (g) return g;
  const massage = new Map<string, PatientLine[]>();
  const therapy = new Map<string, PatientLine[]>();
  for (const line of lines) {
    if (line.massage) push(massage, line.patient, line);
    if (line.therapy) push(therapy, line.patient, line);
  }
  g = {
    byKind: new Map<LineKind, Map<string, PatientLine[]>>([
      ['massage', massage],
      ['therapy', therapy],
    ]),
    byDate: new Map(),
  };
  GROUPED.set(lines, g);
  return g;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The lines of one kind grouped by patient key (first-seen order), each group in document order. */
export function linesByPatient(lines: readonly PatientLine[], kind: LineKind): Map<string, PatientLine[]> {
  return grouped(lines).byKind.get(kind)!;
}

/**
 * {@link linesByPatient}, each patient's lines grouped by date (first-seen order; the unknown
 * date "" is a group like any other). Built once per lint and shared by the file-wide rules:
 * callers must not change the maps or arrays.
 */
export function linesByPatientAndDate(lines: readonly PatientLine[], kind: LineKind): readonly Map<string, PatientLine[]>[] {
  const g = grouped(lines);
  let out = g.byDate.get(kind);
  if (out) return out;
  out = [];
  for (const patientLines of linesByPatient(lines, kind).values()) {
    const byDate = new Map<string, PatientLine[]>();
    for (const line of patientLines) push(byDate, line.date, line);
    out.push(byDate);
  }
  g.byDate.set(kind, out);
  return out;
}

/** The known dates of a by-date map (without ""), sorted. */
export function knownDates(byDate: ReadonlyMap<string, unknown>): string[] {
  const dates: string[] = [];
  for (const d of byDate.keys()) if (d !== '') dates.push(d);
  return dates.sort();
}
