/**
 * Where a lint spends its time or allocates, printed as text (a headless machine has no DevTools).
 * Lints the file twice to warm up, then profiles `runs` more lints in this process:
 *
 *   node out/bench/profile.js <file> [runs] [--by lines|functions|files] [--alloc] [--top N]
 *
 * CPU (default): self time per source line (the profile's position ticks, which show single hot
 * lines that a per-function view spreads over the callers V8 inlined them into), per function or
 * per file, in ms per lint. `--alloc`: bytes allocated per function during one lint (a sampling
 * heap profile that keeps what the young-generation collector freed). Sources are shown from
 * out/, so line numbers are those of the compiled JavaScript.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { lint } from '../src/core/engine';
import { readClaimText } from '../src/cli/read';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuNode {
  id: number;
  callFrame: CallFrame;
  positionTicks?: { line: number; ticks: number }[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

function fileOf(url: string): string {
  if (!url) return '(native)';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.relative(process.cwd(), file);
}

const sources = new Map<string, string[]>();
function sourceLine(file: string, line: number): string {
  let lines = sources.get(file);
  if (!lines) {
    try {
      lines = fs.readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sources.set(file, lines);
  }
  return (lines[line - 1] ?? '').trim().slice(0, 90);
}

function printTop(rows: Map<string, number>, scale: number, unit: string, top: number, show?: (key: string) => string): void {
  for (const [key, v] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v * scale).toFixed(1).padStart(8)} ${unit}  ${key}${show ? `  ${show(key)}` : ''}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const k = args.indexOf(name);
    return k >= 0 ? args.splice(k, 2)[1] : undefined;
  };
  const alloc = args.includes('--alloc');
  if (alloc) args.splice(args.indexOf('--alloc'), 1);
  const by = option('--by') ?? 'lines';
  const top = Number(option('--top') ?? 40);
  const [file, runsArg] = args;
  if (!file || !['lines', 'functions', 'files'].includes(by)) {
    console.error('usage: node out/bench/profile.js <file> [runs] [--by lines|functions|files] [--alloc] [--top N]');
    process.exit(2);
  }
  const runs = Math.max(1, Number(runsArg ?? 4));
  const text = readClaimText(file);
  const fileName = path.basename(file);
  lint(text, { fileName });
  lint(text, { fileName });

  const session = new Session();
  session.connect();
  if (alloc) {
    await post(session, 'HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    lint(text, { fileName });
    const { profile } = await post<{ profile: { head: HeapNode } }>(session, 'HeapProfiler.stopSampling');
    const bytes = new Map<string, number>();
    let total = 0;
    const walk = (n: HeapNode): void => {
      const key = `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize);
      total += n.selfSize;
      n.children.forEach(walk);
    };
    walk(profile.head);
    console.log(`${(total / 1e6).toFixed(0)} MB allocated in one lint of ${file}`);
    printTop(bytes, 1e-6, 'MB', top);
    return;
  }

  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) lint(text, { fileName });
  const wall = (performance.now() - t0) / runs;
  const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
  const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
  const ticks = new Map<string, number>();
  if (by === 'lines') {
    for (const n of profile.nodes) {
      for (const p of n.positionTicks ?? []) {
        const key = `${fileOf(n.callFrame.url)}:${p.line}`;
        ticks.set(key, (ticks.get(key) ?? 0) + p.ticks);
      }
    }
  } else {
    const count = new Map<number, number>();
    for (const id of profile.samples) count.set(id, (count.get(id) ?? 0) + 1);
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = by === 'files' ? fileOf(f.url) || f.functionName : `${f.functionName || '(anonymous)'} ${fileOf(f.url)}:${f.lineNumber + 1}`;
      ticks.set(key, (ticks.get(key) ?? 0) + (count.get(n.id) ?? 0));
    }
  }
  console.log(`${wall.toFixed(0)} ms per lint of ${file} (${runs} runs, profiler on); self time in ms per lint:`);
  const scale = usPerSample / 1000 / runs;
  printTop(
    ticks,
    scale,
    'ms',
    top,
    by === 'lines'
      ? (key) => {
          const at = key.lastIndexOf(':');
          return sourceLine(key.slice(0, at), Number(key.slice(at + 1)));
        }
      : undefined,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
