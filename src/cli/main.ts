import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../core/model/span';
import { escapeControls } from '../core/display';
import type { LintConfig } from '../core/config';
import type { FixKind } from '../core/model/finding';
import type { Policy } from '../core/policy';
import { loadBuiltinPolicy, loadPolicyFile } from '../core/policy/loader';
import { loadCptDescriptors, type CptDescriptors } from '../core/policy/descriptors';
import { RULES } from '../core/rules';
import packageJson from '../../package.json';
import { HELP, parseCliArgs, UsageError, type CliOptions, type OutputFormat } from './args';
import { removeLeftoverTemps } from './atomic-write';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { batched } from './formatters/stream';
import { formatText } from './formatters/text';
import { expandInputs, notClaims, type Expansion, type Input } from './inputs';
import { availableCores, isLintWorker, lintFilesInParallel } from './parallel';
import { loadCodeSetFiles } from './code-sets';
import { codeSetsToData, type CodeSets } from '../core/codesets';
import { lintInput, type CliIo, type LintOutcome } from './lint-input';
import { lintAsHistory } from './history';
import { looksLikeClaim } from '../core/parsers/detect';
import { readClaimText } from './read';
import { FactsFile, factsSalt } from './facts-file';
import { relatedLines } from './related-lines';
import type { FileResult, FormatContext, Formatter } from './result';

export type { CliIo } from './lint-input';

type FileInput = Extract<Input, { kind: 'file' }>;

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const FORMATTERS: Readonly<Record<OutputFormat, Formatter>> = { text: formatText, json: formatJson, sarif: formatSarif };

/** The real process's streams and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (t) => writeOrWait(process.stdout, t),
    stderr: (t) => writeOrWait(process.stderr, t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
  };
}

/**
 * Write, and when the stream's buffer is full (write() returned false: a pipe whose reader is
 * slower than the report is made) a promise that settles once it has drained, or failed or closed
 * (a reader that went away: the rest of the report is not written).
 */
function writeOrWait(stream: NodeJS.WriteStream, text: string | Buffer): void | Promise<void> {
  if (stream.destroyed || stream.write(text)) return;
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('error', done);
    stream.once('close', done);
  });
}

/**
 * One sentence on stderr. Control characters (from a file name or a policy pack) are escaped, so
 * an ESC sequence cannot clear the terminal or forge a line.
 */
function say(io: CliIo, sentence: string): void {
  void io.stderr(`claimlint: ${escapeControls(sentence)}\n`);
}

/** The package version, as `--version` prints it and SARIF reports it. */
export const VERSION: string = packageJson.version;

