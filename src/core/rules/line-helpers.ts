import type { Claim, Diagnosis, ServiceLine } from '../model/claim';
import type { RelatedLocation, TextEdit } from '../model/finding';
import type { FixProposal, RuleContext } from './types';
import type { Span } from '../model/span';
import { normalizeCode, type Policy } from '../policy';
import { isAnesthesia, isTimed, type MinuteUnits } from '../units';
import { policyCodeMemo } from '../policy/memo';

/**
 * Per-code facts as bits, for the per-claim rules. Each rule asks a few code sets about every line
 * (is it massage, CMT, timed, anesthesia, a therapeutic procedure?); one cached lookup per line
 * replaces a normalizeCode read plus a CodeSet read per question. Some rules look the code up as
 * written and some as {@link lineCode} (normalized); the two can differ only for a code that
 * normalizes to "" under a pack with an empty prefix, so the facts keep both where rules use both
 * and every rule answers exactly as it did with the direct lookups.
 */
/** `massage` set has the code as written (isMassage(line.procedure.code.value)). */
export const CODE_MASSAGE = 1;
/** `massage` set has {@link lineCode} (isMassage(lineCode(line))). */
export const CODE_MASSAGE_NORMALIZED = 2;
/** `cmt` set has {@link lineCode}. */
export const CODE_CMT = 4;
/** `timed` set has the code as written and `anesthesia` does not: billed in 15-minute units. */
export const CODE_TIMED_NOT_ANESTHESIA = 8;
/** `therapeuticProcedures` set has {@link lineCode}. */
export const CODE_THERAPEUTIC = 16;

const cachedCodeFlags = policyCodeMemo(computeCodeFlags);

/** The CODE_* facts of a procedure code under a policy; 0 for a line without a procedure. */
export function codeFlags(code: string | undefined, policy: Policy): number {
  return code === undefined ? 0 : cachedCodeFlags(code, policy);
}

/** The direct lookups {@link codeFlags} stands for, with the arguments the rules pass. */
function computeCodeFlags(code: string, policy: Policy): number {
  const normalized = code ? normalizeCode(code) : undefined; // = lineCode(line)
  const massage = policy.codeSet('massage');
  let f = 0;
  if (massage.has(code)) f |= CODE_MASSAGE;
  if (massage.has(normalized)) f |= CODE_MASSAGE_NORMALIZED;
  if (policy.codeSet('cmt').has(normalized)) f |= CODE_CMT;
  if (isTimed(code, policy) && !isAnesthesia(code, policy)) f |= CODE_TIMED_NOT_ANESTHESIA;
  if (policy.codeSet('therapeuticProcedures').has(normalized)) f |= CODE_THERAPEUTIC;
  return f;
}

/**
 * `basis.trim().toUpperCase() === 'MJ'` (billed in minutes) without making two strings per line
 * for the bases files actually carry ("UN", "MJ").
 */
export function isMinutesBasis(basis: string): boolean {
  return basis === 'MJ' || (basis !== 'UN' && basis.trim().toUpperCase() === 'MJ');
}

/** `basis.trim().toUpperCase() === 'UN'` (billed in units), as {@link isMinutesBasis}. */
export function isUnitsBasis(basis: string): boolean {
  return basis === 'UN' || (basis !== 'MJ' && basis.trim().toUpperCase() === 'UN');
}

/** The line's procedure code, upper case without dots; undefined when the line has none. */
export function lineCode(line: ServiceLine): string | undefined {
  const raw = line.procedure?.code.value;
  return raw ? normalizeCode(raw) : undefined;
}

/** True when one of the line's modifiers is in `modifiers` (compared upper case). */
export function hasModifier(line: ServiceLine, modifiers: readonly string[]): boolean {
  const own = line.procedure?.modifiers;
  if (!own) return false;
  for (let i = 0; i < own.length; i++) if (modifiers.includes(own[i].value.trim().toUpperCase())) return true;
  return false;
}

/** The line's date of service (its own, else the claim's) or "" when neither is known. */
export function lineDate(line: ServiceLine, claim: Claim): string {
  return line.serviceDate?.value ?? claim.serviceDate?.value ?? '';
}

/** Group items by key, keeping first-seen key order and item order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The diagnoses that apply to a line: the ones its pointers name (pointers naming no diagnosis are
 * skipped). 837I lines carry no pointer element, so every diagnosis of the claim applies to them.
 */
