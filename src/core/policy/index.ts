import type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

export type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

/** Membership test for a {@link CodeSetData}, built once per policy. */
export class CodeSet {
  private readonly codes: ReadonlySet<string>;
  private readonly ranges: readonly (readonly [string, string])[];
  private readonly prefixes: readonly string[];
  private readonly memo = new Map<string, boolean>();

  constructor(readonly data: CodeSetData) {
    this.codes = new Set((data.codes ?? []).map(normalizeCode));
    this.ranges = (data.ranges ?? []).map(([a, b]) => [normalizeCode(a), normalizeCode(b)] as const);
    this.prefixes = (data.prefixes ?? []).map(normalizeCode);
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
    for (const [lo, hi] of this.ranges) {
      if (c.length === lo.length && c >= lo && c <= hi) return true;
    }
    for (const p of this.prefixes) if (c.startsWith(p)) return true;
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
