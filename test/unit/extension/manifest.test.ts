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
});
