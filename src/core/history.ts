import type { ClaimEditor, DocumentFormat, LinePosition } from './model/claim';
import type { Finding, Fix, RelatedLocation, TextEdit } from './model/finding';
import type { Span } from './model/span';
import { PatientIndex, ServiceFacts } from './facts';
import { lintSteps, NO_EDITOR, parseDocumentSteps, ruleSetOf, type LintOptions, type LintResult } from './engine';
import { LineIndex } from './model/span';
import { RuleRunner, type RuleSet } from './runner';
import { runSteps, type Steps } from './steps';

/**
 * A patient's history across files (docs/patient-history.md): the patient-scoped rules check the
 * line facts of every file of a history at once, so four massage visits in two batches are four
 * visits, and a CMT in yesterday's batch is paired with today's massage.
 *
 * This is the reduce of a map/reduce. Each file is read and its claims checked on its own (the
 * claim-scoped rules, and its line facts taken: `lintSteps(…, patients = false)`); then
 * {@link checkHistory} merges the files' facts, runs the patient-scoped rules once over every
 * patient, and hands each finding to the file it is about. Files that only supply history keep
 * nothing but their facts, and their findings are dropped.
 */

/** One file of a history. */
export interface HistoryFile {
  /** How other files' findings name this file in their related locations (the CLI: the path as it shows it). */
  readonly name: string;
  /** The length of the file's text: its offsets are moved past the files before it in the merged facts. */
  readonly length: number;
  /** Its line facts; undefined when they could not be taken (its runner then reports rule-error). */
  readonly facts: ServiceFacts | undefined;
  /**
   * For a file whose findings are reported: its runner, in which the claim-scoped rules have run.
   * The patient-scoped rules' findings about the file are added to it. Undefined for a file that
   * supplies history only.
   */
  readonly runner?: RuleRunner;
  /** Its fix builder and format, for the fixes of the patient-scoped rules (reported files only). */
  readonly source?: { readonly format: DocumentFormat; readonly editor: ClaimEditor };
}

/**
 * Check the patient-scoped rules over the merged facts of `files` (in their order: a replacement
 * supersedes claims of files before it), and add each finding to the runner of the file it is
 * about. A related location in another file carries that file's name. A rule that throws is off
 * for every file (each reports one rule-error).
 */
export function checkHistory(
  ruleSet: RuleSet,
  files: readonly HistoryFile[],
  isCancelled?: () => boolean,
  /** Only these patients (those of the one reported file: a fix loop's lint of it), when given. */
  patients?: ReadonlySet<string>,
): void {
  const reduced = reduce(ruleSet, files, isCancelled, patients);
  if (!reduced) return;
  const { runner, merged, locate } = reduced;
  for (const r of runner.patientRuleIndexes) {
    const { findings, owners, crash } = runner.reported(r);
    if (crash) {
      for (const file of files) file.runner?.adoptCrash(r, crash);
      continue;
    }
    findings.forEach((finding, k) => {
      const at = locate(finding.span);
      const file = files[at.file];
      if (!file.runner) return;
      // Owned by the patient's number in the file's own facts, as its own patient rules would be (the editor re-checks by it).
      const patient = file.facts?.patientIdOfKey(ServiceFacts.ownKey(merged.patientKey(owners[k]))) ?? -1;
      file.runner.adopt(r, localized(finding, at, locate, files), patient);
    });
  }
}

/**
 * One patient's patient-scoped rules over a history, for an editor re-checking that patient after
 * an edit of file `target`: per patient rule (by position in the rule set), the findings about
 * `target`; undefined when a rule threw (the editor then lints in full).
 */
export function recheckPatient(ruleSet: RuleSet, files: readonly HistoryFile[], target: number, patientKey: string): Map<number, Finding[]> | undefined {
  const out = new Map<number, Finding[]>();
  const reduced = reduce(ruleSet, files, undefined, new Set([patientKey]), target);
  if (!reduced) return out;
  const { runner, locate } = reduced;
  for (const r of runner.patientRuleIndexes) {
    const { findings, crash } = runner.reported(r);
    if (crash) return undefined;
    const mine: Finding[] = [];
    for (const finding of findings) {
      const at = locate(finding.span);
      if (at.file === target) mine.push(localized(finding, at, locate, files));
    }
    out.set(r, mine);
  }
  return out;
}

/**
 * The patient-scoped rules over the merged facts of `files` (only the claims of `patients`, when
 * given): the runner that holds their findings in merged offsets, the merged facts, and how a
 * merged span maps to its file. Undefined when no file is reported (`reported`: a file index whose
 * source edits the fixes; by default the first file with a runner).
 */
