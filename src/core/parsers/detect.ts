import type { DocumentFormat } from '../model/claim';

export type ContentKind = 'x12' | 'fhir-json' | 'fhir-xml' | 'unknown';

const X12_EXTENSIONS = /\.(837[pi]?|x12|edi|txt)$/i;

/**
 * Decide how to read a text: by content first (ISA → X12, `"resourceType"` → FHIR JSON,
 * `<Claim`/`<Bundle` → FHIR XML); the file name is only a hint, used when the content says
 * nothing (an empty or broken `.837` file is still X12 and gets an x12-syntax finding).
 * Only the first 4 KB are looked at, so detection costs nothing on large files.
 */
export function detectContent(text: string, fileName?: string): ContentKind {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (trimmed.startsWith('ISA')) return 'x12';
  if (trimmed.startsWith('{') && /"resourceType"\s*:/.test(head)) return 'fhir-json';
  if (
    trimmed.startsWith('<') &&
    (/<([A-Za-z_][\w.-]*:)?(Claim|Bundle)[\s>/]/.test(head) || /xmlns(:[\w.-]+)?\s*=\s*["']http:\/\/hl7\.org\/fhir["']/.test(head))
  ) {
    return 'fhir-xml';
  }
  if (fileName && /\.(837[pi]?|x12|edi)$/i.test(fileName)) return 'x12';
  if (fileName && X12_EXTENSIONS.test(fileName) && /^\s*$/.test(head)) return 'x12';
  return 'unknown';
}

/** 837P vs 837I from the implementation guide named in GS08 / ST03 (X222 vs X223). */
export function x12Variant(versionCode: string | undefined): DocumentFormat {
  if (versionCode && /X223/i.test(versionCode)) return 'x12-837i';
  return 'x12-837p';
}

/**
 * Whether the editor should treat a document as a claim file: any X12 text, or FHIR that holds a
 * Claim (a Claim resource, or a Bundle with a Claim entry near its start). Other FHIR resources
 * and ordinary JSON/XML get nothing in the editor; the CLI still reads them and says why they
 * are not claims.
 */
export function isClaimContent(text: string, fileName?: string): boolean {
  const kind = detectContent(text, fileName);
  if (kind === 'x12') return true;
  const head = text.slice(0, 4096);
  if (kind === 'fhir-json') return /"resourceType"\s*:\s*"(Claim|Bundle)"/.test(head) && /"resourceType"\s*:\s*"Claim"/.test(text.slice(0, 65536));
  if (kind === 'fhir-xml') return /<([A-Za-z_][\w.-]*:)?Claim[\s>/]/.test(text.slice(0, 65536));
  return false;
}
