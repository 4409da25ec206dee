import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { claimCount, lint, lintSteps, ruleSetOf, type LintResult } from '../core/engine';
import { lintPart, mergeParts, MIN_PART_LENGTH, splitText, type PartLint, type TextPart } from '../core/parts';
import { LineIndex } from '../core/model/span';
import { runSteps } from '../core/steps';
import type { LintConfig } from '../core/config';
import type { DocumentFormat } from '../core/model/claim';
import type { Finding } from '../core/model/finding';
import { Policy, type PolicyData } from '../core/policy';
import { readClaimText, readErrorSentence } from './read';
import { codeSetsFromData, codeSetsToData, type CodeSets, type CodeSetsData } from '../core/codesets';

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
  /** Imported code sets as data (`codeSetsToData`); each worker reads them back once. */
  readonly codeSets?: CodeSetsData;
  /** Worker threads; default: the machine's cores, at most one per file. */
  readonly threads?: number;
  /** Below this many bytes in all, lint in this thread: starting workers costs more than it saves. */
  readonly minBytes?: number;
}

const WORKER_FLAG = 'claimlintLintWorker';

/** Lint one file in this thread. Never throws. */
export function lintJob(job: LintJob, config: Partial<LintConfig> | undefined, policy: Policy | undefined, codeSets?: CodeSets): LintJobResult {
  let text: string;
  try {
    text = readClaimText(job.path);
  } catch (err) {
    return { path: job.path, format: 'unknown', claims: 0, findings: [], error: readErrorSentence(job.fileName ?? job.path, err), text: '' };
  }
  const r = lint(text, { config, policy, codeSets, fileName: job.fileName ?? job.path });
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
  if (threads < 2 || bytes < (options.minBytes ?? 2_000_000)) {
    const codeSets = codeSetsFromData(options.codeSets);
    return jobs.map((j) => lintJob(j, options.config, policy, codeSets));
  }

  const results: LintJobResult[] = new Array(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(__filename, {
              workerData: { [WORKER_FLAG]: true, config: options.config, policy: options.policy, codeSets: options.codeSets },
            });
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

/** The cores this machine offers a process. */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** A text checked in parts: the lint of the whole text, and how many claims it holds. */
export interface PartsLintResult extends LintResult {
  readonly claims: number;
  /** How many threads the text was checked on (1: it was linted whole here). */
  readonly threads: number;
}

export interface PartsOptions {
  readonly config?: Partial<LintConfig>;
  readonly policy: Policy;
  readonly codeSets?: CodeSets;
  /** Threads, this one included; a part each. */
  readonly threads: number;
  /** Parts shorter than this are not made (default {@link MIN_PART_LENGTH}); tests set it low. */
  readonly minPartLength?: number;
}

/**
 * Lint one X12 text in parts (src/core/parts.ts): the first part in this thread, each other part on
 * a worker thread of its own, then the patient-scoped rules once over every part's facts. The
 * findings are those of {@link lint}, in the same order: a text that cannot be split, or whose
 * parts cannot stand in for it, is linted whole here; so is a text when a worker fails.
 */
export async function lintTextInParts(text: string, fileName: string | undefined, options: PartsOptions): Promise<PartsLintResult> {
  const { config, policy, codeSets } = options;
  const whole = (): PartsLintResult => {
    const r = lint(text, { config, policy, codeSets, fileName });
    return { ...r, claims: claimCount(r.document), threads: 1 };
  };
  const wanted = Math.min(options.threads, Math.floor(text.length / (options.minPartLength ?? MIN_PART_LENGTH)));
  const parts = splitText(text, wanted, fileName);
  if (parts.length < 2) return whole();
  const workerData = { [WORKER_FLAG]: true, config, policy: policy.data, codeSets: codeSets && !codeSets.isEmpty ? codeSetsToData(codeSets) : undefined };
  const workers = parts.slice(1).map(() => new Worker(__filename, { workerData }));
  try {
    const pending = workers.map((worker, k) => partOnWorker(worker, text, fileName, parts[k + 1]));
    // Failures are looked at once this thread's part is done (a rejection must not go unhandled meanwhile).
    for (const p of pending) p.catch(() => undefined);
    const ruleSet = ruleSetOf({ config, policy, codeSets });
    const first = runSteps(lintSteps(text, ruleSet, fileName, undefined, false, parts[0]));
    let others: PartLint[];
    try {
      others = await Promise.all(pending);
    } catch {
      return whole();
    }
    const findings = mergeParts(ruleSet, first, others);
    if (!findings) return whole();
    const claims = others.reduce((sum, o) => sum + o.claims, claimCount(first.document));
    return { document: first.document, findings, lines: new LineIndex(text), claims, threads: parts.length };
  } finally {
    for (const w of workers) void w.terminate();
  }
}

/** One part's lint on a worker thread. */
function partOnWorker(worker: Worker, text: string, fileName: string | undefined, part: TextPart): Promise<PartLint> {
  return new Promise<PartLint>((resolve, reject) => {
    worker.once('message', (m: { part: PartLint }) => resolve(m.part));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    worker.postMessage({ part: { text, fileName, from: part.from, to: part.to } });
  });
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
  const data = workerData as { config?: Partial<LintConfig>; policy?: PolicyData; codeSets?: CodeSetsData };
  const policy = data.policy ? new Policy(data.policy) : undefined;
  const codeSets = codeSetsFromData(data.codeSets);
  const port = parentPort;
  port.on('message', (m: { index: number; job: LintJob } | { part: { text: string; fileName?: string; from: number; to: number } }) => {
    if ('part' in m) {
      const { text, fileName, from, to } = m.part;
      const result = lintPart(text, ruleSetOf({ config: data.config, policy, codeSets }), fileName, { from, to });
      // The facts' columns move to the other thread rather than being copied.
      const columns = result.facts ? Object.values(result.facts.lines).map((a) => a.buffer) : [];
      if (result.facts) columns.push(result.facts.claimFirst.buffer, result.facts.claimLines.buffer, result.facts.claimPatient.buffer);
      port.postMessage({ part: result }, columns);
      return;
    }
    port.postMessage({ index: m.index, result: lintJob(m.job, data.config, policy, codeSets) });
  });
}
