import type { DocumentRule } from './types';

/** Structural problems of FHIR documents, reported by the FHIR JSON and XML readers. */
export const fhirStructure: DocumentRule = {
  meta: {
    id: 'fhir-structure',
    description: 'The file must be a FHIR R4 Claim, or a Bundle of Claims, in well-formed JSON or XML.',
    scope: 'document',
    clauses: [],
    defaultSeverity: 'error',
    fixKinds: [],
    messages: {
      invalidJson: 'Not valid JSON ({{detail}}); nothing was checked.',
      tooDeep: 'The document nests more than {{max}} levels deep (a FHIR claim needs about a dozen); it was refused unread.',
      tooManyElements: 'The XML holds more than {{max}} elements, more than claimlint reads from one file; it was refused unread (split the Bundle).',
      duplicateKey:
        'A property name ({{length}} characters, marked at its second use) appears twice in one object; JSON readers disagree on which value counts, so nothing was checked (FHIR JSON allows each name once).',
      invalidXml: 'Not well-formed XML ({{detail}}); nothing was checked.',
      unreadable: 'The FHIR document could not be read ({{detail}}); nothing was checked. Please report this.',
      positionMapping: 'The XML could not be mapped back to positions ({{detail}}); nothing was checked. Please report this.',
      noResourceType: 'No "resourceType": this is not a FHIR resource, so nothing was checked.',
      bundleWithoutClaim: 'The Bundle holds no Claim resource; nothing was checked.',
      preR4: 'This Claim uses {{element}}, which FHIR R4 replaced with {{replacement}}: it is a pre-R4 (STU3 or older) claim and was not checked.',
      doctype: 'The XML has a DOCTYPE declaration; FHIR XML allows none, so the file was refused unread.',
      doctypeEntities: 'The XML declares entities in a DOCTYPE; they are never expanded, and the file was refused unread (FHIR XML allows no DOCTYPE).',
      noPatient: 'The Claim has no patient reference; per-patient checks treat it as a patient of its own.',
      noProductOrService: 'Item {{sequence}} has no productOrService coding; its service was not checked.',
      notProcedureCoded: 'Item {{sequence}} is coded in {{system}}, not in CPT or HCPCS; its service was not checked.',
    },
  },
};
