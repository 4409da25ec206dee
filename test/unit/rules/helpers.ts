import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint, type LintResult } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/fixes';
import type { LintConfig } from '../../../src/core/config';
import type { Finding } from '../../../src/core/model/finding';
import { LineIndex, type Range, type Span } from '../../../src/core/model/span';
import { REPO_ROOT } from '../repo-root';

export { REPO_ROOT };

/** /work/shared sits next to the repository. */
export const SHARED_ROOT = path.resolve(REPO_ROOT, '..', 'shared');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', name), 'utf8');
}

/** A FHIR fixture (test/fixtures/fhir). */
export function fhirText(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'fhir', name), 'utf8');
}

export interface Linted extends LintResult {
  readonly text: string;
}

export function lintText(text: string, config?: Partial<LintConfig>, fileName = 'claim.837'): Linted {
  return { ...lint(text, { config, fileName }), text };
}

export function lintFixture(name: string, config?: Partial<LintConfig>): Linted {
  return lintText(fixtureText(name), config, name);
}

export function findingsOf(result: LintResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** Span of `needle` inside the first line of `text` that contains `anchor` (the nth such line, 0-based). */
export function spanIn(text: string, anchor: string, needle: string, nth = 0): Span {
  let from = -1;
  for (let k = 0; k <= nth; k++) {
    from = text.indexOf(anchor, from + 1);
    assert.ok(from >= 0, `anchor ${anchor} #${k} not in text`);
  }
  const lineStart = text.lastIndexOf('\n', from) + 1;
  const start = text.indexOf(needle, lineStart);
  assert.ok(start >= 0 && start < text.indexOf('\n', from), `${needle} not on the line of ${anchor}`);
  return { start, end: start + needle.length };
}

export function rangeOf(text: string, span: Span): Range {
  return new LineIndex(text).rangeOf(span);
}

/** Range from 0-based line/character pairs. */
export function range(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

/** No x12-syntax / x12-envelope / rule-error finding: the fixture (or fixed text) is well formed. */
export function assertWellFormed(result: LintResult): void {
  const bad = result.findings.filter((f) => ['x12-syntax', 'x12-envelope', 'x12-delimiters', 'rule-error'].includes(f.ruleId));
  assert.deepStrictEqual(
    bad.map((f) => `${f.ruleId}:${f.messageId}`),
    [],
  );
}

/**
 * Apply the finding's only fix, check the exact fixed text, re-lint and check that the rule
 * reports `fixed` findings fewer (1 unless the fix mends several lines at once) and that the
 * envelope is still right. Returns the re-lint result.
 */
export function assertFix(before: Linted, finding: Finding, expectedText: string, config?: Partial<LintConfig>, fixed = 1): Linted {
  assert.strictEqual(finding.fixes.length, 1, 'one fix expected');
  const fix = finding.fixes[0];
  assert.strictEqual(fix.kind, 'suggestion');
  const { text, applied } = applyEdits(before.text, fix.edits);
  assert.strictEqual(applied.length, fix.edits.length, 'every edit applies');
  assert.strictEqual(text, expectedText);
  const after = lintText(text, config);
  assertWellFormed(after);
  assert.strictEqual(findingsOf(after, finding.ruleId).length, findingsOf(before, finding.ruleId).length - fixed);
  assert.ok(!findingsOf(after, finding.ruleId).some((f) => f.messageId === finding.messageId && f.span.start === finding.span.start), 'the finding is gone');
  return after;
}

/** Replace the one occurrence of `from` (which must occur exactly once). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `${from} must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The X12 fixture `<base>.837` (test/fixtures/rules) and its FHIR JSON and XML twins (test/fixtures/fhir), each linted. */
export function lintEveryFormat(base: string, config?: Partial<LintConfig>, fhirBase = base): { readonly format: string; readonly r: Linted }[] {
  return [
    { format: 'x12', r: lintFixture(`${base}.837`, config) },
    { format: 'json', r: lintText(fhirText(`${fhirBase}.json`), config, `${fhirBase}.json`) },
    { format: 'xml', r: lintText(fhirText(`${fhirBase}.xml`), config, `${fhirBase}.xml`) },
  ];
}

const EVERY_SETTING: readonly Partial<LintConfig>[] = (['policy', 'cms-8-minute', 'strict-floor'] as const).flatMap((timedRounding) =>
  [false, true].map((acceptXModifiers) => ({ timedRounding, acceptXModifiers })),
);

/**
 * Apply the finding's only fix (any format), re-lint: the document is still well formed, the rule
 * reports `fixed` findings fewer, and under every setting (each timed rounding, X modifiers on and
 * off) no kind of error is reported more often than before the fix. Returns the fixed text.
 */
export function assertFixSafe(before: Linted, finding: Finding, config?: Partial<LintConfig>, fixed = 1, fileName = 'claim.837'): string {
  assert.strictEqual(finding.fixes.length, 1, 'one fix expected');
  const { text, applied } = applyEdits(before.text, finding.fixes[0].edits);
  assert.strictEqual(applied.length, finding.fixes[0].edits.length, 'every edit applies');
  const after = lintText(text, config, fileName);
  assertWellFormed(after);
  assert.strictEqual(findingsOf(after, finding.ruleId).length, findingsOf(before, finding.ruleId).length - fixed, `${fileName}: findings of ${finding.ruleId}`);
  const errors = (r: LintResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of r.findings) if (f.severity === 'error') m.set(`${f.ruleId}/${f.messageId}`, (m.get(`${f.ruleId}/${f.messageId}`) ?? 0) + 1);
    return m;
  };
  for (const setting of EVERY_SETTING) {
    const was = errors(lintText(before.text, setting, fileName));
    for (const [kind, n] of errors(lintText(text, setting, fileName))) {
      assert.ok(n <= (was.get(kind) ?? 0), `${fileName}: after the fix, ${n} × ${kind} under ${JSON.stringify(setting)} (${was.get(kind) ?? 0} before)`);
    }
  }
  return text;
}
