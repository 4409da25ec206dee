import type { Claim, Diagnosis, ServiceLine } from '../model/claim';
import type { RelatedLocation } from '../model/finding';
import type { Span } from '../model/span';
import { normalizeCode, type Policy } from '../policy';
import { allocateCmsUnits, isAnesthesia, isTimed } from '../units';

/** The line's procedure code, upper case without dots; undefined when the line has none. */
export function lineCode(line: ServiceLine): string | undefined {
  const raw = line.procedure?.code.value;
  return raw ? normalizeCode(raw) : undefined;
}

/** True when one of the line's modifiers is in `modifiers` (compared upper case). */
export function hasModifier(line: ServiceLine, modifiers: readonly string[]): boolean {
  return (line.procedure?.modifiers ?? []).some((m) => modifiers.includes(m.value.trim().toUpperCase()));
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
  if (!line.hasPointerElement) return [...claim.diagnoses];
  const out: Diagnosis[] = [];
  for (const p of line.diagnosisPointers) {
    const d = claim.diagnoses.find((x) => x.sequence === p.value);
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
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
  const parts = [line.unitBasis?.span, line.quantity?.span].filter((x): x is Span => x !== undefined);
  return { start: Math.min(...parts.map((x) => x.start)), end: Math.max(...parts.map((x) => x.end)) };
}

/** True for a timed (non-anesthesia) line billed in minutes (unit basis MJ). */
export function isTimedMinutesLine(line: ServiceLine, policy: Policy): boolean {
  const code = line.procedure?.code.value;
  return line.unitBasis?.value.trim().toUpperCase() === 'MJ' && isTimed(code, policy) && !isAnesthesia(code, policy);
}

/**
 * The CMS 8-minute rule over one claim: the timed lines billed in minutes, grouped by date, each
 * with the units the date's total gives it and that total.
 */
export function cmsUnitsByLine(claim: Claim, policy: Policy): Map<ServiceLine, { units: number; total: number }> {
  const out = new Map<ServiceLine, { units: number; total: number }>();
  const lines = claim.lines.filter((l) => isTimedMinutesLine(l, policy));
  if (lines.length === 0) return out;
  for (const group of groupBy(lines, (l) => lineDate(l, claim)).values()) {
    const minutes = group.map((l) => l.quantity?.value ?? NaN);
    const units = allocateCmsUnits(minutes, policy);
    const total = minutes.reduce((a, m) => a + (Number.isFinite(m) ? Math.max(0, m) : 0), 0);
    group.forEach((l, i) => out.set(l, { units: units[i], total }));
  }
  return out;
}
