import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CodeSetError,
  CodeSets,
  codeSetsFromData,
  codeSetsToData,
  hcpcsInfo,
  icd10cmInfo,
  MAX_LINE_LENGTH,
  parseCodeSetBytes,
  parseStoredCodeSet,
  readCodeSetFile,
  serializeCodeSet,
} from '../../../src/core/codesets';
import { fixtureText } from '../rules/helpers';
import { codeSetFile, loadCodeSet } from './helpers';

function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/** One order file record in the official fixed-width layout. */
function orderLine(n: number, code: string, flag: string, short: string, long = short): string {
  return `${String(n).padStart(5, '0')} ${code.padEnd(7)} ${flag} ${short.padEnd(60)} ${long}`;
}

async function rejects(p: Promise<unknown>, message: RegExp): Promise<CodeSetError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CodeSetError, `a CodeSetError, not ${String(err)}`);
    assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a rejection matching ${message}`);
}

function tmpFile(name: string, content: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-codeset-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('code sets: reading the official files', () => {
  it('reads the ICD-10-CM order file: codes without dots, headers (0) and billable codes (1), long descriptions, the fiscal year from the name', async () => {
    const { set, skipped } = await readCodeSetFile(codeSetFile('icd10cm_order_2024.txt'));
    assert.strictEqual(skipped, 0);
    assert.deepStrictEqual(set.info, {
      kind: 'icd10cm',
      id: 'icd10cm-fy2024',
      name: 'ICD-10-CM FY2024',
      from: '2023-10-01',
      to: '2024-09-30',
      source: 'icd10cm-order',
      fileName: 'icd10cm_order_2024.txt',
      headers: true,
    });
    assert.strictEqual(set.size, 16);
    assert.deepStrictEqual(set.lookup('M54.5'), { code: 'M545', description: 'Low back pain', billable: false });
    assert.deepStrictEqual(set.lookup('m54.50'), { code: 'M5450', description: 'Low back pain, unspecified', billable: true });
    assert.deepStrictEqual(set.lookup('M5450'), set.lookup('M54.50'));
    assert.strictEqual(set.lookup('E66811'), undefined);
    assert.strictEqual(set.lookup('A000')?.description, 'Cholera due to Vibrio cholerae 01, biovar cholerae');
    assert.ok(set.covers('2023-10-01') && set.covers('2024-09-30') && !set.covers('2023-09-30') && !set.covers('2024-10-01'));
  });

  it('reads the hyphenated names NCHS uses since 2025, and the codes file (billable codes only: headers are not listed)', async () => {
    const order = await loadCodeSet('icd10cm-order-2025.txt');
    assert.strictEqual(order.info.name, 'ICD-10-CM FY2025');
    assert.strictEqual(order.info.from, '2024-10-01');
    assert.strictEqual(order.lookup('E66.8')?.billable, false);
    const codes = await loadCodeSet('icd10cm-codes-2025.txt');
    assert.deepStrictEqual([codes.info.id, codes.info.source, codes.info.headers], ['icd10cm-fy2025', 'icd10cm-codes', false]);
    assert.strictEqual(codes.lookup('E668'), undefined);
    assert.deepStrictEqual(codes.lookup('E66.811'), { code: 'E66811', description: 'Obesity, class 1', billable: true });
    assert.deepStrictEqual(
      [...codes.entries()].map((e) => e.code),
      [...order.entries()].filter((e) => e.billable).map((e) => e.code),
    );
  });

  it('reads the HCPCS ANWEB file: Level II codes only, continuation lines joined; CPT (Level I), CDT and modifiers left out', async () => {
    const { set, skipped } = await readCodeSetFile(codeSetFile('HCPC2024_JAN_ANWEB_v3.txt'));
    assert.deepStrictEqual(set.info, {
      kind: 'hcpcs',
      id: 'hcpcs-2024-01',
      name: 'HCPCS Level II January 2024',
      from: '2024-01-01',
      to: '2024-12-31',
      source: 'hcpcs-anweb',
      fileName: 'HCPC2024_JAN_ANWEB_v3.txt',
      headers: false,
    });
    assert.deepStrictEqual(
      [...set.entries()].map((e) => e.code),
      ['A4556', 'E0730', 'G0283'],
    );
    assert.strictEqual(skipped, 2, '97124 (CPT) and D0120 (CDT)');
    assert.strictEqual(
      set.lookup('E0730')?.description,
      'Transcutaneous electrical nerve stimulation (TENS) device, four or more leads, for multiple nerve stimulation',
    );
    assert.strictEqual(
      set.lookup('g0283')?.description,
      'Electrical stimulation (unattended), to one or more areas for indication(s) other than wound care, as part of a therapy plan of care',
    );
    for (const code of ['97124', 'D0120', 'GP']) assert.strictEqual(set.lookup(code), undefined, code);
    assert.ok(![...set.entries()].some((e) => /must never store/.test(e.description)));
    assert.doesNotMatch(serializeCodeSet(set), /must never store|97124|D0120/);
  });

  it('joins a word the 80-column description field splits in two', async () => {
    const record = (seq: number, ric: string, text: string) => `G0283${String(seq).padStart(5, '0')}${ric}${text.padEnd(80)}`.padEnd(320);
    const long = 'Electrical stimulation (unattended), to one or more areas for indication(s) othe';
    assert.strictEqual(long.length, 80);
    const { set } = await parseCodeSetBytes(bytes(`${record(100, '3', long)}\n${record(200, '4', 'r than wound care')}\n`), 'HCPC2024_APR_ANWEB.txt');
    assert.strictEqual(set.lookup('G0283')?.description, `${long}r than wound care`);
    assert.strictEqual(set.info.name, 'HCPCS Level II April 2024');
  });

  it('takes the period from the name: fiscal years, the April update of ICD-10-CM, the HCPCS quarters; or from the year given', () => {
    assert.deepStrictEqual(
      ['icd10cm_order_2016.txt', 'icd10cm-order-April-2024.txt', 'icd10cm-codes-2026.txt'].map((n) => {
        const i = icd10cmInfo(n, 'icd10cm-order');
        return [i.id, i.name, i.from, i.to];
      }),
      [
        ['icd10cm-fy2016', 'ICD-10-CM FY2016', '2015-10-01', '2016-09-30'],
        ['icd10cm-fy2024-april', 'ICD-10-CM FY2024 (April update)', '2024-04-01', '2024-09-30'],
        ['icd10cm-fy2026', 'ICD-10-CM FY2026', '2025-10-01', '2026-09-30'],
      ],
    );
    assert.deepStrictEqual(
      ['HCPC2025_JUL_ANWEB_v2.txt', 'HCPC2025_OCT_ANWEB.txt', 'HCPC2025_ANWEB.txt'].map((n) => [
        hcpcsInfo(n, 'hcpcs-anweb').id,
        hcpcsInfo(n, 'hcpcs-anweb').from,
      ]),
      [
        ['hcpcs-2025-07', '2025-07-01'],
        ['hcpcs-2025-10', '2025-10-01'],
        ['hcpcs-2025-01', '2025-01-01'],
      ],
    );
    assert.strictEqual(icd10cmInfo('diagnoses.txt', 'icd10cm-codes', { year: 2025 }).name, 'ICD-10-CM FY2025');
    assert.throws(() => icd10cmInfo('diagnoses.txt', 'icd10cm-codes'), /does not say which fiscal year .*icd10cm_order_2024\.txt/);
    assert.throws(() => icd10cmInfo('icd9cm_2014.txt', 'icd10cm-codes'), /fiscal year must be a year from 2016 to 2099/);
  });

  it('reads Windows-1252 bytes and a UTF-8 byte-order mark', async () => {
    const line = orderLine(1, 'M5450', '1', 'Low back pain \x96 unspecified');
    const latin = Buffer.from(`${line}\r\n`, 'latin1');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(latin), 'not UTF-8');
    const { set } = await parseCodeSetBytes(latin, 'icd10cm_order_2024.txt');
    assert.strictEqual(set.lookup('M5450')?.description, 'Low back pain – unspecified');
    const bom = await parseCodeSetBytes(bytes(`\uFEFF${orderLine(1, 'M5450', '1', 'Low back pain, unspecified')}\n`), 'icd10cm_order_2024.txt');
    assert.strictEqual(bom.set.size, 1);
  });

  it('says what is wrong in one sentence, naming a line number and never the line', async () => {
    const claim = fixtureText('massage-with-cmt-no-59.837');
    const err = await rejects(parseCodeSetBytes(bytes(claim), 'claims.txt'), /^This is a claim file, not a code set\.$/);
    assert.doesNotMatch(err.message, /DOE|JANE|M123456/);
    await rejects(parseCodeSetBytes(bytes('{"resourceType": "Claim"}'), 'claim.json'), /claim file/);
    // What else the NCHS and CMS downloads hold: the tabular list as XML, and .xlsx/.zip files.
    const tabular = /^This is the ICD-10-CM tabular list \(XML\); import the order file/;
    await rejects(parseCodeSetBytes(bytes('<?xml version="1.0" encoding="utf-8"?>\n<ICD10CM.tabular>\n'), 'icd10cm_tabular_2024.xml'), tabular);
    await rejects(parseCodeSetBytes(bytes('<?xml version="1.0"?><ICD10CM.tabular><version>2024</version>'), 'tab.xml'), tabular);
    await rejects(
      parseCodeSetBytes(Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), 'HCPC2024_JAN_ANWEB.xlsx'),
      /^This is a spreadsheet or zip file; import the \.txt file/,
    );
    await rejects(parseCodeSetBytes(bytes(''), 'icd10cm_order_2024.txt'), /^The file is empty\.$/);
    await rejects(parseCodeSetBytes(bytes('\n\n   \n'), 'icd10cm_order_2024.txt'), /^The file is empty\.$/);
    await rejects(
      parseCodeSetBytes(bytes('Patient DOE JANE, member M123456\n'), 'notes.txt'),
      /^Line 1 is not a record of an ICD-10-CM order or codes file or of a HCPCS ANWEB file \(the formats claimlint reads are listed in docs\/code-sets\.md\)\.$/,
    );
    const good = orderLine(1, 'M5450', '1', 'Low back pain, unspecified');
    const bad = [good, orderLine(2, 'M5451', '1', 'Vertebrogenic low back pain'), '00003 M5459   X Other low back pain'].join('\n');
    await rejects(
      parseCodeSetBytes(bytes(bad), 'icd10cm_order_2024.txt'),
      /^Line 3 is not a record of an ICD-10-CM order file \(order number, code, 0\/1, short and long description\)\.$/,
    );
    await rejects(parseCodeSetBytes(bytes(`${good}\n${good}\n`), 'icd10cm_order_2024.txt'), /^Line 2 lists a code that an earlier line lists too\.$/);
    await rejects(
      parseCodeSetBytes(bytes('M5450   Low back pain\nM54.51  Vertebrogenic low back pain\n'), 'icd10cm_codes_2024.txt'),
      /^Line 2 is not a record of an ICD-10-CM codes file/,
    );
    await rejects(parseCodeSetBytes(bytes(`${good}\n`), 'order.txt'), /does not say which fiscal year/);
    const cptOnly = `97124001003${'Level I descriptor'.padEnd(80)}`.padEnd(320);
    await rejects(parseCodeSetBytes(bytes(cptOnly), 'HCPC2024_JAN_ANWEB.txt'), /^The file holds no HCPCS Level II code \(a letter and four digits\)\.$/);
    await rejects(
      parseCodeSetBytes(bytes(`A4556002004${'a continuation first'.padEnd(80)}`), 'HCPC2024_JAN_ANWEB.txt'),
      /^Line 1 is not a record of a HCPCS ANWEB file/,
    );
  });

  it('bounds what it reads: a size cap, a line-length cap, a missing file or a folder', async () => {
    await rejects(
      parseCodeSetBytes(new Uint8Array(2048), 'icd10cm_order_2024.txt', { maxBytes: 1024 }),
      /^The file is larger than 0 MB; no official code set file is\.$/,
    );
    const oneLine = tmpFile('icd10cm_order_2024.txt', `00001 ${'M'.repeat(10 * 1024 * 1024)}`);
    const started = Date.now();
    await rejects(readCodeSetFile(oneLine), new RegExp(`^Line 1 is longer than any line of an official code set file \\(${MAX_LINE_LENGTH} characters\\)\\.$`));
    assert.ok(Date.now() - started < 2000, 'stops at the first chunk');
    const big = tmpFile('icd10cm_order_2024.txt', Buffer.alloc(3 * 1024 * 1024, 0x20));
    await rejects(readCodeSetFile(big, { maxBytes: 2 * 1024 * 1024 }), /^The file is larger than 2 MB/);
    await rejects(readCodeSetFile(path.join(os.tmpdir(), 'claimlint-no-such-file.txt')), /^The file cannot be read\.$/);
    await rejects(readCodeSetFile(os.tmpdir()), /^This is not a regular file \(a folder, a FIFO or a device\), so it was not read\.$/);
  });

  it('never waits on a FIFO or reads a device: refused at once, without a read', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-codeset-'));
    const fifo = path.join(dir, 'icd10cm_order_2024.txt');
    assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const started = Date.now();
    for (const file of [fifo, '/dev/zero']) {
      await rejects(readCodeSetFile(file, { year: 2024 }), /^This is not a regular file \(a folder, a FIFO or a device\), so it was not read\.$/);
    }
    assert.ok(Date.now() - started < 2000, 'no wait for a writer');
  });

  it('stores a compact copy that reads back the same, and refuses a damaged one', async () => {
    const set = await loadCodeSet('icd10cm_order_2024.txt');
    const stored = serializeCodeSet(set);
    assert.match(stored, /^claimlint code set 1\n\{"kind":"icd10cm",.*"count":16\}\nA00\t0\tCholera\nA000\t1\t/);
    const back = parseStoredCodeSet(stored);
    assert.deepStrictEqual(back.info, set.info);
    assert.deepStrictEqual([...back.entries()], [...set.entries()]);
    for (const damaged of [
      stored.replace('claimlint code set 1', 'something else'),
      stored.replace('\nM5450\t1\t', '\nM5450\t2\t'),
      stored.slice(0, stored.length - 40),
      '',
    ]) {
      assert.throws(() => parseStoredCodeSet(damaged), /^CodeSetError: The stored code set is damaged; import the file again\.$/);
    }
    const sets = new CodeSets([set, await loadCodeSet('HCPC2024_JAN_ANWEB_v3.txt')]);
    const data = codeSetsToData(sets);
    assert.ok(data.every((d) => typeof d === 'string'));
    assert.deepStrictEqual(
      codeSetsFromData(data).all.map((s) => s.info),
      sets.all.map((s) => s.info),
    );
    assert.strictEqual(codeSetsFromData(undefined), CodeSets.EMPTY);
  });

  it('never lets another exception escape: damaged official files and stored copies give a CodeSetError or a set', async () => {
    // A fixed-seed generator (xorshift), so a failure can be replayed.
    let seed = 0x2545f491;
    const next = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const pieces = ['\n', '\r\n', '\t', ' ', '0', '1', '\u0000', '\uFEFF', '\u00e9', '\ud800', '~', '*', 'ISA*', 'M5450', '00001 ', '3', '4'];
    const mutate = (text: string): string => {
      let out = text;
      for (let k = 1 + next(4); k > 0; k--) {
        const at = next(out.length + 1);
        const choice = next(3);
        if (choice === 0) out = out.slice(0, at) + pieces[next(pieces.length)] + out.slice(at);
        else if (choice === 1) out = out.slice(0, at) + out.slice(at + 1 + next(40));
        else out = out.slice(0, at);
      }
      return out;
    };
    const originals = ['icd10cm_order_2024.txt', 'icd10cm-codes-2025.txt', 'HCPC2024_JAN_ANWEB_v3.txt'].map((name) => ({
      name,
      text: fs.readFileSync(codeSetFile(name), 'latin1'),
    }));
    const stored = serializeCodeSet(await loadCodeSet('icd10cm_order_2024.txt'));
    let refused = 0;
    for (let k = 0; k < 300; k++) {
      const { name, text } = originals[k % originals.length];
      const raw = Buffer.from(mutate(text), k % 2 ? 'utf8' : 'latin1');
      try {
        await parseCodeSetBytes(raw, name);
      } catch (err) {
        assert.ok(err instanceof CodeSetError, `case ${k}: ${String(err)}`);
        refused++;
      }
      try {
        parseStoredCodeSet(mutate(stored));
      } catch (err) {
        assert.ok(err instanceof CodeSetError, `stored case ${k}: ${String(err)}`);
      }
    }
    assert.ok(refused > 0 && refused < 300, `${refused} of 300 refused`);
  });
});

describe('code sets: which set applies to a date of service', () => {
  it('the fiscal year covering the date; none before the first imported year or after the last', async () => {
    const sets = new CodeSets([await loadCodeSet('icd10cm-order-2025.txt'), await loadCodeSet('icd10cm_order_2024.txt')]);
    const name = (date: string) => sets.forDate('icd10cm', date)?.info.name;
    assert.deepStrictEqual(['2023-09-30', '2023-10-01', '2024-09-30', '2024-10-01', '2025-09-30', '2025-10-01', '', 'not a date'].map(name), [
      undefined,
      'ICD-10-CM FY2024',
      'ICD-10-CM FY2024',
      'ICD-10-CM FY2025',
      'ICD-10-CM FY2025',
      undefined,
      undefined,
      undefined,
    ]);
    assert.strictEqual(sets.forDate('hcpcs', '2024-03-01'), undefined);
  });

  it('an April update takes over from its fiscal year from April 1; a second import of the same period replaces the first', async () => {
    const october = await loadCodeSet('icd10cm_order_2024.txt');
    const april = (await parseCodeSetBytes(bytes(`${orderLine(1, 'M5450', '1', 'Low back pain, unspecified (April)')}\n`), 'icd10cm-order-April-2024.txt')).set;
    const sets = new CodeSets([april, october]);
    assert.deepStrictEqual(
      ['2024-03-31', '2024-04-01', '2024-09-30'].map((d) => sets.forDate('icd10cm', d)?.info.id),
      ['icd10cm-fy2024', 'icd10cm-fy2024-april', 'icd10cm-fy2024-april'],
    );
    const again = (await parseCodeSetBytes(bytes(`${orderLine(1, 'M5450', '1', 'again')}\n`), 'icd10cm_order_2024.txt')).set;
    const replaced = new CodeSets([october, again]);
    assert.strictEqual(replaced.all.length, 1);
    assert.strictEqual(replaced.forDate('icd10cm', '2024-01-01')?.lookup('M5450')?.description, 'again');
  });

  it('describes a code from the set for the date, else from the newest set that has it', async () => {
    const sets = new CodeSets([await loadCodeSet('icd10cm_order_2024.txt'), await loadCodeSet('icd10cm-order-2025.txt')]);
    assert.strictEqual(sets.describe('icd10cm', 'E668', '2024-03-01')?.entry.billable, true);
    assert.strictEqual(sets.describe('icd10cm', 'E668', '2024-10-01')?.entry.billable, false);
    assert.strictEqual(sets.describe('icd10cm', 'E66811', '2024-03-01')?.set.info.name, 'ICD-10-CM FY2025');
    assert.strictEqual(sets.describe('icd10cm', 'E668')?.set.info.name, 'ICD-10-CM FY2025');
    assert.strictEqual(sets.describe('icd10cm', 'Q999'), undefined);
    assert.strictEqual(CodeSets.EMPTY.describe('icd10cm', 'M5450'), undefined);
  });
});
