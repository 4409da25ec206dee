import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copyInto, runCli, tempDir } from './helpers';

describe('cli --fix on a read-only file', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('refuses with one sentence and exit 2, leaving the file as it was (even as root)', async () => {
    const [file] = copyInto(t.dir, 'samples/segment-count-off.837');
    fs.chmodSync(file, 0o444);
    const before = fs.readFileSync(file, 'utf8');
    const stat = fs.statSync(file);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => /read-only/.test(l)).length,
      1,
      r.stderr,
    );
    assert.match(r.stderr, /is read-only, so it was not rewritten\./);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(fs.statSync(file).ino, stat.ino);
    assert.deepEqual(fs.readdirSync(t.dir), ['segment-count-off.837'], 'no temp file left behind');
  });
});
