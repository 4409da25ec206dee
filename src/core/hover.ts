import type { LintConfig } from './config';
import type { Claim, ClaimDocument, ServiceLine } from './model/claim';
import type { Finding } from './model/finding';
import type { Span } from './model/span';
import type { Clause, Policy } from './policy';
import { x12LocationAt } from './parsers/x12';
import { describeX12Element, formatX12Description, type X12Region } from './parsers/x12/dictionary';
import { explainMinutes, isMassage, isTimed } from './units';

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

/** Where a clause comes from: source, effective date and link. */
function attribution(clause: Clause): string {
  const link = /^https?:\/\//.test(clause.url) ? ` · [source](${clause.url})` : '';
  return `— ${escapeMarkdown(clause.source)}, effective ${clause.effectiveDate}${link}`;
}

/** A clause quoted word for word, with heading, and (unless left to a later clause of the same origin) source, effective date and link. */
export function quoteClause(clause: Clause, withAttribution = true): string {
  const quoted = clause.text
    .split(/\r?\n/)
    .map((l) => `> ${escapeMarkdown(l)}`)
    .join('\n');
  const body = `**${escapeMarkdown(clause.heading)}**\n\n${quoted}`;
  return withAttribution ? `${body}\n\n${attribution(clause)}` : body;
}

/**
 * The clauses not shown yet, quoted; clauses in a row with the same source, date and link share
 * one attribution line after the last of them, which keeps a hover over 97124 (nine clauses) short.
 */
function quoteClauses(ids: readonly string[] | undefined, policy: Policy, shown: Set<string>): string[] {
  const clauses: Clause[] = [];
  for (const id of ids ?? []) {
    const clause = policy.clause(id);
    if (!clause || shown.has(id)) continue;
    shown.add(id);
    clauses.push(clause);
  }
  return clauses.map((c, k) => quoteClause(c, k === clauses.length - 1 || attribution(clauses[k + 1]) !== attribution(c)));
}

function procedureSection(code: string, policy: Policy, shown: Set<string>): string[] {
  const info = policy.procedure(code);
  const c = escapeMarkdown(code);
  const head = info?.descriptor
    ? `**${c}** — ${escapeMarkdown(info.descriptor)}${info.descriptorSource ? ` *(${escapeMarkdown(info.descriptorSource)})*` : ''}`
    : `**${c}**${info ? '' : ` — not named in the policy (${escapeMarkdown(policy.data.name)})`}`;
  const per = policy.limit('minutesPerUnit', 15);
  const timed = isTimed(code, policy)
    ? `Timed: billed in ${per}-minute units${isMassage(code, policy) ? `; each unit needs a full ${policy.limit('massageMinimumMinutes', per)} minutes` : ''}.`
    : 'Not a timed code.';
  return [head, timed, ...quoteClauses(info?.clauses, policy, shown)];
}

function modifierSection(modifier: string, code: string | undefined, policy: Policy, config: LintConfig, shown: Set<string>): string[] {
  const info = policy.modifier(modifier);
  const m = escapeMarkdown(modifier);
  const on = code ? ` on ${escapeMarkdown(code)}` : '';
  if (!info) return [`**Modifier ${m}**${on} — not named in the policy.`];
  const lines = [`**Modifier ${m}**${on} — ${escapeMarkdown(info.description)}`];
  if (/^X[ESPU]$/i.test(modifier)) {
    lines.push(
      config.acceptXModifiers
        ? 'Accepted in place of 59 (`claimlint.acceptXModifiers` is on).'
        : 'Not accepted in place of 59 (`claimlint.acceptXModifiers` is off).',
    );
  }
  return [...lines, ...quoteClauses(info.clauses, policy, shown)];
}

function minutesRange(units: number, code: string, policy: Policy, config: LintConfig): [number, number] {
  const per = policy.limit('minutesPerUnit', 15);
  const floor = config.timedRounding === 'strict-floor' || (config.timedRounding === 'policy' && isMassage(code, policy));
  if (floor) return [units * per, units * per + per - 1];
  const min = policy.limit('minimumMinutes', 8);
  return [Math.max(min, units * per - (per - min)), units * per + (per - min)];
}

/** Timed minutes billed in MJ on the same date of the claim, for the CMS 8-minute rule. */
function dateTotalMinutes(claim: Claim, line: ServiceLine, policy: Policy): number | undefined {
  const date = line.serviceDate?.value ?? claim.serviceDate?.value;
  let total = 0;
  for (const l of claim.lines) {
    const d = l.serviceDate?.value ?? claim.serviceDate?.value;
    const q = l.quantity?.value;
    if (d !== date || l.unitBasis?.value.toUpperCase() !== 'MJ' || q === undefined || !Number.isFinite(q)) continue;
    if (isTimed(l.procedure?.code.value, policy)) total += q;
  }
  return total > 0 ? total : undefined;
}

