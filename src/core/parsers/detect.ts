import type { DocumentFormat } from '../model/claim';

export type ContentKind = 'x12' | 'fhir-json' | 'fhir-xml' | 'unknown';

const X12_NAME = /\.(837[pi]?|x12|edi)$/i;
const X12_OR_TEXT_NAME = /\.(837[pi]?|x12|edi|txt)$/i;
/** An ISA header at the start of a line (the start of the file is checked first). */
const ISA_LINE = /[\r\n][ \t]*ISA[^A-Za-z0-9\s]/;
const JSON_RESOURCE_TYPE = /"resourceType"\s*:/;
const XML_CLAIM_OR_BUNDLE = /<([A-Za-z_][\w.-]*:)?(Claim|Bundle)[\s>/]/;
const FHIR_NAMESPACE = /xmlns(:[\w.-]+)?\s*=\s*["']http:\/\/hl7\.org\/fhir["']/;
/** The old window, still used for FHIR XML that nests a Claim under a root of another name. */
const HEAD = 4096;

/**
 * Decide how to read a text: by content first (ISA → X12, `"resourceType"` → FHIR JSON, a
 * `Claim`/`Bundle` root or the FHIR namespace → FHIR XML); the file name is only a hint, used when
 * the content says nothing (an empty or broken `.837` file is still X12 and gets an x12-syntax
 * finding). Detection reads past whatever comes first (white space, a long narrative or id before
 * `"resourceType"`, XML comments and processing instructions before the root) rather than a fixed
 * window, so no padding hides a claim; each look is one linear search. A text (not JSON or XML)
 * with an ISA header at the start of a later line is X12, so it gets an error, not "not a claim".
 */
export function detectContent(text: string, fileName?: string): ContentKind {
  const start = firstContent(text);
  if (start < 0) return fileName && X12_OR_TEXT_NAME.test(fileName) ? 'x12' : 'unknown';
  if (text.startsWith('ISA', start)) return 'x12';
  const first = text.charCodeAt(start);
  if (first === 0x7b /* { */ && JSON_RESOURCE_TYPE.test(text)) return 'fhir-json';
  if (first === 0x3c /* < */ && isFhirXml(text, start)) return 'fhir-xml';
  if (fileName && X12_NAME.test(fileName)) return 'x12';
  // JSON and XML are left to their readers' words; an XML envelope may carry an 837 as text.
  if (first !== 0x7b && first !== 0x3c && ISA_LINE.test(text)) return 'x12';
  return 'unknown';
}

/** Offset of the first character that is not white space or a BOM; -1 for none. */
function firstContent(text: string): number {
  const re = /[^\s\uFEFF]/g;
  return re.exec(text)?.index ?? -1;
}

/**
 * Whether XML text starting at `start` is FHIR: its root element (after the XML declaration,
 * comments, processing instructions and white space, however long) is a Claim or a Bundle, or is
 * in the FHIR namespace. A DOCTYPE makes it FHIR when the text names a Claim or Bundle anywhere,
 * so the reader refuses it with a finding rather than it passing as "not a claim".
 */
function isFhirXml(text: string, start: number): boolean {
  let p = start;
  for (;;) {
    if (text.startsWith('<?', p)) p = text.indexOf('?>', p + 2);
    else if (text.startsWith('<!--', p)) p = text.indexOf('-->', p + 4);
    else break;
    if (p < 0) return XML_CLAIM_OR_BUNDLE.test(text.slice(0, HEAD));
    p = text.slice(p, p + 3).startsWith('-->') ? p + 3 : p + 2;
    while (p < text.length && /\s/.test(text[p])) p++;
  }
  if (text.startsWith('<!', p)) return XML_CLAIM_OR_BUNDLE.test(text) || FHIR_NAMESPACE.test(text);
  const tagEnd = text.indexOf('>', p);
  const tag = text.slice(p, tagEnd < 0 ? text.length : tagEnd + 1);
  if (XML_CLAIM_OR_BUNDLE.test(tag.slice(0, tag.search(/[\s>/]|$/) + 1)) || FHIR_NAMESPACE.test(tag)) return true;
  return XML_CLAIM_OR_BUNDLE.test(text.slice(0, HEAD));
}

/**
 * Whether the start of a file whose name says nothing (`.txt`, `.dat`, no extension) is a claim:
 * an interchange starting with ISA, or a FHIR Claim or Bundle of Claims. For walks over folders
 * that hold other files too; a file named on its own is read whole whatever its name.
 */
export function looksLikeClaim(head: string): boolean {
  const start = firstContent(head);
  if (start < 0) return false;
  if (head.startsWith('ISA', start)) return true;
  const kind = detectContent(head);
  if (kind === 'fhir-json') return /"resourceType"\s*:\s*"(Claim|Bundle)"/.test(head);
  return kind === 'fhir-xml';
}

/** 837P vs 837I from the implementation guide named in GS08 / ST03 (X222 vs X223). */
export function x12Variant(versionCode: string | undefined): DocumentFormat {
  if (versionCode && /X223/i.test(versionCode)) return 'x12-837i';
  return 'x12-837p';
}

/**
 * Whether the editor should treat a document as a claim file: any X12 text, or FHIR that holds a
 * Claim resource. Other FHIR resources and ordinary JSON/XML get nothing in the editor; the CLI
 * still reads them and says why they are not claims.
 */
export function isClaimContent(text: string, fileName?: string): boolean {
  const kind = detectContent(text, fileName);
  if (kind === 'x12') return true;
  if (kind === 'fhir-json') return /"resourceType"\s*:\s*"Claim"/.test(text);
  if (kind === 'fhir-xml') return /<([A-Za-z_][\w.-]*:)?Claim[\s>/]/.test(text);
  return false;
}
