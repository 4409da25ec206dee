/**
 * One benchmark case on one file, in its own process (so peak RSS belongs to this case alone).
 * Prints one JSON line: the time of each run in ms, the process's peak RSS, and case extras.
 *
 *   node --expose-gc out/bench/case.js <case> <file> <runs>
 */
import * as fs from 'node:fs';
import { readClaimText } from '../src/cli/read';

type Extra = Record<string, number | string>;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Peak resident set size of this process, in bytes (VmHWM; resourceUsage as a fallback). */
function peakRss(): number {
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(runs: number, once: () => unknown | Promise<unknown>): Promise<{ times: number[]; last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    last = await once();
    times.push(performance.now() - t0);
    if (r < runs - 1) last = undefined;
  }
  return { times, last };
}

/** Every case reads its file as the CLI does: bytes, then decoded (src/cli/read.ts). */
const read = (file: string) => readClaimText(file);

async function nodeX12(file: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { X12Parser } = require('node-x12') as typeof import('node-x12');
  return new Promise((resolve, reject) => {
    let segments = 0;
    fs.createReadStream(file)
      // Not strict: its strict mode re-checks the ISA on every chunk of a stream and throws on the second.
      .pipe(new X12Parser(false))
      .on('data', () => segments++)
      .on('error', reject)
      .on('end', () => resolve(segments));
  });
}

async function main(): Promise<void> {
  const [name, file, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 5);
  const extra: Extra = {};
  let result: { times: number[]; last: unknown };
  switch (name) {
    case 'read':
      result = await time(runs, () => read(file).length);
      break;
    case 'scan':
      // The practical limit: read, then find every segment terminator with indexOf.
      result = await time(runs, () => {
        const text = read(file);
        const term = text.charAt(text.indexOf('ISA') + 105);
        let n = 0;
        for (let k = text.indexOf(term); k >= 0; k = text.indexOf(term, k + 1)) n++;
        return n;
      });
      extra.segments = result.last as number;
      break;
    case 'node-x12':
      result = await time(runs, () => nodeX12(file));
      extra.segments = result.last as number;
      break;
    case 'json-parse':
      result = await time(runs, () => JSON.parse(read(file)));
      break;
    case 'jsonc-visitor': {
      const { visit } = await import('jsonc-parser');
      result = await time(runs, () => {
        let values = 0;
        visit(read(file), { onLiteralValue: () => values++ });
        return values;
      });
      break;
    }
    case 'floor': {
      const { factsFloor } = await import('./floor');
      result = await time(runs, () => factsFloor(read(file)));
      const last = result.last as { claims: number; lines: number };
      extra.claims = last.claims;
      extra.lines = last.lines;
      break;
    }
    case 'claimlint': {
      const { claimCount, lint } = await import('../src/core/engine');
      result = await time(runs, () => {
        const r = lint(read(file), { fileName: file });
        return { claims: claimCount(r.document), findings: r.findings.length, lines: r.lines.lineCount };
      });
      const last = result.last as { claims: number; findings: number };
      extra.claims = last.claims;
      extra.findings = last.findings;
      break;
    }
    case 'incremental': {
      const { runIncremental } = await import('./incremental-case');
      const r = await runIncremental(file, runs);
      result = { times: r.firstLint, last: undefined };
      Object.assign(extra, r.extra);
      break;
    }
    default:
      throw new Error(`unknown case ${name}`);
  }
  const out = { case: name, file, times: result.times, median: median(result.times), peakRss: peakRss(), extra };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
