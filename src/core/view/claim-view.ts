import type { TimedRounding } from '../config';
import { isVoidClaim, type Claim, type ClaimDocument, type DocumentFormat, type Patient, type ServiceLine } from '../model/claim';
import type { Finding, Severity } from '../model/finding';
import type { Span } from '../model/span';
import type { Policy } from '../policy';
import { claimLineUnits } from '../units';

/**
 * What the claim view shows, built from a document's claims, its findings and the policy's code
 * sets and limits: per claim the patient, dates of service, each line (code, modifiers, units or
 * minutes, charge, diagnoses with pointers resolved) and its problems; per patient a timeline of
 * massage and therapy units by date with the audit triggers marked. Pure data: the editor renders
 * it, and every entry carries the span to go to.
 */
export interface ClaimViewModel {
  readonly format: DocumentFormat;
  /** Claims in the document; `claims` holds at most {@link MAX_VIEW_CLAIMS} of them. */
  readonly claimCount: number;
  readonly claims: readonly ClaimView[];
  readonly patients: readonly PatientTimeline[];
  /** Problems outside every claim (envelope, structure). */
  readonly outside: readonly ProblemView[];
  readonly problemCount: number;
  readonly rounding: TimedRounding;
}

export interface ProblemView {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
}

export interface PatientView {
  readonly key: string;
  /** "DOE, JOHN", else the member id, else "Unknown patient". */
  readonly name: string;
  readonly memberId?: string;
  readonly birthDate?: string;
}

export interface DiagnosisView {
  readonly pointer: number;
  /** The diagnosis the pointer resolves to; undefined when it points at none. */
  readonly code?: string;
  readonly principal: boolean;
}

/** `massage` and `therapy` from the policy's code sets (massage is therapy too; it counts as massage). */
export type LineKind = 'massage' | 'therapy' | 'other';

export interface LineView {
  readonly number?: number;
  readonly span: Span;
  readonly code?: string;
  readonly modifiers: readonly string[];
  readonly revenueCode?: string;
  /** The quantity as written. */
  readonly quantity: string;
  /** `units`, `minutes`, or the basis code as written (DA …). */
  readonly basis: string;
  /** Units under the active rounding (minutes converted); undefined when not a number. */
  readonly units?: number;
  readonly charge?: number;
  readonly date?: string;
  readonly kind: LineKind;
  /** Pointers resolved to the claim's diagnoses (837I lines carry none: every diagnosis applies). */
  readonly diagnoses: readonly DiagnosisView[];
  readonly problems: readonly ProblemView[];
}

export interface ClaimView {
  readonly id: string;
  readonly span: Span;
  readonly patient: PatientView;
  /** The distinct dates of service of its lines, in order. */
  readonly dates: readonly string[];
  readonly totalCharge?: number;
  readonly diagnoses: readonly { readonly sequence: number; readonly code: string; readonly principal: boolean }[];
  readonly lines: readonly LineView[];
  /** Problems of the claim not on one of its lines. */
  readonly problems: readonly ProblemView[];
}

export interface TimelineDay {
  readonly date: string;
  readonly massageUnits: number;
  readonly therapyUnits: number;
  /** 1-based count of the patient's massage dates up to this one; 0 on a date without massage. */
  readonly massageVisit: number;
  /** The lines of that date (massage and therapy), to go to. */
  readonly lines: readonly Span[];
  /** Audit-trigger findings on those lines. */
  readonly triggers: readonly ProblemView[];
}

export interface PatientTimeline {
  readonly patient: PatientView;
  readonly days: readonly TimelineDay[];
  /** Policy limits the picture marks: massage units per date, massage visits. */
  readonly maxUnitsPerDate: number;
  readonly maxVisits: number;
}

/** At most this many claims are shown (a batch holds tens of thousands). */
export const MAX_VIEW_CLAIMS = 200;

/**
 * The rules whose findings are audit triggers (the policy's "Audit-Trigger Code"): marked on the
 * timeline. Rule ids are stable.
 */
export const AUDIT_TRIGGER_RULES: ReadonlySet<string> = new Set(['audit-multiple-units', 'audit-visit-count']);

const PRINCIPAL = /^A?BK$|^principal$/i;

function patientView(p: Patient): PatientView {
  const name = p.lastName ? [p.lastName, p.firstName].filter(Boolean).join(', ') : (p.memberId ?? 'Unknown patient');
  return { key: p.key, name, memberId: p.memberId, birthDate: p.birthDate };
}

function problemView(f: Finding): ProblemView {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span };
}

function basisName(line: ServiceLine): string {
  const basis = line.unitBasis?.value.toUpperCase();
  if (!basis || basis === 'UN') return 'units';
  if (basis === 'MJ') return 'minutes';
  return basis;
}

function kindOf(line: ServiceLine, policy: Policy): LineKind {
  const code = line.procedure?.code.value;
  if (policy.codeSet('massage').has(code)) return 'massage';
  if (policy.codeSet('therapy').has(code)) return 'therapy';
  return 'other';
}

/** Findings sorted by start, so those inside a span are found with two binary searches. */
class FindingIndex {
  private readonly sorted: Finding[];
  private readonly taken = new Set<Finding>();

