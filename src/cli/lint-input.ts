import { claimCount, lint, type LintResult } from '../core/engine';
import type { LintConfig } from '../core/config';
import type { Finding, FixKind } from '../core/model/finding';
import { fixUntilStable, type FixLoopResult } from '../core/fixes';
import type { Policy } from '../core/policy';
import type { CodeSets } from '../core/codesets';
import { readRegularFile } from '../core/regular-file';
import { FileChangedError, FileHardLinkedError, FileReadOnlyError, ShortWriteError, snapshotOf, writeFileAtomic, type FileSnapshot } from './atomic-write';
import type { Input } from './inputs';
import { decodeClaimBytes, encodeClaimText, readErrorSentence, type ClaimEncoding, type DecodedText } from './read';
import type { FileResult } from './result';
import { lintTextInParts } from './parallel';

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

export interface LintInputContext {
  readonly policy: Policy;
  readonly codeSets: CodeSets;
  readonly config: Partial<LintConfig>;
  readonly kinds: readonly FixKind[];
  readonly io: CliIo;
  /** Threads a large X12 text is checked on when nothing is fixed (src/cli/parallel.ts); 1 by default. */
  readonly threads?: number;
}

export interface LintOutcome {
  readonly result?: FileResult;
  /** One sentence for stderr; sets exit code 2. */
  readonly error?: string;
  /** For stdin with --fix: the bytes for stdout (the input's own bytes wherever no fix was applied). */
  readonly stdinBytes?: Buffer;
}

/** An input read and decoded (see {@link readInput}). */
export interface ReadInput {
  readonly decoded: DecodedText;
  /** What a --fix write checks the file against (only when fixing). */
  readonly snapshot?: FileSnapshot;
  /** Standard input's bytes, kept when fixing (they are written out again). */
  readonly stdin?: Buffer;
}

/**
 * The name hint for standard input when it holds nothing but white space: the same "the file is
 * empty" error as an empty claim file, not "not a claim file" (which exits 0).
 */
const EMPTY_STDIN_HINT = 'stdin.837';

/** The file name a lint of the input is given as its format hint. */
export function fileNameOf(input: Input, text: string): string | undefined {
  return input.kind === 'file' ? input.display : /\S/.test(text) ? undefined : EMPTY_STDIN_HINT;
}

/** Lint one input on its own (`--history-scope file`), applying and writing fixes when asked. Never throws for I/O problems. */
export async function lintInput(input: Input, ctx: LintInputContext): Promise<LintOutcome> {
  const fixing = ctx.kinds.length > 0;
  let read: ReadInput;
  try {
    read = await readInput(input, ctx.io, fixing);
  } catch (err) {
    return { error: readFailure(input, err) };
  }
  const original = read.decoded.text;
  const fileName = fileNameOf(input, original);
  if (!fixing && (ctx.threads ?? 1) > 1) {
    // Nothing to write: a large batch is checked in parts on worker threads (the same findings).
    const linted = await lintTextInParts(original, fileName, { config: ctx.config, policy: ctx.policy, codeSets: ctx.codeSets, threads: ctx.threads! });
    if (process.env.CLAIMLINT_DEBUG)
      await ctx.io.stderr(`claimlint: ${input.display} was checked on ${linted.threads} thread${linted.threads === 1 ? '' : 's'}.\n`);
    return {
      result: { file: input.display, format: linted.format, claims: linted.claims, findings: linted.findings, lines: linted.lines, fixesApplied: 0 },
    };
  }

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

  const written = fixing ? writeFixed(input, read, fixUntilStable(original, lintText, ctx.kinds)) : { text: original, fixesApplied: 0, stdinBytes: read.stdin };
  const linted = lintCached(written.text);
  return {
    result: {
      file: input.display,
      format: linted.document.format,
      claims: claimCount(linted.document),
      findings: linted.findings,
      lines: linted.lines,
      fixesApplied: written.fixesApplied,
    },
    error: written.error,
    stdinBytes: written.stdinBytes,
  };
}

/** The sentence for an input that cannot be read. */
export function readFailure(input: Input, err: unknown): string {
  return input.kind === 'stdin' ? 'Standard input cannot be read.' : readErrorSentence(input.display, err);
}

/** What became of an input's fixes: its text now, the fixes written, and a sentence when they could not be. */
export interface Written {
  readonly text: string;
  readonly fixesApplied: number;
  readonly error?: string;
  readonly stdinBytes?: Buffer;
}

/**
 * Write an input's fixed text: a file atomically (the original untouched on any failure),
 * standard input's as the bytes for stdout. A text that would not round-trip (not valid in its
 * encoding) is not written.
 */
export function writeFixed(input: Input, read: ReadInput, fixed: FixLoopResult): Written {
  const { decoded } = read;
  const original = decoded.text;
  const unchanged = { text: original, fixesApplied: 0, stdinBytes: read.stdin };
  if (fixed.text === original) return unchanged;
  const where = input.kind === 'stdin' ? 'Standard input' : `The file ${input.display}`;
  if (!decoded.exact) {
    // Writing the text back would change bytes no fix touched (a Latin-1 Ñ would become U+FFFD).
    const error =
      input.kind === 'stdin'
        ? `Standard input is not ${ENCODING_NAMES[decoded.encoding]} text, so no fix was applied; it is passed through unchanged.`
        : `${where} is not ${ENCODING_NAMES[decoded.encoding]} text, so it was not rewritten.`;
    return { ...unchanged, error };
  }
  if (input.kind === 'stdin') {
    return { text: fixed.text, fixesApplied: fixed.fixCount, stdinBytes: encodeClaimText(fixed.text, decoded.hasBom, decoded.encoding) };
  }
  try {
    writeFileAtomic(input.path, encodeClaimText(fixed.text, decoded.hasBom, decoded.encoding), read.snapshot!);
    return { text: fixed.text, fixesApplied: fixed.fixCount };
  } catch (err) {
    return { ...unchanged, error: writeErrorSentence(err, input.display) };
  }
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
export async function readInput(input: Input, io: CliIo, fixing: boolean): Promise<ReadInput> {
  if (input.kind === 'stdin') {
    const bytes = await io.readStdin();
    return { decoded: decodeClaimBytes(bytes, fixing), stdin: fixing ? bytes : undefined };
  }
  const { data, stat } = await readRegularFile(input.path);
  return { decoded: decodeClaimBytes(data, fixing), snapshot: fixing ? snapshotOf(data, stat) : undefined };
}
