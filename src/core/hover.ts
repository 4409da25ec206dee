import type { LintConfig } from './config';
import type { Claim, ClaimDocument, DocumentFormat, ServiceLine } from './model/claim';
import type { Finding } from './model/finding';
import type { Span } from './model/span';
import { capText } from './display';
import { normalizeCode, type Clause, type Policy } from './policy';
import { CPT_NOTICE, type CptDescriptors } from './policy/descriptors';
import { x12LocationAt } from './parsers/x12';
import { describeX12Element, formatX12Description, type X12Region } from './parsers/x12/dictionary';
import { RULES } from './rules';
import { explainMinutes, isMassage, isTimed, timedMinuteUnits } from './units';
import { CodeSets, describeCodeAt } from './codesets';

/** Hover content for one position: markdown plus the span it describes. */
export interface HoverContent {
  readonly markdown: string;
  readonly span: Span;
}

const UNIT_BASIS_NAMES: Readonly<Record<string, string>> = {
  UN: 'units',
  MJ: 'minutes',
  DA: 'days',
  F2: 'international units',
};

/** The characters markdown gives a meaning to; claim and policy text is shown literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

function inside(s: Span | undefined, offset: number): boolean {
  if (!s) return false;
  return s.start === s.end ? offset === s.start : offset >= s.start && offset < s.end;
}

/**
 * Where the hover's link to the other clauses of a code goes: the editor gives a command link (the
 * policy's clauses for the code, rendered); without one the hover just counts them.
 */
export interface HoverLinks {
  /** The policy clauses that govern a procedure code. */
  clauses(code: string): string | undefined;
}

const NO_LINKS: HoverLinks = { clauses: () => undefined };

/** The clause's date as its source writes it ("added 5/1/2019"), else "effective" and the ISO date. */
export function clauseDate(clause: Clause): string {
  const written = clause.dateAsWritten?.trim();
  return written ? written.charAt(0).toLowerCase() + written.slice(1) : `effective ${clause.effectiveDate}`;
}

/** "HNS Policy, added 5/1/2019 · [source](…)": where a clause comes from, in one line. */
function attribution(clause: Clause): string {
  const link = /^https?:\/\//.test(clause.url) ? ` · [source](${clause.url})` : '';
  return `${escapeMarkdown(clause.source)}, ${escapeMarkdown(clauseDate(clause))}${link}`;
}

/**
 * A clause in one paragraph: heading, the text quoted word for word, and where it comes from. One
 * paragraph rather than a heading, a block quote and a source line keeps the hover short.
 */
export function quoteClause(clause: Clause): string {
  return `**${escapeMarkdown(clause.heading)}**: “${escapeMarkdown(clause.text.replace(/\s+/g, ' ').trim())}” — ${attribution(clause)}`;
}

/** The clauses not quoted yet, each in one paragraph with the rules that report it. */
function quoteClauses(ids: readonly string[] | undefined, policy: Policy, shown: Set<string>): string[] {
  const out: string[] = [];
  for (const id of ids ?? []) {
    const clause = policy.clause(id);
    if (!clause || shown.has(id)) continue;
    shown.add(id);
    out.push(quoteClause(clause));
  }
  return out;
}

/**
 * What a procedure code is, in one line, and whether CPT text is in it: a licensed descriptor the
 * site gave claimlint; else the descriptor the payer's clause quotes (97124); else the pack's own
 * plain-words label, marked as claimlint's words. claimlint ships no other CPT descriptor text.
 */
function codeHead(code: string, policy: Policy, descriptors?: CptDescriptors): { text: string; cpt: boolean } {
  const c = escapeMarkdown(code);
  const licensed = descriptors?.get(normalizeCode(code));
  if (licensed) return { text: `**${c}** ${escapeMarkdown(capText(licensed, 300))} *(CPT descriptor from your licensed file)*`, cpt: true };
  const info = policy.procedure(code);
  if (info?.descriptor) {
    const source = info.descriptorSource ? `${info.descriptorSource}, quoted by ${policy.data.source}` : `quoted by ${policy.data.source}`;
    return { text: `**${c}** ${escapeMarkdown(info.descriptor)} *(${escapeMarkdown(source)})*`, cpt: true };
  }
  if (info?.label) return { text: `**${c}** ${escapeMarkdown(info.label)} *(claimlint’s words, not the CPT descriptor)*`, cpt: false };
  return { text: `**${c}**${info ? '' : ` — not named in the policy (${escapeMarkdown(policy.data.name)})`}`, cpt: false };
}

