/**
 * The editor's path on one file: the first full lint as the editor runs it for a large file
 * (`lintInSlices`, which is also the incremental base), then one-character edits inside claims
 * through the IncrementalLinter, and hover-equivalent lookups (findings and claim at an offset).
 */
import { readClaimText } from '../src/cli/read';
import { findingsAt } from '../src/core/engine';
import { IncrementalLinter } from '../src/core/incremental';
import { rng } from './generate';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `work` while watching the event loop: how many turns it got, and the longest wait for one.
 * Shared with the unit tests of time-sliced linting.
 */
export async function eventLoopDuring(work: () => Promise<unknown>): Promise<{ turns: number; longestMs: number }> {
  let turns = 0;
  let longestMs = 0;
  let last = performance.now();
  let running = true;
  const tick = (): void => {
    if (!running) return;
    const now = performance.now();
    turns++;
    longestMs = Math.max(longestMs, now - last);
    last = now;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  return { turns, longestMs };
}

export async function runIncremental(file: string, runs: number): Promise<{ firstLint: number[]; extra: Record<string, number> }> {
  const original = readClaimText(file);
  const firstLint: number[] = [];
  const stalls: number[] = [];
  let inc = new IncrementalLinter({ fileName: file });
  for (let r = 0; r < runs; r++) {
    inc = new IncrementalLinter({ fileName: file });
    // A forced GC between runs, as every other case has: otherwise each run also collects the
    // previous run's linter (hundreds of MB), which the editor's first lint of a file never does.
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const linter = inc;
    stalls.push((await eventLoopDuring(() => linter.lintInSlices(original))).longestMs);
    firstLint.push(performance.now() - t0);
  }
  // One-character edits: change a digit of a service line's charge (SV1-02) in claims spread over the file.
  const r = rng(99);
  const edits: number[] = [];
  let local = 0;
  let text = original;
  for (let e = 0; e < 40; e++) {
    const at = text.indexOf('SV1*HC:', Math.floor(r() * (text.length - 1000)));
    const digit = text.indexOf('*', at + 7) + 1;
    const change = { offset: digit, length: 1, text: String(Math.floor(r() * 9) + 1) };
    // Joined, as VS Code's document.getText() joins its lines: a flat string. A `+` concatenation
    // would leave a rope that the linter's first read flattens (a 10 MB copy, ~4 ms) — a cost of
    // the benchmark, not of the editor.
    const next = [text.slice(0, change.offset), change.text, text.slice(change.offset + 1)].join('');
    const t0 = performance.now();
    const result = inc.update(next, [change]);
    edits.push(performance.now() - t0);
    if (result.incremental) local++;
    text = next;
  }
  const hovers: number[] = [];
  for (let h = 0; h < 200; h++) {
    const offset = Math.floor(r() * text.length);
    const t0 = performance.now();
    findingsAt(inc.result!.findings, offset);
    inc.claimAt(offset);
    hovers.push(performance.now() - t0);
  }
  return {
    firstLint,
    extra: {
      editMedianMs: median(edits),
      editMaxMs: Math.max(...edits),
      editsIncremental: local,
      edits: edits.length,
      hoverMedianMs: median(hovers),
      hoverMaxMs: Math.max(...hovers),
      firstLintLongestStallMs: median(stalls),
    },
  };
}
