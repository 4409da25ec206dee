/**
 * Which files may hold claims, decided by name and then by a bounded look at the content. No
 * `vscode` import: unit-tested in plain Node (test/unit/extension/claimFiles.test.ts).
 */
import { detectContent, isClaimContent } from '../core/parsers/detect';
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

/**
 * What a file's whole text holds, given what its name said: `claim` (X12, or JSON/XML holding a
 * FHIR claim), `fhir-not-claim` (a FHIR resource that is not a claim: a Patient among exports) or
 * `not-claim` (anything else: skipped). An X12 name whose content says nothing (no ISA at the
 * start, say) is still taken for a claim file, so its problems are reported. A `sniff` name is
 * asked about only once its start was an ISA header ({@link startsWithIsaHeader}).
 */
export type ClaimTextKind = 'claim' | 'fhir-not-claim' | 'not-claim';

export function claimTextKind(kind: NameKind, text: string): ClaimTextKind {
  const content = detectContent(text);
  if (kind === 'fhir') {
    if (content !== 'fhir-json' && content !== 'fhir-xml') return 'not-claim';
    return isClaimContent(text) ? 'claim' : 'fhir-not-claim';
  }
  return content === 'x12' || (kind === 'x12' && content === 'unknown') ? 'claim' : 'not-claim';
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

// ---- which files, in which order (the workspace lint and the claim index) ----------------------

/**
 * The order claim files are read in, and the order of a patient's history across files (a
 * replacement supersedes claims of files before it): by path, as `localeCompare` sorts (the same
 * order as the Explorer's for names that differ in letters only). Ties (one path under two schemes)
 * by the whole key, so the order is total.
 */
export function comparePaths(a: { readonly path: string; readonly key?: string }, b: { readonly path: string; readonly key?: string }): number {
  const byPath = a.path.localeCompare(b.path);
  if (byPath !== 0) return byPath;
  const ka = a.key ?? '';
  const kb = b.key ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Files in the order of {@link comparePaths} (a sorted copy). */
export function sortByPath<T extends { readonly path: string; readonly key?: string }>(files: readonly T[]): T[] {
  return [...files].sort(comparePaths);
}

/**
 * The files of a history around one file: `before`, those that sort before it ({@link
 * comparePaths}); `after`, the rest, each in that order. The file itself (same key) is in
 * neither. `sorted` must be in that order ({@link sortByPath}): the split point is found by
 * bisection, as an editor asks on every lint.
 */
export function splitHistory<T extends { readonly path: string; readonly key: string }>(
  sorted: readonly T[],
  target: { readonly path: string; readonly key: string },
): { before: T[]; after: T[] } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePaths(sorted[mid], target) < 0) lo = mid + 1;
    else hi = mid;
  }
  const other = (f: T): boolean => f.key !== target.key;
  return { before: sorted.slice(0, lo).filter(other), after: sorted.slice(lo).filter(other) };
}

/**
 * A glob as VS Code's settings write them (`files.exclude`, `search.exclude`), as a regular
 * expression over a path relative to the workspace folder (`/` between folders): `*` any
 * characters but `/`, `?` one of them, `**` any number of folders (`**` alone: anything),
 * `{a,b}` either, `[a-z]` / `[!a-z]` a character (not) in the set. Letter case is ignored (coders
 * type `archive/**` for a folder named `Archive`). A leading `./` or `/` is dropped; `\` is taken
 * for `/`. Unbalanced braces or brackets are literal characters.
 */
export function globToRegExp(glob: string): RegExp {
  const g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  const bracesBalanced = balanced(g);
  let re = '';
  let depth = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      let j = i;
      while (g[j] === '*') j++;
      const inGroup = depth > 0;
      const startsSegment = i === 0 || g[i - 1] === '/' || (inGroup && (g[i - 1] === '{' || g[i - 1] === ','));
      const endsSegment = j === g.length || g[j] === '/' || (inGroup && (g[j] === ',' || g[j] === '}'));
      if (j - i >= 2 && startsSegment && endsSegment) {
        if (g[j] === '/') {
          re += '(?:[^/]*/)*'; // "**/": no folder or any number of them
          i = j;
        } else {
          re += '.*';
          i = j - 1;
        }
      } else {
        re += '[^/]*';
        i = j - 1;
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{' && bracesBalanced) {
      depth++;
      re += '(?:';
    } else if (c === '}' && bracesBalanced && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let set = g.slice(i + 1, end);
      const negated = set.startsWith('!') || set.startsWith('^');
      if (negated) set = set.slice(1);
      re += `[${negated ? '^/' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Whether every `{` of a glob is closed by a `}` after it, and no `}` comes unopened. */
function balanced(glob: string): boolean {
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Whether a path (relative to its workspace folder, `/` between folders) matches any of the globs
 * ({@link globToRegExp}), it or one of the folders it is in: a glob that matches a folder matches
 * every file in it, as in `files.exclude` (`archive` or `claims/2019` name whole folders). Empty or
 * blank globs are ignored; no globs match nothing.
 */
export function globsMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const res = globs.filter((g) => g.trim() !== '').map(globToRegExp);
  return (relativePath) => {
    if (res.length === 0) return false;
    // The path itself and each folder it is in: "a/b/c.837", "a/b", "a".
    for (let p = relativePath.replace(/\\/g, '/').replace(/^\/+/, ''); ;) {
      if (res.some((re) => re.test(p))) return true;
      const slash = p.lastIndexOf('/');
      if (slash <= 0) return false;
      p = p.slice(0, slash);
    }
  };
}

/**
 * Which files of a workspace folder a list of include and exclude globs keeps ({@link
 * globsMatcher}): a path is kept when it matches an include glob (none given: every path) and no
 * exclude glob.
 */
export function pathFilter(include: readonly string[], exclude: readonly string[]): (relativePath: string) => boolean {
  const included = globsMatcher(include);
  const excluded = globsMatcher(exclude);
  const all = include.every((g) => g.trim() === '');
  return (relativePath) => (all || included(relativePath)) && !excluded(relativePath);
}
