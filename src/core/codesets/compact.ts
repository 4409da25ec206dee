import { CODE_SET_KINDS, CodeSet, CodeSetError, CodeSets, type CodeSetInfo, type CodeSetSource } from './code-set';
import { MAX_CODES } from './official';

/**
 * The stored copy of an imported set, and what the CLI hands its worker threads (one string clones
 * cheaply): a first line naming the format, a line of JSON with the set's {@link CodeSetInfo} and
 * count, then one line per code: code, tab, 1 billable / 0 header, tab, description.
 */
const MAGIC = 'claimlint code set 1';
const SOURCES: readonly CodeSetSource[] = ['icd10cm-order', 'icd10cm-codes', 'hcpcs-anweb'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z0-9]{1,7}$/;

/** The stored copy of a set. */
export function serializeCodeSet(set: CodeSet): string {
  const lines = [MAGIC, JSON.stringify({ ...set.info, count: set.size })];
  for (const e of set.entries()) lines.push(`${e.code}\t${e.billable ? 1 : 0}\t${e.description.replace(/[\t\r\n]+/g, ' ')}`);
  return lines.join('\n') + '\n';
}

function isInfo(v: unknown): v is CodeSetInfo & { count: number } {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === 'string' && (o[k] as string).length > 0 && (o[k] as string).length < 200;
  return (
    CODE_SET_KINDS.includes(o.kind as never) &&
    SOURCES.includes(o.source as never) &&
    ['id', 'name', 'fileName'].every(str) &&
    ISO_DATE.test(String(o.from)) &&
    ISO_DATE.test(String(o.to)) &&
    typeof o.headers === 'boolean' &&
    Number.isInteger(o.count) &&
    (o.count as number) > 0 &&
    (o.count as number) <= MAX_CODES
  );
}

/** Read a stored copy back; throws {@link CodeSetError} when it is damaged. */
export function parseStoredCodeSet(text: string): CodeSet {
  const damaged = (): never => {
    throw new CodeSetError('The stored code set is damaged; import the file again.');
  };
  const lines = text.split('\n');
  if (lines[0] !== MAGIC) damaged();
  let parsed: unknown;
  try {
    parsed = JSON.parse(lines[1] ?? '');
  } catch {
    damaged();
  }
  if (!isInfo(parsed)) return damaged();
  const { kind, id, name, from, to, source, fileName, headers: knowsHeaders, count } = parsed;
  const info: CodeSetInfo = { kind, id, name, from, to, source, fileName, headers: knowsHeaders };
  const descriptions = new Map<string, string>();
  const headers = new Set<string>();
  for (let k = 2; k < lines.length; k++) {
    const line = lines[k];
    if (line === '') continue;
    const a = line.indexOf('\t');
    const code = line.slice(0, a);
    const flag = line.slice(a + 1, a + 2);
    if (a < 0 || !CODE.test(code) || line[a + 2] !== '\t' || (flag !== '0' && flag !== '1') || descriptions.has(code)) damaged();
    descriptions.set(code, line.slice(a + 3));
    if (flag === '0') headers.add(code);
  }
  if (descriptions.size !== count) damaged();
  return new CodeSet(info, descriptions, headers);
}

/** Code sets as plain data that crosses to worker threads (structured clone of a few strings). */
export type CodeSetsData = readonly string[];

export function codeSetsToData(sets: CodeSets): CodeSetsData {
  return sets.all.map(serializeCodeSet);
}

export function codeSetsFromData(data: CodeSetsData | undefined): CodeSets {
  return data && data.length > 0 ? new CodeSets(data.map(parseStoredCodeSet)) : CodeSets.EMPTY;
}
