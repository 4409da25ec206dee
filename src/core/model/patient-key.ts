/**
 * Patient keys: who "the same patient" is (docs/patient-identity.md). Every claim's
 * `Patient.key` (claim.ts) is made here, so the formats and their prefixes live in one place:
 *
 * - `id:PAYER|MEMBER` — X12 subscriber who is the patient, with a member id;
 * - `name:PAYER|LAST^FIRST^DOB` — X12 subscriber who is the patient, without one;
 * - `dep:PAYER|SUBSCRIBER|LAST^FIRST^DOB` — X12 dependent (2010CA), under the subscriber's member id;
 * - `ref:<reference>` and `fhir-id:<system>|<value>` — FHIR `Claim.patient` (a prefix of its own: an X12
 *   and a FHIR key never match, since nothing says the two name one person) ({@link fhirReferenceKey},
 *   {@link fhirIdentifierKey});
 * - `unknown:` (X12) and `claim:` (FHIR) — no patient read: a key of the claim's own.
 *
 * An X12 part is trimmed and upper-cased; a missing part is empty. In every part a `\`, `|` or `^`
 * is written with a `\` before it, so a separator is always a separator and two different
 * identities never make one key.
 */

const SEPARATORS = /[\\|^]/;
const SEPARATORS_ALL = /[\\|^]/g;

/** A part as written, its separators escaped. */
function escaped(s: string): string {
  return SEPARATORS.test(s) ? s.replace(SEPARATORS_ALL, '\\$&') : s;
}

/** An X12 part: trimmed, upper-cased, escaped; empty when missing. */
function part(s: string | undefined): string {
  return s === undefined ? '' : escaped(s.trim().toUpperCase());
}

/** What an X12 key is made of, as read (not yet normalized). */
export interface X12Identity {
  /** 2010BB NM1*PR NM109: the payer the subscriber loop is billed to. */
  readonly payerId?: string;
  /** 2010BA NM1*IL NM109 of the subscriber (for a dependent: of the subscriber the dependent is under). */
  readonly subscriberId?: string;
  /** The patient's NM103, NM104 and ISO birth date (DMG*D8). */
  readonly lastName?: string;
  readonly firstName?: string;
  readonly birthDate?: string;
}

/**
 * The key of an X12 patient. The subscriber who is the patient (2010BA): `id:PAYER|MEMBER`, or
 * `name:PAYER|LAST^FIRST^DOB` without a member id. A dependent (2010CA, `dependent` true):
 * `dep:PAYER|SUBSCRIBER|LAST^FIRST^DOB` — the subscriber's member id (empty when there is none) and
 * the dependent's own name and birth date.
 */
export function x12PatientKey(p: X12Identity, dependent: boolean): string {
  const payer = part(p.payerId);
  const member = part(p.subscriberId);
  if (dependent) return `dep:${payer}|${member}|${person(p)}`;
  return member ? `id:${payer}|${member}` : `name:${payer}|${person(p)}`;
}

/** `LAST^FIRST^DOB` of an X12 patient. */
function person(p: X12Identity): string {
  return `${part(p.lastName)}^${part(p.firstName)}^${part(p.birthDate)}`;
}

/** The key of an X12 claim with no subscriber or patient read: its own (CLM segment number), grouped with no other. */
export function x12UnknownKey(clmSeg: number): string {
  return `unknown:${clmSeg}`;
}

/** FHIR `Claim.patient.reference`, as written: `ref:<reference>`. */
export function fhirReferenceKey(reference: string): string {
  return `ref:${reference}`;
}

/**
 * FHIR `Claim.patient.identifier`: `fhir-id:<system>|<value>` (FHIR's own token notation; the system
 * empty when absent), both as written — FHIR compares identifiers exactly — with `\`, `|` and `^`
 * escaped as in X12 keys.
 */
export function fhirIdentifierKey(system: string | undefined, value: string): string {
  return `fhir-id:${escaped(system ?? '')}|${escaped(value)}`;
}
