import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Module specifiers of every import, export-from and require in a TypeScript source. */
function imports(text: string): string[] {
  const out: string[] = [];
  const re =
    /\b(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

describe('architecture', () => {
  const core = sources(path.join(ROOT, 'src/core'));

  it('finds the core sources', () => {
    assert.ok(core.length > 20);
    assert.ok(imports("import type { X } from './a';\nimport * as b from \"b\";\nconst c = require('c');").join() === './a,b,c');
  });

  it('src/core imports nothing from vscode, the extension or the CLI', () => {
    const bad = core.flatMap((file) =>
      imports(fs.readFileSync(file, 'utf8'))
        .filter((m) => m === 'vscode' || /(^|\/)(extension|cli)(\/|$)/.test(m))
        .map((m) => `${path.relative(ROOT, file)}: ${m}`),
    );
    assert.deepStrictEqual(bad, []);
  });

  it('src/core uses no network or child-process module', () => {
    const banned = /^(node:)?(http|https|http2|net|tls|dgram|dns|child_process)$/;
    const bad = core.flatMap((file) =>
      imports(fs.readFileSync(file, 'utf8'))
        .filter((m) => banned.test(m))
        .map((m) => `${path.relative(ROOT, file)}: ${m}`),
    );
    assert.deepStrictEqual(bad, []);
  });
});