/**
 * Run the CLI: parse `argv` (without node and script), lint the inputs, write fixes, print the
 * report. Resolves to the exit code (0 no error findings, 1 error findings, 2 usage error or
 * unreadable input); never rejects and never prints a stack trace or claim content.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (sentence: string): number => {
    say(io, sentence);
    return EXIT_USAGE;
  };
  try {
    let options: CliOptions;
    try {
      options = parseCliArgs(argv);
    } catch (err) {
      if (err instanceof UsageError) return fail(err.message);
      throw err;
    }
    if (options.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (options.version) {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }

    let policy: Policy;
    try {
      policy = options.policyFile ? loadPolicyFile(path.resolve(io.cwd, options.policyFile)) : loadBuiltinPolicy();
    } catch (err) {
      return fail(err instanceof Error ? err.message : 'The policy pack cannot be loaded.');
    }
    let codeSets: CodeSets;
    try {
      codeSets = await loadCodeSetFiles(options.codeSets, io.cwd);
    } catch (err) {
      return fail(err instanceof Error ? err.message : 'A code set cannot be read.');
    }
    let descriptors: CptDescriptors | undefined;
    try {
      descriptors = options.cptDescriptorFile ? loadCptDescriptors(path.resolve(io.cwd, options.cptDescriptorFile)) : undefined;
    } catch (err) {
      return fail(err instanceof Error ? err.message : 'The CPT descriptor file cannot be loaded.');
    }
    const config: Partial<LintConfig> = {
      rules: options.rules,
      acceptXModifiers: options.acceptXModifiers,
      ...(options.timedRounding ? { timedRounding: options.timedRounding } : {}),
    };

    const expansion = await expandInputs(options.inputs, io.cwd);
    let inputFailed = expansion.errors.length > 0;
    for (const e of expansion.errors) say(io, e);
    const history = await expandHistory(options.history, expansion, io);
    if (history.errors.length > 0) inputFailed = true;
    for (const e of history.errors) say(io, e);

    removeLeftovers(expansion, io);
    if (expansion.skipped > 0 && expansion.inputs.length > 0) say(io, `Skipped ${notClaims(expansion.skipped)}.`);

    const kinds: FixKind[] = options.fixSuggestions ? ['fix', 'suggestion'] : options.fix ? ['fix'] : [];
    const results: FileResult[] = [];
    let stdinOut: Buffer | undefined;
    const { inputs } = expansion;
    const files = inputs.filter((i): i is FileInput => i.kind === 'file');
    const ctx = { policy, config, kinds, io, codeSets, threads: threadsFor(options.threads) };
    const take = (outcome: LintOutcome): void => {
      if (outcome.error) {
        say(io, outcome.error);
        inputFailed = true;
      }
      if (outcome.result) results.push(outcome.result);
      if (outcome.stdinBytes !== undefined) stdinOut = outcome.stdinBytes;
    };
    const asHistory = options.historyScope === 'run' && (inputs.length > 1 || history.inputs.length > 0 || options.factsFile !== undefined);
    if (asHistory) {
      // One patient history: the patient-scoped rules see every input and --history file at once.
      let factsOut: FactsFile | undefined;
      if (options.factsFile !== undefined) {
        const refusal = factsTargetRefusal(path.resolve(io.cwd, options.factsFile), [...inputs, ...history.inputs]);
        if (refusal) return fail(`The facts file ${options.factsFile} ${refusal}; name another file.`);
        const { salt, given } = factsSalt();
        try {
          factsOut = new FactsFile(path.resolve(io.cwd, options.factsFile), salt);
        } catch {
          return fail(`The facts file ${options.factsFile} cannot be written.`);
        }
        if (!given) say(io, 'CLAIMLINT_FACTS_SALT is not set: the hashed patient and claim ids in the facts file match only within this run.');
      }
      try {
        for (const outcome of await lintAsHistory(history.inputs, uniqueFiles(inputs), ctx, factsOut)) take(outcome);
        if (factsOut && inputFailed) {
          // A file that could not be read left a hole in the facts: no partial file takes the name.
          factsOut.abort();
          say(io, `The facts file ${options.factsFile} was not written, since not every file could be read.`);
        } else if (factsOut) {
          try {
            factsOut.close();
          } catch {
            factsOut.abort();
            say(io, `The facts file ${options.factsFile} cannot be written.`);
            inputFailed = true;
          }
        }
      } catch (err) {
        factsOut?.abort();
        throw err;
      }
    } else if (ctx.threads > 1 && useWorkers(inputs.length, files.length, kinds, options.threads !== undefined)) {
      // Many files and nothing to write: lint them on worker threads (src/cli/parallel.ts decides
      // whether the total size makes that worth it); results come back in input order.
      const jobs = files.map((i) => ({ path: i.path, fileName: i.display }));
      const forced = process.env.CLAIMLINT_PARALLEL === '1';
      const linted = await lintFilesInParallel(jobs, {
        config,
        policy: policy.data,
        codeSets: codeSets.isEmpty ? undefined : codeSetsToData(codeSets),
        threads: ctx.threads,
        ...(forced ? { minBytes: 0 } : {}),
      });
      linted.forEach((r, k) => {
        const input = files[k];
        if (r.error) {
          say(io, r.error);
          inputFailed = true;
          return;
        }
        results.push({ file: input.display, format: r.format, claims: r.claims, findings: r.findings, lines: new LineIndex(r.text), fixesApplied: 0 });
      });
    } else {
      for (const input of inputs) take(await lintInput(input, ctx));
    }

    const linesOf = relatedLines(results, history.inputs);
    const context: FormatContext = { version: VERSION, rules: RULES.map((r) => r.meta), policy, cwd: io.cwd, descriptors, linesOf };
    const report = FORMATTERS[options.format](results, context);
    // With --fix -, standard output carries the claim (fixed, or its own bytes) so the CLI works as a filter; the report moves aside.
    if (stdinOut !== undefined) await io.stdout(stdinOut);
    const write = stdinOut !== undefined ? io.stderr : io.stdout;
    for (const chunk of batched(report)) await write(chunk);

    if (inputFailed) return EXIT_USAGE;
    return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  } catch (err) {
    if (process.env.CLAIMLINT_DEBUG) io.stderr(`${err instanceof Error ? err.stack : String(err)}\n`);
    const name = err instanceof Error ? err.name : 'Error';
    return fail(`internal error (${name}); please report it (set CLAIMLINT_DEBUG=1 for details).`);
  }
}

/**
 * Remove what an interrupted --fix left in the folders this run reads (each holds a whole claim
 * file), and say so on stderr. Every run does it, not only --fix: a plain check is the next run
 * that touches the folder as often as not.
 */
function removeLeftovers(expansion: Expansion, io: CliIo): void {
  const dirs = new Set(expansion.directories);
  for (const input of expansion.inputs) {
    if (input.kind !== 'file') continue;
    dirs.add(path.dirname(input.path));
    try {
      dirs.add(path.dirname(realpathSync(input.path)));
    } catch {
      // Reported when the file is read.
    }
  }
  for (const dir of dirs) {
    const n = removeLeftoverTemps(dir);
    if (n > 0) {
      const display = path.relative(io.cwd, dir) || '.';
      io.stderr(`claimlint: Removed ${n === 1 ? 'a temporary file' : `${n} temporary files`} left in ${display} by an interrupted --fix.
`);
    }
  }
}

