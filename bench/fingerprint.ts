/**
 * A fingerprint of everything the engine reports, for refactors that must not change behaviour:
 * the findings (every field, fixes included) of every fixture, sample, corpus file, generated
 * batch and fuzz-generated input, under several configurations, through the batch lint and the
 * editor's incremental linter (a first lint, then a seeded series of edits, each compared with
 * nothing but its own result). Prints one sha256 per group and one over all; `--out FILE` also
 * writes a line per input, so two runs can be diffed to find the input that differs.
 *
 *   npx tsc -p . && node out/bench/fingerprint.js [--out /tmp/before.txt] [--quick]
 *
 * Findings are hashed with their keys sorted, so the order an object's fields were set in does not
 * count; everything else does (order of findings, spans, messages, data, fixes).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { capFindings, lint, type LintOptions } from '../src/core/engine';
import { IncrementalLinter } from '../src/core/incremental';
import type { LintConfig } from '../src/core/config';
import { generate837, generateFhirBundle, rng } from './generate';
import { renderedArb, renderedFhirArb } from '../test/unit/fuzz/generators';
import { applyMutations, mutationsArb } from '../test/unit/fuzz/mutations';

const ROOT = path.resolve(__dirname, '../..');
const SHARED = path.resolve(ROOT, '../shared');

const CONFIGS: Readonly<Record<string, Partial<LintConfig>>> = {
  default: {},
  cms: { timedRounding: 'cms-8-minute' },
  floor: { timedRounding: 'strict-floor', acceptXModifiers: true },
  overrides: { acceptXModifiers: true, rules: { 'audit-visit-count': 'error', 'code-format': 'off', 'therapy-reduction': 'warning', 'x12-envelope': 'info' } },
};

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return `#${String(v)}`;
    return v;
  });
}

function sha(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (!/\.(md|txt)$/i.test(e.name) || /corpus/.test(p)) out.push(p);
  }
  return out;
}

interface Input {
  readonly name: string;
  readonly text: string;
  readonly fileName?: string;
}

function fileInputs(): Input[] {
  const files = [
    ...walk(path.join(ROOT, 'test/fixtures')),
    ...walk(path.join(ROOT, 'test/integration/workspace')),
    ...walk(path.join(ROOT, 'samples')),
    ...walk(path.join(SHARED, 'corpus')),
  ];
  return files.map((f) => ({
    name: f.startsWith(SHARED) ? `shared/${path.relative(SHARED, f)}` : path.relative(ROOT, f),
    text: fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, ''),
    fileName: f,
  }));
}

function generatedInputs(quick: boolean): Input[] {
  const out: Input[] = [
    { name: 'generated:837-200k', text: generate837(200_000, 11) },
    { name: 'generated:837-2m', text: generate837(quick ? 300_000 : 2_000_000, 12) },
    { name: 'generated:fhir-300k', text: generateFhirBundle(300_000, 13), fileName: 'bundle.json' },
  ];
  const n = quick ? 60 : 400;
  fc.sample(renderedArb({ withErrors: true }), { seed: 101, numRuns: n }).forEach((r, i) => out.push({ name: `fuzz:x12:${i}`, text: r.text }));
  fc.sample(renderedArb({ variant: 'I' }), { seed: 102, numRuns: n / 4 }).forEach((r, i) => out.push({ name: `fuzz:x12i:${i}`, text: r.text }));
  fc.sample(renderedFhirArb(), { seed: 103, numRuns: n / 2 }).forEach((r, i) =>
    out.push({ name: `fuzz:fhir:${i}`, text: r.text, fileName: r.layout.encoding === 'xml' ? 'c.xml' : 'c.json' }),
  );
  const seeds = fileInputs().filter((f) => /\.(837p?|837i|x12|edi)$/i.test(f.name));
  const mutations = fc.sample(mutationsArb(4), { seed: 104, numRuns: n });
  mutations.forEach((m, i) => {
    const base = seeds[i % seeds.length];
    out.push({ name: `mutated:${i}:${path.basename(base.name)}`, text: applyMutations(Buffer.from(base.text, 'latin1'), m).toString('latin1') });
  });
  return out;
}

/** A seeded series of small edits (inside the text, one to three characters), each applied to the text the last left. */
function edits(text: string, seed: number, count: number): { offset: number; length: number; text: string }[] {
  const r = rng(seed);
  const out: { offset: number; length: number; text: string }[] = [];
  let length = text.length;
  const alphabet = ['1', '5', '9', 'A', '*', ':', '~', '\n', '', 'M', '.'];
  for (let k = 0; k < count && length > 0; k++) {
    const offset = Math.floor(r() * length);
    const del = Math.min(length - offset, Math.floor(r() * 3));
    const ins = alphabet[Math.floor(r() * alphabet.length)];
    out.push({ offset, length: del, text: ins });
    length += ins.length - del;
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const outAt = args.indexOf('--out');
  const lines: string[] = [];
  const groups = new Map<string, crypto.Hash>();
  const add = (group: string, name: string, value: unknown): void => {
    const h = sha(stable(value));
    lines.push(`${group}\t${name}\t${h}`);
    let g = groups.get(group);
    if (!g) groups.set(group, (g = crypto.createHash('sha256')));
    g.update(`${name}\t${h}\n`);
  };
  const files = fileInputs();
  const inputs = [...files, ...generatedInputs(quick)];
  const t0 = Date.now();
  for (const [configName, config] of Object.entries(CONFIGS)) {
    for (const input of inputs) {
      const options: LintOptions = { config, fileName: input.fileName };
      const r = lint(input.text, options);
      add(`lint:${configName}`, input.name, { format: r.document.format, findings: r.findings });
      add(`capped:${configName}`, input.name, capFindings(lint(input.text, options).findings, 3));
      const first = new IncrementalLinter(options).lint(input.text).findings;
      add(`incremental-first:${configName}`, input.name, configName === 'overrides' ? capFindings(first, 5) : first);
    }
  }
  // Edits through the incremental linter, on the files and the smaller generated inputs; each
  // result is also compared with a full lint of the same text (what the incremental linter promises).
  const editable = inputs.filter((i) => i.text.length < 400_000 && !i.name.startsWith('mutated:'));
  let updates = 0;
  let local = 0;
  const differ: string[] = [];
  editable.forEach((input, k) => {
    const options = { config: k % 2 ? CONFIGS.cms : {}, fileName: input.fileName };
    const inc = new IncrementalLinter(options);
    let text = input.text;
    inc.lint(text);
    const series = edits(text, 1000 + k, quick ? 4 : 12);
    const seen: unknown[] = [];
    for (const e of series) {
      text = text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
      const r = inc.update(text, [e]);
      updates++;
      if (r.incremental) local++;
      if (stable(r.findings) !== stable(lint(text, options).findings)) differ.push(`${input.name}@${updates}`);
      seen.push(r.findings);
    }
    add('incremental-edits', input.name, seen);
  });
  const all = crypto.createHash('sha256');
  for (const [group, h] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const digest = h.digest('hex');
    all.update(`${group}\t${digest}\n`);
    console.log(`${group.padEnd(28)} ${digest}`);
  }
  console.log(`${'all'.padEnd(28)} ${all.digest('hex')}  (${inputs.length} inputs, ${Object.keys(CONFIGS).length} configurations, ${Date.now() - t0} ms)`);
  console.log(
    `incremental edits: ${updates}, checked locally: ${local}, different from a full lint: ${differ.length}${differ.length ? ` (${differ.slice(0, 5).join(', ')} …)` : ''}`,
  );
  if (outAt >= 0) fs.writeFileSync(args[outAt + 1], lines.join('\n') + '\n');
}

main();
