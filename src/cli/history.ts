import { claimCount, lintSteps, ruleSetOf, type Linted } from '../core/engine';
import { checkHistory, readFactsSteps, type HistoryFile } from '../core/history';
import type { ServiceFacts } from '../core/facts';
import type { ClaimEditor, DocumentFormat } from '../core/model/claim';
import type { Finding, ParseProblem } from '../core/model/finding';
import { fixUntilStable } from '../core/fixes';
import { LineIndex } from '../core/model/span';
import { EditorOnDemand, runnerOfPart, type PartLint } from '../core/parts';
import type { RuleRunner, RuleSet } from '../core/runner';
import { runSteps } from '../core/steps';
import type { Input } from './inputs';
import type { FactsFile } from './facts-file';
import { mapTextsInParallel, POOL_MIN_LENGTH } from './parallel';
import { fileNameOf, readFailure, readInput, writeFixed, type LintInputContext, type LintOutcome, type ReadInput } from './lint-input';

/**
 * The CLI's run as one patient history (docs/patient-history.md): the claims of each file are
 * checked on their own, the patient-scoped rules once over the lines of every input and every
 * `--history` file. A map/reduce: each file is read and its claim rules and line facts taken
 * (map); the history's facts are merged and the patient rules checked (reduce, core/history.ts).
 *
 * A `--history` file keeps only its facts once read (a year of history is its facts, not its
 * texts); its findings are not reported and it is never fixed. The inputs keep their texts and
 * findings until the report, as every run does.
 */
export async function lintAsHistory(
  history: readonly Input[],
  inputs: readonly Input[],
  ctx: LintInputContext,
  /** `--facts`: where every file's line facts go. */
  factsOut?: FactsFile,
): Promise<LintOutcome[]> {
  const ruleSet = ruleSetOf(ctx);
  const fixing = ctx.kinds.length > 0;
  const map = (text: string, fileName: string | undefined): Linted => runSteps(lintSteps(text, ruleSet, fileName, undefined, false));

  // History first: earlier submissions, which a replacement among the inputs supersedes.
  const past: HistoryFile[] = [];
  const failures: string[] = [];
  // No patient-scoped rule runs: a history has nothing to add, and nothing to say.
  for (const input of ruleSet.runsPatientRules ? history : []) {
    let read: ReadInput;
    try {
      read = await readInput(input, ctx.io, false);
    } catch (err) {
      failures.push(readFailure(input, err));
      continue;
    }
    const text = read.decoded.text;
    // Facts only: a history file's own claims are not checked (its findings are never reported).
    let facts: ServiceFacts | undefined;
    try {
      facts = runSteps(readFactsSteps(text, ruleSet, fileNameOf(input, text)));
    } catch {
      facts = undefined;
    }
    if (!facts || facts.claimCount === 0) {
      // Named as history but not a claim file (or one too damaged to read): it supplies nothing, and says so.
      failures.push(`The --history file ${input.display} holds no claim that could be read, so it adds nothing to the history.`);
      continue;
    }
    past.push({ name: input.display, length: text.length, facts });
    factsOut?.add(facts, input.display, new LineIndex(text).positions());
  }

  const current: Current[] = [];
  const outcomes: (LintOutcome | undefined)[] = inputs.map(() => undefined);
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k];
    try {
      const read = await readInput(input, ctx.io, fixing);
      const text = read.decoded.text;
      current.push({ k, input, read, text, fileName: fileNameOf(input, text), linted: undefined });
    } catch (err) {
      outcomes[k] = { error: readFailure(input, err) };
    }
  }
  const lints = !fixing && onThreads(current, ctx) ? await mapOnThreads(current, ctx) : undefined;
  let onWorkers = 0;
  current.forEach((c, i) => {
    const lint = lints?.[i];
    c.linted = lint && fromWorker(ruleSet, lint, c);
    if (c.linted) onWorkers++;
    else c.linted = mapped(map(c.text, c.fileName));
  });
  if (process.env.CLAIMLINT_DEBUG)
    await ctx.io.stderr(`claimlint: ${current.length} input${current.length === 1 ? ' was' : 's were'} read, ${onWorkers} on worker threads.\n`);

  const written = new Map<Current, ReturnType<typeof writeFixed>>();
  if (fixing) {
    // Each input is fixed against the history as it stands (the files fixed before it included).
    for (const c of current) {
      const lintText = (text: string): readonly Finding[] => {
        const linted = text === c.text && c.linted ? c.linted : mapped(map(text, c.fileName));
        return reduced(ruleSet, past, current, c, linted, text);
      };
      const w = writeFixed(c.input, c.read, fixUntilStable(c.text, lintText, ctx.kinds));
      written.set(c, w);
      if (w.text !== c.text) c.text = w.text;
      c.linted = mapped(map(c.text, c.fileName));
    }
  }

  checkHistory(ruleSet, [...past, ...current.map((c) => fileOf(c, c.linted!, c.text, true))]);
  for (const c of current) {
    const { runner, format, problems, claims } = c.linted!;
    const w = written.get(c);
    const lines = new LineIndex(c.text);
    factsOut?.add(runner.facts, c.input.display, lines.positions());
    outcomes[c.k] = {
      result: {
        file: c.input.display,
        format,
        claims,
        findings: runner.findings(problems),
        lines,
        fixesApplied: w?.fixesApplied ?? 0,
      },
      error: w?.error,
      stdinBytes: w ? w.stdinBytes : c.read.stdin,
    };
  }
  // Unreadable history files are said first, as the inputs' errors are said in order.
  return [...failures.map((error) => ({ error })), ...outcomes.map((o) => o ?? {})];
}