export function linkedDiagnoses(claim: Claim, line: ServiceLine): Diagnosis[] {
  if (!line.hasPointerElement) return claim.diagnoses.slice();
  const out: Diagnosis[] = [];
  for (const p of line.diagnosisPointers) {
    const d = diagnosisBySequence(claim, p.value);
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
}

/** The claim's first diagnosis with this sequence (what a pointer names), if any. A loop, not find(): called per pointer. */
export function diagnosisBySequence(claim: Claim, sequence: number): Diagnosis | undefined {
  const diagnoses = claim.diagnoses;
  for (let i = 0; i < diagnoses.length; i++) if (diagnoses[i].sequence === sequence) return diagnoses[i];
  return undefined;
}

/** A related location pointing at a line's procedure code (or the whole line without one). */
export function relatedLine(line: ServiceLine, message: string): RelatedLocation {
  return { span: line.procedure?.span ?? line.serviceSpan, message };
}

/** "1 unit", "2 units". */
export function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word + 's'}`;
}

/** A date for messages: the ISO date, or "an unknown date". */
export function showDate(date: string): string {
  return date || 'an unknown date';
}

/** From the unit basis to the quantity (SV1-03 … SV1-04), whichever order the format writes them in. */
export function basisToQuantity(line: ServiceLine): Span {
  const a = line.unitBasis?.span;
  const b = line.quantity?.span;
  // With neither: Math.min() and Math.max() of nothing, as before.
  if (!a || !b) return a ? { start: a.start, end: a.end } : b ? { start: b.start, end: b.end } : { start: Infinity, end: -Infinity };
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** True for a timed (non-anesthesia) line billed in minutes (unit basis MJ). */
export function isTimedMinutesLine(line: ServiceLine, policy: Policy): boolean {
  const basis = line.unitBasis;
  return basis !== undefined && isMinutesBasis(basis.value) && (codeFlags(line.procedure?.code.value, policy) & CODE_TIMED_NOT_ANESTHESIA) !== 0;
}

/**
 * The fix that bills a timed line's minutes as units, under the active rounding: one line's own
 * units (or its removal when the minutes make no unit), or, when the date has other timed minute
 * lines (`together`), all of them at once — lines billed one by one would each be rounded again
 * without the minutes already billed (a code's lines are added up in every mode, the date's codes
 * split together under `cms-8-minute`), and a date left half in minutes could read as an error
 * under another rounding mode. Null edits (no fix) when one of those lines has minutes that are
 * not a number, or a removal is not possible.
 */
export function minutesFix(claim: Claim, line: ServiceLine, units: ReadonlyMap<ServiceLine, MinuteUnits>, context: RuleContext): FixProposal {
  const own = units.get(line)!;
  const { editor } = context;
  const x12 = context.format.startsWith('x12');
  const code = line.procedure!.code.value;
  const minutes = line.quantity?.value ?? NaN;
  if (own.together.length <= 1) {
    if (own.units >= 1)
      return {
        title: `Bill ${plural(own.units, 'unit')}${x12 ? ' (UN)' : ''} instead of ${minutes} minutes`,
        kind: 'suggestion',
        edits: editor.setUnits(line, own.units),
      };
    return {
      title: `Remove the ${code} service line (${minutes} minutes)`,
      kind: 'suggestion',
      edits: claim.lines.length <= MAX_LINES_FOR_REMOVAL ? editor.removeLine(claim, line) : null,
    };
  }
  const date = showDate(line.serviceDate?.value ?? claim.serviceDate?.value ?? '');
  const cms = context.config.timedRounding === 'cms-8-minute';
  const oneCode = own.codeLines.length === own.together.length;
  const what = cms
    ? `the ${own.total} timed minutes of ${date} in units (CMS 8-minute rule)`
    : oneCode
      ? `the ${own.codeMinutes} minutes of ${code} on ${date} in units`
      : `the timed minutes of ${date} in units, each code's added up`;
  // Every line of the group carries this fix: past the line limit, building it per line is quadratic.
  if (claim.lines.length > MAX_LINES_FOR_REMOVAL) return { title: `Bill ${what}`, kind: 'suggestion', edits: null };
  const parts: string[] = [];
  const edits: TextEdit[] = [];
  const gone: ServiceLine[] = [];
  let ok = true;
  for (const l of own.together) {
    const u = units.get(l)?.units ?? NaN;
    const c = l.procedure!.code.value;
    if (!Number.isFinite(u)) ok = false;
    else if (u >= 1) {
      parts.push(`${c} ${plural(u, 'unit')}`);
      const e = editor.setUnits(l, u);
      if (e) edits.push(...e);
      else ok = false;
    } else {
      parts.push(`remove ${c} (${l.quantity?.value} minutes)`);
      gone.push(l);
    }
  }
  if (ok && gone.length > 0) {
    const e = editor.removeLines(claim, gone);
    if (e) edits.push(...e);
    else ok = false;
  }
  // Nothing left to bill: say it is a removal, not a conversion to units.
  const goneMinutes = gone.reduce((a, l) => a + Math.max(0, l.quantity?.value ?? 0), 0);
  const removeAll = `Remove the ${gone.length} ${oneCode ? code : 'timed'} service lines of ${date} (${goneMinutes} minutes)`;
  return {
    title: gone.length === own.together.length ? removeAll : `Bill ${what}: ${parts.join(', ')}`,
    kind: 'suggestion',
    edits: ok ? edits : null,
  };
}

/**
 * Removing a line renumbers every later line, so one removal per short line costs lines² edits
 * per claim. Past the 837P limit of 50 lines per claim (loop 2400) no removal is offered, which
 * keeps a hostile file with thousands of short lines in one claim linear in time and memory.
 */
const MAX_LINES_FOR_REMOVAL = 50;
