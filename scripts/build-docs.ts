/**
 * Generates the rule table in README.md (between `<!-- rules:start -->` and `<!-- rules:end -->`)
 * from the rule registry and the built-in policy, so the README never drifts from the rules.
 *
 *   npx tsc -p . && node out/scripts/build-docs.js          rewrite README.md
 *   npx tsc -p . && node out/scripts/build-docs.js --check  exit 1 when README.md is out of date
 *
 * The rules meta-test runs the same check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES, ruleDocPath } from '../src/core/rules';
import type { Rule } from '../src/core/rules/types';
import type { Policy } from '../src/core/policy';
import { loadBuiltinPolicy } from '../src/core/policy/loader';

export const START_MARKER = '<!-- rules:start -->';
export const END_MARKER = '<!-- rules:end -->';

/** The repository root: the nearest folder above `from` holding package.json and tsconfig.json (out/ may hold a copy of package.json). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!(fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'tsconfig.json')))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('The repository root (package.json) was not found.');
    dir = up;
  }
  return dir;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function fixCell(rule: Rule): string {
  if (rule.meta.fixKinds.length === 0) return '—';
  return rule.meta.fixKinds.join(', ');
}

function clauseCell(rule: Rule, policy: Policy): string {
  if (rule.meta.scope === 'document') return 'structure (reader)';
  if (rule.meta.clauses.length === 0 && rule.meta.codeSets)
    return `the imported code set (${rule.meta.codeSets.map((k) => (k === 'icd10cm' ? 'ICD-10-CM' : 'HCPCS')).join(', ')})`;
  if (rule.meta.clauses.length === 0) return 'X12 5010 form (no payer clause)';
  return rule.meta.clauses.map((id) => `${cell(policy.clause(id)?.heading ?? id)} (\`${id}\`)`).join('<br>');
}

/** The Markdown rule table: one row per registered rule, in registry order. */
export function ruleTable(policy: Policy = loadBuiltinPolicy()): string {
  const rows = RULES.map(
    (r) => `| [${r.meta.id}](${ruleDocPath(r.meta.id)}) | ${cell(r.meta.description)} | ${r.meta.defaultSeverity} | ${fixCell(r)} | ${clauseCell(r, policy)} |`,
  );
  return ['| Rule | Checks | Severity | Fix | Policy clause |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** README text with the block between the markers replaced by the generated table. */
export function updateReadme(readme: string, table: string = ruleTable()): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md must contain ${START_MARKER} followed by ${END_MARKER}.`);
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const block = `${START_MARKER}${eol}${table.replace(/\n/g, eol)}${eol}${END_MARKER}`;
  return readme.slice(0, start) + block + readme.slice(end + END_MARKER.length);
}

function main(argv: readonly string[]): number {
  const file = path.join(repoRoot(), 'README.md');
  const current = fs.readFileSync(file, 'utf8');
  const next = updateReadme(current);
  if (argv.includes('--check')) {
    if (current !== next) {
      process.stderr.write('README.md rule table is out of date; run: npx tsc -p . && node out/scripts/build-docs.js\n');
      return 1;
    }
    return 0;
  }
  if (current !== next) fs.writeFileSync(file, next);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
