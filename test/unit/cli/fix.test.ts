import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangedError, snapshotOf, writeFileAtomic } from '../../../src/cli/atomic-write';
import { assertGolden, copyInto, REPO, runCli, tempDir } from './helpers';

const COUNT_OFF = 'samples/segment-count-off.837';
const read = (f: string): string => fs.readFileSync(f, 'utf8');
const OLD = new Date('2020-01-02T03:04:05Z');

describe('cli --fix', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('writes the mechanical fix (SE01 recount), keeps the mode, reports what remains', async () => {
    const [file] = copyInto(t.dir, COUNT_OFF);
    fs.chmodSync(file, 0o640);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '✔ No problems (1 file checked)\nApplied 1 fix in 1 file.\n');
    assert.equal(read(file), read(path.join(REPO, COUNT_OFF)).replace('SE*30*0005~', 'SE*25*0005~'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(t.dir), ['segment-count-off.837'], 'no temp file left behind');
  });

  it('leaves files it does not change untouched (mtime and inode), and never applies suggestions', async () => {
    const files = copyInto(t.dir, 'samples/chiro-massage-with-59.837', 'samples/massage-with-cmt-no-59.837');
    for (const f of files) fs.utimesSync(f, OLD, OLD);
    const before = files.map((f) => fs.statSync(f));
    const r = await runCli(['--fix', ...files]);
    assert.equal(r.code, 1, 'the cmt-modifier-59 error remains: its fix is a suggestion');
    assert.match(r.stdout, /cmt-modifier-59/);
    files.forEach((f, i) => {
      const after = fs.statSync(f);
      assert.equal(after.mtimeMs, before[i].mtimeMs, path.basename(f));
      assert.equal(after.ino, before[i].ino, path.basename(f));
      assert.equal(read(f), read(path.join(REPO, 'samples', path.basename(f))));
    });
  });

  it('--fix-suggestions applies suggestions too (exact text in golden files) and re-lints', async () => {
    const names = ['massage-with-cmt-no-59.837', 'massage-billed-in-minutes.837', 'massage-ten-minutes.837'];
    const files = copyInto(t.dir, ...names.map((n) => `samples/${n}`));
    const r = await runCli(['--fix-suggestions', ...files]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '✔ No problems (3 files checked)\nApplied 3 fixes in 3 files.\n');
    files.forEach((f, i) => assertGolden(`fixed/${names[i]}`, read(f)));
    // What the fixes did, in words, so a golden refresh cannot silently change it.
    assert.match(read(files[0]), /SV1\*HC:97124:59\*50\*UN\*1\*\*\*1:2~/);
    assert.match(read(files[1]), /SV1\*HC:97124\*50\*UN\*1\*\*\*1~/);
    assert.doesNotMatch(read(files[2]), /97124/);
  });

  it('keeps a BOM and CRLF line endings', async () => {
    const crlf = read(path.join(REPO, COUNT_OFF)).replace(/\n/g, '\r\n');
    const file = path.join(t.dir, 'bom-crlf.837');
    fs.writeFileSync(file, '\uFEFF' + crlf);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 0);
    assert.equal(read(file), '\uFEFF' + crlf.replace('SE*30*0005~', 'SE*25*0005~'));
  });

  it('on standard input prints the fixed text to stdout and the report to stderr', async () => {
    const input = '\uFEFF' + read(path.join(REPO, 'samples/massage-with-cmt-no-59.837')).replace('SE*25*', 'SE*26*');
    const fixOnly = await runCli(['--fix', '-'], { stdin: input });
    assert.equal(fixOnly.code, 1);
    assert.equal(fixOnly.stdout, input.replace('SE*26*', 'SE*25*'));
    assert.match(fixOnly.stderr, /^\n<stdin>\n.*cmt-modifier-59\n/);
    const all = await runCli(['--fix-suggestions', '--format', 'json', '-'], { stdin: input });
    assert.equal(all.code, 0);
    assert.equal(all.stdout, input.replace('SE*26*', 'SE*25*').replace('HC:97124*', 'HC:97124:59*'));
    assert.deepEqual(JSON.parse(all.stderr)[0].findings, []);
  });

  it('does not rewrite a file that is not UTF-8 (exit 2, file untouched)', async () => {
    const file = path.join(t.dir, 'latin1.837');
    const bytes = Buffer.from(read(path.join(REPO, COUNT_OFF)).replace('PATEL', 'MU\u00D1OZ'), 'latin1');
    fs.writeFileSync(file, bytes);
    const r = await runCli(['--fix', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `claimlint: The file ${file} is not UTF-8 text, so it was not rewritten.\n`);
    assert.ok(fs.readFileSync(file).equals(bytes));
  });
});

describe('cli/atomic-write', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('replaces the content and keeps the mode', () => {
    const file = path.join(t.dir, 'a.837');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o604);
    const snap = snapshotOf(fs.readFileSync(file), fs.statSync(file));
    writeFileAtomic(file, Buffer.from('new'), snap);
    assert.equal(read(file), 'new');
    assert.equal(fs.statSync(file).mode & 0o777, 0o604);
    assert.deepEqual(fs.readdirSync(t.dir), ['a.837']);
  });

  it('refuses when the file changed after it was read, and cleans up', () => {
    const file = path.join(t.dir, 'a.837');
    fs.writeFileSync(file, 'old');
    const snap = snapshotOf(fs.readFileSync(file), fs.statSync(file));
    fs.writeFileSync(file, 'someone else');
    assert.throws(() => writeFileAtomic(file, Buffer.from('new'), snap), FileChangedError);
    assert.equal(read(file), 'someone else');
    assert.deepEqual(fs.readdirSync(t.dir), ['a.837']);
  });

  it('refuses a same-size change even when the mtime is restored', () => {
    const file = path.join(t.dir, 'a.837');
    fs.writeFileSync(file, 'aaa');
    fs.utimesSync(file, OLD, OLD);
    const snap = snapshotOf(fs.readFileSync(file), fs.statSync(file));
    fs.writeFileSync(file, 'bbb');
    fs.utimesSync(file, OLD, OLD);
    assert.throws(() => writeFileAtomic(file, Buffer.from('new'), snap), FileChangedError);
    assert.equal(read(file), 'bbb');
  });

  it('writes through a symlink to its target', () => {
    const target = path.join(t.dir, 'real.837');
    const link = path.join(t.dir, 'link.837');
    fs.writeFileSync(target, 'old');
    fs.symlinkSync(target, link);
    writeFileAtomic(link, Buffer.from('new'), snapshotOf(fs.readFileSync(link), fs.statSync(link)));
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(read(target), 'new');
  });
});
