import type { TimedRounding } from './config';
import type { Claim, ServiceLine } from './model/claim';
import type { Policy } from './policy';

/** True when the code is billed in 15-minute units (the policy's `timed` code set). */
export function isTimed(code: string | undefined, policy: Policy): boolean {
  return policy.codeSet('timed').has(code);
}

/** True for anesthesia codes (the policy's `anesthesia` set): billed in minutes by design. */
export function isAnesthesia(code: string | undefined, policy: Policy): boolean {
  return policy.codeSet('anesthesia').has(code);
}

/** True for massage (the policy's `massage` set, 97124 in the HNS pack). */
export function isMassage(code: string | undefined, policy: Policy): boolean {
  return policy.codeSet('massage').has(code);
}

/** True for a code the pack lists as untimed (one unit per visit, whatever the time): its `untimed` set. */
export function isUntimed(code: string | undefined, policy: Policy): boolean {
  return policy.codeSet('untimed').has(code);
}

function minutesPerUnit(policy: Policy): number {
  return policy.limit('minutesPerUnit', 15);
}

/** Units for a total under the 8-minute rule: 8–22 → 1, 23–37 → 2, …; under 8 → 0. */
function eightMinuteUnits(minutes: number, policy: Policy): number {
  const per = minutesPerUnit(policy);
  const min = policy.limit('minimumMinutes', 8);
  if (minutes < min) return 0;
  return Math.floor((minutes + per - min) / per);
}

/**
 * Units of one timed line billed as `minutes`, on its own. 97124 (the `massage` set) is billed
 * only in whole units under every mode: the policy asks for 15 minutes to report it, so no mode
 * rounds a massage unit up.
 * - `policy`: massage ⌊minutes/15⌋; other timed codes ⌊(minutes+7)/15⌋ (8 minutes make a unit).
 * - `cms-8-minute`: the line is its date's only timed line: the 8-minute rule for other codes.
 *   With `dateTotalMinutes`, the date's other timed minutes are taken as one more line of another
 *   code and the date is split as {@link allocateCmsUnits} does (use {@link timedMinuteUnits} to
 *   split a real claim).
 * - `strict-floor`: ⌊minutes/15⌋ for every timed code.
 * Never negative; NaN in, NaN out.
 */
export function minutesToUnits(code: string, minutes: number, mode: TimedRounding, policy: Policy, dateTotalMinutes?: number): number {
  if (!Number.isFinite(minutes)) return NaN;
  const m = Math.max(0, minutes);
  const per = minutesPerUnit(policy);
  if (mode === 'strict-floor' || isMassage(code, policy)) return Math.floor(m / per);
  if (mode === 'cms-8-minute' && dateTotalMinutes !== undefined && dateTotalMinutes > m) {
    return allocateCmsUnits([m, dateTotalMinutes - m], policy, [code, ''])[0];
  }
  return eightMinuteUnits(m, policy);
}

/**
 * The CMS 8-minute rule over one date (CMS Pub. 100-04, ch. 5, §20.2): the total timed minutes give
 * the total units, split over the codes — lines of one code are added up, as CMS counts a code's
 * minutes. Each code first gets its whole 15-minute units, then the units left over go one each to
 * the codes with the most minutes left over (ties: the code seen first). A code in the `massage` set
 * (97124) never gets a left-over unit — its remainder is under the 15 minutes the policy asks for —
 * and a code with no minutes left over gets none; a left-over unit nobody may take is not billed.
 * A code's units go back to its lines: each line's whole units first, then one each to its lines
 * with the most minutes left over. `codes` names each line's procedure code (omitted, or "": a code
 * of its own, not massage). Returns units per input, in input order.
 */
