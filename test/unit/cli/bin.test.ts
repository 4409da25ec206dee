import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './helpers';

const CLI = path.join(REPO, 'dist/cli.js');

/** Run the bundled CLI the way npm's bin link does: the file itself, found through its shebang. */
function bin(args: string[], input?: Buffer): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLI, args, { cwd: REPO, input, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli bundle (dist/cli.js, spawned)', function () {
  this.timeout(120000);

  before(() => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: REPO, stdio: 'pipe' });
  });

  it('is executable with a node shebang and runs on the samples', () => {
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
    if (process.platform !== 'win32') assert.ok((fs.statSync(CLI).mode & 0o111) !== 0, 'executable bit');
    const r = process.platform === 'win32' ? spawnSync(process.execPath, [CLI, 'samples/'], { cwd: REPO, encoding: 'utf8' }) : bin(['samples/']);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, fs.readFileSync(path.join(REPO, 'test/golden/cli/samples.text.txt'), 'utf8'));
  });

  it('reads standard input and fixes it as a filter', () => {
    if (process.platform === 'win32') return;
    const input = fs.readFileSync(path.join(REPO, 'samples/segment-count-off.837'));
    const checked = bin(['--format', 'json', '-'], input);
    assert.equal(checked.status, 1);
    assert.equal(JSON.parse(checked.stdout)[0].findings[0].ruleId, 'x12-envelope');
    const fixed = bin(['--fix', '-'], input);
    assert.equal(fixed.status, 0);
    assert.equal(fixed.stdout, input.toString('utf8').replace('SE*30*', 'SE*25*'));
  });

  // A SARIF report of 200 KB: more than a pipe holds, so the CLI has to wait for its reader.
  const BIG_REPORT = ['--format', 'sarif', 'samples/', 'test/fixtures/rules/', 'test/fixtures/fhir/'];

  it("writes the whole report to a slow reader, and stops cleanly with the check's exit code when the reader goes away", () => {
    if (process.platform === 'win32') return;
    const direct = bin(BIG_REPORT);
    assert.equal(direct.status, 1);
    assert.ok(direct.stdout.length > 150000, `${direct.stdout.length} characters`);
    const quoted = BIG_REPORT.map((a) => `'${a}'`).join(' ');
    const run = (pipe: string) =>
      spawnSync('bash', ['-c', `'${CLI}' ${quoted} | ${pipe}; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: REPO, encoding: 'utf8', timeout: 30000 });
    const slow = run('(sleep 0.5; cat)');
    assert.equal(slow.stdout, direct.stdout);
    assert.match(slow.stderr, /^exit=1\n$/);
    const gone = run('head -c 100');
    assert.equal(gone.stdout, direct.stdout.slice(0, 100));
    assert.match(gone.stderr, /^exit=1\n$/, 'no stack trace, and the exit code of the check, not of the pipe');
  });

  it('exits 2 with one sentence and no stack trace on a usage error', () => {
    const r = bin(['--nope', 'samples/']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'claimlint: Unknown option --nope; run claimlint --help for the options.\n');
  });
});