function reduce(
  ruleSet: RuleSet,
  files: readonly HistoryFile[],
  isCancelled?: () => boolean,
  patients?: ReadonlySet<string>,
  reported = files.findIndex((f) => f.runner),
): { runner: RuleRunner; merged: ServiceFacts; locate: (span: Span) => { file: number; span: Span } } | undefined {
  if (reported < 0) return undefined;
  const { merged, locate, bases, fileOfSource } = mergeFacts(ruleSet, files, patients, reported);
  const editor = new HistoryEditor(files, bases, fileOfSource);
  const runner = new RuleRunner(ruleSet, { format: files[reported].source?.format ?? 'unknown', editor }, merged);
  runSteps(runner.patients(isCancelled));
  return { runner, merged, locate };
}

/** The facts of `files` merged (only the claims of `patients`, when given), and how a merged span maps back to its file. */
function mergeFacts(
  ruleSet: RuleSet,
  files: readonly HistoryFile[],
  patients?: ReadonlySet<string>,
  /** The file the `patients` are of: its keys of a claim's own match (another file's never do). */
  target = -1,
): { merged: ServiceFacts; locate: (span: Span) => { file: number; span: Span }; bases: number[]; fileOfSource: number[] } {
  const merged = new ServiceFacts(ruleSet.policy, ruleSet.config.timedRounding);
  const bases: number[] = [];
  const fileOfSource: number[] = [];
  let next = 0;
  files.forEach((file, f) => {
    // One offset between files, so the end of one file is never the start of the next.
    const base = next;
    next += file.length + 1;
    // Facts taken under another policy or rounding (an index not yet rebuilt after a settings
    // change) would be read wrong: such a file is left out until it is read again.
    if (!file.facts || !merged.compatible(file.facts)) return;
    const s = merged.append(file.facts, base, patients, f === target, file.runner !== undefined);
    bases[s] = base;
    fileOfSource[s] = f;
  });
  const locate = (span: Span): { file: number; span: Span } => {
    const s = sourceAt(bases, span.start);
    const base = bases[s] ?? 0;
    return { file: fileOfSource[s] ?? 0, span: { start: span.start - base, end: span.end - base } };
  };
  return { merged, locate, bases, fileOfSource };
}

/** One visit of a patient's history: its date, the file it is in (undefined: the file asked about) and where. */
export interface PatientVisit {
  readonly date: string;
  readonly file?: string;
  readonly span: Span;
}

/**
 * A patient's visits of code set `codeSet` over a history (voids and superseded claims left out),
 * in date order, with the file each is in (the first line of the date): what an editor's hover
 * says of a massage line ("visit 4 of 5 for this patient"). `target` is the file asked about.
 */
export function patientVisits(ruleSet: RuleSet, files: readonly HistoryFile[], target: number, patientKey: string, codeSet: string): PatientVisit[] {
  const { merged, locate } = mergeFacts(ruleSet, files, new Set([patientKey]), target);
  const index = new PatientIndex(merged);
  if (index.count === 0) return [];
  return index
    .patient(0)
    .visits(codeSet)
    .map((v) => {
      const at = locate(merged.span(v.lines[0]));
      return at.file === target ? { date: v.date, span: at.span } : { date: v.date, file: files[at.file].name, span: at.span };
    });
}

