import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli, tempDir } from './helpers';

const COUNT_OFF = fs.readFileSync(path.join(REPO, 'samples/segment-count-off.837'), 'utf8');
const FIXED = COUNT_OFF.replace('SE*30*0005~', 'SE*25*0005~');
/** The compiled CLI, run as its own process (a file-size limit must not stop the test runner). */
const MAIN = path.join(REPO, 'out/src/cli/main.js');

describe('cli --fix: no fix ever loses bytes (issue 15 §1–4)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  /** Run the CLI under `ulimit -f <blocks>` with SIGXFSZ ignored, so a write past the limit is short. */
  function runLimited(blocks: number, args: string[]): { status: number | null; stdout: string; stderr: string } {
    const quoted = args.map((a) => `'${a}'`).join(' ');
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${blocks}; exec '${process.execPath}' '${MAIN}' ${quoted}`], {
      cwd: t.dir,
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, CLAIMLINT_PARALLEL: '0' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('a short write (a file-size limit) leaves the original untouched, removes the temp file, exits 2 with one sentence', function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(t.dir, 'big.837');
    // Over 2 KB, so the new text cannot be written in full under a 1-block (1 KB) limit.
    const original = COUNT_OFF.replace('NM1*IL*1*', `NM1*IL*1*${'X'.repeat(1500)}`);
    fs.writeFileSync(file, original);
    for (const blocks of [1, 2]) {
      const r = runLimited(blocks, ['--fix', 'big.837']);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, 'claimlint: The fixed text of big.837 could not be written in full (is the disk full?), so the file was left as it was.\n');
      assert.doesNotMatch(r.stdout, /Applied/);
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      assert.deepEqual(fs.readdirSync(t.dir), ['big.837'], 'no temp file left behind');
    }
    // Without the limit the same fix is written.
    const ok = runLimited(64, ['--fix', 'big.837']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), original.replace('SE*30*0005~', 'SE*25*0005~'));
  });

  it('keeps setuid and setgid bits (owner set before mode)', async function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(t.dir, 'suid.837');
    fs.writeFileSync(file, COUNT_OFF);
    fs.chmodSync(file, 0o6755);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    assert.equal((fs.statSync(file).mode & 0o7777).toString(8), '6755');
  });

  it('refuses a file with other hard links, leaving every name with the old text', async function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(t.dir, 'a.837');
    const other = path.join(t.dir, 'b.837');
    fs.writeFileSync(file, COUNT_OFF);
    fs.linkSync(file, other);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `claimlint: The file ${file} has other hard links, so it was not rewritten (replacing it would leave them with the old text).\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), COUNT_OFF);
    assert.equal(fs.statSync(file).ino, fs.statSync(other).ino, 'still one file');
    assert.deepEqual(fs.readdirSync(t.dir).sort(), ['a.837', 'b.837']);
  });

  it('fixes a file whose name is 250 bytes long (the temp name stays short)', async () => {
    const name = `${'n'.repeat(246)}.837`;
    const file = path.join(t.dir, name);
    fs.writeFileSync(file, COUNT_OFF);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    assert.deepEqual(fs.readdirSync(t.dir), [name]);
  });

  it('removes temp files left by an interrupted --fix on the next run in that folder, keeping a running writer’s', async () => {
    const file = path.join(t.dir, 'a.837');
    fs.writeFileSync(file, FIXED);
    const dead = '.claimlint-999999999-0123456789ab.tmp'; // above any pid_max: no such process
    const old = '.a.837.0123456789ab.claimlint-tmp'; // claimlint 0.1's naming
    const live = `.claimlint-${process.pid}-0123456789ab.tmp`; // this process: a write in progress
    const unrelated = '.a.837.claimlint-tmp.notes';
    for (const n of [dead, old, live, unrelated]) fs.writeFileSync(path.join(t.dir, n), COUNT_OFF);
    const r = await runCli([t.dir]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, `claimlint: Removed 2 temporary files left in ${path.relative(REPO, t.dir)} by an interrupted --fix.\n`);
    assert.deepEqual(fs.readdirSync(t.dir).sort(), [live, unrelated, 'a.837'].sort());
    // A file named directly touches its folder too.
    fs.writeFileSync(path.join(t.dir, dead), COUNT_OFF);
    const again = await runCli([file]);
    assert.match(again.stderr, /^claimlint: Removed a temporary file left in .* by an interrupted --fix\.\n$/);
    assert.ok(!fs.existsSync(path.join(t.dir, dead)));
  });
});
