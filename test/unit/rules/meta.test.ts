import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FORMAT_RULES, POLICY_RULES, RULES, RULES_BY_ID, ruleDocPath } from '../../../src/core/rules';
import { loadBuiltinPolicy } from '../../../src/core/policy/loader';
import { ruleTable, updateReadme } from '../../../scripts/build-docs';
import { REPO_ROOT } from './helpers';

const RULE_DIR = path.join(REPO_ROOT, 'src', 'core', 'rules');
const EXPECTED_POLICY_RULES = [
  'cmt-modifier-59',
  'timed-units-minutes',
  'timed-under-minimum',
  'units-integer',
  'audit-multiple-units',
  'audit-visit-count',
  'diagnosis-linked',
  'not-medically-necessary',
  'max-two-modalities',
  'provider-qualified',
  'code-format',
  'therapy-reduction',
  'untimed-billed-in-minutes',
  'supervised-modality-units',
];
const EXPECTED_FORMAT_RULES = ['x12-diagnosis-codes', 'x12-diagnosis-pointers'];

describe('rules: meta', () => {
  it('registers exactly the fourteen policy rules and the two X12 format rules, each in its own file named after its id', () => {
    assert.deepStrictEqual(
      POLICY_RULES.map((r) => r.meta.id),
      EXPECTED_POLICY_RULES,
    );
    assert.deepStrictEqual(
      FORMAT_RULES.map((r) => r.meta.id),
      EXPECTED_FORMAT_RULES,
    );
    for (const id of [...EXPECTED_POLICY_RULES, ...EXPECTED_FORMAT_RULES]) assert.ok(fs.existsSync(path.join(RULE_DIR, `${id}.ts`)), id);
  });

  it('gives every format rule a claim check, no clause, and runs it on void claims too', () => {
    for (const rule of FORMAT_RULES) {
      const { meta } = rule;
      assert.ok(typeof rule.check === 'function' && meta.scope === 'claim', meta.id);
      assert.deepStrictEqual(meta.clauses, [], meta.id);
      assert.strictEqual(meta.checksVoidClaims, true, meta.id);
      assert.ok(meta.description.length > 20 && meta.description.endsWith('.'), meta.id);
    }
  });

  it('keeps every rule, reader rules included, in a file of its own named after its id, exporting it alone', () => {
    for (const rule of RULES) {
      const file = path.join(RULE_DIR, `${rule.meta.id}.ts`);
      assert.ok(fs.existsSync(file), rule.meta.id);
      const source = fs.readFileSync(file, 'utf8');
      assert.strictEqual((source.match(/^export const \w+: \w+Rule = \{/gm) ?? []).length, 1, `${rule.meta.id}: one rule in the file`);
      assert.ok(source.includes(`id: '${rule.meta.id}'`), rule.meta.id);
    }
  });

  it('declares a scope for every rule: claim or patient with a check, document without one', () => {
    for (const rule of RULES) {
      const { scope } = rule.meta;
      assert.ok(scope === 'claim' || scope === 'patient' || scope === 'document', rule.meta.id);
      assert.strictEqual('check' in rule, scope !== 'document', `${rule.meta.id}: a check exactly when the rule is not the reader's`);
    }
  });

  it('has unique ids, all reachable through RULES_BY_ID', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const id of ids) assert.strictEqual(RULES_BY_ID.get(id)?.meta.id, id);
    assert.match(ids.join(' '), /^[a-z0-9 -]+$/);
  });

  it('gives every policy rule a check, clauses, messages and suggestion-only fixes', () => {
    for (const rule of POLICY_RULES) {
      const { meta } = rule;
      assert.ok(typeof rule.check === 'function' && (meta.scope === 'claim' || meta.scope === 'patient'), meta.id);
      assert.ok(meta.clauses.length > 0, meta.id);
      assert.ok(Object.keys(meta.messages).length > 0, meta.id);
      assert.ok(
        meta.fixKinds.every((k) => k === 'suggestion'),
        `${meta.id}: policy fixes change what is billed`,
      );
      assert.ok(meta.description.length > 20 && meta.description.endsWith('.'), meta.id);
    }
  });

  it('uses every messageId it declares, and fixes exactly when it declares fix kinds', () => {
    for (const rule of [...POLICY_RULES, ...FORMAT_RULES]) {
      const source = fs.readFileSync(path.join(RULE_DIR, `${rule.meta.id}.ts`), 'utf8');
      const body = source.slice(source.indexOf('  check('));
      for (const id of Object.keys(rule.meta.messages)) {
        assert.ok(body.includes(`'${id}'`), `${rule.meta.id} never reports messageId ${id}`);
      }
      // The editor directly, or a shared fix builder handed the context (minutesFix).
      assert.strictEqual(/context\.editor\.|\w+Fix\([^)]*\bcontext\)/.test(body), rule.meta.fixKinds.length > 0, `${rule.meta.id}: fixKinds vs editor use`);
    }
  });

  it('cites only clauses the built-in policy has', () => {
    const policy = loadBuiltinPolicy();
    for (const rule of POLICY_RULES) for (const c of rule.meta.clauses) assert.ok(policy.clause(c), `${rule.meta.id}: ${c}`);
  });

  it('has a documentation page for every rule, reader rules included', () => {
    const policy = loadBuiltinPolicy();
    for (const rule of RULES) {
      const file = path.join(REPO_ROOT, ruleDocPath(rule.meta.id));
      assert.ok(fs.existsSync(file), `missing ${ruleDocPath(rule.meta.id)}`);
      const doc = fs.readFileSync(file, 'utf8');
      assert.ok(doc.startsWith(`# ${rule.meta.id}\n`), `${rule.meta.id}: title`);
      assert.ok(doc.includes('\n## Rule details\n'), `${rule.meta.id}: Rule details`);
      assert.ok(doc.includes(`- Default severity: \`${rule.meta.defaultSeverity}\``), `${rule.meta.id}: severity`);
      assert.ok(doc.includes(`- Scope: \`${rule.meta.scope}\``), `${rule.meta.id}: scope`);
      for (const c of rule.meta.clauses) {
        assert.ok(doc.includes(`\`${c}\``), `${rule.meta.id}: clause ${c}`);
        assert.ok(doc.includes(`> ${policy.clause(c)!.text}`), `${rule.meta.id}: quotes ${c}`);
      }
      for (const id of Object.keys(rule.meta.messages)) {
        if (rule.meta.scope === 'document') assert.ok(doc.includes(`\`${id}\``), `${rule.meta.id}: message id ${id}`);
      }
    }
    // Every page is a rule's, but the rule-authoring guide.
    const pages = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md') && f !== 'authoring.md');
    for (const page of pages) assert.ok(RULES_BY_ID.has(page.replace(/\.md$/, '')), `docs page for unknown rule ${page}`);
  });

  it('keeps the README rule table up to date (node out/scripts/build-docs.js rewrites it)', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.strictEqual(readme, updateReadme(readme), 'README.md rule table is out of date; run: npx tsc -p . && node out/scripts/build-docs.js');
    const table = ruleTable();
    for (const rule of RULES) assert.ok(table.includes(`[${rule.meta.id}](docs/rules/${rule.meta.id}.md)`), rule.meta.id);
  });
});
