import type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

export type { Clause, CodeSetData, ModifierInfo, PolicyData, ProcedureInfo } from './types';

/** Membership test for a {@link CodeSetData}, built once per policy. */
export class CodeSet {
  private readonly codes: ReadonlySet<string>;
  private readonly ranges: readonly (readonly [string, string])[];
  private readonly prefixes: readonly string[];

  constructor(readonly data: CodeSetData) {
    this.codes = new Set((data.codes ?? []).map(normalizeCode));
    this.ranges = (data.ranges ?? []).map(([a, b]) => [normalizeCode(a), normalizeCode(b)] as const);
    this.prefixes = (data.prefixes ?? []).map(normalizeCode);
  }

  has(code: string | undefined): boolean {
    if (!code) return false;
    const c = normalizeCode(code);
    if (this.codes.has(c)) return true;
    for (const [lo, hi] of this.ranges) {
      if (c.length === lo.length && c >= lo && c <= hi) return true;
    }
    for (const p of this.prefixes) if (c.startsWith(p)) return true;
    return false;
  }
}

/** Upper case, no dots or spaces: "z73.3" and "Z733" are the same diagnosis. */
export function normalizeCode(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
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
