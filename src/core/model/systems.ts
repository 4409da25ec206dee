/**
 * The code systems procedure codes are written under. X12 names them with a qualifier (SV1-01-1:
 * HC for HCPCS, which includes CPT); FHIR with a system URI. CPT codes and modifiers are written
 * under CPT's URI or its HL7 OID; HCPCS Level II codes and modifiers (G0283, XS …) under CMS's URI
 * (http or https) or the HCPCS OIDs (2.16.840.1.113883.6.285 for HCPCS, and 6.14, which HL7 has
 * retired but files still carry). Sources: HL7 Terminology (THO) code system and naming system
 * pages for CPT, HCPCS Level II and HCPCS-all-codes.
 */
export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';

export const PROCEDURE_SYSTEMS: readonly string[] = [
  CPT_SYSTEM,
  'urn:oid:2.16.840.1.113883.6.12',
  'urn:oid:2.16.840.1.113883.6.285',
  'urn:oid:2.16.840.1.113883.6.14',
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
];

/** The URIs CPT codes and modifiers (59 among them) are written under: CPT's URI and its HL7 OID. */
export const CPT_SYSTEMS: readonly string[] = [CPT_SYSTEM, 'urn:oid:2.16.840.1.113883.6.12'];

const KNOWN = new Set(PROCEDURE_SYSTEMS.map((s) => s.toLowerCase()));
const NAMES_CPT_OR_HCPCS = /cpt|hcpcs/i;

/** True for a system CPT or HCPCS codes are written under: one of {@link PROCEDURE_SYSTEMS}, or any URI naming CPT or HCPCS. */
export function isProcedureSystem(system: string): boolean {
  return system === CPT_SYSTEM || KNOWN.has(system.trim().toLowerCase()) || NAMES_CPT_OR_HCPCS.test(system);
}

/** True for a CPT system URI ({@link CPT_SYSTEMS}); HCPCS Level II URIs are not. */
export function isCptSystem(system: string): boolean {
  const s = system.trim();
  return CPT_SYSTEMS.includes(s) || CPT_SYSTEMS.includes(s.toLowerCase());
}