/**
 * The `--history` files, expanded as inputs are; a file that is also an input is an input (its
 * findings are reported), not history. A directory or glob with no claim file is an error, as
 * for inputs.
 */
async function expandHistory(specs: readonly string[], inputs: Expansion, io: CliIo): Promise<{ inputs: Input[]; errors: string[] }> {
  if (specs.length === 0) return { inputs: [], errors: [] };
  const expanded = await expandInputs(specs, io.cwd);
  const key = realPathOf;
  const linted = new Set(inputs.inputs.flatMap((i) => (i.kind === 'file' ? [key(i.path)] : [])));
  const seen = new Set<string>();
  const history: Input[] = [];
  for (const input of expanded.inputs) {
    // "-" is an input, never history.
    if (input.kind !== 'file') continue;
    const k = key(input.path);
    if (linted.has(k) || seen.has(k)) continue;
    seen.add(k);
    history.push(input);
  }
  return { inputs: history, errors: expanded.errors.map((e) => `--history: ${e}`) };
}

/** Where a file really is (symbolic links followed), or its absolute path when it cannot be resolved. */
function realPathOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * The inputs, a file named twice (by two paths, or through a symbolic link) once: as one history a
 * file read twice would count its services twice, and a fix would be written to it twice.
 */
function uniqueFiles(inputs: readonly Input[]): Input[] {
  const seen = new Set<string>();
  return inputs.filter((i) => {
    if (i.kind !== 'file') return true;
    const key = realPathOf(i.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Why `--facts` may not write `target`: it is a claim file of the run, or a file that holds claims; undefined when it may. */
function factsTargetRefusal(target: string, files: readonly Input[]): string | undefined {
  const where = realPathOf(target);
  if (files.some((i) => i.kind === 'file' && realPathOf(i.path) === where)) return 'is one of the claim files of this run';
  try {
    if (looksLikeClaim(readClaimText(target).slice(0, 65536))) return 'holds claims';
  } catch {
    // Not there yet (or not a regular file: the write says so).
  }
  return undefined;
}

/** From this many files on, linting may go to worker threads (when they are large enough in all). */
const PARALLEL_MIN_FILES = 4;
/**
 * Worker threads pay off only from this many cores: a single lint already keeps about 1.2 cores
 * busy (V8 collects garbage on helper threads), so on 2 cores two workers took as long as one
 * thread (2 × 10 MB: 1.55 s pooled, 1.60 s in one thread).
 */
const PARALLEL_MIN_CORES = 4;

/**
 * Worker threads only for plain checks of files (fixes write files; stdin is one text), with
 * enough files and cores, or more than one file and `--threads` given. CLAIMLINT_PARALLEL=0 never
 * uses them, =1 always does (for tests).
 */
function useWorkers(inputCount: number, fileCount: number, kinds: readonly FixKind[], threadsGiven: boolean): boolean {
  const mode = process.env.CLAIMLINT_PARALLEL;
  if (mode === '0' || kinds.length > 0 || fileCount !== inputCount) return false;
  if (mode === '1') return inputCount > 0;
  if (threadsGiven) return inputCount > 1;
  return inputCount >= PARALLEL_MIN_FILES && availableCores() >= PARALLEL_MIN_CORES;
}

/**
 * The threads a run checks on (a large X12 file in parts, the inputs of a run as one history, the
 * files of `--history-scope file`): --threads, else up to {@link DEFAULT_MAX_THREADS} from
 * {@link PARALLEL_MIN_CORES} cores on, else one (CLAIMLINT_PARALLEL=0: one; =1: at least two, for
 * tests). On 2 cores two threads were no faster than one and took 100–215 MB more memory
 * (docs/scale.md); every thread holds a copy of the text it checks.
 */
function threadsFor(given: number | undefined): number {
  if (given !== undefined) return given;
  if (process.env.CLAIMLINT_PARALLEL === '0') return 1;
  if (process.env.CLAIMLINT_PARALLEL === '1') return 2;
  const cores = availableCores();
  return cores >= PARALLEL_MIN_CORES ? Math.min(cores, DEFAULT_MAX_THREADS) : 1;
}

/** The most threads a run takes unless told otherwise (a core count can be a host's, not a container's quota). */
const DEFAULT_MAX_THREADS = 4;

// The bundle is also the worker script of the pool: a worker must not start the CLI.
if (require.main === module && !isLintWorker()) {
  // A closed pipe (`claimlint … | head`) is not a failure of the check: the rest of the report is
  // dropped (writeOrWait writes nothing to a destroyed stream) and the exit code still says what
  // the check found. The same for standard error, which carries the report of `--fix -`.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  void run(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
