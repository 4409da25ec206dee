import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROPERTIES } from './properties';
import { runProperties, type PropertyOutcome } from './runner';
import { REPO_ROOT, seedFiles } from './support';

/**
 * The long fuzz run (`npm run fuzz:long`): every property of the unit suite, ≥ 100,000 cases in
 * all (FUZZ_LONG_CASES), split by each property's weight, in a watched worker (a property that
 * stops producing inputs for FUZZ_HANG_MS, default 60 s, is reported as a hang with its input).
 * Prints cases, failures, time and the slowest input per property and in total.
 * `--readme` also writes the figures into docs/robustness.md between the robustness markers.
 * Exit code 0: no failure; 1: a property failed or hung.
 */

const START = '<!-- robustness:start -->';
const END = '<!-- robustness:end -->';

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

async function main(): Promise<number> {
  const total = Number(process.env.FUZZ_LONG_CASES) || 120000;
  const seed = Number.isInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const hangMs = Number(process.env.FUZZ_HANG_MS) || 60000;
  const weights = PROPERTIES.reduce((a, p) => a + p.weight, 0);
  const runs = Object.fromEntries(PROPERTIES.map((p) => [p.name, Math.ceil((total * p.weight) / weights)]));
  const planned = Object.values(runs).reduce((a, b) => a + b, 0);
  console.log(
    `claimlint long fuzz run: ${planned} cases over ${PROPERTIES.length} properties, seed ${seed}, ${seedFiles().length} seed files, node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const t0 = Date.now();
  const { outcomes, hang } = await runProperties({
    runs,
    seed,
    hangMs,
    // Shrinking a slow input re-runs it hundreds of times; give each property at most 10 minutes.
    timeLimitMs: Number(process.env.FUZZ_PROPERTY_LIMIT_MS) || 600000,
    onOutcome: (o) =>
      console.log(
        `${o.failed ? 'FAIL' : 'ok  '} ${String(o.cases).padStart(7)} cases ${String(o.lints).padStart(8)} lints ${(o.ms / 1000).toFixed(1).padStart(7)} s  slowest ${o.slowestMs.toFixed(1).padStart(7)} ms  ${o.name}`,
      ),
    onProgress: (name, inputs) => process.stderr.write(`  … ${inputs} inputs so far (${name})\n`),
  });
  const seconds = (Date.now() - t0) / 1000;
  const cases = outcomes.reduce((a, o) => a + o.cases, 0);
  const lints = outcomes.reduce((a, o) => a + o.lints, 0);
  const failed = outcomes.filter((o) => o.failed);
  const slowest = outcomes.reduce<PropertyOutcome | undefined>((a, o) => (!a || o.slowestMs > a.slowestMs ? o : a), undefined);

  for (const o of failed) console.log(`\n--- ${o.name}\n${o.message}`);
  if (hang) console.log(`\n--- HANG in "${hang.name}": no new input for ${hang.seconds} s; last input: ${hang.input}`);
  const summary = [
    `cases: ${cases} (${lints} lint runs, fixes re-linted included)`,
    `failures: ${failed.length + (hang ? 1 : 0)}${hang ? ' (one hang)' : ''}`,
    `time: ${seconds.toFixed(1)} s`,
    `slowest input: ${slowest ? `${slowest.slowestMs.toFixed(1)} ms — ${clip(slowest.slowest, 300)} (${slowest.name})` : 'n/a'}`,
  ];
  console.log('\n' + summary.join('\n'));

  if (process.argv.includes('--readme')) {
    const date = new Date().toISOString().slice(0, 10);
    const rows = outcomes.map(
      (o) => `| ${o.name} | ${o.cases.toLocaleString('en-US')} | ${o.failed ? 1 : 0} | ${(o.ms / 1000).toFixed(1)} s | ${o.slowestMs.toFixed(1)} ms |`,
    );
    const block = [
      START,
      `The long fuzz run (\`npm run fuzz:long\`, ${date}, seed ${seed}, node ${process.version}, ${os.cpus().length} shared CPUs): ` +
        `**${cases.toLocaleString('en-US')} cases, ${failed.length + (hang ? 1 : 0)} failures, ${seconds.toFixed(0)} s**; ` +
        `slowest single input ${slowest ? slowest.slowestMs.toFixed(0) : '?'} ms (${slowest ? clip(slowest.slowest.replace(/\|/g, '\\|'), 160) : ''}). ` +
        'What the properties check, the hostile inputs and the privacy checks: this page.',
      '',
      '| property | cases | failures | time | slowest input |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
      END,
    ].join('\n');
    const file = path.join(REPO_ROOT, 'docs', 'robustness.md');
    const readme = fs.readFileSync(file, 'utf8');
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    const next = a >= 0 && b > a ? readme.slice(0, a) + block + readme.slice(b + END.length) : readme.replace(/\n*$/, '\n\n') + block + '\n';
    fs.writeFileSync(file, next);
    console.log('docs/robustness.md: robustness figures written between the markers');
  }
  return failed.length > 0 || hang ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
