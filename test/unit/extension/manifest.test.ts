import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES, RULES_BY_ID } from '../../../src/core/rules';
import { REPO_ROOT } from '../repo-root';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

function setting(key: string): { markdownDescription: string; propertyNames?: { enum: string[] } } {
  for (const section of manifest.contributes.configuration) if (section.properties[key]) return section.properties[key];
  throw new Error(`${key} is not contributed`);
}

describe('package.json', () => {
  it('claimlint.rules offers exactly the registered rule ids (completion, and a warning in settings.json for others)', () => {
    assert.deepStrictEqual(
      setting('claimlint.rules').propertyNames?.enum,
      RULES.map((r) => r.meta.id),
    );
  });

  it("claimlint.rules' example names rules, not policy clauses", () => {
    const example = /Example: `(\{[^`]*\})`/.exec(setting('claimlint.rules').markdownDescription);
    assert.ok(example, 'the description has an example');
    for (const id of Object.keys(JSON.parse(example[1]))) assert.ok(RULES_BY_ID.has(id), `${id} is a rule`);
  });

  it('no setting key is a prefix of another (VS Code keeps settings as a tree by their dots and would drop one)', () => {
    const keys: string[] = manifest.contributes.configuration.flatMap((section: { properties: object }) => Object.keys(section.properties));
    const clashes = keys.flatMap((a) => keys.filter((b) => b.startsWith(`${a}.`)).map((b) => `${a} / ${b}`));
    assert.deepStrictEqual(clashes, []);
    assert.ok(keys.includes('claimlint.history.scope') && keys.includes('claimlint.history.include'));
  });

  it('the history settings: scope workspace by default, include and exclude empty lists of globs', () => {
    assert.deepStrictEqual(
      ['claimlint.history.scope', 'claimlint.history.include', 'claimlint.history.exclude'].map((k) => (setting(k) as { default?: unknown }).default),
      ['workspace', [], []],
    );
  });

  it('the restricted settings of an untrusted workspace are named in its description; the history settings are not restricted', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.deepStrictEqual(trust.restrictedConfigurations, ['claimlint.policy']);
    assert.match(trust.description, /claim files are still read for a patient's history/);
  });
});