/** The merged facts' source whose range holds `offset` (the last base at or before it). */
function sourceAt(bases: readonly number[], offset: number): number {
  let lo = 0;
  let hi = bases.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    // Source 0 of merged facts is their own (addClaim), which holds no file: a hole (undefined), skipped.
    const base = bases[mid];
    if (base === undefined || base <= offset) {
      if (base !== undefined) found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A finding of the merged facts in its own file's offsets; related locations elsewhere name their file; fixes reaching another file are dropped. */
function localized(
  finding: Finding,
  at: { file: number; span: Span },
  locate: (span: Span) => { file: number; span: Span },
  files: readonly HistoryFile[],
): Finding {
  const related: RelatedLocation[] = finding.related.map((x) => {
    const where = locate(x.span);
    return where.file === at.file ? { span: where.span, message: x.message } : { span: where.span, message: x.message, file: files[where.file].name };
  });
  const fixes: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits: TextEdit[] = [];
    let ok = true;
    for (const e of fix.edits) {
      const where = locate(e.span);
      if (where.file !== at.file) ok = false;
      edits.push({ span: where.span, newText: e.newText });
    }
    if (ok) fixes.push({ title: fix.title, kind: fix.kind, edits });
  }
  return { ...finding, span: at.span, related, fixes };
}

/**
 * The fix builder of a history: an edit by position goes to the editor of the file the position
 * is in (in that file's offsets, and back). A history-only file is never edited. The patient-scoped
 * rules edit by position only; edits of claim objects are the claim-scoped rules', made per file.
 */
class HistoryEditor implements ClaimEditor {
  constructor(
    private readonly files: readonly HistoryFile[],
    private readonly bases: readonly number[],
    private readonly fileOfSource: readonly number[],
  ) {}

  private inFile(at: LinePosition, edit: (editor: ClaimEditor, local: LinePosition) => TextEdit[] | null): TextEdit[] | null {
    const s = sourceAt(this.bases, at.service.start);
    const base = this.bases[s] ?? 0;
    const file = this.files[this.fileOfSource[s] ?? 0];
    const editor = file.runner ? (file.source?.editor ?? NO_EDITOR) : NO_EDITOR;
    const move = (span: Span, by: number): Span => ({ start: span.start + by, end: span.end + by });
    const edits = edit(editor, { service: move(at.service, -base), procedure: move(at.procedure, -base) });
    return edits && edits.map((e) => ({ span: move(e.span, base), newText: e.newText }));
  }

  putModifier(at: LinePosition, modifier: string, replace: readonly string[]): TextEdit[] | null {
    return this.inFile(at, (editor, local) => editor.putModifier(local, modifier, replace));
  }

  removeModifiers(at: LinePosition, modifiers: readonly string[]): TextEdit[] | null {
    return this.inFile(at, (editor, local) => editor.removeModifiers(local, modifiers));
  }

  appendModifier(): null {
    return null;
  }

  setUnits(): null {
    return null;
  }

  setQuantity(): null {
    return null;
  }

  removeLine(): null {
    return null;
  }

  removeLines(): null {
    return null;
  }

  setDiagnosisCode(): null {
    return null;
  }
}

/**
 * The line facts of a text, for a history (an editor's index of the workspace's claim files): the
 * text is read and its claims' service lines taken, and no rule runs. As steps (an X12 text pauses
 * every few thousand segments), so an index reads a large file without holding the event loop.
 * Undefined when no patient-scoped rule runs under the rule set (there is nothing to take).
 */
export function* readFactsSteps(text: string, ruleSet: RuleSet, fileName?: string, isCancelled?: () => boolean): Steps<ServiceFacts | undefined> {
  if (!ruleSet.runsPatientRules) return undefined;
  const facts = new ServiceFacts(ruleSet.policy, ruleSet.config.timedRounding);
  let streamed = false;
  // parseDocumentSteps asks isCancelled at every pause of the reading.
  const document = yield* parseDocumentSteps(text, fileName, isCancelled, (claim) => {
    streamed = true;
    facts.addClaim(claim);
  });
  if (!streamed) for (const claim of document.claims) facts.addClaim(claim);
  return facts;
}

/** A text of a history, for {@link lintFiles}. */
export interface HistoryText {
  readonly text: string;
  /** How related locations in other files name it. */
  readonly name: string;
  /** The format hint, as {@link LintOptions.fileName}; `name` by default. */
  readonly fileName?: string;
  /** True: it supplies history only (its findings are not reported, and it is never fixed). */
  readonly historyOnly?: boolean;
}

/**
 * Lint texts as one patient history: each text's claims are checked on their own, the
 * patient-scoped rules over the lines of all of them. Returns, per text, its lint (undefined for a
 * history-only text). One text gives what {@link lint} gives.
 */
export function lintFiles(texts: readonly HistoryText[], options: Omit<LintOptions, 'fileName'> = {}): (LintResult | undefined)[] {
  const ruleSet = ruleSetOf(options);
  const read = texts.map((t) => {
    const linted = runSteps(lintSteps(t.text, ruleSet, t.fileName ?? t.name, options.isCancelled, false));
    return { t, linted };
  });
  const files: HistoryFile[] = read.map(({ t, linted }) => ({
    name: t.name,
    length: t.text.length,
    facts: linted.runner.facts,
    runner: t.historyOnly ? undefined : linted.runner,
    source: t.historyOnly ? undefined : linted.document,
  }));
  checkHistory(ruleSet, files, options.isCancelled);
  return read.map(({ t, linted }) =>
    t.historyOnly ? undefined : { document: linted.document, findings: linted.runner.findings(linted.document.problems), lines: new LineIndex(t.text) },
  );
}
