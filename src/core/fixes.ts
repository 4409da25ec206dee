import type { Finding, FixKind, TextEdit } from './model/finding';

/**
 * Apply edits to a text. Edits are applied in document order; an edit that overlaps one already
 * taken is dropped (as ESLint's fix-all does), so the result is always well defined.
 * Returns the new text and the edits that were applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[] } {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
  const parts: string[] = [];
  const applied: TextEdit[] = [];
  let pos = 0;
  for (const { e } of sorted) {
    if (e.span.start < pos || e.span.end < e.span.start || e.span.end > text.length) continue;
    parts.push(text.slice(pos, e.span.start), e.newText);
    pos = e.span.end;
    applied.push(e);
  }
  parts.push(text.slice(pos));
  return { text: parts.join(''), applied };
}

/**
 * True when two edit groups touch the same text (insertions at one offset count as touching).
 * @internal exported for the test that checks {@link selectFixes} against it pair by pair.
 */
export function overlaps(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.span.start < y.span.end && y.span.start < x.span.end) return true;
      if (x.span.start === y.span.start) return true;
      if (x.span.start === x.span.end && x.span.start >= y.span.start && x.span.start <= y.span.end) return true;
      if (y.span.start === y.span.end && y.span.start >= x.span.start && y.span.start <= x.span.end) return true;
    }
  }
  return false;
}

/**
 * Pick, from the findings' fixes of the given kinds, a set whose edits never overlap: the first
 * fix of each finding, in document order, all of a fix's edits or none of them.
 *
 * Each fix is compared only with the chosen fixes that have an edit near one of its own (found
 * through {@link EditIndex}), not with every fix chosen before it: a 50 MB batch offers thousands
 * of fixes, and comparing each with all earlier ones took longer than linting the batch.
 */
export function selectFixes(findings: readonly Finding[], kinds: readonly FixKind[]): TextEdit[][] {
  const chosen: TextEdit[][] = [];
  const index = new EditIndex();
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const f of ordered) {
    const fix = f.fixes.find((x) => kinds.includes(x.kind));
    if (!fix || fix.edits.length === 0) continue;
    if (index.near(fix.edits).some((k) => overlaps(chosen[k], fix.edits))) continue;
    index.add(chosen.length, fix.edits);
    chosen.push([...fix.edits]);
  }
  return chosen;
}

/** Offsets per bucket of {@link EditIndex}. */
const BUCKET = 1024;
/** An edit reaching over more buckets than this (or with an offset that is not a safe integer's bucket) is compared with every fix. */
const MAX_BUCKETS = 4096;

/**
 * Where the chosen fixes' edits are: for each stretch of {@link BUCKET} offsets, the fixes with an
 * edit whose closed range [min(start, end), max(start, end)] reaches into it. Two edits that
 * {@link overlaps} counts as touching always share an offset of those ranges, so a fix can only
 * touch the fixes filed under the buckets its own edits reach. An edit too wide to file (a
 * damaged span from a custom rule) is compared with everything, so the answer stays exact.
 */
class EditIndex {
  private readonly buckets = new Map<number, number[]>();
  /** Fixes with a wide edit: near every edit. */
  private readonly wide: number[] = [];
  private count = 0;

  add(fix: number, edits: readonly TextEdit[]): void {
    this.count = fix + 1;
    for (const e of edits) {
      const range = bucketRange(e);
      if (!range) {
        if (this.wide[this.wide.length - 1] !== fix) this.wide.push(fix);
        continue;
      }
      for (let b = range[0]; b <= range[1]; b++) {
        const fixes = this.buckets.get(b);
        if (!fixes) this.buckets.set(b, [fix]);
        else if (fixes[fixes.length - 1] !== fix) fixes.push(fix);
      }
    }
  }

  /** The chosen fixes that may touch one of `edits` (each once, in no set order). */
  near(edits: readonly TextEdit[]): number[] {
    const out = new Set<number>(this.wide);
    for (const e of edits) {
      const range = bucketRange(e);
      if (!range) return Array.from({ length: this.count }, (_, k) => k);
      for (let b = range[0]; b <= range[1]; b++) {
        const fixes = this.buckets.get(b);
        if (fixes) for (const k of fixes) out.add(k);
      }
    }
    return [...out];
  }
}

/**
 * The first and last bucket an edit's closed range reaches; undefined when it is too wide to file.
 * Safe integers only: past 2^53 `b++` no longer moves a bucket number, and the loops over the
 * range would never end (an offset of 1e19 from a damaged span).
 */
function bucketRange(e: TextEdit): [number, number] | undefined {
  const lo = Math.floor(Math.min(e.span.start, e.span.end) / BUCKET);
  const hi = Math.floor(Math.max(e.span.start, e.span.end) / BUCKET);
  return Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && hi - lo <= MAX_BUCKETS ? [lo, hi] : undefined;
}

export interface FixLoopResult {
  readonly text: string;
  /** Number of fixes applied over all passes. */
  readonly fixCount: number;
  readonly passes: number;
}

/**
 * Apply fixes of the given kinds, re-lint, and repeat until nothing changes (at most `maxPasses`
 * passes), so fixes whose edits overlapped in one pass are applied in the next against fresh
 * numbers (segment counts, totals).
 */
export function fixUntilStable(text: string, lintText: (text: string) => readonly Finding[], kinds: readonly FixKind[], maxPasses = 10): FixLoopResult {
  const loop = fixLoop(text, kinds, maxPasses);
  for (let step = loop.next(); ; step = loop.next(lintText(step.value))) if (step.done) return step.value;
}

/**
 * {@link fixUntilStable} with an asynchronous lint (an editor's, in time slices). `lintText`
 * returning undefined stops the loop (the work went stale): the result is then undefined.
 */
export async function fixUntilStableAsync(
  text: string,
  lintText: (text: string) => Promise<readonly Finding[] | undefined>,
  kinds: readonly FixKind[],
  maxPasses = 10,
): Promise<FixLoopResult | undefined> {
  const loop = fixLoop(text, kinds, maxPasses);
  for (let step = loop.next(); ;) {
    if (step.done) return step.value;
    const findings = await lintText(step.value);
    if (!findings) return undefined;
    step = loop.next(findings);
  }
}

/** The fix loop: yields each text to lint and is given its findings. */
function* fixLoop(text: string, kinds: readonly FixKind[], maxPasses: number): Generator<string, FixLoopResult, readonly Finding[]> {
  let current = text;
  let fixCount = 0;
  let passes = 0;
  while (passes < maxPasses) {
    const groups = selectFixes(yield current, kinds);
    if (groups.length === 0) break;
    const next = applyEdits(current, groups.flat()).text;
    passes++;
    if (next === current) break;
    fixCount += groups.length;
    current = next;
  }
  return { text: current, fixCount, passes };
}
