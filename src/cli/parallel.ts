import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { claimCount, lint } from '../core/engine';
import type { LintConfig } from '../core/config';
import type { DocumentFormat } from '../core/model/claim';
import type { Finding } from '../core/model/finding';
import { Policy, type PolicyData } from '../core/policy';
import { readClaimText, readErrorSentence } from './read';

/** One file to lint. */
export interface LintJob {
  /** Path to read. */
  readonly path: string;
  /** Format hint (defaults to the path). */
  readonly fileName?: string;
}

/** What a worker sends back: plain data (the claim model and its editor stay in the worker). */
export interface LintJobResult {
  readonly path: string;
  readonly format: DocumentFormat;
  readonly claims: number;
  readonly findings: readonly Finding[];
  /** Set when the file could not be read; then there are no findings. */
  readonly error?: string;
  /** The text that was linted, without a BOM (for positions and fixes). */
  readonly text: string;
}

export interface ParallelOptions {
  readonly config?: Partial<LintConfig>;
  /** The policy as data (`policy.data`); the built-in one when absent. */
  readonly policy?: PolicyData;
  /** Worker threads; default: the machine's cores, at most one per file. */
  readonly threads?: number;
  /** Below this many bytes in all, lint in this thread: starting workers costs more than it saves. */
  readonly minBytes?: number;
}

const WORKER_FLAG = 'claimlintLintWorker';

/** Lint one file in this thread. Never throws. */
export function lintJob(job: LintJob, config: Partial<LintConfig> | undefined, policy: Policy | undefined): LintJobResult {
  let text: string;
  try {
    text = readClaimText(job.path);
  } catch (err) {
    return { path: job.path, format: 'unknown', claims: 0, findings: [], error: readErrorSentence(job.fileName ?? job.path, err), text: '' };
  }
  const r = lint(text, { config, policy, fileName: job.fileName ?? job.path });
  return { path: job.path, format: r.document.format, claims: claimCount(r.document), findings: r.findings, text };
}

/**
 * Lint many files on a pool of worker threads (one per core, never more than files) and return
 * the results in the order of `jobs`. Small batches, a single file or a single core are linted
 * in this thread instead. Findings are plain data, so they cross threads by structured clone.
 */
export async function lintFilesInParallel(jobs: readonly LintJob[], options: ParallelOptions = {}): Promise<LintJobResult[]> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const threads = Math.max(1, Math.min(options.threads ?? cores, jobs.length));
  const bytes = jobs.reduce((sum, j) => sum + sizeOf(j.path), 0);
  const policy = options.policy ? new Policy(options.policy) : undefined;
  if (threads < 2 || bytes < (options.minBytes ?? 2_000_000)) return jobs.map((j) => lintJob(j, options.config, policy));

  const results: LintJobResult[] = new Array(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(__filename, { workerData: { [WORKER_FLAG]: true, config: options.config, policy: options.policy } });
            workers.push(worker);
            const feed = () => {
              if (next >= jobs.length) {
                void worker.terminate().then(() => resolve());
                return;
              }
              const index = next++;
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on('message', (m: { index: number; result: LintJobResult }) => {
              results[m.index] = m.result;
              feed();
            });
            worker.on('error', reject);
            worker.on('online', feed);
          }),
      ),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** True when this module runs as one of the pool's workers (the CLI entry must then not start). */
export function isLintWorker(): boolean {
  return !isMainThread && !!(workerData as Record<string, unknown> | null)?.[WORKER_FLAG];
}

if (isLintWorker() && parentPort) {
  const data = workerData as { config?: Partial<LintConfig>; policy?: PolicyData };
  const policy = data.policy ? new Policy(data.policy) : undefined;
  const port = parentPort;
  port.on('message', (m: { index: number; job: LintJob }) => {
    port.postMessage({ index: m.index, result: lintJob(m.job, data.config, policy) });
  });
}