  constructor(findings: readonly Finding[]) {
    this.sorted = [...findings].sort((a, b) => a.span.start - b.span.start);
  }

  /** The findings starting inside `span` not taken yet; they are taken. */
  take(span: Span): Finding[] {
    const out: Finding[] = [];
    for (let k = this.first(span.start); k < this.sorted.length && this.sorted[k].span.start < span.end; k++) {
      const f = this.sorted[k];
      if (!this.taken.has(f)) {
        this.taken.add(f);
        out.push(f);
      }
    }
    return out;
  }

  rest(): Finding[] {
    return this.sorted.filter((f) => !this.taken.has(f));
  }

  private first(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].span.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lineView(claim: Claim, line: ServiceLine, policy: Policy, unitsOf: (line: ServiceLine) => number, problems: readonly Finding[]): LineView {
  const units = unitsOf(line);
  return {
    number: line.number?.value,
    span: line.span,
    code: line.procedure?.code.value,
    modifiers: line.procedure?.modifiers.map((m) => m.value).filter((m) => m !== '') ?? [],
    revenueCode: line.revenueCode?.value,
    quantity: line.quantity?.raw ?? '',
    basis: basisName(line),
    units: Number.isFinite(units) ? units : undefined,
    charge: line.charge && Number.isFinite(line.charge.value) ? line.charge.value : undefined,
    date: line.serviceDate?.value ?? claim.serviceDate?.value,
    kind: kindOf(line, policy),
    diagnoses: line.hasPointerElement
      ? line.diagnosisPointers.map((p) => {
          const dx = claim.diagnoses.find((d) => d.sequence === p.value);
          return { pointer: p.value, code: dx?.code.value, principal: !!dx && PRINCIPAL.test(dx.qualifier) };
        })
      : claim.diagnoses.map((d) => ({ pointer: d.sequence, code: d.code.value, principal: PRINCIPAL.test(d.qualifier) })),
    problems: problems.map(problemView),
  };
}

/**
 * The claim view of a document: claims in document order (the first {@link MAX_VIEW_CLAIMS}),
 * each finding under the line it starts in, else its claim, else `outside`; and per patient
 * (first appearance order) the massage and therapy units per date of those claims, with the
 * audit-trigger findings ({@link AUDIT_TRIGGER_RULES}) on that date's lines.
 */
export function claimView(document: ClaimDocument, findings: readonly Finding[], policy: Policy, rounding: TimedRounding = 'policy'): ClaimViewModel {
  const all = document.claims;
  const shown = all.slice(0, MAX_VIEW_CLAIMS);
  const index = new FindingIndex(findings);
  const claims: ClaimView[] = [];
  const perPatient = new Map<
    string,
    { patient: PatientView; days: Map<string, { massage: number; therapy: number; lines: Span[]; triggers: ProblemView[] }> }
  >();

  for (const claim of shown) {
    const patient = patientView(claim.patient);
    // The units a fix would write: under cms-8-minute a date's timed minutes are split together.
    const unitsOf = claimLineUnits(claim, policy, rounding);
    const lines = claim.lines.map((line) => lineView(claim, line, policy, unitsOf, index.take(line.span)));
    const problems = index.take(claim.span).map(problemView);
    claims.push({
      id: claim.id.value,
      span: claim.span,
      patient,
      dates: [...new Set(lines.map((l) => l.date).filter((d): d is string => !!d))].sort(),
      totalCharge: claim.totalCharge && Number.isFinite(claim.totalCharge.value) ? claim.totalCharge.value : undefined,
      diagnoses: claim.diagnoses.map((d) => ({ sequence: d.sequence, code: d.code.value, principal: PRINCIPAL.test(d.qualifier) })),
      lines,
      problems,
    });
    // A void bills nothing: its lines are listed, not added up.
    for (const line of isVoidClaim(claim) ? [] : lines) {
      if (line.kind === 'other' || !line.date) continue;
      let entry = perPatient.get(patient.key);
      if (!entry) perPatient.set(patient.key, (entry = { patient, days: new Map() }));
      let day = entry.days.get(line.date);
      if (!day) entry.days.set(line.date, (day = { massage: 0, therapy: 0, lines: [], triggers: [] }));
      day[line.kind] += line.units ?? 0;
      day.lines.push(line.span);
      day.triggers.push(...line.problems.filter((p) => AUDIT_TRIGGER_RULES.has(p.ruleId)));
    }
  }

  // Problems of the claims not shown belong to them, not to the document.
  for (const claim of all.slice(shown.length)) index.take(claim.span);

  const patients: PatientTimeline[] = [...perPatient.values()].map(({ patient, days }) => {
    let visit = 0;
    return {
      patient,
      days: [...days.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([date, d]) => ({
          date,
          massageUnits: d.massage,
          therapyUnits: d.therapy,
          massageVisit: d.massage > 0 ? ++visit : 0,
          lines: d.lines,
          triggers: d.triggers,
        })),
      maxUnitsPerDate: policy.limit('maxUnitsPerDate', 1),
      maxVisits: policy.limit('maxVisits', 3),
    };
  });

  return {
    format: document.format,
    claimCount: all.length,
    claims,
    patients,
    outside: index.rest().map(problemView),
    problemCount: findings.length,
    rounding,
  };
}
