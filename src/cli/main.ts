import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import { claimCount, lint, type LintResult } from '../core/engine';
import { LineIndex } from '../core/model/span';
import { escapeControls } from '../core/display';
import type { LintConfig } from '../core/config';
import type { Finding, FixKind } from '../core/model/finding';
import { fixUntilStable } from '../core/fixes';
import type { Policy } from '../core/policy';
import { loadBuiltinPolicy, loadPolicyFile } from '../core/policy/loader';
import { loadCptDescriptors, type CptDescriptors } from '../core/policy/descriptors';
import { RULES } from '../core/rules';
import packageJson from '../../package.json';
import { HELP, parseCliArgs, UsageError, type CliOptions, type OutputFormat } from './args';
import {
  FileChangedError,
  FileHardLinkedError,
  FileReadOnlyError,
  removeLeftoverTemps,
  ShortWriteError,
  snapshotOf,
  writeFileAtomic,
  type FileSnapshot,
} from './atomic-write';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { batched } from './formatters/stream';
import { formatText } from './formatters/text';
import { expandInputs, notClaims, type Expansion, type Input } from './inputs';
import { isLintWorker, lintFilesInParallel } from './parallel';
import { loadCodeSetFiles } from './code-sets';
import { codeSetsToData, type CodeSets } from '../core/codesets';
import { decodeClaimBytes, encodeClaimText, readErrorSentence, type ClaimEncoding, type DecodedText } from './read';
import { readRegularFile } from '../core/regular-file';
import type { FileResult, FormatContext, Formatter } from './result';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const FORMATTERS: Readonly<Record<OutputFormat, Formatter>> = { text: formatText, json: formatJson, sarif: formatSarif };

