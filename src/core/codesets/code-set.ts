/**
 * Code sets a user imports from the official public files (ICD-10-CM from CMS/NCHS, HCPCS Level II
 * from CMS): the codes and descriptions of one period, and the period's dates of service. Nothing
 * is bundled and nothing is fetched; without an import the engine sees {@link CodeSets.EMPTY}.
 */

/** `icd10cm`: diagnoses (ICD-10-CM, fiscal years); `hcpcs`: HCPCS Level II procedure codes (calendar quarters). */
export type CodeSetKind = 'icd10cm' | 'hcpcs';

export const CODE_SET_KINDS: readonly CodeSetKind[] = ['icd10cm', 'hcpcs'];

/** Which official file a set was read from (docs/code-sets.md describes each layout). */
export type CodeSetSource = 'icd10cm-order' | 'icd10cm-codes' | 'hcpcs-anweb';

/** What a set is and when it applies. */
export interface CodeSetInfo {
  readonly kind: CodeSetKind;
  /** Stable key: `icd10cm-fy2024`, `icd10cm-fy2024-april`, `hcpcs-2024-01`. A new import with the same id replaces the old one. */
  readonly id: string;
  /** What findings and hovers call it: "ICD-10-CM FY2024", "HCPCS Level II January 2024". */
  readonly name: string;
  /** First and last date of service the set applies to (ISO, inclusive). */
  readonly from: string;
  readonly to: string;
  readonly source: CodeSetSource;
  /** The imported file's base name, as the user's list of installed sets shows it. */
  readonly fileName: string;
  /** True when the file says which codes are headers (the ICD-10-CM order file); the codes file lists billable codes only. */
  readonly headers: boolean;
}

/** One code of a set. */
export interface CodeEntry {
  /** Upper case, without a dot. */
  readonly code: string;
  readonly description: string;
  /** False for an ICD-10-CM header (a category with codes under it), which a claim may not carry. */
  readonly billable: boolean;
}

/** A code set file that cannot be read as one; the message is one sentence and never quotes the file. */
export class CodeSetError extends Error {
  override readonly name = 'CodeSetError';
}

/** The file's name does not say its year, and none was given: the editor asks for it, the CLI takes `<year>=<file>`. */
export class CodeSetYearMissing extends CodeSetError {}

/** How codes are compared: without dots or spaces, upper case ("m54.50" and "M5450" are one code). */
export function normalizeCode(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
}

/** The codes and descriptions of one period. Immutable once made. */
export class CodeSet {
  constructor(
    readonly info: CodeSetInfo,
    private readonly descriptions: ReadonlyMap<string, string>,
    /** Codes of `descriptions` that are headers. */
    private readonly headers: ReadonlySet<string> = new Set(),
  ) {}

  get size(): number {
    return this.descriptions.size;
  }

  /** The entry of a code as written on a claim (any case, with or without the dot). */
  lookup(code: string): CodeEntry | undefined {
    const c = normalizeCode(code);
    const description = this.descriptions.get(c);
    return description === undefined ? undefined : { code: c, description, billable: !this.headers.has(c) };
  }

  /** True when an ISO date of service falls in the set's period. */
  covers(date: string): boolean {
    return date >= this.info.from && date <= this.info.to;
  }

  /** Every entry, in the order the file listed them. */
  *entries(): IterableIterator<CodeEntry> {
    for (const [code, description] of this.descriptions) yield { code, description, billable: !this.headers.has(code) };
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The code sets a lint may use: any number of periods of each kind. For a date of service the set
 * whose period covers it applies; of several (a fiscal year and its April update), the one that
 * starts last. What the engine gets when nothing is imported is {@link CodeSets.EMPTY}.
 */
export class CodeSets {
  static readonly EMPTY = new CodeSets([]);

  /** By kind, then by first date; one set per id (a later one replaces an earlier one). */
  readonly all: readonly CodeSet[];

  constructor(sets: Iterable<CodeSet>) {
    const byId = new Map<string, CodeSet>();
    for (const s of sets) {
      byId.delete(s.info.id);
      byId.set(s.info.id, s);
    }
    this.all = [...byId.values()].sort(
      (a, b) => CODE_SET_KINDS.indexOf(a.info.kind) - CODE_SET_KINDS.indexOf(b.info.kind) || compare(a.info.from, b.info.from) || compare(a.info.id, b.info.id),
    );
  }

  get isEmpty(): boolean {
    return this.all.length === 0;
  }

  has(kind: CodeSetKind): boolean {
    return this.all.some((s) => s.info.kind === kind);
  }

  of(kind: CodeSetKind): CodeSet[] {
    return this.all.filter((s) => s.info.kind === kind);
  }

  /** The set of a kind for an ISO date of service: of those covering it, the one that starts last; undefined if none does. */
  forDate(kind: CodeSetKind, date: string | undefined): CodeSet | undefined {
    if (!date || !ISO_DATE.test(date)) return undefined;
    let found: CodeSet | undefined;
    for (const s of this.all) if (s.info.kind === kind && s.covers(date) && (!found || s.info.from >= found.info.from)) found = s;
    return found;
  }

  /**
   * A code's description for a hover: from the set for the date when it has the code, else from the
   * newest set of the kind that has it (the hover names the set either way).
   */
  describe(kind: CodeSetKind, code: string, date?: string): { readonly set: CodeSet; readonly entry: CodeEntry } | undefined {
    const dated = this.forDate(kind, date);
    const entry = dated?.lookup(code);
    if (dated && entry) return { set: dated, entry };
    const sets = this.of(kind);
    for (let k = sets.length - 1; k >= 0; k--) {
      const e = sets[k].lookup(code);
      if (e) return { set: sets[k], entry: e };
    }
    return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
