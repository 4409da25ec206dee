#!/usr/bin/env node
// Lists the contents of the packaged .vsix and fails if anything that must not ship is inside
// (sources, tests, compiled tests, dependencies, source maps), or if the bundle is missing.
//   node scripts/check-vsix.js [file.vsix]     (default: <name>-<version>.vsix in the repository root)
// A .vsix is a zip; the central directory at its end lists every entry, so no unzip tool is needed.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const file = path.resolve(process.argv[2] || path.join(root, `${pkg.name}-${pkg.version}.vsix`));

const FORBIDDEN = [
  [/^extension\/src\//, 'sources'],
  [/^extension\/test\//, 'tests'],
  [/^extension\/out\//, 'compiled sources and tests'],
  [/(^|\/)node_modules\//, 'dependencies (the bundle must be self-contained)'],
  [/^extension\/\.vscode-test-server\//, 'the test server'],
  [/\.map$/, 'source maps (package with --production)'],
  [/\.ts$/, 'TypeScript sources'],
  [/^extension\/docs\/(performance|robustness|testing)\.md$/, 'developer docs (the .vsix carries user docs only)'],
  [/^extension\/bench\//, 'benchmarks'],
  [/^extension\/(samples|scripts)\//, 'samples and scripts'],
];
// vsce renames README.md and CHANGELOG.md to lower case and LICENSE to LICENSE.txt
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  // the claim view's page loads these two and nothing else
  'extension/media/claim-view.css',
  'extension/media/claim-view.js',
  // user docs the README and the extension open
  'extension/docs/extension.md',
  'extension/docs/cli.md',
  'extension/docs/fhir.md',
  'extension/docs/code-sets.md',
  // the README's screenshots
  ...['problems', 'hover', 'quick-fix', 'txt', 'claim-view'].map((s) => `extension/media/screenshot-${s}.png`),
  // every rule's page (diagnostics and Show Rule Documentation open them)
  ...fs.readdirSync(path.join(root, 'docs', 'rules')).map((f) => `extension/docs/rules/${f}`),
];

/** Entry names and sizes from the zip's central directory. */
function listZip(buf) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

if (!fs.existsSync(file)) {
  console.error(`check-vsix: ${path.relative(root, file)} not found (run \`npm run package\`)`);
  process.exit(1);
}
const entries = listZip(fs.readFileSync(file));
const problems = [];
console.log(`${path.relative(root, file) || file}: ${entries.length} files`);
for (const e of entries) {
  const hit = FORBIDDEN.find(([re]) => re.test(e.name));
  console.log(`  ${String(e.size).padStart(9)}  ${e.name}${hit ? `   <-- ${hit[1]}` : ''}`);
  if (hit) problems.push(`${e.name}: ${hit[1]}`);
}
const names = new Set(entries.map((e) => e.name));
for (const r of REQUIRED) if (!names.has(r)) problems.push(`${r} is missing`);

if (problems.length) {
  console.error(`\ncheck-vsix: ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('check-vsix: ok (user docs only; no src/, test/, out/, node_modules/ or source maps)');