function procedureSection(code: string, policy: Policy, shown: ReadonlySet<string>, links: HoverLinks, descriptors?: CptDescriptors): string[] {
  const info = policy.procedure(code);
  const head = codeHead(code, policy, descriptors);
  const per = policy.limit('minutesPerUnit', 15);
  // What the policy says of 97124, in its words; not "15 minutes a unit", which it does not say.
  const timed = isTimed(code, policy)
    ? isMassage(code, policy)
      ? `timed; “${policy.limit('massageMinimumMinutes', per)} minutes must be spent … in order to report code ${escapeMarkdown(code)}”`
      : `timed: ${per}-minute units`
    : 'not timed';
  // The descriptor clause says what the head line already says.
  const others = (info?.clauses ?? []).filter((id) => !shown.has(id) && policy.clause(id) && !/descriptor/.test(id));
  const target = links.clauses(code);
  const count = `${others.length} ${shown.size > 0 ? 'more ' : ''}${others.length === 1 ? 'clause' : 'clauses'}`;
  const more = others.length === 0 ? '' : ` · ${target ? `[${count}](${target})` : `${count} in the policy`}`;
  return [`${head.text} · ${timed}${more}`, ...(head.cpt ? [`*${escapeMarkdown(CPT_NOTICE)}*`] : [])];
}

function modifierSection(modifier: string, code: string | undefined, policy: Policy, config: LintConfig, shown: Set<string>): string[] {
  const info = policy.modifier(modifier);
  const m = escapeMarkdown(modifier);
  const on = code ? ` on ${escapeMarkdown(code)}` : '';
  if (!info) return [`**Modifier ${m}**${on} — not named in the policy.`];
  let line = `**Modifier ${m}**${on} — ${escapeMarkdown(info.description)}`;
  if (/^X[ESPU]$/i.test(modifier)) {
    line += config.acceptXModifiers
      ? ' Accepted in place of 59 (`claimlint.acceptXModifiers` is on).'
      : ' Not accepted in place of 59 (`claimlint.acceptXModifiers` is off).';
  }
  return [line, ...quoteClauses(info.clauses, policy, shown)];
}

function minutesRange(units: number, code: string, policy: Policy, config: LintConfig): [number, number] {
  const per = policy.limit('minutesPerUnit', 15);
  // 97124 is whole 15-minute units under every mode, the CMS 8-minute rule included.
  const floor = config.timedRounding === 'strict-floor' || isMassage(code, policy);
  if (floor) return [units * per, units * per + per - 1];
  const min = policy.limit('minimumMinutes', 8);
  return [Math.max(min, units * per - (per - min)), units * per + (per - min)];
}

/** The minutes ↔ units arithmetic of a line, in one line. */
function unitsSection(claim: Claim, line: ServiceLine, policy: Policy, config: LintConfig): string[] {
  const basis = line.unitBasis?.value.toUpperCase() ?? '';
  const q = line.quantity?.value;
  const code = line.procedure?.code.value;
  const mode = `rounding \`${config.timedRounding}\``;
  const named = UNIT_BASIS_NAMES[basis];
  const billed = `${line.quantity ? escapeMarkdown(line.quantity.raw) : '?'} ${escapeMarkdown(named ? (q === 1 ? named.replace(/s$/, '') : named) : basis || 'units (no basis given)')}`;
  if (!code || !isTimed(code, policy)) {
    return [`${billed}${code ? `; ${escapeMarkdown(code)} is not a timed code, so its units do not come from minutes.` : '.'}`];
  }
  if (q === undefined || !Number.isFinite(q)) return [`${billed}: the quantity is not a number.`];
  if (basis === 'MJ') {
    const split = timedMinuteUnits(claim, policy, config.timedRounding).get(line);
    return [`${escapeMarkdown(explainMinutes(code, q, config.timedRounding, policy, split))} · ${mode}`];
  }
  if (!Number.isInteger(q) || q < 0) return [`${billed}: a timed code is billed in whole units · ${mode}`];
  const [lo, hi] = minutesRange(q, code, policy, config);
  const span = q === 0 ? `under ${hi + 1} minutes` : `${lo}–${hi} minutes`;
  return [`${q} ${q === 1 ? 'unit' : 'units'} of ${escapeMarkdown(code)} ← ${span} of service · ${mode}`];
}

