import type { ClaimDocument, ClaimEditor } from './model/claim';
import type { Finding, ParseProblem, Severity } from './model/finding';
import { LineIndex } from './model/span';
import { resolveConfig, type LintConfig } from './config';
import { Policy } from './policy';
import { loadBuiltinPolicy } from './policy/loader';
import { RULES, RULES_BY_ID } from './rules';
import type { Report, Rule, RuleContext } from './rules/types';
import { detectContent } from './parsers/detect';
import { readX12 } from './parsers/x12';
import { readFhirJson } from './parsers/fhir-json';
import { readFhirXml } from './parsers/fhir-xml';

export interface LintOptions {
  readonly config?: Partial<LintConfig>;
  /** Defaults to the built-in HNS massage policy. */
  readonly policy?: Policy;
  /** Used only as a format hint when the content is ambiguous. */
  readonly fileName?: string;
}

export interface LintResult {
  readonly document: ClaimDocument;
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
}

/** An editor that declines every change (documents without a model). */
export const NO_EDITOR: ClaimEditor = {
  appendModifier: () => null,
  setUnits: () => null,
  setQuantity: () => null,
  removeLine: () => null,
};

/** Read a text into the claim model, choosing the reader by content. Never throws. */
export function parseDocument(text: string, fileName?: string): ClaimDocument {
  const kind = detectContent(text, fileName);
  switch (kind) {
    case 'x12':
      return readX12(text);
    case 'fhir-json':
      return readFhirJson(text);
    case 'fhir-xml':
      return readFhirXml(text);
    default:
      return unsupported(text, 'unknown', 'unknown');
  }
}

function unsupported(
  text: string,
  format: ClaimDocument['format'],
  messageId: string,
  data?: Record<string, string>,
): ClaimDocument {
  const problem: ParseProblem = { ruleId: 'format-unsupported', messageId, data, span: { start: 0, end: 0 } };
  return { format, text, claims: [], problems: [problem], editor: NO_EDITOR, outline: [] };
}

/** Fill `{{name}}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

function effectiveSeverity(rule: Rule, config: LintConfig): Severity | 'off' {
  return config.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
}

let builtin: Policy | undefined;
/** The built-in policy, loaded once. */
export function defaultPolicy(): Policy {
  return (builtin ??= loadBuiltinPolicy());
}

/** Lint a parsed document. Never throws: a rule that fails is reported as `rule-error`. */
export function lintDocument(document: ClaimDocument, options: Omit<LintOptions, 'fileName'> = {}): Finding[] {
  const config = resolveConfig(options.config);
  const policy = options.policy ?? defaultPolicy();
  const findings: Finding[] = [];

  const toFinding = (rule: Rule, severity: Severity, r: Report | ParseProblem, fixes: Finding['fixes']): Finding => {
    const clauseId = 'clause' in r && r.clause ? r.clause : rule.meta.clauses[0];
    const clause = clauseId ? policy.clause(clauseId) : undefined;
    const template = rule.meta.messages[r.messageId] ?? r.messageId;
    let message = formatMessage(template, r.data);
    if (clause) message += ` [${clause.source}: ${clause.heading}]`;
    return {
      ruleId: rule.meta.id,
      severity,
      messageId: r.messageId,
      message,
      data: { ...(r.data ?? {}) },
      clause: clause?.id,
      span: r.span,
      related: r.related ?? [],
      fixes,
    };
  };

  for (const p of document.problems) {
    const rule = RULES_BY_ID.get(p.ruleId);
    if (!rule) continue;
    const sev = effectiveSeverity(rule, config);
    if (sev === 'off') continue;
    findings.push(toFinding(rule, sev, p, p.fixes ?? []));
  }

  for (const rule of RULES) {
    if (rule.meta.source === 'reader' || (!rule.checkClaim && !rule.checkDocument)) continue;
    const sev = effectiveSeverity(rule, config);
    if (sev === 'off') continue;
    // A rule citing a clause the policy pack does not have does not apply to that policy.
    if (rule.meta.clauses.length > 0 && !rule.meta.clauses.some((c) => policy.clause(c))) continue;
    const own: Finding[] = [];
    const context: RuleContext = {
      document,
      policy,
      config,
      report(r) {
        const fixes = (r.fixes ?? [])
          .filter((f) => f.edits !== null && f.edits.length > 0)
          .map((f) => ({ title: f.title, kind: f.kind, edits: f.edits! }));
        own.push(toFinding(rule, sev, r, fixes));
      },
    };
    try {
      if (rule.checkClaim) for (const claim of document.claims) rule.checkClaim(claim, context);
      if (rule.checkDocument) rule.checkDocument(document.claims, context);
      findings.push(...own);
    } catch (err) {
      const crash = RULES_BY_ID.get('rule-error')!;
      const name = err instanceof Error ? err.name : 'Error';
      findings.push(
        toFinding(crash, crash.meta.defaultSeverity, { messageId: 'crashed', data: { rule: rule.meta.id, error: name }, span: { start: 0, end: 0 } }, []),
      );
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return findings;
}

/** Read and lint a text. Never throws. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const document = parseDocument(text, options.fileName);
  const findings = lintDocument(document, options);
  return { document, findings, lines: new LineIndex(text) };
}
