import type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

export type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

/**
 * Membership test for a {@link CodeSetData}, built once per policy. Lookups cost no more than a
 * binary search per code length among the ranges and one set lookup per distinct prefix length,
 * whatever the size of the pack (a pack of 300,000 ranges took 100 s to check a batch when every
 * range was tried for every code).
 */
export class CodeSet {
  private readonly codes: ReadonlySet<string>;
  /** Per code length: disjoint ranges sorted by low end, as parallel arrays of lows and highs. */
  private readonly ranges = new Map<number, { readonly lows: string[]; readonly highs: string[] }>();
  private readonly prefixes: ReadonlySet<string>;
  private readonly prefixLengths: readonly number[];
  private readonly memo = new Map<string, boolean>();

  constructor(readonly data: CodeSetData) {
    this.codes = new Set((data.codes ?? []).map(normalizeCode));
    const byLength = new Map<number, [string, string][]>();
    for (const [a, b] of data.ranges ?? []) {
      const lo = normalizeCode(a);
      const hi = normalizeCode(b);
      // The loader refuses ranges whose ends differ in length or run backwards; a hand-built set may not.
      if (lo.length !== hi.length || lo > hi) continue;
      const list = byLength.get(lo.length);
      if (list) list.push([lo, hi]);
      else byLength.set(lo.length, [[lo, hi]]);
    }
    for (const [length, list] of byLength) {
      list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const lows: string[] = [];
      const highs: string[] = [];
      for (const [lo, hi] of list) {
        const last = highs.length - 1;
        if (last >= 0 && lo <= highs[last]) {
          if (hi > highs[last]) highs[last] = hi;
        } else {
          lows.push(lo);
          highs.push(hi);
        }
      }
      this.ranges.set(length, { lows, highs });
    }
    this.prefixes = new Set((data.prefixes ?? []).map(normalizeCode));
    this.prefixLengths = [...new Set([...this.prefixes].map((p) => p.length))].sort((a, b) => a - b);
  }

  has(code: string | undefined): boolean {
    if (!code) return false;
    let hit = this.memo.get(code);
    if (hit === undefined) {
      hit = this.lookup(normalizeCode(code));
      if (code.length <= MEMO_MAX_KEY && this.memo.size < MEMO_LIMIT) this.memo.set(code, hit);
    }
    return hit;
  }

  private lookup(c: string): boolean {
    if (this.codes.has(c)) return true;
    const ranges = this.ranges.get(c.length);
    if (ranges) {
      // The last range whose low end is at or below c; c is in the set if it is at or below its high end.
      const { lows, highs } = ranges;
      let lo = 0;
      let hi = lows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (lows[mid] <= c) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && c <= highs[lo - 1]) return true;
    }
    for (const n of this.prefixLengths) {
      if (n > c.length) break;
      if (this.prefixes.has(c.slice(0, n))) return true;
    }
    return false;
  }
}

/**
 * Distinct codes remembered per set and by {@link normalizeCode}: claim files repeat a few hundred
 * codes over and over, so every lookup after the first is one Map read. Bounded so hostile input
 * cannot grow it without limit. Only short keys are kept: V8 copies strings this short when they
 * are sliced out of a document, while a longer key could be a view that keeps a whole (possibly
 * tens-of-MB) document text alive after its lint.
 */
const MEMO_LIMIT = 65536;
const MEMO_MAX_KEY = 12;
const normalized = new Map<string, string>();

/** Upper case, no dots or spaces: "z73.3" and "Z733" are the same diagnosis. */
export function normalizeCode(code: string): string {
  let n = normalized.get(code);
  if (n === undefined) {
    n = code.replace(/[.\s]/g, '').toUpperCase();
    if (code.length <= MEMO_MAX_KEY && normalized.size < MEMO_LIMIT) normalized.set(code, n);
  }
  return n;
}

/** A loaded policy pack with lookups the rules and hovers use. */
export class Policy {
  private readonly clauseById: ReadonlyMap<string, Clause>;
  private readonly sets = new Map<string, CodeSet>();
  private static readonly EMPTY = new CodeSet({ description: 'empty' });

  constructor(readonly data: PolicyData) {
    this.clauseById = new Map(data.clauses.map((c) => [c.id, c]));
    for (const [name, set] of Object.entries(data.codeSets)) this.sets.set(name, new CodeSet(set));
  }

  get id(): string {
    return this.data.id;
  }

  clause(id: string): Clause | undefined {
    return this.clauseById.get(id);
  }

  get clauses(): readonly Clause[] {
    return this.data.clauses;
  }

  /** The named code set, or an empty one when the pack does not define it. */
  codeSet(name: string): CodeSet {
    return this.sets.get(name) ?? Policy.EMPTY;
  }

  procedure(code: string): ProcedureInfo | undefined {
    return this.data.procedures[normalizeCode(code)];
  }

  modifier(code: string): ModifierInfo | undefined {
    return this.data.modifiers[normalizeCode(code)];
  }

  limit(name: string, fallback: number): number {
    const v = this.data.limits[name];
    return typeof v === 'number' ? v : fallback;
  }
}
