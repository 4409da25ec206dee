import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeClaimBytes, readClaimText } from '../../../src/cli/read';

describe('cli/read', () => {
  it('decodes UTF-8 and drops a leading BOM, remembering it', () => {
    const withBom = decodeClaimBytes(Buffer.from('\uFEFFISA*00*é~', 'utf8'));
    assert.deepEqual(withBom, { text: 'ISA*00*é~', hasBom: true, encoding: 'utf8' });
    assert.deepEqual(decodeClaimBytes(Buffer.from('ISA~', 'utf8')), { text: 'ISA~', hasBom: false, encoding: 'utf8' });
  });

  it('checks that the bytes are UTF-8 only when asked (what --fix needs before writing)', () => {
    assert.equal(decodeClaimBytes(Buffer.from('ISA*é~', 'utf8'), true).exact, true);
    assert.equal(decodeClaimBytes(Buffer.from([0x49, 0x53, 0x41, 0xe9, 0x7e]), true).exact, false); // Latin-1 é
    assert.equal(decodeClaimBytes(Buffer.from([0xed, 0xa0, 0x80]), true).exact, false); // an encoded surrogate
  });

  it('readClaimText reads a file as the CLI does: decoded, without its BOM', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-read-'));
    try {
      const file = path.join(dir, 'a.837');
      fs.writeFileSync(file, '\uFEFFISA*00~\r\n');
      assert.equal(readClaimText(file), 'ISA*00~\r\n');
      assert.throws(() => readClaimText(path.join(dir, 'missing.837')), /ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