function pointerSection(claim: Claim, pointer: number): string[] {
  const dx = claim.diagnoses.find((d) => d.sequence === pointer);
  if (!dx) return [`Diagnosis pointer **${pointer}** points at no diagnosis: the claim lists ${claim.diagnoses.length}.`];
  const q = dx.qualifier ? ` (${escapeMarkdown(dx.qualifier)}${/^A?BK$/i.test(dx.qualifier) ? ', principal' : ''})` : '';
  return [`Diagnosis pointer **${pointer}** → diagnosis ${dx.sequence}: **${escapeMarkdown(dx.code.value)}**${q}`];
}

/**
 * The clauses of the findings at the position, each quoted once. Only the words: the editor shows
 * the findings in the same hover, and each finding's message already names its clause's heading
 * and links its rule ("[HNS Policy: Time Based]", "claimlint(timed-units-minutes)").
 */
function findingClauses(findings: readonly Finding[], policy: Policy, shown: Set<string>): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const clause = f.clause ? policy.clause(f.clause) : undefined;
    if (!clause || shown.has(clause.id)) continue;
    shown.add(clause.id);
    out.push(`“${escapeMarkdown(clause.text.replace(/\s+/g, ' ').trim())}” — ${attribution(clause)}`);
  }
  return out;
}

/** The code's description from an imported set, naming the set: "**M5450** Low back pain, unspecified — *ICD-10-CM FY2024*". */
function codeSetSection(
  claim: Claim | undefined,
  line: ServiceLine | undefined,
  offset: number,
  codeSets: CodeSets,
  format: DocumentFormat,
): { text: string; span: Span } | undefined {
  const d = describeCodeAt(claim, line, offset, codeSets, format);
  if (!d) return undefined;
  const header = d.entry.billable ? '' : ' · a header, not billable';
  return { text: `**${escapeMarkdown(d.code)}** ${escapeMarkdown(d.entry.description)} — *${escapeMarkdown(d.set.info.name)}*${header}`, span: d.span };
}

function regionAt(claim: Claim | undefined, line: ServiceLine | undefined): X12Region {
  return line ? 'line' : claim ? 'claim' : 'header';
}

function x12Section(document: ClaimDocument, offset: number, region: X12Region): { text: string; span: Span } | undefined {
  const loc = x12LocationAt(document.text, offset);
  if (!loc) return undefined;
  const segmentText = document.text.slice(loc.segmentSpan.start, loc.segmentSpan.end);
  const separator = segmentText.charAt(loc.segmentId.length) || '*';
  const elements = segmentText.split(separator).map((e) => e.trim());
  const described = describeX12Element(loc.segmentId, elements, loc.elementIndex, loc.componentIndex, region, document.format);
  if (!described) return undefined;
  const span = loc.componentIndex > 0 ? loc.componentSpan : loc.elementSpan;
  return { text: formatX12Description(described), span };
}

/**
 * Hover content at an offset, short enough to read without scrolling: first the words of the
 * policy clause of any finding there (quoted once; the editor shows the finding itself, with its
 * clause's heading and its rule's link), then what the position points at — a procedure code's descriptor with the other clauses
 * behind one link, a modifier, the minutes ↔ units arithmetic in one line, a diagnosis pointer —
 * and last the X12 element's name and loop. Shows nothing from the claim beyond what the position
 * points at. Pure: no editor API.
 */
export function hoverAt(
  document: ClaimDocument,
  findings: readonly Finding[],
  offset: number,
  policy: Policy,
  config: LintConfig,
  links: HoverLinks = NO_LINKS,
  codeSets: CodeSets = CodeSets.EMPTY,
  descriptors?: CptDescriptors,
  /** On a massage code: which of the patient's visits its date is, over the history (IncrementalLinter.visitsAt), files by display name. */
  visits?: HoverVisits,
): HoverContent | null {
  const claim = document.claims.find((c) => inside(c.span, offset));
  const line = claim?.lines.find((l) => inside(l.span, offset));
  const shown = new Set<string>();
  const paragraphs: string[] = [];
  let span: Span | undefined;

  const here = findings.filter((f) => f.span.end > f.span.start && inside(f.span, offset));
  paragraphs.push(...findingClauses(here, policy, shown));

  const proc = line?.procedure;
  let onCode = false;
  if (claim && line) {
    const modifier = proc?.modifiers.find((m) => inside(m.span, offset));
    const pointer = line.diagnosisPointers.find((p) => inside(p.span, offset));
    if (proc && inside(proc.code.span, offset)) {
      // The patient's visits first (one visit, the one hovered, says nothing the line does not), then the code.
      if (visits && visits.visits.length > 1) paragraphs.push(visitsSection(visits));
      paragraphs.push(...procedureSection(proc.code.value, policy, shown, links, descriptors));
      span = proc.code.span;
      onCode = true;
    } else if (modifier) {
      paragraphs.push(...modifierSection(modifier.value, proc?.code.value, policy, config, shown));
      span = modifier.span;
    } else if (inside(line.unitBasis?.span, offset) || inside(line.quantity?.span, offset)) {
      paragraphs.push(...unitsSection(claim, line, policy, config));
      span = inside(line.unitBasis?.span, offset) ? line.unitBasis!.span : line.quantity!.span;
    } else if (pointer) {
      paragraphs.push(...pointerSection(claim, pointer.value));
      span = pointer.span;
    }
  }
  const described = codeSetSection(claim, line, offset, codeSets, document.format);
  if (described) {
    paragraphs.push(described.text);
    span ??= described.span;
  }

  // Over a code with a finding the descriptor already says what the element is; its name would
  // make the most common hover (a finding on 97124) scroll.
  if ((document.format === 'x12-837p' || document.format === 'x12-837i') && !(onCode && here.length > 0)) {
    const x12 = x12Section(document, offset, regionAt(claim, line));
    if (x12) {
      paragraphs.push(x12.text);
      span ??= x12.span;
    }
  }
  span ??= here[0]?.span;
  if (paragraphs.length === 0 || !span) return null;
  return { markdown: paragraphs.join('\n\n'), span };
}

