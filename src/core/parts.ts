import type { Claim, ClaimEditor, DocumentFormat, LinePosition, ServiceLine } from './model/claim';
import type { Finding, ParseProblem, TextEdit } from './model/finding';
import { ServiceFacts, type ServiceFactsData } from './facts';
import { detectContent } from './parsers/detect';
import { readDelimiters, x12ReadState } from './parsers/x12';
import type { TextPart } from './parsers/x12/reader';
import { claimCount, lintSteps, parseDocumentSteps, type Linted } from './engine';
import { RuleRunner, type RuleSet } from './runner';
import { runSteps } from './steps';

export type { TextPart } from './parsers/x12/reader';

/**
 * One X12 batch checked in parts, on several threads: the map/reduce of a large file
 * (docs/scale.md). The text is cut at transaction sets (ST). Each thread reads the whole text's
 * segments and envelopes (so segment counts, group counts and control numbers are checked as in
 * one reading) but reads and checks only the claims of its part, and takes their line facts; the
 * thread that merges runs the patient-scoped rules once over every part's facts, so a patient
 * whose visits fall in two parts is one patient.
 *
 * The result is the one {@link lint} gives, finding for finding and in the same order: each part
 * keeps each rule's findings in claim order, and the merge lays them out rule by rule, part after
 * part, before the same stable sort. Where a part cannot stand in for a reading of the whole text
 * — a claim read before the part's first billing provider, a component separator other than the
 * declared one (the first composite of the text settles it), a rule that threw — the merge says
 * so, and the text is linted whole instead.
 */

/** A part's lint, as plain data for the thread that merges (a structured clone). */
export interface PartLint {
  /** The text's format. */
  readonly format: DocumentFormat;
  /** The reader's problems in the part: the envelope problems at its offsets, its claims' own. */
  readonly problems: readonly ParseProblem[];
  /** Per rule of the rule set, by position: what it reported on the part's claims (patient-scoped rules: nothing). */
  readonly found: readonly (readonly Finding[])[];
  /** Claims read. */
  readonly claims: number;
  /** The line facts of the part's claims (when patient-scoped rules run). */
  readonly facts?: ServiceFactsData;
  /** False when the part's lint may differ from what a lint of the whole text says of it. */
  readonly standsForWhole: boolean;
}

/** Parts smaller than this are not worth a thread of their own. */
export const MIN_PART_LENGTH = 2_000_000;

/**
 * Where to cut an X12 text into about `n` parts of equal length: each cut at the start of a
 * transaction set (ST). Parts cover the text ([0, s1), [s1, s2) … [sk, end]); fewer than `n` when
 * the text has fewer transaction sets, or is not X12 (one part).
 */
export function splitText(text: string, n: number, fileName?: string): TextPart[] {
  const whole: TextPart[] = [{ from: 0, to: Number.MAX_SAFE_INTEGER }];
  if (n < 2 || detectContent(text, fileName) !== 'x12') return whole;
  const delimiters = readDelimiters(text);
  if (!delimiters.ok) return whole;
  const { segment, element } = delimiters.delimiters;
  const cuts: number[] = [];
  for (let k = 1; k < n; k++) {
    const at = transactionStartAfter(text, Math.floor((text.length * k) / n), segment, element);
    if (at < 0) break;
    if (at > (cuts.at(-1) ?? delimiters.isaEnd)) cuts.push(at);
  }
  if (cuts.length === 0) return whole;
  const parts: TextPart[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push({ from, to: cut });
    from = cut;
  }
  parts.push({ from, to: Number.MAX_SAFE_INTEGER });
  return parts;
}

/** The offset of the first ST segment after `offset` (as the tokenizer finds segments: white space before an id skipped), or -1. */
function transactionStartAfter(text: string, offset: number, segment: string, element: string): number {
  for (let t = text.indexOf(segment, offset); t >= 0; t = text.indexOf(segment, t + 1)) {
    let s = t + 1;
    while (s < text.length && text.charCodeAt(s) <= 32) s++;
    if (text.charCodeAt(s) === 83 && text.charCodeAt(s + 1) === 84 && text.charAt(s + 2) === element) return s;
  }
  return -1;
}

/** Check one part of a text (a worker thread's share): its claims with the claim-scoped rules, and their facts. */
export function lintPart(text: string, ruleSet: RuleSet, fileName: string | undefined, part: TextPart): PartLint {
  const linted = runSteps(lintSteps(text, ruleSet, fileName, undefined, false, part));
  const { document, runner } = linted;
  const found = ruleSet.active.map((_, r) => runner.reported(r).findings);
  return {
    format: document.format,
    problems: document.problems,
    found,
    claims: claimCount(document),
    facts: runner.facts?.toData(),
    standsForWhole: standsForWhole(linted, part),
  };
}

