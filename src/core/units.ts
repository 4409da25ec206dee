import type { TimedRounding } from './config';
import type { ServiceLine } from './model/claim';
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
 * Units for a timed code billed as `minutes`.
 * - `policy`: massage ⌊minutes/15⌋; other timed codes ⌊(minutes+7)/15⌋ (8 minutes make a unit).
 * - `cms-8-minute`: units come from the date's total timed minutes (8–22 = 1, 23–37 = 2, …); with
 *   `dateTotalMinutes` the line gets its proportional share of that total, rounded (use
 *   {@link allocateCmsUnits} to split a date exactly); without it the line is its own total.
 * - `strict-floor`: ⌊minutes/15⌋ for every timed code.
 * Never negative; NaN in, NaN out.
 */
export function minutesToUnits(code: string, minutes: number, mode: TimedRounding, policy: Policy, dateTotalMinutes?: number): number {
  if (!Number.isFinite(minutes)) return NaN;
  const m = Math.max(0, minutes);
  const per = minutesPerUnit(policy);
  switch (mode) {
    case 'strict-floor':
      return Math.floor(m / per);
    case 'cms-8-minute': {
      if (dateTotalMinutes === undefined || !(dateTotalMinutes > m)) return eightMinuteUnits(m, policy);
      return Math.round((eightMinuteUnits(dateTotalMinutes, policy) * m) / dateTotalMinutes);
    }
    default:
      return isMassage(code, policy) ? Math.floor(m / per) : eightMinuteUnits(m, policy);
  }
}

/**
 * The CMS 8-minute rule over one date: the total timed minutes give the total units; each line
 * gets its whole 15-minute units, and the units left over go to the lines with the most minutes
 * left over (ties: earlier line first). Returns units per input, in input order.
 */
export function allocateCmsUnits(minutes: readonly number[], policy: Policy): number[] {
  const per = minutesPerUnit(policy);
  const clean = minutes.map((m) => (Number.isFinite(m) ? Math.max(0, m) : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  const units = clean.map((m) => Math.floor(m / per));
  // At most one unit per line is left over (each line's remainder is under a unit). Clamped, because
  // with minute counts beyond 2^53 the float sums can disagree by billions and the loop would not end.
  let left = Math.min(clean.length, eightMinuteUnits(total, policy) - units.reduce((a, b) => a + b, 0));
  const order = clean.map((m, i) => ({ rest: m - units[i] * per, i })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) units[order[k].i]++;
  return units;
}

/**
 * A short sentence for hovers and messages, e.g.
 * "23 minutes → 1 unit: whole units only for 97124 (no rounding up from 8 minutes)". The minutes
 * are said once, and the reason says how the units were rounded, not the unit length again.
 */
export function explainMinutes(code: string, minutes: number, mode: TimedRounding, policy: Policy, dateTotalMinutes?: number): string {
  const units = minutesToUnits(code, minutes, mode, policy, dateTotalMinutes);
  const min = policy.limit('minimumMinutes', 8);
  const head = `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} → ${units} ${units === 1 ? 'unit' : 'units'}`;
  if (mode === 'strict-floor') return `${head}: whole units only (no rounding up)`;
  if (mode === 'cms-8-minute') {
    const total = dateTotalMinutes !== undefined && dateTotalMinutes > minutes ? dateTotalMinutes : minutes;
    return `${head}: CMS 8-minute rule over ${total} timed minutes on the date`;
  }
  if (isMassage(code, policy)) return `${head}: whole units only for ${code} (no rounding up from ${min} minutes)`;
  return `${head}: a remainder of ${min} minutes or more counts as a unit`;
}

/**
 * Units a line bills: the quantity when billed in units (UN or no basis), minutes converted
 * with `mode` when billed in minutes (MJ) for a timed code; NaN when unknown.
 */
export function lineUnits(line: ServiceLine, policy: Policy, mode: TimedRounding = 'policy'): number {
  const q = line.quantity?.value;
  if (q === undefined || !Number.isFinite(q)) return NaN;
  const basis = line.unitBasis?.value.toUpperCase();
  const code = line.procedure?.code.value;
  if (basis === 'MJ' && code && isTimed(code, policy)) return minutesToUnits(code, q, mode, policy);
  return q;
}
