import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { claimCount, lint, lintSteps, ruleSetOf } from '../core/engine';
import { lintPart, mergeParts, MIN_PART_LENGTH, splitText, type PartLint, type TextPart } from '../core/parts';
import { LineIndex } from '../core/model/span';
import { runSteps } from '../core/steps';
import type { RuleSet } from '../core/runner';
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

/** Below this many characters (or bytes) in all, work stays in this thread: starting workers costs more than it saves. */
export const POOL_MIN_LENGTH = 2_000_000;

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
  const threads = Math.max(1, Math.min(options.threads ?? availableCores(), jobs.length));
  const bytes = jobs.reduce((sum, j) => sum + sizeOf(j.path), 0);
  const policy = options.policy ? new Policy(options.policy) : undefined;
  if (threads < 2 || bytes < (options.minBytes ?? POOL_MIN_LENGTH)) {
    const codeSets = codeSetsFromData(options.codeSets);
    return jobs.map((j) => lintJob(j, options.config, policy, codeSets));
  }

  const workerData = { [WORKER_FLAG]: true, config: options.config, policy: options.policy, codeSets: options.codeSets };
  return onPool(
    jobs.length,
    threads,
    workerData,
    (index) => ({ index, job: jobs[index] }),
    (m: { result: LintJobResult }) => m.result,
  );
}

/**
 * Run `count` jobs on a pool of `threads` workers, each job's message made by `message(index)` and
 * its answer read by `result`; the results in job order. A worker that fails rejects the whole.
 */
async function onPool<M, R>(count: number, threads: number, workerData: unknown, message: (index: number) => unknown, result: (m: M) => R): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: Math.min(threads, count) },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(__filename, { workerData });
            workers.push(worker);
            let index = -1;
            let done = false;
            const feed = () => {
              if (next >= count) {
                done = true;
                void worker.terminate().then(() => resolve());
                return;
              }
              index = next++;
              worker.postMessage(message(index));
            };
            worker.on('message', (m: M) => {
              results[index] = result(m);
              feed();
            });
            worker.on('error', reject);
            // Out of memory, or killed: its job has no answer.
            worker.on('exit', (code) => {
              if (!done) reject(new Error(`a worker exited (${code})`));
            });
            // Messages to a worker not yet online wait for it: posted at once, the first job does not
            // wait for this thread's event loop (busy with a part of its own, in lintTextInParts).
            feed();
          }),
      ),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results;
}

/** A text of a run for {@link mapTextsInParallel}. */
export interface TextJob {
  readonly text: string;
  readonly fileName?: string;
}

/**
 * The map of a run as one history (src/cli/history.ts) on a pool of worker threads: each text read,
 * its claims checked by the claim-scoped rules and its line facts taken, as {@link lintPart} of
 * the whole text; the results in the order of `texts`. The patient-scoped rules are left to the
 * caller's reduce. Rejects when a worker fails.
 */
export function mapTextsInParallel(texts: readonly TextJob[], options: PartsOptions): Promise<PartLint[]> {
  return onPool(
    texts.length,
    options.threads,
    partsWorkerData(options),
    (index) => ({ part: { text: texts[index].text, fileName: texts[index].fileName, from: 0, to: Number.MAX_SAFE_INTEGER } }),
    (m: { part: PartLint }) => m.part,
  );
}

/** The cores this machine offers a process. */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** A text checked in parts: its findings, as a lint of the whole text gives them, its format and how many claims it holds. */
export interface PartsLintResult {
  readonly format: DocumentFormat;
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
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
 * Each part beyond the first costs about this many times the text's length in memory (the worker's
 * copy of the text, its segment table, its findings): parts are not made past what the free memory
 * holds.
 */
const MEMORY_PER_PART = 3;

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
    return { format: r.document.format, findings: r.findings, lines: r.lines, claims: claimCount(r.document), threads: 1 };
  };
  const byMemory = 1 + Math.floor(os.freemem() / (MEMORY_PER_PART * Math.max(1, text.length)));
  const wanted = Math.min(options.threads, byMemory, Math.floor(text.length / (options.minPartLength ?? MIN_PART_LENGTH)));
  const parts = splitText(text, wanted, fileName);
  if (parts.length < 2) return whole();
  const merged = await mergedParts(text, fileName, parts, options);
  // What the parts held is garbage by now, before a lint of the whole text starts.
  return merged ?? whole();
}

/** The parts' lints merged; undefined when a worker failed or a part cannot stand in for the whole. */
async function mergedParts(
  text: string,
  fileName: string | undefined,
  parts: readonly TextPart[],
  options: PartsOptions,
): Promise<PartsLintResult | undefined> {
  const { config, policy, codeSets } = options;
  const others = onPool(
    parts.length - 1,
    parts.length - 1,
    partsWorkerData(options),
    (index) => ({ part: { text, fileName, from: parts[index + 1].from, to: parts[index + 1].to } }),
    (m: { part: PartLint }) => m.part,
  );
  // A failure is looked at once this thread's part is done (a rejection must not go unhandled meanwhile).
  others.catch(() => undefined);
  const ruleSet = ruleSetOf({ config, policy, codeSets });
  const first = runSteps(lintSteps(text, ruleSet, fileName, undefined, false, parts[0]));
  try {
    const lints = await others;
    const findings = mergeParts(ruleSet, first, parts[0], lints);
    if (!findings) return undefined;
    const claims = lints.reduce((sum, o) => sum + o.claims, claimCount(first.document));
    return { format: first.document.format, findings, lines: new LineIndex(text), claims, threads: parts.length };
  } catch {
    return undefined;
  }
}

/** What a worker of {@link lintTextInParts} and {@link mapTextsInParallel} is started with. */
function partsWorkerData(options: PartsOptions): Record<string, unknown> {
  const { config, policy, codeSets } = options;
  return { [WORKER_FLAG]: true, config, policy: policy.data, codeSets: codeSets && !codeSets.isEmpty ? codeSetsToData(codeSets) : undefined };
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
  // One rule set for every part this worker checks (a history run sends it file after file).
  let ruleSet: RuleSet | undefined;
  const port = parentPort;
  port.on('message', (m: { index: number; job: LintJob } | { part: { text: string; fileName?: string; from: number; to: number } }) => {
    if ('part' in m) {
      const { text, fileName, from, to } = m.part;
      ruleSet ??= ruleSetOf({ config: data.config, policy, codeSets });
      const result = lintPart(text, ruleSet, fileName, { from, to });
      // The facts' columns move to the other thread rather than being copied.
      const columns = result.facts ? Object.values(result.facts.lines).map((a) => a.buffer) : [];
      if (result.facts) columns.push(result.facts.claimFirst.buffer, result.facts.claimLines.buffer, result.facts.claimPatient.buffer);
      port.postMessage({ part: result }, columns);
      return;
    }
    port.postMessage({ index: m.index, result: lintJob(m.job, data.config, policy, codeSets) });
  });
}
