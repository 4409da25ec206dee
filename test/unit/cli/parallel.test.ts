import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './helpers';
import { generate837 } from '../../../bench/generate';

const CLI = path.join(REPO, 'dist/cli.js');

function bundled(args: string[], parallel: '0' | '1', cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60000,
    // The SARIF report over three copies of the fixtures passes the 1 MiB default: past it the
    // child is killed and its output cut wherever the pipe stood.
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CLAIMLINT_PARALLEL: parallel },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The worker pool (src/cli/parallel.ts) runs the bundle itself as its worker script: the same
 * output as one thread, byte for byte, and the workers never start a CLI of their own (which
 * would print a usage error on stderr).
 */
describe('cli over many files on worker threads (dist/cli.js)', function () {
  this.timeout(120000);

  before(() => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO, stdio: 'pipe' });
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`--format ${format}: the pool's output equals one thread's`, () => {
      const args = ['--format', format, '--history-scope', 'file', 'samples/', 'test/fixtures/rules/', 'test/fixtures/fhir/', 'no-such-file.837'];
      const one = bundled(args, '0');
      const pool = bundled(args, '1');
      assert.equal(pool.stderr, one.stderr);
      assert.equal(pool.status, one.status);
      assert.equal(pool.stdout, one.stdout);
      assert.ok(one.stdout.length > 1000);
      assert.doesNotMatch(pool.stderr, /No input given/);
    });
  }

  describe('a folder of copies of samples/ and the test fixtures', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-parallel-'));
      for (let copy = 1; copy <= 3; copy++) {
        fs.cpSync(path.join(REPO, 'samples'), path.join(dir, 'claims', `batch-${copy}`, 'samples'), { recursive: true });
        fs.cpSync(path.join(REPO, 'test/fixtures/rules'), path.join(dir, 'claims', `batch-${copy}`, 'rules'), { recursive: true });
        fs.cpSync(path.join(REPO, 'test/fixtures/fhir'), path.join(dir, 'claims', `batch-${copy}`, 'fhir'), { recursive: true });
      }
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const format of ['text', 'json', 'sarif']) {
      it(`--format ${format}: the pool's output over the folder equals one thread's, byte for byte`, () => {
        const one = bundled(['--format', format, '--history-scope', 'file', 'claims/'], '0', dir);
        const pool = bundled(['--format', format, '--history-scope', 'file', 'claims/'], '1', dir);
        assert.equal(pool.stdout, one.stdout);
        assert.equal(pool.stderr, one.stderr);
        assert.equal(pool.status, one.status);
        // Every copy is in the report, in the sequential path's order.
        const at = [1, 2, 3].map((k) => one.stdout.indexOf(`batch-${k}`));
        assert.ok(at.every((x) => x >= 0) && at[0] < at[1] && at[1] < at[2], 'all three copies, in order');
      });
    }
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`--format ${format}: a run as one history, its inputs read on worker threads, writes one thread's report`, () => {
      // The history fixtures' findings cite other files, with fixes built where the reduce runs.
      const args = ['--format', format, 'test/fixtures/history/', 'samples/', 'test/fixtures/rules/', 'test/fixtures/fhir/', 'no-such-file.837'];
      const run = (parallel: '0' | '1') => {
        const r = spawnSync(process.execPath, [CLI, ...args], {
          cwd: REPO,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, CLAIMLINT_PARALLEL: parallel, CLAIMLINT_DEBUG: '1' },
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const one = run('0');
      const pool = run('1');
      // Every input on a worker, FHIR ones included; none read again here.
      const count = /^claimlint: (\d+) inputs were read, (\d+) on worker threads\.$/m;
      const [, n1, w1] = count.exec(one.stderr)!;
      const [, n2, w2] = count.exec(pool.stderr)!;
      assert.equal(w1, '0');
      assert.equal(n2, n1);
      assert.equal(w2, n2);
      const said = (stderr: string) => stderr.replace(count, '');
      assert.equal(said(pool.stderr), said(one.stderr));
      assert.equal(pool.status, one.status);
      assert.ok(pool.stdout === one.stdout, 'the same report');
      assert.match(one.stdout, /cmt-0601\.837/);
    });
  }

  describe('one large X12 file in parts (--threads)', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-parts-'));
      // Past twice the least part (2 MB): two parts on two threads. About one finding per claim.
      fs.writeFileSync(path.join(dir, 'batch.837'), generate837(4_500_000, 16, true));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const format of ['text', 'json', 'sarif']) {
      it(`--format ${format}: two threads write one thread's report, byte for byte`, () => {
        const run = (threads: string) => {
          const r = spawnSync(process.execPath, [CLI, '--format', format, '--threads', threads, 'batch.837'], {
            cwd: dir,
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
            env: { ...process.env, CLAIMLINT_DEBUG: '1' },
          });
          return { status: r.status, stdout: r.stdout, stderr: r.stderr };
        };
        const one = run('1');
        const two = run('2');
        assert.equal(one.stderr, '');
        assert.equal(two.stderr, 'claimlint: batch.837 was checked on 2 threads.\n');
        assert.equal(two.status, one.status);
        assert.equal(one.status, 1);
        assert.ok(two.stdout === one.stdout, 'the same report');
        assert.ok(one.stdout.length > 1_000_000);
      });
    }
  });
});
