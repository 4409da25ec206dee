import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli, tempDir } from './helpers';

const sample = (name: string): string => fs.readFileSync(path.join(REPO, 'samples', name), 'utf8');
const fixture = (name: string): string => fs.readFileSync(path.join(REPO, 'test/fixtures/fhir', name), 'utf8');
const COUNT_OFF = sample('segment-count-off.837');
const CLEAN = sample('chiro-massage-with-59.837');
/** The compiled CLI, run as its own process: a read that blocks must not block the test runner. */
const MAIN = path.join(REPO, 'out/src/cli/main.js');

function spawnCli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', timeout: 15000, env: { ...process.env, CLAIMLINT_PARALLEL: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const findingIds = (json: string): string[] =>
  (JSON.parse(json) as { findings: { ruleId: string; messageId?: string }[] }[]).flatMap((f) => f.findings.map((x) => x.ruleId));

describe('cli: hostile input (issue 15)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  describe('§2 --fix - keeps the bytes of standard input', () => {
    const latin1 = (text: string): Buffer => Buffer.from(text.replace(/\*(PATEL|LOPEZ)\*/, '*MU\u00D1OZ*'), 'latin1');

    it('passes Latin-1 input through byte for byte when nothing needs fixing', async () => {
      const input = latin1(CLEAN);
      assert.ok(input.includes(Buffer.from([0xd1])));
      const r = await runCli(['--fix', '-'], { stdin: input });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdoutBytes.equals(input), 'the Ñ (0xD1) is kept, not turned into U+FFFD');
    });

    it('refuses to fix Latin-1 input, passing it through unchanged with one sentence (exit 2)', async () => {
      const input = latin1(COUNT_OFF);
      const r = await runCli(['--fix', '-'], { stdin: input });
      assert.equal(r.code, 2);
      assert.ok(r.stdoutBytes.equals(input));
      assert.match(r.stderr, /^claimlint: Standard input is not UTF-8 text, so no fix was applied; it is passed through unchanged\.\n/);
      assert.match(r.stderr, /x12-envelope/, 'the report says what is still wrong');
    });
  });

  describe('§13 empty standard input', () => {
    it('is the same error as an empty claim file (exit 1), not "not a claim" (exit 0)', async () => {
      const file = path.join(t.dir, 'empty.837');
      fs.writeFileSync(file, '');
      const fromFile = await runCli(['--format', 'json', file]);
      for (const stdin of ['', '\n', '\uFEFF \r\n']) {
        const r = await runCli(['--format', 'json', '-'], { stdin });
        assert.equal(r.code, 1, JSON.stringify(stdin));
        assert.equal(fromFile.code, 1);
        const findings = JSON.parse(r.stdout)[0].findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]);
        assert.deepEqual(
          findings,
          JSON.parse(fromFile.stdout)[0].findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]),
        );
        assert.equal(findings[0][0], 'x12-syntax');
      }
    });
  });

  describe('§11 detection that cannot be padded past, UTF-16', () => {
    it('finds a FHIR JSON Claim whose resourceType comes after a long narrative', async () => {
      const claim = fixture('massage-with-cmt-no-59.json');
      const narrative = `{"text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">${'x'.repeat(8000)}</div>"},`;
      const file = path.join(t.dir, 'padded.json');
      fs.writeFileSync(file, narrative + claim.slice(1));
      const r = await runCli(['--format', 'json', file]);
      assert.equal(r.code, 1);
      assert.deepEqual(findingIds(r.stdout), ['cmt-modifier-59']);
    });

    it('finds FHIR XML after a long comment, and JSON after 8 KB of white space', async () => {
      const xml = fixture('massage-with-cmt-no-59.xml').replace('<Claim', `<!-- ${'c'.repeat(8000)} -->\n<Claim`);
      fs.writeFileSync(path.join(t.dir, 'commented.xml'), xml);
      fs.writeFileSync(path.join(t.dir, 'spaced.json'), ' '.repeat(8192) + fixture('massage-with-cmt-no-59.json'));
      const r = await runCli(['--format', 'json', '--history-scope', 'file', path.join(t.dir, 'commented.xml'), path.join(t.dir, 'spaced.json')]);
      assert.equal(r.code, 1);
      assert.deepEqual(findingIds(r.stdout), ['cmt-modifier-59', 'cmt-modifier-59']);
    });

    it('a text with an ISA header after a junk line is an error (exit 1), not an info', async () => {
      const file = path.join(t.dir, 'claim.txt');
      fs.writeFileSync(file, `From: the clearinghouse\n${COUNT_OFF}`);
      const r = await runCli(['--format', 'json', file]);
      assert.equal(r.code, 1);
      assert.deepEqual(findingIds(r.stdout), ['x12-syntax']);
    });

    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const encode = (text: string): Buffer => {
        const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
        return encoding === 'utf16le' ? le : le.swap16();
      };

      it(`reads ${encoding} with a BOM as the same claim, and --fix writes it back in ${encoding}`, async () => {
        const file = path.join(t.dir, 'wide.837');
        fs.writeFileSync(file, encode(COUNT_OFF));
        const checked = await runCli(['--format', 'json', file]);
        assert.equal(checked.code, 1);
        assert.deepEqual(findingIds(checked.stdout), ['x12-envelope']);
        const fixed = await runCli(['--fix', file]);
        assert.equal(fixed.code, 0, fixed.stderr);
        assert.ok(fs.readFileSync(file).equals(encode(COUNT_OFF.replace('SE*30*0005~', 'SE*25*0005~'))));
      });
    }
  });

  describe('§5 FIFOs and devices never hang', () => {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });

    const mkfifo = (file: string): void => {
      const r = spawnSync('mkfifo', [file]);
      assert.equal(r.status, 0, 'mkfifo');
    };

    it('a FIFO or /dev/zero named directly: one sentence, exit 2, at once', () => {
      mkfifo(path.join(t.dir, 'pipe.837'));
      const r = spawnCli(['pipe.837', '/dev/zero'], t.dir);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(
        r.stderr,
        [
          'claimlint: The file pipe.837 is not a regular file (a FIFO, a device or a socket), so it was not read.',
          'claimlint: The file /dev/zero is not a regular file (a FIFO, a device or a socket), so it was not read.',
          '',
        ].join('\n'),
      );
      assert.ok(r.ms < 10000, `${r.ms} ms`);
    });

    it('a FIFO matched by a glob or found in a walk is passed by', () => {
      mkfifo(path.join(t.dir, 'pipe.837'));
      mkfifo(path.join(t.dir, 'pipe.txt'));
      fs.writeFileSync(path.join(t.dir, 'claim.837'), CLEAN);
      for (const operand of ['*.837', '.', '*']) {
        const r = spawnCli(['--format', 'json', operand], t.dir);
        assert.equal(r.status, 0, `${operand}: ${r.stderr}`);
        assert.deepEqual(
          JSON.parse(r.stdout).map((f: { file: string }) => f.file),
          ['claim.837'],
        );
      }
    });

    it('--policy naming a FIFO or /dev/zero: one sentence, exit 2, at once', () => {
      mkfifo(path.join(t.dir, 'pack.json'));
      fs.writeFileSync(path.join(t.dir, 'claim.837'), CLEAN);
      for (const pack of ['pack.json', '/dev/zero']) {
        const r = spawnCli(['--policy', pack, 'claim.837'], t.dir);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr, `claimlint: The policy pack ${path.basename(pack)} is not a regular file (a FIFO, a device or a socket), so it was not read.\n`);
      }
    });
  });

  describe('§10 findings describe free text and duplicate keys, never quote them', () => {
    it('free text after the interchange: its length, not the patient in it, in every format', async () => {
      const phi = 'JOHN Q PATIENT DOB 1970-01-01 MEMBER 99887766';
      const file = path.join(t.dir, 'trailing.837');
      fs.writeFileSync(file, `${CLEAN}${phi}~\n`);
      for (const format of ['text', 'json', 'sarif']) {
        const r = await runCli(['--format', format, file]);
        assert.equal(r.code, 1);
        assert.ok(!r.stdout.includes('PATIENT') && !r.stdout.includes('99887766'), `${format} quotes the free text`);
      }
      const json = JSON.parse((await runCli(['--format', 'json', file])).stdout);
      assert.deepEqual(
        json[0].findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]),
        [['x12-envelope', `Segment (text of ${phi.length} characters, not a segment id) stands outside any interchange (ISA/IEA) envelope.`]],
      );
      // A real segment id is still named.
      fs.writeFileSync(file, `${CLEAN}NM1*IL*1*DOE*JOHN~\n`);
      assert.match((await runCli([file])).stdout, /Segment NM1 stands outside any interchange/);
    });

    it('a duplicate JSON key: its length, not its name', async () => {
      const file = path.join(t.dir, 'dup.json');
      fs.writeFileSync(file, '{"resourceType": "Claim", "MU\u00d1OZ MARIA 1970": 1, "MU\u00d1OZ MARIA 1970": 2}');
      const r = await runCli(['--format', 'json', file]);
      assert.equal(r.code, 1);
      const [finding] = JSON.parse(r.stdout)[0].findings;
      assert.equal(finding.ruleId, 'fhir-structure');
      assert.match(finding.message, /^A property name \(16 characters, marked at its second use\) appears twice in one object;/);
      assert.ok(!r.stdout.includes('MARIA'));
    });
  });

  describe('§8, §9 output stays linear and escapes control characters', () => {
    it('a 1 MB procedure code gives a short text report (no row padded to it)', async () => {
      const file = path.join(t.dir, 'huge.837');
      fs.writeFileSync(file, CLEAN.replace('HC:97124', `HC:97124${'9'.repeat(1_000_000)}`));
      const r = await runCli([file]);
      assert.ok(r.stdout.length < 5000, `${r.stdout.length} characters of report`);
      for (const row of r.stdout.split('\n')) assert.ok(row.length < 600, `a row of ${row.length} characters`);
      assert.match(r.stdout, /…/, 'the long message is cut with an ellipsis');
      // Values quoted into messages are cut where the message is made, so JSON and SARIF stay short too.
      const json = await runCli(['--format', 'json', file]);
      const messages = JSON.parse(json.stdout)[0].findings.map((f: { message: string }) => f.message);
      assert.ok(messages.length > 0);
      for (const m of messages) assert.ok(m.length < 600, `a message of ${m.length} characters`);
      assert.ok(json.stdout.length < 20000, `${json.stdout.length} characters of JSON`);
    });

    it('one patient with 4,000 visits: the therapy-reduction message does not list every visit', async () => {
      const day = (k: number): string => new Date(Date.UTC(2019, 0, 1 + k)).toISOString().slice(0, 10).replace(/-/g, '');
      const visits = Array.from({ length: 4000 }, (_, k) => `LX*${k + 1}~\nSV1*HC:97110*50*UN*2***1~\nDTP*472*D8*${day(k)}~\n`).join('');
      const text = CLEAN.replace(/LX\*1~[\s\S]*(?=SE\*)/, visits);
      const file = path.join(t.dir, 'visits.837');
      fs.writeFileSync(file, text);
      const json = await runCli(['--format', 'json', file]);
      const findings = JSON.parse(json.stdout)[0].findings as { ruleId: string; message: string }[];
      const reduction = findings.find((f) => f.ruleId === 'therapy-reduction');
      assert.ok(reduction, findings.map((f) => f.ruleId).join());
      assert.match(reduction.message, /\(2 → 2 → 2 → 2 → … → 2 → 2 → 2 over 4000 visits, last 2029-12-13: 97110\)/);
      assert.ok(reduction.message.length < 300, `${reduction.message.length} characters`);
      const report = (await runCli([file])).stdout;
      assert.ok(report.length < 300 * findings.length + 300, `${report.length} characters of text for ${findings.length} findings`);
    });

    it('ESC and other C0/C1 characters from claims and file names are escaped in the report and on stderr', async () => {
      const name = 'a\u001b[2J\u009b31m.837';
      const file = path.join(t.dir, name);
      fs.writeFileSync(file, COUNT_OFF.replace('HC:97124', 'HC:97\u001b]0;owned\u0007124'));
      const r = await runCli([file, path.join(t.dir, 'missing\u001b[1A.837')]);
      assert.equal(r.code, 2);
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
      assert.doesNotMatch(r.stdout, control);
      assert.doesNotMatch(r.stderr, control);
      assert.ok(r.stdout.includes('a\\x1b[2J\\x9b31m.837'), r.stdout);
      assert.match(r.stderr, /missing\\x1b\[1A\.837 does not exist\./);
    });
  });
});
