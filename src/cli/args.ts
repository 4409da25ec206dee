import { parseArgs } from 'node:util';
import { TIMED_ROUNDING_MODES, type TimedRounding } from '../core/config';
import type { SeverityOrOff } from '../core/model/finding';
import { RULES_BY_ID } from '../core/rules';
import { quoteForMessage } from '../core/display';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type HistoryScope = 'run' | 'file';
export const HISTORY_SCOPES: readonly HistoryScope[] = ['run', 'file'];
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const LEVELS: readonly SeverityOrOff[] = ['off', 'info', 'warning', 'error'];
/** The most threads `--threads` takes (each part of a text is a thread with a copy of the text). */
const MAX_THREADS = 64;

/** The parsed command line. */
export interface CliOptions {
  readonly inputs: readonly string[];
  readonly format: OutputFormat;
  /** Fix kinds to apply: [] (report only), ["fix"] or ["fix", "suggestion"]. */
  readonly fix: boolean;
  readonly fixSuggestions: boolean;
  readonly policyFile?: string;
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  readonly timedRounding?: TimedRounding;
  readonly acceptXModifiers: boolean;
  /** `--code-set [<year>=]<file>`: official code set files to check diagnoses against and describe codes from. */
  readonly codeSets: readonly CodeSetSpec[];
  /** A licensed CPT descriptor file (docs/cpt-descriptors.md): text output lists the descriptors of the codes found. */
  readonly cptDescriptorFile?: string;
  /** `--history`: claim files, directories or globs read for patient history only (not reported, never fixed). */
  readonly history: readonly string[];
  /**
   * `--history-scope`: `run` (default) — the patient-scoped rules see every input of the run and the
   * --history files as one history; `file` — each file on its own, as before.
   */
  readonly historyScope: HistoryScope;
  /** `--facts <file.jsonl>`: write every file's per-line facts there (docs/scale.md). */
  readonly factsFile?: string;
  /** `--threads <n>`: threads a large X12 file is checked on (undefined: the machine's cores). */
  readonly threads?: number;
  readonly help: boolean;
  readonly version: boolean;
}

/** One `--code-set`: the file, and the year when its name does not say it (fiscal year for ICD-10-CM). */
export interface CodeSetSpec {
  readonly file: string;
  readonly year?: number;
}

