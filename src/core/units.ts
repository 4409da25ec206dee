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
 * Units of timed minutes of one code, rounded on their own (to round a claim's lines, whose
 * minutes of one code on one date are added up first, use {@link timedMinuteUnits}). 97124 (the `massage` set) is billed
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

/** Lines of one code on one date, by index into the date's lines. */
interface CodeGroup {
  readonly lines: number[];
  minutes: number;
  readonly massage: boolean;
}

/** The date's lines grouped by code (omitted, or "": a code of its own, not massage), first-seen order. */
function groupByCode(clean: readonly number[], policy: Policy, codes?: readonly string[]): CodeGroup[] {
  const groups: CodeGroup[] = [];
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
  return groups;
}

/** A code's units back to its lines: each line's whole units first, then one each to its lines with the most minutes left over. */
function unitsToLines(groups: readonly CodeGroup[], codeUnits: readonly number[], clean: readonly number[], per: number): number[] {
  const units = clean.map(() => 0);
  groups.forEach((g, k) => {
    let rest = codeUnits[k];
    for (const i of g.lines) {
      units[i] = Math.min(rest, Math.floor(clean[i] / per));
      rest -= units[i];
    }
    // What is left is at most one unit per line (clamped, as float sums of huge minute counts can disagree).
    const byRest = g.lines.map((i) => ({ rest: clean[i] - units[i] * per, i })).sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (let j = 0; rest > 0 && j < byRest.length; j++, rest--) units[byRest[j].i]++;
  });
  return units;
}

function cleanMinutes(minutes: readonly number[]): number[] {
  return minutes.map((m) => (Number.isFinite(m) ? Math.max(0, m) : 0));
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
  const clean = cleanMinutes(minutes);
  const total = clean.reduce((a, b) => a + b, 0);
  const groups = groupByCode(clean, policy, codes);
  const codeUnits = groups.map((g) => Math.floor(g.minutes / per));
  // At most one unit per code is left over (each code's remainder is under a unit). Clamped, because
  // with minute counts beyond 2^53 the float sums can disagree by billions.
  let left = Math.min(groups.length, eightMinuteUnits(total, policy) - codeUnits.reduce((a, b) => a + b, 0));
  const order = groups
    .map((g, k) => ({ rest: g.minutes - codeUnits[k] * per, k }))
    .filter(({ rest, k }) => rest > 0 && !groups[k].massage)
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (let j = 0; left > 0 && j < order.length; j++, left--) codeUnits[order[j].k]++;
  return unitsToLines(groups, codeUnits, clean, per);
}

/**
 * Units of one date's timed minute lines under any rounding mode. A code's lines are added up in
 * every mode, as CMS counts a timed code's minutes per day (Pub. 100-04 ch. 5 §20.2): under
 * `cms-8-minute` the date is split over its codes ({@link allocateCmsUnits}); under `policy` and
 * `strict-floor` each code's total is rounded on its own ({@link minutesToUnits}). A code's units go
 * back to its lines as {@link allocateCmsUnits} gives them. Returns units per input, in input order.
 */
export function allocateUnits(minutes: readonly number[], policy: Policy, mode: TimedRounding, codes: readonly string[]): number[] {
  if (mode === 'cms-8-minute') return allocateCmsUnits(minutes, policy, codes);
  const clean = cleanMinutes(minutes);
  const groups = groupByCode(clean, policy, codes);
  const codeUnits = groups.map((g) => minutesToUnits(codes[g.lines[0]], g.minutes, mode, policy));
  return unitsToLines(groups, codeUnits, clean, minutesPerUnit(policy));
}

