import fc from 'fast-check';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { PROPERTIES, stats } from './properties';

/**
 * Runs the fuzz properties in a worker thread watched by a hang detector. lint is synchronous, so
 * an endless loop cannot be timed out from inside; the worker bumps a shared counter before each
 * input and writes a description of it (file name, mutations, offsets — never claim content), and
 * the main thread terminates the worker when the counter stops moving and reports that input.
 */

export interface PropertyOutcome {
  readonly name: string;
  readonly cases: number;
  readonly failed: boolean;
  /** fast-check's report (seed, path, counterexample, error) when it failed. */
  readonly message?: string;
  readonly ms: number;
  /** lint() calls made (a fix-safety case lints once per fix). */
  readonly lints: number;
  readonly slowestMs: number;
  /** Description of the slowest input. */
  readonly slowest: string;
}

export interface Hang {
  readonly name: string;
  readonly seconds: number;
  readonly input: string;
}

export interface RunOptions {
  /** Cases per property name. */
  readonly runs: Readonly<Record<string, number>>;
  readonly seed?: number;
  /** No new input for this long means a hang. */
  readonly hangMs: number;
  /** Stop a property (its run, or the shrinking of a failure) after this long; the cases run so far count. */
  readonly timeLimitMs?: number;
  readonly onOutcome?: (o: PropertyOutcome) => void;
  /** Called every few seconds with the property running and the inputs linted so far. */
  readonly onProgress?: (name: string, inputs: number) => void;
}

const DESC_BYTES = 16384;

interface Request {
  readonly fuzzWorker: true;
  readonly runs: Readonly<Record<string, number>>;
  readonly seed?: number;
  readonly timeLimitMs?: number;
  readonly shared: SharedArrayBuffer;
}

/** Run the named properties (in PROPERTIES order) in a watched worker. */
export function runProperties(options: RunOptions): Promise<{ outcomes: PropertyOutcome[]; hang?: Hang }> {
  const shared = new SharedArrayBuffer(16 + DESC_BYTES);
  const head = new Int32Array(shared, 0, 4);
  const desc = new Uint8Array(shared, 16);
  const request: Request = { fuzzWorker: true, runs: options.runs, seed: options.seed, timeLimitMs: options.timeLimitMs, shared };
  const worker = new Worker(__filename, { workerData: request });
  const outcomes: PropertyOutcome[] = [];
  const names = PROPERTIES.map((p) => p.name).filter((n) => n in options.runs);
  return new Promise((resolve, reject) => {
    let last = -1;
    let lastChange = Date.now();
    let lastProgress = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      const counter = Atomics.load(head, 0);
      const current = names[Atomics.load(head, 2)] ?? '?';
      if (counter !== last) {
        last = counter;
        lastChange = now;
      } else if (now - lastChange > options.hangMs) {
        clearInterval(timer);
        const len = Atomics.load(head, 1);
        const input = Buffer.from(desc.slice(0, len)).toString('utf8');
        void worker.terminate();
        resolve({ outcomes, hang: { name: current, seconds: Math.round((now - lastChange) / 1000), input } });
        return;
      }
      if (options.onProgress && now - lastProgress > 5000) {
        lastProgress = now;
        options.onProgress(current, Atomics.load(head, 0));
      }
    }, 250);
    worker.on('message', (o: PropertyOutcome) => {
      outcomes.push(o);
      options.onOutcome?.(o);
    });
    worker.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    worker.on('exit', () => {
      clearInterval(timer);
      resolve({ outcomes });
    });
  });
}

function workerMain(req: Request): void {
  const head = new Int32Array(req.shared, 0, 4);
  const desc = new Uint8Array(req.shared, 16);
  const encoder = new TextEncoder();
  stats.onInput = (describe) => {
    const { written } = encoder.encodeInto(describe().slice(0, DESC_BYTES / 4), desc);
    Atomics.store(head, 1, written ?? 0);
    Atomics.add(head, 0, 1);
  };
  let index = 0;
  for (const p of PROPERTIES) {
    const runs = req.runs[p.name];
    if (runs === undefined) continue;
    Atomics.store(head, 2, index++);
    stats.lints = 0;
    stats.slowestMs = 0;
    stats.slowest = '';
    const t0 = performance.now();
    const details = fc.check(p.property(), { numRuns: runs, seed: req.seed, interruptAfterTimeLimit: req.timeLimitMs });
    parentPort!.postMessage({
      name: p.name,
      cases: details.numRuns,
      failed: details.failed,
      message: details.failed ? failureMessage(details) : undefined,
      ms: performance.now() - t0,
      lints: stats.lints,
      slowestMs: stats.slowestMs,
      slowest: stats.slowest,
    } satisfies PropertyOutcome);
  }
}

/** fast-check's report, with the assertion that failed first (the counterexample can be long). */
function failureMessage(details: fc.RunDetails<unknown>): string {
  const error = details.errorInstance;
  const first = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}\n` : '';
  return first + fc.defaultReportMessage(details);
}

if (!isMainThread && (workerData as Request | undefined)?.fuzzWorker) workerMain(workerData as Request);