function unitsSection(claim: Claim, line: ServiceLine, policy: Policy, config: LintConfig): string[] {
  const basis = line.unitBasis?.value.toUpperCase() ?? '';
  const q = line.quantity?.value;
  const code = line.procedure?.code.value;
  const one = line.quantity?.value === 1;
  const named = UNIT_BASIS_NAMES[basis];
  const basisName = named ? (one ? named.replace(/s$/, '') : named) : basis || 'units (no basis given)';
  const qty = line.quantity ? escapeMarkdown(line.quantity.raw) : '?';
  const head = `Billed: **${qty} ${escapeMarkdown(basisName)}**${basis ? ` (${escapeMarkdown(basis)})` : ''}`;
  const mode = `rounding: \`${config.timedRounding}\``;
  if (!code || !isTimed(code, policy)) {
    return [head, code ? `${escapeMarkdown(code)} is not a timed code; its units do not come from minutes.` : ''].filter(Boolean);
  }
  if (q === undefined || !Number.isFinite(q)) return [head, 'The quantity is not a number.'];
  if (basis === 'MJ') {
    const total = config.timedRounding === 'cms-8-minute' ? dateTotalMinutes(claim, line, policy) : undefined;
    return [head, `${escapeMarkdown(explainMinutes(code, q, config.timedRounding, policy, total))} (${mode}).`];
  }
  if (!Number.isInteger(q) || q < 0) return [head, `A timed code is billed in whole units (${mode}).`];
  const [lo, hi] = minutesRange(q, code, policy, config);
  const per = policy.limit('minutesPerUnit', 15);
  const span = q === 0 ? `under ${hi + 1} minutes` : `${lo}–${hi} minutes`;
  return [head, `${q} ${q === 1 ? 'unit' : 'units'} of ${escapeMarkdown(code)} ← ${span} of service, ${per} minutes per unit (${mode}).`];
}

function pointerSection(claim: Claim, pointer: number): string[] {
  const dx = claim.diagnoses.find((d) => d.sequence === pointer);
  if (!dx) return [`Diagnosis pointer **${pointer}** points at no diagnosis: the claim lists ${claim.diagnoses.length}.`];
  const q = dx.qualifier ? ` (${escapeMarkdown(dx.qualifier)}${/^A?BK$/i.test(dx.qualifier) ? ', principal' : ''})` : '';
  return [`Diagnosis pointer **${pointer}** → diagnosis ${dx.sequence}: **${escapeMarkdown(dx.code.value)}**${q}`];
}

function findingSection(f: Finding, policy: Policy, shown: Set<string>): string[] {
  const out = [`**${escapeMarkdown(f.ruleId)}** (${f.severity}): ${escapeMarkdown(f.message)}`];
  if (f.clause) out.push(...quoteClauses([f.clause], policy, shown));
  return out;
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
 * Hover content at an offset: what the policy says of the procedure code, modifier, units or
 * diagnosis pointer under the cursor, the X12 element's name and loop, and any finding there.
 * Shows nothing from the claim beyond what the position points at. Pure: no editor API.
 */
export function hoverAt(document: ClaimDocument, findings: readonly Finding[], offset: number, policy: Policy, config: LintConfig): HoverContent | null {
  const claim = document.claims.find((c) => inside(c.span, offset));
  const line = claim?.lines.find((l) => inside(l.span, offset));
  const shown = new Set<string>();
  const groups: string[][] = [];
  const sections: string[] = [];
  let span: Span | undefined;

  if (document.format === 'x12-837p' || document.format === 'x12-837i') {
    const x12 = x12Section(document, offset, regionAt(claim, line));
    if (x12) {
      groups.push([x12.text]);
      span = x12.span;
    }
  }

  const proc = line?.procedure;
  if (claim && line) {
    const modifier = proc?.modifiers.find((m) => inside(m.span, offset));
    const pointer = line.diagnosisPointers.find((p) => inside(p.span, offset));
    if (proc && inside(proc.code.span, offset)) {
      sections.push(...procedureSection(proc.code.value, policy, shown));
      span = proc.code.span;
    } else if (modifier) {
      sections.push(...modifierSection(modifier.value, proc?.code.value, policy, config, shown));
      span = modifier.span;
    } else if (inside(line.unitBasis?.span, offset) || inside(line.quantity?.span, offset)) {
      sections.push(...unitsSection(claim, line, policy, config));
      span = inside(line.unitBasis?.span, offset) ? line.unitBasis!.span : line.quantity!.span;
    } else if (pointer) {
      sections.push(...pointerSection(claim, pointer.value));
      span = pointer.span;
    }
  }

  if (sections.length > 0) groups.push(sections);

  const here = findings.filter((f) => f.span.end > f.span.start && inside(f.span, offset));
  for (const f of here) {
    groups.push(findingSection(f, policy, shown));
    span ??= f.span;
  }

  if (groups.length === 0 || !span) return null;
  return { markdown: groups.map((g) => g.join('\n\n')).join('\n\n---\n\n'), span };
}