/** An input of the run: read, and its latest lint (claim rules and facts; patient rules from the reduce). */
interface Current {
  readonly k: number;
  readonly input: Input;
  readonly read: ReadInput;
  text: string;
  readonly fileName: string | undefined;
  linted: Mapped | undefined;
}

/** A text's map: its runner (claim-scoped rules run, facts taken), and what the reduce and the report need of its document. */
interface Mapped {
  readonly runner: RuleRunner;
  readonly format: DocumentFormat;
  readonly problems: readonly ParseProblem[];
  readonly editor: ClaimEditor;
  readonly claims: number;
}

function mapped(linted: Linted): Mapped {
  const { runner, document } = linted;
  return { runner, format: document.format, problems: document.problems, editor: document.editor, claims: claimCount(document) };
}

/**
 * Whether the inputs are mapped on worker threads: more than one thread, more than one input, and
 * enough text that starting workers pays (CLAIMLINT_PARALLEL=1: always, for tests).
 */
function onThreads(current: readonly Current[], ctx: LintInputContext): boolean {
  if ((ctx.threads ?? 1) < 2 || current.length < 2) return false;
  return process.env.CLAIMLINT_PARALLEL === '1' || current.reduce((sum, c) => sum + c.text.length, 0) >= POOL_MIN_LENGTH;
}

/** The inputs' maps on worker threads (src/cli/parallel.ts); undefined when a worker failed (they are then mapped here). */
async function mapOnThreads(current: readonly Current[], ctx: LintInputContext): Promise<PartLint[] | undefined> {
  try {
    return await mapTextsInParallel(
      current.map((c) => ({ text: c.text, fileName: c.fileName })),
      { config: ctx.config, policy: ctx.policy, codeSets: ctx.codeSets, threads: ctx.threads ?? 1 },
    );
  } catch {
    return undefined;
  }
}

/** An input's map as a worker made it, ready for the reduce; undefined when it cannot stand in for a map here (the input is then mapped here). */
function fromWorker(ruleSet: RuleSet, lint: PartLint, c: Current): Mapped | undefined {
  try {
    const editor = new EditorOnDemand(c.text, c.fileName);
    const runner = runnerOfPart(ruleSet, lint, editor);
    return runner && { runner, format: lint.format, problems: lint.problems, editor, claims: lint.claims };
  } catch {
    return undefined;
  }
}

function fileOf(c: Current, linted: Mapped, text: string, reported: boolean): HistoryFile {
  return {
    name: c.input.display,
    length: text.length,
    facts: linted.runner.facts,
    runner: reported ? linted.runner : undefined,
    source: reported ? linted : undefined,
  };
}

/** The findings of `text`, a version of input `c`, checked against the rest of the history (the other inputs as history only). */
function reduced(ruleSet: RuleSet, past: readonly HistoryFile[], current: readonly Current[], c: Current, linted: Mapped, text: string): readonly Finding[] {
  const files = current.map((o) => (o === c ? fileOf(c, linted, text, true) : fileOf(o, o.linted!, o.text, false)));
  // Only this file's patients: the other files' lines of other patients cannot change its findings
  // (a fix loop over many inputs would otherwise merge the whole history for every pass of every file).
  const patients = linted.runner.facts && new Set(linted.runner.facts.patientKeys());
  checkHistory(ruleSet, [...past, ...files], undefined, patients);
  return linted.runner.findings(linted.problems);
}