/** A patient's visits for a hover: the one hovered (1-based) and each visit's date and file (undefined: this file). */
export interface HoverVisits {
  readonly visit: number;
  readonly visits: readonly { readonly date: string; readonly file?: string }[];
}

/** Visits listed in a hover before "…". */
const VISITS_SHOWN = 8;

/** "Visit 4 of 5 for this patient — 2019-06-01 in batch-0601.837, …, 2019-06-22 (this file)". */
function visitsSection(v: HoverVisits): string {
  const where = (x: HoverVisits['visits'][number]): string =>
    `${escapeMarkdown(x.date)} ${x.file === undefined ? '(this file)' : `in ${escapeMarkdown(x.file)}`}`;
  // The visits around the one hovered, when there are many.
  const from = Math.max(0, Math.min(v.visit - 1 - (VISITS_SHOWN >> 1), v.visits.length - VISITS_SHOWN));
  const shown = v.visits.slice(from, from + VISITS_SHOWN).map(where);
  if (from > 0) shown.unshift('…');
  if (from + VISITS_SHOWN < v.visits.length) shown.push('…');
  return `Visit ${v.visit} of ${v.visits.length} for this patient — ${shown.join(', ')}`;
}

/**
 * The page the hover's "clauses" link opens: every clause of the policy that governs a procedure
 * code (every clause of the policy without one), each with heading, the text word for word, source,
 * effective date and link, and the rules that report it. Markdown, for the editor's preview.
 */
export function policyPage(policy: Policy, code?: string, descriptors?: CptDescriptors): string {
  const info = code ? policy.procedure(code) : undefined;
  const ids = code ? (info?.clauses ?? []) : policy.clauses.map((c) => c.id);
  const title = code ? `${escapeMarkdown(code)}: what ${escapeMarkdown(policy.data.name)} says` : escapeMarkdown(policy.data.name);
  const out = [`# ${title}`];
  const head = code ? codeHead(code, policy, descriptors) : undefined;
  if (head && (info?.descriptor || info?.label || head.cpt)) out.push(head.text);
  if (ids.length === 0) out.push(`The policy names no clause for ${code ? escapeMarkdown(code) : 'any code'}.`);
  let quotesCpt = head?.cpt ?? false;
  for (const id of ids) {
    const clause = policy.clause(id);
    if (!clause) continue;
    if (/\bCPT\b/.test(clause.text) && /"[^"]+"/.test(clause.text)) quotesCpt = true;
    const rules = RULES.filter((r) => r.meta.clauses.includes(id)).map((r) => `\`${r.meta.id}\``);
    out.push(
      `## ${escapeMarkdown(clause.heading)}`,
      clause.text
        .split(/\r?\n/)
        .map((l) => `> ${escapeMarkdown(l)}`)
        .join('\n'),
      `${escapeMarkdown(clause.source)}, ${escapeMarkdown(clauseDate(clause))}${/^https?:\/\//.test(clause.url) ? ` · <${clause.url}>` : ''} · clause \`${clause.id}\`${rules.length ? ` · reported by ${rules.join(', ')}` : ''}`,
    );
  }
  if (quotesCpt) out.push(`*${escapeMarkdown(CPT_NOTICE)}*`);
  return out.join('\n\n') + '\n';
}