/** Where the CLI reads and writes; injectable so tests run it in-process. */
export interface CliIo {
  /**
   * Write to standard output. May return a promise when the stream is full: the report is written
   * in pieces, and the next piece waits for it (a pipe to a slow reader would otherwise queue the
   * whole report in memory).
   */
  readonly stdout: (text: string | Buffer) => void | Promise<void>;
  readonly stderr: (text: string) => void | Promise<void>;
  /** All of standard input (read only when "-" is given). */
  readonly readStdin: () => Promise<Buffer>;
  /** Directory relative paths and SARIF URIs are resolved against. */
  readonly cwd: string;
}

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

    removeLeftovers(expansion, io);
    if (expansion.skipped > 0 && expansion.inputs.length > 0) say(io, `Skipped ${notClaims(expansion.skipped)}.`);

    const kinds: FixKind[] = options.fixSuggestions ? ['fix', 'suggestion'] : options.fix ? ['fix'] : [];
    const results: FileResult[] = [];
    let stdinOut: Buffer | undefined;
    const { inputs } = expansion;
    const files = inputs.filter((i): i is FileInput => i.kind === 'file');
    if (useWorkers(inputs.length, files.length, kinds)) {
      // Many files and nothing to write: lint them on worker threads (src/cli/parallel.ts decides
      // whether the total size makes that worth it); results come back in input order.
      const jobs = files.map((i) => ({ path: i.path, fileName: i.display }));
      const forced = process.env.CLAIMLINT_PARALLEL === '1';
      const linted = await lintFilesInParallel(jobs, {
        config,
        policy: policy.data,
        codeSets: codeSets.isEmpty ? undefined : codeSetsToData(codeSets),
        ...(forced ? { minBytes: 0, threads: 2 } : {}),
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
      for (const input of inputs) {
        const outcome = await lintInput(input, { policy, config, kinds, io, codeSets });
        if (outcome.error) {
          say(io, outcome.error);
          inputFailed = true;
        }
        if (outcome.result) results.push(outcome.result);
        if (outcome.stdinBytes !== undefined) stdinOut = outcome.stdinBytes;
      }
    }

    const context: FormatContext = { version: VERSION, rules: RULES.map((r) => r.meta), policy, cwd: io.cwd, descriptors };
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
 * enough files and cores. CLAIMLINT_PARALLEL=0 never uses them, =1 always does (for tests).
 */
function useWorkers(inputCount: number, fileCount: number, kinds: readonly FixKind[]): boolean {
  const mode = process.env.CLAIMLINT_PARALLEL;
  if (mode === '0' || kinds.length > 0 || fileCount !== inputCount) return false;
  if (mode === '1') return inputCount > 0;
  return inputCount >= PARALLEL_MIN_FILES && availableParallelism() >= PARALLEL_MIN_CORES;
}

type FileInput = Extract<Input, { kind: 'file' }>;

interface LintInputContext {
  readonly policy: Policy;
  readonly codeSets: CodeSets;
  readonly config: Partial<LintConfig>;
  readonly kinds: readonly FixKind[];
  readonly io: CliIo;
}

interface LintOutcome {
  readonly result?: FileResult;
  /** One sentence for stderr; sets exit code 2. */
  readonly error?: string;
  /** For stdin with --fix: the bytes for stdout (the input's own bytes wherever no fix was applied). */
  readonly stdinBytes?: Buffer;
}

/**
 * The name hint for standard input when it holds nothing but white space: the same "the file is
 * empty" error as an empty claim file, not "not a claim file" (which exits 0).
 */
const EMPTY_STDIN_HINT = 'stdin.837';

/** Lint one input, applying and writing fixes when asked. Never throws for I/O problems. */
async function lintInput(input: Input, ctx: LintInputContext): Promise<LintOutcome> {
  const fixing = ctx.kinds.length > 0;
  let read: { decoded: DecodedText; snapshot?: FileSnapshot; stdin?: Buffer };
  try {
    read = await readInput(input, ctx.io, fixing);
  } catch (err) {
    return { error: input.kind === 'stdin' ? 'Standard input cannot be read.' : readErrorSentence(input.display, err) };
  }
  const { decoded, snapshot } = read;
  const { hasBom, text: original } = decoded;
  const fileName = input.kind === 'file' ? input.display : /\S/.test(original) ? undefined : EMPTY_STDIN_HINT;

  // fixUntilStable lints the text it ends with; keeping that result avoids linting it twice. The
  // result of the text before is let go first: a large batch's document and findings would
  // otherwise stay alive through the next lint.
  let last: { text: string; result: LintResult } | undefined;
  const lintCached = (text: string): LintResult => {
    if (last === undefined || last.text !== text) {
      last = undefined;
      last = { text, result: lint(text, { config: ctx.config, policy: ctx.policy, codeSets: ctx.codeSets, fileName }) };
    }
    return last.result;
  };
  const lintText = (text: string): readonly Finding[] => lintCached(text).findings;

  let text = original;
  let fixesApplied = 0;
  let error: string | undefined;
  let stdinBytes = read.stdin;
  if (fixing) {
    const fixed = fixUntilStable(original, lintText, ctx.kinds);
    if (fixed.text !== original) {
      const where = input.kind === 'stdin' ? 'Standard input' : `The file ${input.display}`;
      if (!decoded.exact) {
        // Writing the text back would change bytes no fix touched (a Latin-1 Ñ would become U+FFFD).
        error =
          input.kind === 'stdin'
            ? `Standard input is not ${ENCODING_NAMES[decoded.encoding]} text, so no fix was applied; it is passed through unchanged.`
            : `${where} is not ${ENCODING_NAMES[decoded.encoding]} text, so it was not rewritten.`;
      } else if (input.kind === 'stdin') {
        text = fixed.text;
        fixesApplied = fixed.fixCount;
        stdinBytes = encodeClaimText(text, hasBom, decoded.encoding);
      } else {
        try {
          writeFileAtomic(input.path, encodeClaimText(fixed.text, hasBom, decoded.encoding), snapshot!);
          text = fixed.text;
          fixesApplied = fixed.fixCount;
        } catch (err) {
          error = writeErrorSentence(err, input.display);
        }
      }
    }
  }

  const linted = lintCached(text);
  return {
    result: {
      file: input.display,
      format: linted.document.format,
      claims: claimCount(linted.document),
      findings: linted.findings,
      lines: linted.lines,
      fixesApplied,
    },
    error,
    stdinBytes,
  };
}

const ENCODING_NAMES: Readonly<Record<ClaimEncoding, string>> = { utf8: 'UTF-8', utf16le: 'valid UTF-16', utf16be: 'valid UTF-16' };

/** One sentence for a failed write of a fixed file; the original is untouched in every case. */
function writeErrorSentence(err: unknown, display: string): string {
  if (err instanceof FileChangedError) return `The file ${display} changed on disk while it was being checked, so it was not rewritten.`;
  if (err instanceof FileReadOnlyError) return `The file ${display} is read-only, so it was not rewritten.`;
  if (err instanceof FileHardLinkedError) {
    return `The file ${display} has other hard links, so it was not rewritten (replacing it would leave them with the old text).`;
  }
  if (err instanceof ShortWriteError) return `The fixed text of ${display} could not be written in full (is the disk full?), so the file was left as it was.`;
  return `The file ${display} cannot be written.`;
}

/**
 * Read and decode one input. Its own function, so a file's bytes are garbage once it returns: only
 * the text is kept while linting. What a --fix write checks (the file's snapshot, whether the bytes
 * round-trip) is taken from the bytes here, and only when fixing; standard input's bytes are kept
 * when fixing, since they are written out again.
 */
async function readInput(input: Input, io: CliIo, fixing: boolean): Promise<{ decoded: DecodedText; snapshot?: FileSnapshot; stdin?: Buffer }> {
  if (input.kind === 'stdin') {
    const bytes = await io.readStdin();
    return { decoded: decodeClaimBytes(bytes, fixing), stdin: fixing ? bytes : undefined };
  }
  const { data, stat } = await readRegularFile(input.path);
  return { decoded: decodeClaimBytes(data, fixing), snapshot: fixing ? snapshotOf(data, stat) : undefined };
}

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