/** What a timed line billed in minutes comes to under a rounding mode ({@link timedMinuteUnits}). */
export interface MinuteUnits {
  /** The units a fix would bill; NaN when the minutes are not a number. */
  readonly units: number;
  /** The minutes the units were worked out from: the date's timed minutes under `cms-8-minute`, else the code's minutes on the date. */
  readonly total: number;
  /** The date's lines of the line's code, this one included. */
  readonly codeLines: readonly ServiceLine[];
  /** The minutes of the line's code on its date, its lines added up (unreadable minutes count as 0). */
  readonly codeMinutes: number;
  /** The units of the line's code on its date, over all its lines. */
  readonly codeUnits: number;
  /**
   * The date's timed minute lines of the claim, this one included, which a fix bills at once: split
   * together under `cms-8-minute`, code by code otherwise (a fix that left some in minutes could
   * leave the date an error under another mode).
   */
  readonly together: readonly ServiceLine[];
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
 * The claim's timed minute lines of one date are worked out together ({@link allocateUnits}): a
 * code's lines added up in every mode, and the codes split together under `cms-8-minute`. Lines
 * whose minutes are not a number count as 0 minutes in the totals and get NaN units. Empty for a
 * claim without such a line.
 */
export function timedMinuteUnits(claim: Claim, policy: Policy, mode: TimedRounding): ReadonlyMap<ServiceLine, MinuteUnits> {
  // Several rules, the patient facts and the hover ask about the same claim: worked out once per
  // claim object (claims are never changed; an edit makes new ones), kept no longer than the claim.
  const memo = MINUTE_UNITS.get(claim);
  if (memo && memo.policy === policy && memo.mode === mode) return memo.units;
  const units = computeTimedMinuteUnits(claim, policy, mode);
  MINUTE_UNITS.set(claim, { policy, mode, units });
  return units;
}

const MINUTE_UNITS = new WeakMap<Claim, { policy: Policy; mode: TimedRounding; units: ReadonlyMap<ServiceLine, MinuteUnits> }>();
/** The answer for a claim without timed lines in minutes (nearly every claim): one shared empty map. */
const NO_MINUTE_UNITS: ReadonlyMap<ServiceLine, MinuteUnits> = new Map();

function computeTimedMinuteUnits(claim: Claim, policy: Policy, mode: TimedRounding): ReadonlyMap<ServiceLine, MinuteUnits> {
  let lines: ServiceLine[] | undefined;
  for (const l of claim.lines) if (isTimedMinutes(l, policy)) (lines ??= []).push(l);
  if (!lines) return NO_MINUTE_UNITS;
  const out = new Map<ServiceLine, MinuteUnits>();
  const byDate = new Map<string, ServiceLine[]>();
  for (const l of lines) {
    const d = l.serviceDate?.value ?? claim.serviceDate?.value ?? '';
    const group = byDate.get(d);
    if (group) group.push(l);
    else byDate.set(d, [l]);
  }
  for (const group of byDate.values()) {
    const minutes = group.map((l) => l.quantity?.value ?? NaN);
    const codes = group.map((l) => l.procedure!.code.value);
    const units = allocateUnits(minutes, policy, mode, codes);
    const clean = cleanMinutes(minutes);
    const total = clean.reduce((a, b) => a + b, 0);
    const byCode = new Map<string, { lines: ServiceLine[]; minutes: number; units: number }>();
    const codeOf = group.map((l, i) => {
      const key = codes[i].trim().toUpperCase();
      let c = byCode.get(key);
      if (!c) byCode.set(key, (c = { lines: [], minutes: 0, units: 0 }));
      c.lines.push(l);
      c.minutes += clean[i];
      c.units += units[i];
      return c;
    });
    group.forEach((l, i) => {
      const c = codeOf[i];
      out.set(l, {
        units: Number.isFinite(minutes[i]) ? units[i] : NaN,
        total: mode === 'cms-8-minute' ? total : c.minutes,
        codeLines: c.lines,
        codeMinutes: c.minutes,
        codeUnits: c.units,
        together: group,
      });
    });
  }
  return out;
}

/**
 * A short sentence for hovers and messages, e.g.
 * "23 minutes → 1 unit: whole units only for 97124 (no rounding up from 8 minutes)". The minutes
 * are said once, and the reason says how the units were rounded, not the unit length again.
 * `split` is what {@link timedMinuteUnits} worked out for the line; when its code has other lines
 * on the date, the code's total is said too: "10 minutes → 0 units (97124: 20 minutes on the date
 * → 1 unit): …".
 */
export function explainMinutes(code: string, minutes: number, mode: TimedRounding, policy: Policy, split?: MinuteUnits): string {
  const units = split ? split.units : minutesToUnits(code, minutes, mode, policy);
  const min = policy.limit('minimumMinutes', 8);
  const per = minutesPerUnit(policy);
  const count = (n: number, word: string): string => `${n} ${n === 1 ? word : word + 's'}`;
  const codeTotal =
    split && split.codeLines.length > 1 ? ` (${code}: ${count(split.codeMinutes, 'minute')} on the date → ${count(split.codeUnits, 'unit')})` : '';
  const head = `${count(minutes, 'minute')} → ${count(units, 'unit')}${codeTotal}`;
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
 * claim use {@link claimLineUnits}: a code's minutes on a date are added up before rounding.
 */
export function lineUnits(line: ServiceLine, policy: Policy, mode: TimedRounding = 'policy'): number {
  const q = line.quantity?.value;
  if (q === undefined || !Number.isFinite(q)) return NaN;
  const raw = line.unitBasis?.value;
  // Nearly every basis is already UN or MJ: no upper-case copy made per line.
  const basis = raw === undefined || raw === 'UN' || raw === 'MJ' ? raw : raw.toUpperCase();
  if (basis !== 'MJ') return q;
  const code = line.procedure?.code.value;
  if (code && isTimed(code, policy)) return minutesToUnits(code, q, mode, policy);
  if (code && isUntimed(code, policy)) return q > 0 ? 1 : 0;
  return q;
}

/** {@link lineUnits} for every line of a claim, with a date's timed minutes worked out together ({@link timedMinuteUnits}). */
export function claimLineUnits(claim: Claim, policy: Policy, mode: TimedRounding): (line: ServiceLine) => number {
  const timed = timedMinuteUnits(claim, policy, mode);
  return (line) => {
    const split = timed.get(line);
    return split ? split.units : lineUnits(line, policy, mode);
  };
}