export function allocateCmsUnits(minutes: readonly number[], policy: Policy, codes?: readonly string[]): number[] {
  const per = minutesPerUnit(policy);
  const clean = minutes.map((m) => (Number.isFinite(m) ? Math.max(0, m) : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  const groups: { lines: number[]; minutes: number; massage: boolean }[] = [];
  const byCode = new Map<string, number>();
  clean.forEach((m, i) => {
    const code = codes?.[i]?.trim().toUpperCase() ?? '';
    let g = code === '' ? undefined : byCode.get(code);
    if (g === undefined) {
      g = groups.push({ lines: [], minutes: 0, massage: code !== '' && isMassage(code, policy) }) - 1;
      if (code !== '') byCode.set(code, g);
    }
    groups[g].lines.push(i);
    groups[g].minutes += m;
  });
  const codeUnits = groups.map((g) => Math.floor(g.minutes / per));
  // At most one unit per code is left over (each code's remainder is under a unit). Clamped, because
  // with minute counts beyond 2^53 the float sums can disagree by billions.
  let left = Math.min(groups.length, eightMinuteUnits(total, policy) - codeUnits.reduce((a, b) => a + b, 0));
  const order = groups
    .map((g, k) => ({ rest: g.minutes - codeUnits[k] * per, k }))
    .filter(({ rest, k }) => rest > 0 && !groups[k].massage)
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (let j = 0; left > 0 && j < order.length; j++, left--) codeUnits[order[j].k]++;
  const units = clean.map(() => 0);
  groups.forEach((g, k) => {
    let rest = codeUnits[k];
    for (const i of g.lines) {
      units[i] = Math.min(rest, Math.floor(clean[i] / per));
      rest -= units[i];
    }
    // What is left is at most one unit per line (clamped for the same float reason).
    const byRest = g.lines.map((i) => ({ rest: clean[i] - units[i] * per, i })).sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (let j = 0; rest > 0 && j < byRest.length; j++, rest--) units[byRest[j].i]++;
  });
  return units;
}

/** What a timed line billed in minutes comes to under a rounding mode ({@link timedMinuteUnits}). */
export interface MinuteUnits {
  /** The units a fix would bill; NaN when the minutes are not a number. */
  readonly units: number;
  /** The minutes the units were worked out from: the date's timed minutes under `cms-8-minute`, else the line's. */
  readonly total: number;
  /** The timed lines billed in minutes on the same date of the claim (cms-8-minute; the line alone otherwise). */
  readonly date: readonly ServiceLine[];
}

/** A timed (not anesthesia) line billed in minutes (unit basis MJ). */
export function isTimedMinutes(line: ServiceLine, policy: Policy): boolean {
  const basis = line.unitBasis?.value;
  if (basis === undefined || !(basis === 'MJ' || basis.trim().toUpperCase() === 'MJ')) return false;
  const code = line.procedure?.code.value;
  return isTimed(code, policy) && !isAnesthesia(code, policy);
}

/**
 * The units of every timed line of a claim billed in minutes, under a rounding mode: what the
 * minutes → units fix writes, what the under-minimum check reads and what the patient rules count.
 * Under `cms-8-minute` the claim's timed minute lines of one date are split together
 * ({@link allocateCmsUnits}); under the other modes each line is rounded on its own
 * ({@link minutesToUnits}). Lines whose minutes are not a number count as 0 minutes in a date's
 * total and get NaN units. Empty for a claim without such a line.
 */
export function timedMinuteUnits(claim: Claim, policy: Policy, mode: TimedRounding): Map<ServiceLine, MinuteUnits> {
  const out = new Map<ServiceLine, MinuteUnits>();
  let lines: ServiceLine[] | undefined;
  for (const l of claim.lines) if (isTimedMinutes(l, policy)) (lines ??= []).push(l);
  if (!lines) return out;
  if (mode !== 'cms-8-minute') {
    for (const l of lines) {
      const m = l.quantity?.value ?? NaN;
      out.set(l, { units: minutesToUnits(l.procedure!.code.value, m, mode, policy), total: m, date: [l] });
    }
    return out;
  }
  const byDate = new Map<string, ServiceLine[]>();
  for (const l of lines) {
    const d = l.serviceDate?.value ?? claim.serviceDate?.value ?? '';
    const group = byDate.get(d);
    if (group) group.push(l);
    else byDate.set(d, [l]);
  }
  for (const group of byDate.values()) {
    const minutes = group.map((l) => l.quantity?.value ?? NaN);
    const units = allocateCmsUnits(
      minutes,
      policy,
      group.map((l) => l.procedure!.code.value),
    );
    const total = minutes.reduce((a, m) => a + (Number.isFinite(m) ? Math.max(0, m) : 0), 0);
    group.forEach((l, i) => out.set(l, { units: Number.isFinite(minutes[i]) ? units[i] : NaN, total, date: group }));
  }
  return out;
}

/**
 * A short sentence for hovers and messages, e.g.
 * "23 minutes → 1 unit: whole units only for 97124 (no rounding up from 8 minutes)". The minutes
 * are said once, and the reason says how the units were rounded, not the unit length again.
 * `split` gives the units and the date's total when the line was split with others (cms-8-minute).
 */
export function explainMinutes(code: string, minutes: number, mode: TimedRounding, policy: Policy, split?: { units: number; total: number }): string {
  const units = split ? split.units : minutesToUnits(code, minutes, mode, policy);
  const min = policy.limit('minimumMinutes', 8);
  const per = minutesPerUnit(policy);
  const head = `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} → ${units} ${units === 1 ? 'unit' : 'units'}`;
  if (mode === 'strict-floor') return `${head}: whole units only (no rounding up)`;
  if (mode === 'cms-8-minute') {
    const total = split && split.total > minutes ? split.total : minutes;
    const rule = `CMS 8-minute rule over ${total} timed minutes on the date`;
    return isMassage(code, policy) ? `${head}: ${rule}; ${code} gets whole ${per}-minute units only` : `${head}: ${rule}`;
  }
  if (isMassage(code, policy)) return `${head}: whole units only for ${code} (no rounding up from ${min} minutes)`;
  return `${head}: a remainder of ${min} minutes or more counts as a unit`;
}

/**
 * Units a line bills, the line read on its own: the quantity when billed in units (UN or no
 * basis); minutes converted with `mode` for a timed code billed in minutes (MJ); one unit for an
 * untimed code billed in minutes (one service, whatever its time); NaN when unknown. For a whole
 * claim under `cms-8-minute` use {@link timedMinuteUnits}, which splits a date's minutes.
 */
export function lineUnits(line: ServiceLine, policy: Policy, mode: TimedRounding = 'policy'): number {
  const q = line.quantity?.value;
  if (q === undefined || !Number.isFinite(q)) return NaN;
  const basis = line.unitBasis?.value.toUpperCase();
  const code = line.procedure?.code.value;
  if (basis === 'MJ' && code && isTimed(code, policy)) return minutesToUnits(code, q, mode, policy);
  if (basis === 'MJ' && code && isUntimed(code, policy)) return q > 0 ? 1 : 0;
  return q;
}

/** {@link lineUnits} for every line of a claim, with a date's timed minutes split together under `cms-8-minute`. */
export function claimLineUnits(claim: Claim, policy: Policy, mode: TimedRounding): (line: ServiceLine) => number {
  const timed = mode === 'cms-8-minute' ? timedMinuteUnits(claim, policy, mode) : undefined;
  return (line) => {
    const split = timed?.get(line);
    return split ? split.units : lineUnits(line, policy, mode);
  };
}
