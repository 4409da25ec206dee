import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeSet } from '../../../src/core/policy';
import { loadPolicyFile, loadPolicyFileAsync, MAX_POLICY_BYTES } from '../../../src/core/policy/loader';
import { REPO_ROOT } from '../rules/helpers';

const PACK = path.join(REPO_ROOT, 'src', 'core', 'policy', 'hns-massage-97124.json');
const readPack = (): Record<string, unknown> & { limits: Record<string, unknown> } => JSON.parse(fs.readFileSync(PACK, 'utf8'));

describe('policy: hostile packs (issue 15 §5, §7, §12)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-policy-safety-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const message = (file: string): string => {
    try {
      loadPolicyFile(file);
    } catch (err) {
      return (err as Error).message;
    }
    return 'loaded';
  };

  it('refuses limits that are not finite or out of range (1e309 is Infinity in JSON)', () => {
    const cases: [string, string, RegExp][] = [
      ['maxVisits', '1e309', /limits\.maxVisits must be <= 10000/],
      ['minutesPerUnit', '1e-300', /limits\.minutesPerUnit must be >= 1/],
      ['minutesPerUnit', '-15', /limits\.minutesPerUnit must be >= 1/],
      ['somethingElse', '-1e309', /limits\.somethingElse must be >= -1000000/],
      ['maxModalitiesPerVisit', '2.5', /limits\.maxModalitiesPerVisit must be integer/],
    ];
    for (const [limit, value, pattern] of cases) {
      const text = JSON.stringify(readPack())
        .replace('"limits":{', `"limits":{"${limit}":${value},`)
        .replace(new RegExp(`("${limit}":[^,}]+,[^}]*)"${limit}":[^,}]+,?`), '$1');
      assert.match(message(write(`${limit}.json`, text)), pattern, `${limit}: ${value}`);
    }
  });

  it('caps and escapes the names it quotes in errors', () => {
    const pack = readPack();
    (pack as Record<string, unknown>)[`x\u001b[2J${'n'.repeat(5_000_000)}`] = 1;
    const said = message(write('long-name.json', JSON.stringify(pack)));
    assert.match(said, /^The policy pack long-name\.json is invalid: the top level has an unknown property "x\\x1b\[2Jn+…"\.$/);
    assert.ok(said.length < 200, `${said.length} characters`);
  });

  it('refuses a pack larger than MAX_POLICY_BYTES unread, and a FIFO, sync and async', async function () {
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_POLICY_BYTES + 1); // sparse: nothing is written
    assert.strictEqual(
      message(big),
      `The policy pack big.json is ${MAX_POLICY_BYTES + 1} bytes, more than the ${MAX_POLICY_BYTES} a pack may have, so it was not read.`,
    );
    await assert.rejects(loadPolicyFileAsync(big), /more than the/);
    if (process.platform === 'win32') return;
    const said = 'The policy pack zero is not a regular file (a FIFO, a device or a socket), so it was not read.';
    assert.strictEqual(message('/dev/zero'), said);
    await assert.rejects(loadPolicyFileAsync('/dev/zero'), { message: said });
    assert.strictEqual((await loadPolicyFileAsync(PACK)).id, 'hns-massage-97124');
  });

  it('looks codes up among 300,000 ranges in well under a second, with the same answers as trying every range', () => {
    const ranges: [string, string][] = [];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const code = (n: number, width: number): string => String(n).padStart(width, '0');
    for (let k = 0; k < 300_000; k++) {
      const width = 5 + (k % 3);
      const lo = random(10 ** width - 1000);
      ranges.push([code(lo, width), code(lo + random(1000), width)]);
    }
    ranges.push(['A0000', 'A9999'], ['A5000', 'A5100'], ['A0100', 'A0200']); // nested and overlapping
    const set = new CodeSet({ description: 'many', ranges, prefixes: ['Z7', 'Q'] });
    const probes: string[] = ['A0150', 'A9999', 'B0000', 'Z73', 'Q1', 'A', '', '0'];
    for (let k = 0; k < 20_000; k++) probes.push(code(random(10 ** (5 + (k % 3))), 5 + (k % 3)));
    const started = Date.now();
    const answers = probes.map((c) => set.has(c));
    const ms = Date.now() - started;
    assert.ok(ms < 1000, `${ms} ms for ${probes.length} lookups`);
    // The old linear scan, for a sample of the probes.
    const naive = (c: string): boolean =>
      c.length > 0 && (ranges.some(([lo, hi]) => c.length === lo.length && c >= lo && c <= hi) || ['Z7', 'Q'].some((p) => c.startsWith(p)));
    for (let k = 0; k < probes.length; k += 97) assert.strictEqual(answers[k], naive(probes[k]), probes[k]);
    assert.deepStrictEqual(answers.slice(0, 8), [true, true, false, true, true, false, false, false]);
  });
});
