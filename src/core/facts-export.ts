import { createHash } from 'node:crypto';
import { isFileLocalKey, type ServiceFacts } from './facts';
import type { LinePositions } from './model/span';

/**
 * The per-line facts of a history as JSON Lines (`--facts`, docs/scale.md): what the
 * patient-scoped rules read, one object per service line, for an engine that runs the same reduce
 * over a history too large for one machine (Spark, DuckDB, BigQuery). Nothing that names a patient
 * leaves: the patient key and the claim ids are salted hashes. The schema is stable: fields may be
 * added, never renamed or removed (version `v`).
 */
export interface FactRecord {
  /** Schema version. */
  readonly v: 1;
  /** The file, as the report names it. */
  readonly file: string;
  /** 0-based line and UTF-16 character of the procedure code in the file. */
  readonly line: number;
  readonly character: number;
  /** The claim's number in the file (0-based, document order). */
  readonly claimIndex: number;
  /** Salted hash of the claim's id (X12 CLM01, FHIR identifier or id): equal ids, equal hashes. */
  readonly claim: string;
  /** Salted hashes of the other ids the claim is known by (FHIR resource id, Bundle fullUrl). */
  readonly claimAliases: readonly string[];
  /** For a replacement or void (frequency 7 or 8): salted hashes of the ids of the earlier claims of the patient it supersedes (its own id first); [] otherwise. */
  readonly supersedes: readonly string[];
  /** Claim frequency code: "1" original, "7" replacement, "8" void; "" when not given. */
  readonly frequency: string;
  /** Salted hash of the patient key (docs/patient-identity.md): equal patients, equal hashes. */
  readonly patient: string;
  /** Date of service, YYYY-MM-DD; "" when unknown. */
  readonly date: string;
  /** Procedure code as written. */
  readonly code: string;
  /** The policy pack's code sets the code is in. */
  readonly sets: readonly string[];
  readonly modifiers: readonly string[];
  /** What the quantity counts: "units", "minutes", "other" or "none". */
  readonly basis: string;
  /** The quantity as written; null when absent or not a number. */
  readonly quantity: number | null;
  /** Units billed under the run's timed rounding; null when unknown. */
  readonly units: number | null;
  /** The billing provider's identifier (NPI) or name; "" when not known. A provider, not a patient. */
  readonly billingProvider: string;
  /** The rendering provider's taxonomy; "" when not known. */
  readonly renderingTaxonomy: string;
}

/** A salted hash for ids: SHA-256 of the salt and the id, 32 hex digits. */
export function saltedHash(salt: string, id: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(id).digest('hex').slice(0, 32);
}

/** A patient key as hashed: a claim's own key (no patient read) is unique within its file only, so the file is part of it. */
function patientIn(key: string, file: string): string {
  return isFileLocalKey(key) ? `${key}\u0000${file}` : key;
}

/** The facts of one file as records, in line order. */
export function* factRecords(facts: ServiceFacts, file: string, lines: LinePositions, salt: string): Generator<FactRecord> {
  const sets = Object.keys(facts.policy.data.codeSets);
  const hashes = new Map<string, string>();
  const hash = (id: string): string => {
    let h = hashes.get(id);
    if (h === undefined) hashes.set(id, (h = saltedHash(salt, id)));
    return h;
  };
  for (let c = 0; c < facts.claimCount; c++) {
    const first = facts.claimFirstLine(c);
    const [claimId, ...aliases] = facts.claimKeys(c);
    const frequency = facts.frequency(c).trim();
    const superseded = frequency === '7' || frequency === '8' ? facts.supersededKeys(c).map(hash) : [];
    for (let i = first; i < first + facts.claimLineCount(c); i++) {
      const at = lines.positionAt(facts.span(i).start);
      const quantity = facts.quantity(i);
      const units = facts.units(i);
      yield {
        v: 1,
        file,
        line: at.line,
        character: at.character,
        claimIndex: c,
        claim: hash(claimId),
        claimAliases: aliases.map(hash),
        supersedes: superseded,
        frequency: facts.frequency(c),
        patient: hash(patientIn(facts.patient(i), file)),
        date: facts.date(i),
        code: facts.code(i),
        sets: sets.filter((name) => facts.inSet(i, name)),
        modifiers: facts.modifiers(i),
        basis: facts.basis(i),
        quantity: Number.isFinite(quantity) ? quantity : null,
        units: Number.isFinite(units) ? units : null,
        billingProvider: facts.billingProvider(c),
        renderingTaxonomy: facts.renderingProvider(i),
      };
    }
  }
}
