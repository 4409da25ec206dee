import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../src/core/rules';
import { REPO, runCli, tempDir } from './helpers';

const sample = (name: string): string => fs.readFileSync(path.join(REPO, 'samples', name), 'utf8');
const fixture = (name: string): string => fs.readFileSync(path.join(REPO, 'test/fixtures/fhir', name), 'utf8');
const files = (json: string): string[] => JSON.parse(json).map((f: { file: string }) => f.file);

describe('cli: claim files found by content in walks and globs (issue 17 §1, §6)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  function lay(entries: Record<string, string>): void {
    for (const [name, text] of Object.entries(entries)) {
      fs.mkdirSync(path.dirname(path.join(t.dir, name)), { recursive: true });
      fs.writeFileSync(path.join(t.dir, name), text);
    }
  }

  it('a walk lints .txt, .dat and extension-less claims and says how many such files it skipped', async () => {
    lay({
      'claim.txt': sample('chiro-massage-with-59.837'),
      'batch.dat': `\r\n${sample('massage-with-cmt-no-59.837')}`,
      'sub/CLAIM0001': sample('chiro-massage-with-59.837'),
      'fhir.dat': fixture('massage-with-cmt-no-59.json'),
      'notes.txt': 'Call the payer about ISA*00 on Monday.\n',
      'empty.txt': '',
      'README.md': 'ISA*00*\n',
      '.hidden': sample('chiro-massage-with-59.837'),
    });
    // Each file on its own: claim.txt and sub/CLAIM0001 are one claim twice (as one history, a duplicate).
    const r = await runCli(['--format', 'json', '--history-scope', 'file', '.'], { cwd: t.dir });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(files(r.stdout), ['batch.dat', 'claim.txt', 'fhir.dat', path.join('sub', 'CLAIM0001')]);
    assert.equal(r.stderr, 'claimlint: Skipped 2 files with .txt, .dat or no extension that do not start like a claim.\n');
    const findings = JSON.parse(r.stdout).map((f: { findings: { ruleId: string }[] }) => f.findings.map((x) => x.ruleId));
    assert.deepEqual(findings, [['cmt-modifier-59'], [], ['cmt-modifier-59'], []]);
  });

  it('a quoted glob that matches only .txt claims lints them', async () => {
    lay({ 'a.txt': sample('chiro-massage-with-59.837'), 'b.txt': sample('massage-with-cmt-no-59.837') });
    const r = await runCli(['--format', 'json', '*.txt'], { cwd: t.dir });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    assert.deepEqual(files(r.stdout), ['a.txt', 'b.txt']);
  });

  it('a glob or folder with no claim says how many files it looked into', async () => {
    lay({ 'notes.txt': 'nothing here\n' });
    const glob = await runCli(['*.txt'], { cwd: t.dir });
    assert.equal(glob.code, 2);
    assert.equal(glob.stderr, 'claimlint: No claim files match *.txt (skipped 1 file with .txt, .dat or no extension that does not start like a claim).\n');
  });

  it('a FHIR Patient in a folder of exports is an info and does not fail the run', async () => {
    lay({ 'claim.json': fixture('massage-with-cmt-and-59.json'), 'patient.json': fixture('patient-not-a-claim.json') });
    const r = await runCli(['--format', 'json', '.'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stdout);
    const patient = JSON.parse(r.stdout)[1];
    assert.equal(patient.file, 'patient.json');
    assert.deepEqual(
      patient.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity]),
      [['format-unsupported', 'info']],
    );
  });

  it('the unknown-rule error lists the valid rule ids', async () => {
    const r = await runCli(['--rule', 'audit-trigger=off', 'samples/']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `claimlint: Unknown rule "audit-trigger" in --rule; the rule ids are ${RULES.map((x) => x.meta.id).join(', ')}.\n`);
  });

  it('the summary reads well for one suggestion with and without a mechanical fix', async () => {
    lay({ 'a.837': sample('massage-with-cmt-no-59.837') });
    const one = await runCli(['a.837'], { cwd: t.dir });
    assert.match(one.stdout, /\n {2}1 has a suggestion that --fix-suggestions applies \(it changes what is billed\)\.\n$/);
  });
});
