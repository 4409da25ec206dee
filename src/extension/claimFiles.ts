/**
 * Which files may hold claims, decided by name and then by a bounded look at the content. No
 * `vscode` import: unit-tested in plain Node (test/unit/extension/claimFiles.test.ts).
 */
import { readDelimiters } from '../core/parsers/x12';

/**
 * What a file's name says: `x12` (an X12 extension), `fhir` (JSON or XML: a FHIR claim or not, the
 * content decides), `sniff` (a name that says nothing: `.txt`, `.dat`, no extension; only an ISA
 * header at the start makes it a claim file), or undefined (any other file: not looked at).
 */
export type NameKind = 'x12' | 'fhir' | 'sniff';

const X12_NAME = /\.(837[pi]?|x12|edi)$/i;
const FHIR_NAME = /\.(json|xml)$/i;
const SNIFF_NAME = /\.(txt|dat)$/i;

export function kindByName(fileName: string): NameKind | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (X12_NAME.test(base)) return 'x12';
  if (FHIR_NAME.test(base)) return 'fhir';
  // No extension: "CLAIMS837", "batch_0412"; a leading dot alone (".gitignore") is not an extension but is no claim either.
  if (SNIFF_NAME.test(base) || (!base.includes('.') && base.length > 0)) return 'sniff';
  return undefined;
}

/** How much of a file is read to tell whether it starts with an ISA header (BOM and blank lines included). */
export const SNIFF_BYTES = 4096;

/**
 * True when the text starts (after a BOM, blank lines and spaces) with a whole, readable ISA
 * header: "ISA", a delimiter, sixteen elements and the segment terminator. Plain text that merely
 * begins with the letters "ISA" is not taken for X12. Needs only the first few hundred characters.
 */
export function startsWithIsaHeader(head: string): boolean {
  return readDelimiters(head.slice(0, SNIFF_BYTES)).ok;
}

/** What a workspace lint did, for its result message and for tests. */
export interface WorkspaceLintSummary {
  /** Claim files linted (X12, and JSON/XML holding a FHIR claim). */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** FHIR resources that are not claims (a Patient in a folder of exports): one info each. */
  readonly notClaims: number;
  /** Files looked at (by name, then content) that are not claims: skipped. */
  readonly skippedNotClaims: number;
  /** Claim files over the per-run limit, not linted. */
  readonly overLimit: number;
  readonly cancelled: boolean;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The one-line result of a workspace lint, e.g. "Checked 9 claim files: 12 problems (10 errors,
 * 1 warning, 1 info). 1 FHIR resource is not a claim (an info in Problems). 3 files are not
 * claims and were skipped." Counts only: no file names (a claim file's name can carry a patient's).
 */
export function workspaceLintMessage(s: WorkspaceLintSummary): string {
  const problems = s.errors + s.warnings + s.infos;
  const parts: string[] = [];
  const detail =
    problems === 0
      ? 'no problems'
      : `${count(problems, 'problem')} (${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}, ${count(s.infos, 'info', 'infos')})`;
  parts.push(s.cancelled ? `Stopped after ${count(s.files, 'claim file')}: ${detail} so far.` : `Checked ${count(s.files, 'claim file')}: ${detail}.`);
  if (s.notClaims > 0) parts.push(`${count(s.notClaims, 'FHIR resource')} ${s.notClaims === 1 ? 'is' : 'are'} not a claim (an info in Problems).`);
  if (s.skippedNotClaims > 0)
    parts.push(`${count(s.skippedNotClaims, 'file')} without an ISA header or FHIR claim ${s.skippedNotClaims === 1 ? 'was' : 'were'} skipped.`);
  if (s.overLimit > 0) parts.push(`${count(s.overLimit, 'claim file')} over the limit of the run ${s.overLimit === 1 ? 'was' : 'were'} not checked.`);
  return parts.join(' ');
}
