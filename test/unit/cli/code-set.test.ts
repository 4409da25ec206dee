import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCliArgs } from '../../../src/cli/args';
import { lintFilesInParallel } from '../../../src/cli/parallel';
import { codeSetsToData } from '../../../src/core/codesets';
import { fixtureCodeSets } from '../codesets/helpers';
import { REPO, runCli, tempDir } from './helpers';

const FY2024 = 'test/fixtures/codesets/icd10cm_order_2024.txt';
const FY2025 = 'test/fixtures/codesets/icd10cm-order-2025.txt';
const HEADER = 'test/fixtures/rules/diagnosis-header-and-unknown-fy2024.837';
const SWAPPED = 'test/fixtures/rules/diagnosis-across-fiscal-years-swapped.837';

interface JsonFinding {
  ruleId: string;
  message: string;
}

/** [kind, code, set] of each diagnosis-in-code-set finding of a JSON report, read from its message. */
function codeSetFindings(stdout: string): [string, string, string][] {
  const files = JSON.parse(stdout) as { findings: JsonFinding[] }[];
  return files.flatMap((f) =>
    f.findings
      .filter((x) => x.ruleId === 'diagnosis-in-code-set')
      .map((x): [string, string, string] => {
        const m = /^Diagnosis (\S+) is (a header in|not a code of) (ICD-10-CM FY\d{4})/.exec(x.message);
        assert.ok(m, x.message);
        return [m[2] === 'a header in' ? 'header' : 'notInSet', m[1], m[3]];
      }),
  );
}

describe('cli: --code-set', () => {
  it('parses repeated --code-set options, with the year before "=" when given', () => {
    assert.deepEqual(parseCliArgs(['--code-set', 'a.txt', '--code-set', '2025=dx codes.txt', 'c.837']).codeSets, [
      { file: 'a.txt' },
      { file: 'dx codes.txt', year: 2025 },
    ]);
    assert.deepEqual(parseCliArgs(['c.837']).codeSets, []);
    assert.throws(() => parseCliArgs(['--code-set', '', 'c.837']), /^UsageError: --code-set needs a file name, e\.g\. --code-set icd10cm_order_2025\.txt\.$/);
    assert.throws(() => parseCliArgs(['--code-set', '2025=', 'c.837']), /--code-set needs a file name/);
    assert.throws(() => parseCliArgs(['c.837', '--code-set']), /^UsageError: --code-set needs a value\.$/);
  });

  it('--help names the option', async () => {
    assert.match((await runCli(['--help'])).stdout, /\n {2}--code-set \[<year>=\]<file> {3}Check diagnoses against an ICD-10-CM order or codes file/);
  });

  it('checks diagnoses against the imported set: a header and an unknown code are errors naming the fiscal year', async () => {
    const r = await runCli(['--format', 'json', '--code-set', FY2024, HEADER]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    assert.deepEqual(codeSetFindings(r.stdout), [
      ['header', 'M545', 'ICD-10-CM FY2024'],
      ['notInSet', 'E66811', 'ICD-10-CM FY2024'],
    ]);
    const text = await runCli(['--code-set', FY2024, HEADER]);
    assert.match(
      text.stdout,
      /19:8 +error {2}Diagnosis M545 is a header in ICD-10-CM FY2024 \(Low back pain\), not a billable code: bill one of the more specific codes under it\. +diagnosis-in-code-set/,
    );
  });

  it('without --code-set the rule does not run', async () => {
    const r = await runCli(['--format', 'json', HEADER]);
    assert.deepEqual(codeSetFindings(r.stdout), []);
  });

  it('several years: each line is checked against the set for its date of service', async () => {
    const r = await runCli(['--format', 'json', '--code-set', FY2024, '--code-set', FY2025, SWAPPED]);
    assert.deepEqual(codeSetFindings(r.stdout), [
      ['notInSet', 'E66811', 'ICD-10-CM FY2024'],
      ['header', 'E668', 'ICD-10-CM FY2025'],
    ]);
  });

  it('a renamed file needs its year; a file that is not a code set is a usage error naming it, and nothing is linted', async () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.copyFileSync(path.join(REPO, FY2025), path.join(dir, 'diagnoses.txt'));
      const named = await runCli(['--format', 'json', '--code-set', '2025=diagnoses.txt', path.join(REPO, SWAPPED)], { cwd: dir });
      assert.equal(named.stderr, '');
      assert.deepEqual(codeSetFindings(named.stdout), [['header', 'E668', 'ICD-10-CM FY2025']]);
      const unnamed = await runCli(['--code-set', 'diagnoses.txt', path.join(REPO, SWAPPED)], { cwd: dir });
      assert.deepEqual(unnamed, {
        code: 2,
        stdout: '',
        stderr:
          'claimlint: The code set diagnoses.txt cannot be used: The file name does not say which fiscal year the set is for (the official names do, e.g. icd10cm_order_2024.txt); give it before the file name, e.g. --code-set 2024=diagnoses.txt.\n',
      });
    } finally {
      cleanup();
    }
    const claim = await runCli(['--code-set', HEADER, HEADER]);
    assert.deepEqual(claim, { code: 2, stdout: '', stderr: `claimlint: The code set ${HEADER} cannot be used: This is a claim file, not a code set.\n` });
    const missing = await runCli(['--code-set', 'no-such-file.txt', HEADER]);
    assert.equal(missing.stderr, 'claimlint: The code set no-such-file.txt cannot be used: The file cannot be read.\n');
    assert.equal(missing.code, 2);
  });

  it('a FIFO or a device given as --code-set is refused at once, before anything is linted', async function () {
    if (process.platform === 'win32') this.skip();
    const { dir, cleanup } = tempDir();
    try {
      assert.equal(spawnSync('mkfifo', [path.join(dir, 'icd10cm_order_2024.txt')]).status, 0, 'mkfifo');
      const r = await runCli(['--code-set', 'icd10cm_order_2024.txt', '--code-set', '2024=/dev/zero', path.join(REPO, HEADER)], { cwd: dir });
      assert.deepEqual(r, {
        code: 2,
        stdout: '',
        stderr:
          'claimlint: The code set icd10cm_order_2024.txt cannot be used: This is not a regular file (a folder, a FIFO or a device), so it was not read.\n',
      });
      const device = await runCli(['--code-set', '2024=/dev/zero', path.join(REPO, HEADER)], { cwd: dir });
      assert.match(device.stderr, /^claimlint: The code set \/dev\/zero cannot be used: This is not a regular file/);
    } finally {
      cleanup();
    }
  });

  it('worker threads get the sets as data and report the same as one thread', async () => {
    const codeSets = await fixtureCodeSets();
    const jobs = [HEADER, SWAPPED, 'test/fixtures/fhir/diagnosis-header-and-unknown.json'].map((f) => ({ path: path.join(REPO, f) }));
    const pooled = await lintFilesInParallel(jobs, { threads: 2, minBytes: 0, codeSets: codeSetsToData(codeSets) });
    const local = await lintFilesInParallel(jobs, { threads: 1, codeSets: codeSetsToData(codeSets) });
    assert.deepEqual(pooled, local);
    assert.equal(pooled.flatMap((r) => r.findings).filter((f) => f.ruleId === 'diagnosis-in-code-set').length, 6);
  });
});