/** A mistake on the command line; its message is one sentence for stderr (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: claimlint [options] <files | directories | globs | ->

Checks claim files (X12 837P/837I, FHIR R4 Claims in JSON or XML) against payer policy and reports
what the policy does not allow.
Directories and globs are searched for .837 .837p .837i .x12 .edi .json .xml files, and for .txt,
.dat and extension-less files that start like a claim; "-" reads standard input.

Options:
  --format <text|json|sarif>   Output format (default: text)
  --fix                        Apply mechanical fixes (segment counts) and write the files back
  --fix-suggestions            Also apply suggestions, which change what is billed (implies --fix)
  --policy <file>              Check against this policy pack (JSON) instead of the built-in one
  --rule <id>=<level>          Set a rule's level: off, info, warning or error (repeatable)
  --timed-rounding <mode>      Minutes to units: policy (default), cms-8-minute or strict-floor
  --accept-x-modifiers         Accept XE/XS/XP/XU in place of modifier 59
  --code-set [<year>=]<file>   Check diagnoses against an ICD-10-CM order or codes file as CMS/NCHS
                               publish it (repeatable, one per fiscal year; <year> only when the
                               file name does not say it)
  --cpt-descriptors <file>     Your AMA-licensed CPT descriptors (code, tab, descriptor a line):
                               text output lists those of the codes in the findings
  --history <file|dir|glob>    An earlier claim file, folder or glob that supplies patient history
                               only: its visits, units and same-date services count, its own
                               findings are not reported, and it is never fixed (repeat the
                               option for each: --history a/ --history b.837)
  --history-scope <run|file>   run (default): all inputs and --history files are one patient
                               history; file: check each file on its own
  --facts <file.jsonl>         Write every file's per-service-line facts as JSON Lines, patients and
                               claim ids as salted hashes (salt: CLAIMLINT_FACTS_SALT)
  --threads <n>                Threads to check on: a large X12 file in parts, the files of a run
                               side by side (default: up to 4 with 4 cores or more, else 1); the
                               report is the same for every n
  -h, --help                   Show this help
  -v, --version                Show the version

Exit codes: 0 no errors found, 1 errors found, 2 usage error, unreadable input, or a directory or
glob with no claim file in it.
`;

/**
 * Parse the command line with node's `util.parseArgs`. Throws {@link UsageError} for unknown
 * options, bad values, unknown rule ids and a missing input.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        fix: { type: 'boolean' },
        'fix-suggestions': { type: 'boolean' },
        policy: { type: 'string' },
        rule: { type: 'string', multiple: true },
        'timed-rounding': { type: 'string' },
        'accept-x-modifiers': { type: 'boolean' },
        'code-set': { type: 'string', multiple: true },
        'cpt-descriptors': { type: 'string' },
        history: { type: 'string', multiple: true },
        'history-scope': { type: 'string' },
        facts: { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError(describeParseError(err));
  }
  const { values, positionals } = parsed;

  const format = values.format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Unknown output format "${quoteForMessage(format)}"; use text, json or sarif.`);
  }

  const timedRounding = values['timed-rounding'];
  if (timedRounding !== undefined && !(TIMED_ROUNDING_MODES as readonly string[]).includes(timedRounding)) {
    throw new UsageError(`Unknown timed rounding "${quoteForMessage(timedRounding)}"; use ${TIMED_ROUNDING_MODES.join(', ')}.`);
  }

  const rules: Record<string, SeverityOrOff> = {};
  for (const spec of values.rule ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--rule expects <id>=<level>, e.g. cmt-modifier-59=warning; got "${quoteForMessage(spec)}".`);
    const id = spec.slice(0, eq).trim();
    const level = spec.slice(eq + 1).trim();
    if (!RULES_BY_ID.has(id)) throw new UsageError(`Unknown rule "${quoteForMessage(id)}" in --rule; the rule ids are ${[...RULES_BY_ID.keys()].join(', ')}.`);
    if (!(LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`Unknown level "${quoteForMessage(level)}" for rule ${id}; use off, info, warning or error.`);
    }
    rules[id] = level as SeverityOrOff;
  }

  if (values.policy === '') throw new UsageError('--policy needs a file name.');
  const codeSets = (values['code-set'] ?? []).map((spec): CodeSetSpec => {
    const m = /^(\d{4})=(.*)$/.exec(spec);
    const file = m ? m[2] : spec;
    if (file.trim() === '') throw new UsageError('--code-set needs a file name, e.g. --code-set icd10cm_order_2025.txt.');
    return m ? { file, year: Number(m[1]) } : { file };
  });
  if (values['cpt-descriptors'] === '') throw new UsageError('--cpt-descriptors needs a file name.');

  const history = values.history ?? [];
  if (history.some((h) => h.trim() === '')) throw new UsageError('--history needs a file, directory or glob.');
  if (history.includes('-')) throw new UsageError('--history reads files, not standard input; name the earlier claim files.');
  const historyScope = values['history-scope'] ?? 'run';
  if (!(HISTORY_SCOPES as readonly string[]).includes(historyScope)) {
    throw new UsageError(`Unknown history scope "${quoteForMessage(historyScope)}"; use run or file.`);
  }
  if (values.facts === '') throw new UsageError('--facts needs a file name, e.g. --facts facts.jsonl.');
  if (historyScope === 'file' && values.facts !== undefined) throw new UsageError('--facts needs --history-scope run (the default).');
  if (historyScope === 'file' && history.length > 0)
    throw new UsageError('--history needs --history-scope run (the default): with file, each file is checked on its own.');

  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!/^\d+$/.test(values.threads) || !(threads >= 1 && threads <= MAX_THREADS)) {
      throw new UsageError(`--threads takes a whole number from 1 to ${MAX_THREADS}; got "${quoteForMessage(values.threads)}".`);
    }
  }

  const help = values.help ?? false;
  const version = values.version ?? false;
  if (!help && !version && positionals.length === 0) {
    throw new UsageError('No input given; name claim files, directories, globs, or - for standard input.');
  }

  const fixSuggestions = values['fix-suggestions'] ?? false;
  return {
    inputs: positionals,
    format: format as OutputFormat,
    fix: (values.fix ?? false) || fixSuggestions,
    fixSuggestions,
    policyFile: values.policy,
    rules,
    timedRounding: timedRounding as TimedRounding | undefined,
    acceptXModifiers: values['accept-x-modifiers'] ?? false,
    codeSets,
    cptDescriptorFile: values['cpt-descriptors'],
    history,
    historyScope: historyScope as HistoryScope,
    factsFile: values.facts,
    threads,
    help,
    version,
  };
}

/** parseArgs messages mention "positional argument" remedies; ours name the option and the fix. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  const generic = 'The command line could not be read; run claimlint --help for the options.';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return option ? `Unknown option ${option}; run claimlint --help for the options.` : generic;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option ? optionName(option) : 'An option';
    return /argument missing/.test(message) ? `${name} needs a value.` : `${name} does not take a value.`;
  }
  return generic;
}

/** "-f, --format <value>" → "--format". */
function optionName(s: string): string {
  return /--[\w-]+/.exec(s)?.[0] ?? s;
}
