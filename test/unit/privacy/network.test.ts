import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../repo-root';

/**
 * Issue 6 §6: the shipped bundles never talk to the network. Claim files hold patient health
 * information; nothing in dist/ may load a network module or call a network API.
 *
 * The bundles are read as JavaScript syntax, not searched as text: they legitimately *mention*
 * "http"/"https" (URI scheme tables in fast-uri), `fetch(` (LRUCache's fetch method in glob's
 * dependencies), `require("ajv/…")` (code ajv generates, inside a string) and `import('./x.js')`
 * (JSDoc types), none of which loads anything. What is checked is code: calls of `require` and
 * `import()` with their module names, static imports, and free references to fetch, WebSocket,
 * XMLHttpRequest and EventSource.
 */

const NETWORK_MODULES = new Set(['http', 'https', 'net', 'tls', 'dgram', 'http2', 'undici', 'dns', 'inspector']);
const NETWORK_GLOBALS = new Set(['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

export interface NetworkUse {
  readonly what: string;
  readonly line: number;
}

/** Module names a bundle loads (`require("x")`, `import("x")`, `import … from "x"`), and whether any load is computed. */
export function scanBundle(code: string, file = 'bundle.js'): { modules: Set<string>; computed: number[]; network: NetworkUse[] } {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const modules = new Set<string>();
  const computed: number[] = [];
  const network: NetworkUse[] = [];
  const lineOf = (n: ts.Node): number => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const bare = (m: string): string => m.replace(/^node:/, '').split('/')[0];
  const load = (name: string, at: ts.Node): void => {
    modules.add(name);
    if (NETWORK_MODULES.has(bare(name))) network.push({ what: `loads "${name}"`, line: lineOf(at) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && /^(__)?require$/.test(callee.text);
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if (isRequire || isImport) {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) load(arg.text, node);
        else computed.push(lineOf(node));
      }
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      load(node.moduleSpecifier.text, node);
    }
    // A free reference to a network global (a call, `new`, or passing it on), or globalThis.fetch.
    if (ts.isIdentifier(node) && NETWORK_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isFunctionDeclaration(parent)) &&
          parent.name === node) ||
        ts.isParameter(parent) ||
        (ts.isVariableDeclaration(parent) && parent.name === node) ||
        ts.isBindingElement(parent);
      if (!isName) network.push({ what: `uses ${node.text}`, line: lineOf(node) });
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      NETWORK_GLOBALS.has(node.name.text) &&
      ts.isIdentifier(node.expression) &&
      GLOBAL_OBJECTS.has(node.expression.text)
    ) {
      network.push({ what: `uses ${node.expression.text}.${node.name.text}`, line: lineOf(node) });
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) && NETWORK_GLOBALS.has(node.argumentExpression.text)) {
      network.push({ what: `uses [${JSON.stringify(node.argumentExpression.text)}]`, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { modules, computed, network };
}

describe('privacy: no network in the bundles (issue 6 §6)', function () {
  this.timeout(120000);

  it('the scanner tells real network use from mere mentions', () => {
    const bad = [
      'require("https")',
      "require('node:net')",
      'const t = require(`tls`)',
      'import("undici")',
      'import x from "node:http2"',
      'require("dgram").createSocket("udp4")',
      'fetch("https://example.invalid")',
      'globalThis.fetch(u)',
      'new WebSocket(u)',
      'const X = XMLHttpRequest',
      'window["fetch"](u)',
      'require("http").request(o)',
    ];
    for (const code of bad) assert.ok(scanBundle(code).network.length > 0, `missed: ${code}`);
    const fine = [
      'const s = "require(\\"https\\")"',
      '// fetch(url) and require("net")',
      '/** @param {import("http").Agent} a */ function f(a) {}',
      'class C { async fetch(k) { return this.fetch(k); } }',
      'const o = { fetch: 1, WebSocket: 2 }; o.fetch; o.WebSocket',
      'const schemes = ["http", "https", "ws"]',
      'item.net.value',
      'require("fs"); require("node:path")',
    ];
    for (const code of fine) assert.deepStrictEqual(scanBundle(code).network, [], `false alarm: ${code}`);
  });

  it('dist/cli.js and dist/extension.js, built by `node esbuild.js`, load no network module and call no network API', () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 90000 });
    const bundles = ['cli.js', 'extension.js'].map((f) => path.join(REPO_ROOT, 'dist', f)).filter((f) => fs.existsSync(f));
    assert.ok(bundles.length > 0, 'no bundle in dist/');
    for (const file of bundles) {
      const { modules, computed, network } = scanBundle(fs.readFileSync(file, 'utf8'), file);
      assert.deepStrictEqual(network, [], `${path.basename(file)}: ${network.map((n) => `${n.what} at line ${n.line}`).join('; ')}`);
      // A computed module name could load anything; there should be none to review.
      assert.deepStrictEqual(computed, [], `${path.basename(file)}: require/import with a computed name at lines ${computed.join(', ')}`);
      assert.ok(modules.size > 0, `${path.basename(file)}: no module loads found (scanner broken?)`);
    }
  });
});