/**
 * Whether a part's lint says of its claims what a lint of the whole text would: an X12 part as its
 * reader judged it; any other text (FHIR, read whole) when the part is the whole text.
 */
function standsForWhole(linted: Linted, part: TextPart): boolean {
  const read = x12ReadState(linted.document);
  const asRead = read ? read.standsForWhole === true : part.from === 0 && part.to >= linted.document.text.length;
  return asRead && !linted.runner.anyCrashed && (linted.runner.patientRuleIndexes.length === 0 || linted.runner.facts !== undefined);
}

/**
 * The findings of the whole text from its first part, checked in this thread (`first`: a
 * {@link lintSteps} of part 0 that left the patient-scoped rules out), and the other parts' lints,
 * in order: the other parts' facts are added to the first's, the patient-scoped rules run once over
 * all of them, and every finding is laid out as a lint of the whole text lays it out. Undefined
 * when a part cannot stand in for the whole (the caller then lints the text whole).
 */
export function mergeParts(ruleSet: RuleSet, first: Linted, firstPart: TextPart, others: readonly PartLint[]): Finding[] | undefined {
  if (!standsForWhole(first, firstPart) || others.some((o) => !o.standsForWhole)) return undefined;
  const { runner, document } = first;
  const facts = runner.facts;
  for (const other of others) {
    if (facts && other.facts) facts.appendPart(ServiceFacts.fromData(ruleSet.policy, ruleSet.config.timedRounding, other.facts));
    adoptClaimFindings(ruleSet, runner, other);
  }
  runSteps(runner.patients());
  const problems: ParseProblem[] = [...document.problems];
  for (const other of others) for (const p of other.problems) problems.push(p);
  return runner.findings(problems);
}

/** What a part's claim-scoped rules reported, added to `runner` after what it holds (claim order, part after part). */
function adoptClaimFindings(ruleSet: RuleSet, runner: RuleRunner, part: PartLint): void {
  part.found.forEach((list, r) => {
    if (ruleSet.active[r].rule.meta.scope !== 'claim') return;
    for (const finding of list) runner.adopt(r, finding);
  });
}

/**
 * A whole text checked on another thread ({@link lintPart} with the part [0, end)), as a runner for
 * a history's reduce (history.ts): it holds what the claim-scoped rules reported and the text's
 * facts, and builds the patient-scoped rules' fixes with `editor`. Undefined when the lint cannot
 * stand in for the text's (the caller then lints the text here).
 */
export function runnerOfPart(ruleSet: RuleSet, lint: PartLint, editor: ClaimEditor): RuleRunner | undefined {
  if (!lint.standsForWhole) return undefined;
  const facts = lint.facts && ServiceFacts.fromData(ruleSet.policy, ruleSet.config.timedRounding, lint.facts);
  const runner = new RuleRunner(ruleSet, { format: lint.format, editor }, facts);
  adoptClaimFindings(ruleSet, runner, lint);
  return runner;
}

/**
 * The fix builder of a text whose claims another thread checked, made when first asked for. The
 * patient-scoped rules edit by position only, and an edit by position needs the text's segments,
 * not its claims: an X12 text is read for its segments and envelopes alone (a FHIR text whole).
 * Its component separator is the declared one, which is the one in effect for any text whose lint
 * stands in for the whole ({@link PartLint.standsForWhole}).
 */
export class EditorOnDemand implements ClaimEditor {
  private made?: ClaimEditor;

  constructor(
    private readonly text: string,
    private readonly fileName: string | undefined,
  ) {}

  private get editor(): ClaimEditor {
    return (this.made ??= runSteps(parseDocumentSteps(this.text, this.fileName, undefined, undefined, { from: 0, to: 0 })).editor);
  }

  putModifier(at: LinePosition, modifier: string, replace: readonly string[]): TextEdit[] | null {
    return this.editor.putModifier(at, modifier, replace);
  }

  removeModifiers(at: LinePosition, modifiers: readonly string[]): TextEdit[] | null {
    return this.editor.removeModifiers(at, modifiers);
  }

  appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null {
    return this.editor.appendModifier(line, modifier);
  }

  setUnits(line: ServiceLine, units: number): TextEdit[] | null {
    return this.editor.setUnits(line, units);
  }

  setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null {
    return this.editor.setQuantity(line, quantity);
  }

  removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null {
    return this.editor.removeLine(claim, line);
  }

  removeLines(claim: Claim, lines: readonly ServiceLine[]): TextEdit[] | null {
    return this.editor.removeLines(claim, lines);
  }

  setDiagnosisCode(...args: Parameters<ClaimEditor['setDiagnosisCode']>): TextEdit[] | null {
    return this.editor.setDiagnosisCode(...args);
  }
}
