import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CPT_NOTICE, loadCptDescriptors, parseCptDescriptors } from '../../../src/core/policy/descriptors';
import { runCli } from '../cli/helpers';

describe('CPT descriptor file (docs/cpt-descriptors.md)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-cpt-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads code, tab or spaces, descriptor; skips comments and blank lines; a later line wins; upper-cases codes', () => {
    const map = parseCptDescriptors('\uFEFF# licensed\n\n98940\tFirst text\r\ng0283   HCPCS text  \n98940\tSecond text\n');
    assert.deepStrictEqual(
      [...map],
      [
        ['98940', 'Second text'],
        ['G0283', 'HCPCS text'],
      ],
    );
  });

  it('names a bad line by its number only, never its (licensed) text', () => {
    assert.throws(
      () => parseCptDescriptors('98940\tok\nSECRET LICENSED TEXT\n'),
      (err: Error) => {
        assert.strictEqual(err.message, 'line 2 is not a five-character code followed by a tab or spaces and its descriptor');
        return true;
      },
    );
  });

  it('loads a file; a missing file, a directory or a bad format is one sentence naming the file', () => {
    const good = path.join(dir, 'cpt.tsv');
    fs.writeFileSync(good, '98941\tLicensed text of 98941\n');
    assert.strictEqual(loadCptDescriptors(good).get('98941'), 'Licensed text of 98941');
    assert.throws(() => loadCptDescriptors(path.join(dir, 'none.tsv')), /^Error: The CPT descriptor file none\.tsv cannot be read\.$/);
    assert.throws(() => loadCptDescriptors(dir), /is not a regular file|cannot be read/);
    const bad = path.join(dir, 'bad.tsv');
    fs.writeFileSync(bad, 'not a code line\n');
    assert.throws(() => loadCptDescriptors(bad), /^Error: The CPT descriptor file bad\.tsv is not in the documented format: line 1 /);
  });

  it('CLI --cpt-descriptors: the text report lists the licensed descriptors of the codes found, with the AMA notice; none without it', async () => {
    const file = path.join(dir, 'site.tsv');
    fs.writeFileSync(file, '97124\tSite text for 97124\n98941\tSite text for 98941\n99213\tNot named by any finding\n');
    const sample = 'samples/massage-with-cmt-no-59.837';
    const withFile = await runCli(['--cpt-descriptors', file, sample]);
    assert.strictEqual(withFile.code, 1);
    assert.ok(
      withFile.stdout.endsWith(`\nCPT descriptors (from your licensed file):\n  97124  Site text for 97124\n  98941  Site text for 98941\n${CPT_NOTICE}\n`),
      withFile.stdout,
    );
    const without = await runCli([sample]);
    assert.ok(!/CPT descriptors|AMA/.test(without.stdout), without.stdout);
    const missing = await runCli(['--cpt-descriptors', path.join(dir, 'nope.tsv'), sample]);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.stdout, '');
    assert.match(missing.stderr, /The CPT descriptor file nope\.tsv cannot be read\./);
  });
});
