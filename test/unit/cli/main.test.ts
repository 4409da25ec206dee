import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../../src/cli/main';
import { assertGolden, REPO, runCli, sarifValidator, tempDir } from './helpers';

const SAMPLE_NO_59 = 'samples/massage-with-cmt-no-59.837';
const SAMPLE_CLEAN = 'samples/chiro-massage-with-59.837';
/** Reads a repository file whatever the test process's working directory. */
const repoFile = (f: string): Buffer => fs.readFileSync(path.join(REPO, f));

describe('cli/main (in-process)', () => {
  describe('output formats (golden files, cwd = repository root)', () => {
    it('text over the samples directory', async () => {
      const r = await runCli(['samples/']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      assertGolden('samples.text.txt', r.stdout);
    });

    it('json over the samples directory', async () => {
      const r = await runCli(['--format', 'json', 'samples']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      assertGolden('samples.json', r.stdout);
      const parsed = JSON.parse(r.stdout) as { file: string; format: string; claims: number }[];
      assert.deepEqual(
        parsed.map((x) => x.file),
        [
          'samples/chiro-massage-with-59.837',
          'samples/massage-billed-in-minutes.837',
          'samples/massage-ten-minutes.837',
          'samples/massage-with-cmt-no-59.837',
          'samples/rehab-outpatient-clean.837i',
          'samples/segment-count-off.837',
        ].map((f) => f.split('/').join(path.sep)),
      );
      assert.equal(parsed.find((x) => x.file.endsWith('.837i'))?.format, 'x12-837i');
      assert.ok(parsed.every((x) => x.claims === 1));
    });

    it('sarif over the samples directory, valid against the SARIF 2.1.0 schema', async () => {
      const r = await runCli(['--format', 'sarif', 'samples/']);
      assert.equal(r.code, 1);
      assertGolden('samples.sarif', r.stdout);
      assert.equal(sarifValidator()(JSON.parse(r.stdout)), undefined);
    });

    it('json for one file keeps the path as given', async () => {
      const r = await runCli(['--format', 'json', `./${SAMPLE_NO_59}`]);
      assert.equal(r.code, 1);
      const [report] = JSON.parse(r.stdout);
      assert.equal(report.file, `./${SAMPLE_NO_59}`);
      assert.equal(report.findings[0].ruleId, 'cmt-modifier-59');
      assert.equal(report.findings[0].clause, 'cmt-modifier-59');
      assertGolden('massage-with-cmt-no-59.json', r.stdout);
    });
  });

  describe('exit codes', () => {
    it('0 for a clean file, with a one-line confirmation', async () => {
      const r = await runCli([SAMPLE_CLEAN]);
      assert.deepEqual(r, { code: 0, stdout: '✔ No problems (1 file checked)\n', stderr: '' });
    });

    it('1 when an error finding remains', async () => {
      assert.equal((await runCli([SAMPLE_NO_59])).code, 1);
    });

    it('--rule lowers an error to a warning (exit 0) or turns the rule off', async () => {
      const warned = await runCli(['--format', 'json', '--rule', 'cmt-modifier-59=warning', SAMPLE_NO_59]);
      assert.equal(warned.code, 0);
      assert.equal(JSON.parse(warned.stdout)[0].findings[0].severity, 'warning');
      const off = await runCli(['--format', 'json', '--rule', 'cmt-modifier-59=off', SAMPLE_NO_59]);
      assert.equal(off.code, 0);
      assert.deepEqual(JSON.parse(off.stdout)[0].findings, []);
      const raised = await runCli(['--format', 'json', '--rule', 'audit-multiple-units=error', 'test/fixtures/rules/massage-two-units-one-line.837']);
      assert.equal(raised.code, 1);
    });

    it('--accept-x-modifiers and --timed-rounding reach the rules', async () => {
      const xs = 'test/fixtures/rules/massage-with-cmt-xs.837';
      assert.equal((await runCli([xs])).code, 1);
      assert.equal((await runCli(['--accept-x-modifiers', xs])).code, 0);
      // 97110 33 min + 97140 7 min on one date: the 8-minute rule per code vs. the date's total.
      const mixed = 'test/fixtures/rules/timed-minutes-cms.837';
      const fixesUnder = async (mode: string): Promise<unknown> =>
        JSON.parse((await runCli(['--format', 'json', '--timed-rounding', mode, mixed])).stdout)[0].findings.map((f: { fixes: unknown }) => f.fixes);
      assert.notDeepEqual(await fixesUnder('policy'), await fixesUnder('cms-8-minute'));
    });

    it('2 for a usage error, with one sentence on stderr and nothing on stdout', async () => {
      for (const argv of [['--bogus', SAMPLE_CLEAN], ['--rule', 'nope=error', SAMPLE_CLEAN], ['--format', 'xml', SAMPLE_CLEAN], []]) {
        const r = await runCli(argv);
        assert.equal(r.code, 2, argv.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^claimlint: [^\n]+\n$/);
      }
    });

    it('2 for a missing path; the other inputs are still reported', async () => {
      const r = await runCli(['--format', 'json', 'samples/no-such-file.837', SAMPLE_CLEAN]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'claimlint: samples/no-such-file.837 does not exist.\n');
      assert.equal(JSON.parse(r.stdout).length, 1);
    });

    it('2 for an unreadable file, without a stack trace', async function () {
      const t = tempDir();
      try {
        let target = path.join(t.dir, 'locked.837');
        fs.writeFileSync(target, repoFile(SAMPLE_CLEAN));
        fs.chmodSync(target, 0o000);
        let readable = true;
        try {
          fs.readFileSync(target);
        } catch {
          readable = false;
        }
        // root reads anything; /proc/self/mem is a file whose read fails at offset 0.
        if (readable) {
          if (!fs.existsSync('/proc/self/mem')) this.skip();
          target = '/proc/self/mem';
        }
        const r = await runCli([target]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr, `claimlint: The file ${target} cannot be read.\n`);
        assert.ok(!/\bat\b.*\.js/.test(r.stderr), 'no stack trace');
      } finally {
        t.cleanup();
      }
    });

    it('2 for an invalid policy pack, naming the problem', async () => {
      const t = tempDir();
      try {
        const bad = path.join(t.dir, 'bad-policy.json');
        fs.writeFileSync(bad, '{ "id": "x" }');
        const r = await runCli(['--policy', bad, SAMPLE_CLEAN]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^claimlint: The policy pack bad-policy\.json is invalid: [^\n]+\n$/);
        const notJson = path.join(t.dir, 'p.json');
        fs.writeFileSync(notJson, 'nope');
        assert.equal((await runCli(['--policy', notJson, SAMPLE_CLEAN])).stderr, 'claimlint: The policy pack p.json is not valid JSON.\n');
        assert.equal((await runCli(['--policy', path.join(t.dir, 'missing.json'), SAMPLE_CLEAN])).code, 2);
      } finally {
        t.cleanup();
      }
    });

    it('a valid --policy file is used', async () => {
      const t = tempDir();
      try {
        const pack = JSON.parse(repoFile('src/core/policy/hns-massage-97124.json').toString('utf8'));
        pack.id = 'custom-pack';
        pack.clauses = pack.clauses.filter((c: { id: string }) => c.id !== 'cmt-modifier-59');
        for (const p of Object.values(pack.procedures) as { clauses?: string[] }[]) if (p.clauses) p.clauses = p.clauses.filter((c) => c !== 'cmt-modifier-59');
        for (const m of Object.values(pack.modifiers) as { clauses?: string[] }[]) if (m.clauses) m.clauses = m.clauses.filter((c) => c !== 'cmt-modifier-59');
        delete pack.$schema;
        const file = path.join(t.dir, 'custom.json');
        fs.writeFileSync(file, JSON.stringify(pack));
        // Without the clause the rule does not apply under this pack.
        const r = await runCli(['--policy', file, '--format', 'sarif', SAMPLE_NO_59]);
        assert.equal(r.stderr, '');
        assert.equal(r.code, 0);
        assert.equal(JSON.parse(r.stdout).runs[0].properties.policy, 'custom-pack');
      } finally {
        t.cleanup();
      }
    });
  });

  describe('inputs', () => {
    it('walks a directory for claim files only; one without any is an input error (exit 2), also with --fix', async () => {
      const t = tempDir();
      try {
        fs.writeFileSync(path.join(t.dir, 'notes.md'), '# not a claim');
        for (const args of [[t.dir], ['--fix', t.dir]]) {
          const r = await runCli(args);
          assert.equal(r.code, 2);
          assert.equal(r.stdout, '');
          assert.equal(r.stderr, `claimlint: No claim files in ${t.dir} (looked for .837 .837p .837i .x12 .edi .json .xml).\n`);
        }
        assert.equal(fs.readFileSync(path.join(t.dir, 'notes.md'), 'utf8'), '# not a claim');
        fs.mkdirSync(path.join(t.dir, 'sub'));
        fs.mkdirSync(path.join(t.dir, '.hidden'));
        fs.copyFileSync(path.join(REPO, SAMPLE_NO_59), path.join(t.dir, 'sub', 'b.837'));
        fs.copyFileSync(path.join(REPO, SAMPLE_NO_59), path.join(t.dir, '.hidden', 'skipped.837'));
        fs.copyFileSync(path.join(REPO, SAMPLE_CLEAN), path.join(t.dir, 'A.EDI'));
        const j = await runCli(['--format', 'json', t.dir]);
        assert.deepEqual(
          JSON.parse(j.stdout).map((x: { file: string }) => x.file),
          [path.join(t.dir, 'A.EDI'), path.join(t.dir, 'sub', 'b.837')],
        );
      } finally {
        t.cleanup();
      }
    });

    it('expands globs (claim extensions only), lists a file once; a glob matching nothing is an input error', async () => {
      const r = await runCli(['--format', 'json', 'samples/massage-*.837', SAMPLE_NO_59]);
      const files = JSON.parse(r.stdout).map((x: { file: string }) => x.file.split(path.sep).join('/'));
      assert.deepEqual(files, ['samples/massage-billed-in-minutes.837', 'samples/massage-ten-minutes.837', 'samples/massage-with-cmt-no-59.837']);
      const none = await runCli(['samples/*.nothing']);
      assert.equal(none.code, 2);
      assert.equal(none.stderr, 'claimlint: No claim files match samples/*.nothing.\n');
      // The other inputs are still linted and reported.
      const mixed = await runCli(['--format', 'json', 'samples/*.nothing', SAMPLE_NO_59]);
      assert.equal(mixed.code, 2);
      assert.equal(JSON.parse(mixed.stdout).length, 1);
    });

    it('reads standard input for "-"', async () => {
      const r = await runCli(['--format', 'json', '-'], { stdin: repoFile(SAMPLE_NO_59) });
      assert.equal(r.code, 1);
      const [report] = JSON.parse(r.stdout);
      assert.equal(report.file, '-');
      assert.equal(report.findings[0].ruleId, 'cmt-modifier-59');
      const text = await runCli(['-'], { stdin: repoFile(SAMPLE_NO_59) });
      assert.match(text.stdout, /^\n<stdin>\n/);
    });

    it('reports positions without the BOM and keeps CRLF line numbering', async () => {
      const plain = JSON.parse((await runCli(['--format', 'json', '-'], { stdin: repoFile(SAMPLE_NO_59) })).stdout)[0].findings[0].range;
      const crlfBom = '\uFEFF' + repoFile(SAMPLE_NO_59).toString('utf8').replace(/\n/g, '\r\n');
      const other = JSON.parse((await runCli(['--format', 'json', '-'], { stdin: crlfBom })).stdout)[0].findings[0].range;
      assert.deepEqual(other, plain);
    });

    it('prints help and version', async () => {
      const help = await runCli(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: claimlint \[options\]/);
      assert.deepEqual(await runCli(['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    });
  });
});
