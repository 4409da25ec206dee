import * as fs from 'fs';
import * as path from 'path';
import { lint, type LintOptions, type LintResult } from '../../../src/core/engine';
import type { Span } from '../../../src/core/model/span';
import { REPO_ROOT } from '../repo-root';

/** Cases per property in the unit suite; the long run (`npm run fuzz:long`) sets far more. */
export function fuzzRuns(fallback = 200): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A fixed seed unless FUZZ_SEED says otherwise, so a CI failure reproduces. */
export function fuzzSeed(): number | undefined {
  const s = process.env.FUZZ_SEED;
  if (s === 'random') return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : 0x5eed;
}

/**
 * Per-input time bound. A hang detector, not a benchmark: lint is linear and takes well under a
 * millisecond on a claim file, so several seconds means a runaway loop or a quadratic pass.
 */
export const TIME_BOUND_MS = Number(process.env.FUZZ_TIME_BOUND_MS) || 3000;

export { REPO_ROOT };

/** ../shared/corpus beside the clone, read where it lies (never copied). */
export const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');

/** A seed file: its name (printed on failure; never its content) and its bytes. */
export interface SeedFile {
  readonly name: string;
  readonly bytes: Buffer;
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, keep));
    else if (e.isFile() && keep(e.name)) out.push(p);
  }
  return out;
}

const CLAIM_FILE = /\.(837[pi]?|x12|edi|json|xml)$/i;

let seeds: SeedFile[] | undefined;
/** Every claim file of ../shared/corpus and test/fixtures, read once. */
export function seedFiles(): SeedFile[] {
  if (!seeds) {
    const files = [
      ...walk(CORPUS_DIR, (n) => CLAIM_FILE.test(n)).map((p) => ({ name: 'corpus/' + path.relative(CORPUS_DIR, p), p })),
      ...walk(FIXTURES_DIR, (n) => CLAIM_FILE.test(n)).map((p) => ({ name: 'fixtures/' + path.relative(FIXTURES_DIR, p), p })),
    ];
    seeds = files.map(({ name, p }) => ({ name, bytes: fs.readFileSync(p) }));
  }
  return seeds;
}

/**
 * Bytes to text as the CLI reads a file: UTF-8 with invalid sequences replaced by U+FFFD
 * (`Buffer#toString('utf8')`, what `fs.readFile(path, 'utf8')` does) and a leading BOM dropped.
 */
export function decodeAsCli(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Checked {
  readonly result: LintResult;
  readonly ms: number;
}

/**
 * Lint a text and check what must hold for any input whatever: no exception, no hang (time
 * bound), no rule crash (`rule-error`), every finding span, related span, fix edit span and model
 * span inside the document, LineIndex ranges valid and consistent with the offsets. Throws an
 * Error naming the first violation; the message holds offsets and rule ids, never document text.
 */
export function lintAndCheck(text: string, options: LintOptions = {}, bound = TIME_BOUND_MS): Checked {
  const t0 = performance.now();
  let result: LintResult;
  try {
    result = lint(text, options);
  } catch (err) {
    throw new Error(`lint threw ${err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : typeof err}`, { cause: err });
  }
  const ms = performance.now() - t0;
  if (ms > bound) throw new Error(`lint took ${ms.toFixed(0)} ms on ${text.length} characters (bound ${bound} ms)`);
  checkResult(text, result);
  return { result, ms };
}

function checkSpan(where: string, s: Span, length: number): void {
  if (!s || !Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start > s.end || s.end > length) {
    throw new Error(`${where}: span ${s ? `${s.start}..${s.end}` : String(s)} outside 0..${length}`);
  }
}

/** The invariants of {@link lintAndCheck} on an existing result. */
export function checkResult(text: string, result: LintResult): void {
  const n = text.length;
  if (result.document.text !== text) throw new Error('document.text is not the linted text');
  for (const f of result.findings) {
    const who = `${f.ruleId}/${f.messageId}`;
    if (f.ruleId === 'rule-error') throw new Error(`rule crashed: ${String(f.data.rule)} (${String(f.data.error)})`);
    checkSpan(`finding ${who}`, f.span, n);
    f.related.forEach((r, k) => checkSpan(`finding ${who} related #${k}`, r.span, n));
    for (const fix of f.fixes) {
      if (fix.edits.length === 0) throw new Error(`finding ${who}: fix "${fix.title}" has no edits`);
      fix.edits.forEach((e, k) => checkSpan(`finding ${who} fix "${fix.title}" edit #${k}`, e.span, n));
    }
    if (/\{\{\s*\w+\s*\}\}/.test(f.message)) throw new Error(`finding ${who}: message has an unfilled placeholder`);
    checkRange(result, f.span, who);
  }
  walkSpans(result.document.claims, 'claims', n);
  walkSpans(result.document.outline, 'outline', n);
  for (const p of result.document.problems) checkSpan(`problem ${p.ruleId}/${p.messageId}`, p.span, n);
}

function checkRange(result: LintResult, s: Span, who: string): void {
  const lines = result.lines;
  const r = lines.rangeOf(s);
  for (const [end, p] of [
    ['start', r.start],
    ['end', r.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0 || p.line >= lines.lineCount) {
      throw new Error(`finding ${who}: range ${end} ${p.line}:${p.character} invalid (${lines.lineCount} lines)`);
    }
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) {
    throw new Error(`finding ${who}: range start after end`);
  }
  if (lines.offsetAt(r.start) !== s.start || lines.offsetAt(r.end) !== s.end) {
    throw new Error(`finding ${who}: range ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} does not map back to ${s.start}..${s.end}`);
  }
}

/** Every {start, end} object reachable in the model lies inside the document. */
function walkSpans(value: unknown, where: string, n: number, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, k) => walkSpans(v, `${where}[${k}]`, n, depth + 1));
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) {
    checkSpan(where, o as unknown as Span, n);
    return;
  }
  for (const [k, v] of Object.entries(o)) walkSpans(v, `${where}.${k}`, n, depth + 1);
}

/** A short description of a text for failure messages: length and a hash, never content. */
export function describeText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length} chars, fnv1a ${h.toString(16).padStart(8, '0')}`;
}
