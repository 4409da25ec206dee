import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lint } from '../../../src/core/engine';
import { applyMutations, segmentBounds } from './mutations';
import { checkResult, decodeAsCli, lintAndCheck, seedFiles } from './support';

/**
 * Fixed hostile inputs (issue 6 §1 and §3): every segment boundary of every real file, a single
 * 10 MB segment, NUL bytes, invalid UTF-8, XML entity attacks, deeply nested and duplicate-keyed
 * JSON. Each must give findings, never an exception, within a time and memory bound.
 */

const ISA = 'ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *190501*1200*^*00501*000000001*0*T*:~';
const HEAD = 'GS*HC*S*R*20190501*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~HL*1**20*1~HL*2*1*22*0~NM1*IL*1*DOE*J****MI*M1~CLM*A*1***11:B:1~LX*1~';
const MB = 1024 * 1024;

/** Heap growth while running `fn`, in MB (a rough bound: garbage may or may not have been collected). */
function heapGrowth<T>(fn: () => T): { value: T; mb: number } {
  const before = process.memoryUsage().heapUsed;
  const value = fn();
  return { value, mb: (process.memoryUsage().heapUsed - before) / MB };
}

function ids(text: string): string[] {
  return lint(text).findings.map((f) => `${f.ruleId}/${f.messageId}`);
}

describe('fuzz: hostile inputs', function () {
  this.timeout(120000);

  it('truncation at every segment boundary (and one character into the next) of every corpus file and fixture', () => {
    let cases = 0;
    for (const seed of seedFiles()) {
      const latin1 = seed.bytes.toString('latin1');
      for (const [, end] of segmentBounds(latin1)) {
        for (const cut of [end, end + 1, Math.max(0, end - 1)]) {
          const text = decodeAsCli(seed.bytes.subarray(0, Math.min(cut, seed.bytes.length)));
          try {
            lintAndCheck(text, { fileName: seed.name });
          } catch (err) {
            assert.fail(`${seed.name} cut at byte ${cut}: ${(err as Error).message}`);
          }
          cases++;
        }
      }
    }
    assert.ok(cases > 1000, `${cases} truncations`);
  });

  for (const [name, text] of [
    ['one 10 MB segment without terminator', ISA + 'X'.repeat(10 * MB)],
    ['one 10 MB SV1 of element separators', ISA + HEAD + 'SV1*' + '*'.repeat(10 * MB)],
    ['one 10 MB procedure composite of component separators', ISA + HEAD + 'SV1*HC' + ':'.repeat(10 * MB) + '*1*UN*1~'],
    ['10 MB of segment terminators', ISA + '~'.repeat(10 * MB)],
    ['10 MB of NUL bytes', '\0'.repeat(10 * MB)],
    ['10 MB of CR', '\r'.repeat(10 * MB)],
    ['a 5 MB element inside a real claim', ISA + HEAD + 'SV1*HC:97124*' + '9'.repeat(5 * MB) + '*MJ*30~SE*9*0001~GE*1*1~IEA*1*000000001~'],
  ] as const) {
    it(`${name}: findings, no exception, under 15 s`, () => {
      lintAndCheck(text, { fileName: 'big.837' }, 15000);
    });
  }

  it('NUL bytes and invalid UTF-8 inside every corpus file, decoded as the CLI decodes', () => {
    for (const seed of seedFiles()) {
      const n = seed.bytes.length;
      const variants = [
        applyMutations(seed.bytes, [{ kind: 'nul', at: Math.floor(n / 2), count: 16 }]),
        applyMutations(seed.bytes, [{ kind: 'bytes', at: Math.floor(n / 3), bytes: [0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff] }]),
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]), seed.bytes]),
        Buffer.from(seed.bytes.map((b) => (b === 0x7e ? 0x00 : b))),
      ];
      variants.forEach((bytes, k) => {
        try {
          lintAndCheck(decodeAsCli(bytes), { fileName: seed.name });
        } catch (err) {
          assert.fail(`${seed.name} variant ${k}: ${(err as Error).message}`);
        }
      });
    }
  });

  describe('XML: no entity expansion', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE Claim [\n<!ENTITY lol "lol">\n' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n') +
      '\n]>\n<Claim xmlns="http://hl7.org/fhir"><id value="&lol9;"/><patient><reference value="&lol9;"/></patient></Claim>';
    const cases: [string, string, string][] = [
      ['billion laughs', laughs, 'doctypeEntities'],
      [
        'an external entity (XXE)',
        '<?xml version="1.0"?><!DOCTYPE Claim [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Claim xmlns="http://hl7.org/fhir"><id value="&xxe;"/></Claim>',
        'doctypeEntities',
      ],
      [
        'an external parameter entity',
        '<?xml version="1.0"?><!DOCTYPE Claim [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]><Claim xmlns="http://hl7.org/fhir"/>',
        'doctypeEntities',
      ],
      ['an external DTD', '<?xml version="1.0"?><!DOCTYPE Claim SYSTEM "http://example.invalid/claim.dtd"><Claim xmlns="http://hl7.org/fhir"/>', 'doctype'],
      [
        'a DOCTYPE after a comment',
        '<!-- x --><!DOCTYPE Claim [<!ENTITY a "b">]><Claim xmlns="http://hl7.org/fhir"><id value="&a;"/></Claim>',
        'doctypeEntities',
      ],
      [
        'a quadratic blow-up entity',
        `<!DOCTYPE Claim [<!ENTITY a "${'x'.repeat(1000)}">]><Claim xmlns="http://hl7.org/fhir"><id value="${'&a;'.repeat(100000)}"/></Claim>`,
        'doctypeEntities',
      ],
    ];
    for (const [name, text, messageId] of cases) {
      it(`${name}: one fhir-structure/${messageId} finding, bounded time and memory`, () => {
        const { value, mb } = heapGrowth(() => lintAndCheck(text, {}, 2000));
        assert.deepStrictEqual(
          value.result.findings.map((f) => `${f.ruleId}/${f.messageId}`),
          [`fhir-structure/${messageId}`],
        );
        assert.strictEqual(value.result.document.claims.length, 0);
        assert.ok(mb < 64, `${mb.toFixed(0)} MB`);
      });
    }

    it('a DOCTYPE longer than the old 4 KB detection window: still a claim, refused unread (issue 15 §11)', () => {
      const text = `<!DOCTYPE Claim [<!ENTITY a "${'x'.repeat(100000)}">]><Claim xmlns="http://hl7.org/fhir"><id value="${'&a;'.repeat(100000)}"/></Claim>`;
      const { result } = lintAndCheck(text, {}, 2000);
      assert.deepStrictEqual(
        result.findings.map((f) => `${f.ruleId}/${f.messageId}`),
        ['fhir-structure/doctypeEntities'],
      );
      assert.deepStrictEqual(ids(text.replace('<!DOCTYPE', '<Claim/><!DOCTYPE')), ['fhir-structure/doctypeEntities']);
    });

    it('a tag name of 1,000,000 bad characters: one invalidXml finding at once (the long run, issue 15 §6)', () => {
      // saxes reports an error per character of a bad name; the reader stops at the first.
      const text = `<Claim xmlns="http://hl7.org/fhir"><cod${'*'.repeat(1_000_000)} value="1"/></Claim>`;
      const started = Date.now();
      assert.deepStrictEqual(ids(text), ['fhir-structure/invalidXml']);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    });

    it('an undeclared entity reference is never resolved', () => {
      const { result } = lintAndCheck(
        '<Claim xmlns="http://hl7.org/fhir"><id value="&xxe;"/><identifier><value value="&xxe;"/></identifier><patient><reference value="Patient/1"/></patient></Claim>',
      );
      for (const c of result.document.claims) assert.ok(!/root:|passwd/.test(c.id.value));
    });

    for (const n of [100, 300, 3000, 100000]) {
      it(`${n.toLocaleString('en-US')} nested elements: one fhir-structure/tooDeep finding at the first element too deep`, () => {
        const text = `<Claim xmlns="http://hl7.org/fhir">${'<a>'.repeat(n)}${'</a>'.repeat(n)}</Claim>`;
        const { result } = lintAndCheck(text, {}, 5000);
        assert.deepStrictEqual(ids(text), ['fhir-structure/tooDeep']);
        // <Claim> is level 1: the 100th <a> is level 101.
        const at = text.indexOf('<a>') + 99 * 3;
        assert.deepStrictEqual(result.findings[0].span, { start: at, end: at + 3 });
        assert.match(result.findings[0].message, /more than 100 levels/);
      });
    }

    it('99 nested elements are read (not refused for depth)', () => {
      const n = 99;
      const text = `<Claim xmlns="http://hl7.org/fhir">${'<a>'.repeat(n)}${'</a>'.repeat(n)}</Claim>`;
      assert.ok(!ids(text).includes('fhir-structure/tooDeep'), JSON.stringify(ids(text)));
    });
  });

  describe('JSON: deep nesting and duplicate keys', () => {
    const n = 100000;
    for (const [name, text] of [
      ['100,000 nested arrays', `{"resourceType":"Claim","item":${'['.repeat(n)}${']'.repeat(n)}}`],
      ['100,000 nested objects', `{"resourceType":"Claim","item":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
      ['100,000 unclosed arrays', `{"resourceType":"Claim","item":${'['.repeat(n)}`],
      ['1,000,000 nested arrays', `{"resourceType":"Claim","item":${'['.repeat(10 * n)}${']'.repeat(10 * n)}}`],
    ] as const) {
      it(`${name}: one fhir-structure finding, no exception`, () => {
        const { result } = lintAndCheck(text, {}, 5000);
        // Reading stops at the 101st level, before the end of the text (unclosed or not).
        assert.deepStrictEqual(ids(text), ['fhir-structure/tooDeep']);
        assert.strictEqual(result.document.claims.length, 0);
      });
    }

    it('the depth limit is the same whichever JSON reader reads the text (the one-pass reader leaves deep text to jsonc-parser)', () => {
      // Alternating objects and property arrays, plain nested arrays, and nested objects, from 90 to 110 levels (objects and arrays).
      const shapes: [string, (levels: number) => string][] = [
        ['object/array', (l) => `{"resourceType":"Claim"${',"a":[{"b":0'.repeat((l - 1) >> 1)}${l % 2 === 0 ? ',"c":[1]' : ''}${'}]'.repeat((l - 1) >> 1)}}`],
        ['arrays', (l) => `{"resourceType":"Claim","a":${'['.repeat(l - 1)}${']'.repeat(l - 1)}}`],
        ['objects', (l) => `{"resourceType":"Claim"${',"a":{"b":0'.repeat(l - 1)}${'}'.repeat(l - 1)}}`],
      ];
      for (const [shape, make] of shapes) {
        for (let levels = 90; levels <= 110; levels++) {
          const text = make(levels);
          const deep = ids(text).includes('fhir-structure/tooDeep');
          assert.strictEqual(deep, levels > 100, `${shape}, ${levels} levels: ${JSON.stringify(ids(text))}`);
        }
      }
    });

    const item = (quantity: string): string =>
      `{"sequence":1,"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"97124"}]},${quantity},"net":{"value":40}}`;
    for (const [name, text] of [
      ['a duplicate id', '{"resourceType":"Claim","id":"a","id":"b","patient":{"reference":"Patient/1"}}'],
      ['a duplicate resourceType (Claim, then Patient)', '{"resourceType":"Claim","resourceType":"Patient","patient":{"reference":"Patient/1"}}'],
      [
        'a duplicate quantity (1 unit, then 30 minutes) hiding a policy problem',
        `{"resourceType":"Claim","patient":{"reference":"Patient/1"},"item":[${item('"quantity":{"value":1},"quantity":{"value":30,"unit":"min","system":"http://unitsofmeasure.org","code":"min"}')}]}`,
      ],
    ] as const) {
      it(`${name}: a fhir-structure/duplicateKey finding at the second name, nothing read`, () => {
        const { result } = lintAndCheck(text);
        assert.deepStrictEqual(ids(text), ['fhir-structure/duplicateKey']);
        const f = result.findings[0];
        const key = text.slice(f.span.start, f.span.end);
        assert.ok(text.indexOf(`"${key}"`) < f.span.start - 1, 'the second occurrence');
        assert.strictEqual(result.document.claims.length, 0);
        checkResult(text, result);
      });
    }

    it('the same name in different objects is no duplicate', () => {
      const text = `{"resourceType":"Claim","id":"c","patient":{"reference":"Patient/1","id":"p"},"item":[${item('"quantity":{"value":1}')}]}`;
      assert.ok(!ids(text).includes('fhir-structure/duplicateKey'));
    });
  });

  describe('the file system (issue 15 §1, §5): short writes, FIFOs and devices', () => {
    /** The compiled CLI in its own process, with CLAIMLINT_PARALLEL=0 and an optional file-size limit (in 1 KB blocks). */
    const cli = (args: string[], cwd: string, blocks?: number) => {
      const main = path.resolve(__dirname, '../../../src/cli/main.js');
      const limit = blocks === undefined ? '' : `trap '' XFSZ; ulimit -f ${blocks}; `;
      const quoted = args.map((a) => `'${a}'`).join(' ');
      const started = Date.now();
      const r = spawnSync('bash', ['-c', `${limit}exec '${process.execPath}' '${main}' ${quoted}`], {
        cwd,
        encoding: 'utf8',
        timeout: 20000,
        env: { ...process.env, CLAIMLINT_PARALLEL: '0' },
      });
      return { ...r, ms: Date.now() - started };
    };
    let dir: string;
    beforeEach(function () {
      if (process.platform === 'win32') this.skip();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-hostile-fs-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('--fix under every file-size limit up to the file: the original whole or the fix whole, never a part', () => {
      // A generated interchange of about 6 KB with a wrong SE01: the one mechanical fix changes it.
      const body = Array.from({ length: 60 }, (_, k) => `LX*${k + 1}~SV1*HC:97110*10*UN*1***1~DTP*472*D8*20190501~`).join('');
      const original = `${ISA}${HEAD.replace('LX*1~', '')}${body}SE*999*0001~GE*1*1~IEA*1*000000001~`;
      const file = path.join(dir, 'claim.837');
      for (let blocks = 1; blocks <= Math.ceil(original.length / 1024) + 1; blocks++) {
        fs.writeFileSync(file, original);
        const r = cli(['--fix', 'claim.837'], dir, blocks);
        const now = fs.readFileSync(file, 'utf8');
        assert.deepStrictEqual(fs.readdirSync(dir), ['claim.837'], `limit ${blocks} KB: a temp file was left`);
        if (r.status === 2) {
          assert.strictEqual(now, original, `limit ${blocks} KB: refused but changed`);
          assert.match(r.stderr, /could not be written in full/);
        } else {
          assert.notStrictEqual(now, original, `limit ${blocks} KB: exit ${r.status} without a fix`);
          assert.ok(now.endsWith('IEA*1*000000001~') && !now.includes('SE*999*'), `limit ${blocks} KB: the fix is not whole`);
        }
      }
    });

    it('FIFOs and character devices among named, globbed and walked inputs: never read, never waited for', () => {
      for (const name of ['a.837', 'b.txt', 'c.json']) assert.strictEqual(spawnSync('mkfifo', [path.join(dir, name)]).status, 0);
      fs.writeFileSync(path.join(dir, 'real.837'), `${ISA}${HEAD}SV1*HC:97110*10*UN*1***1~SE*9*0001~GE*1*1~IEA*1*000000001~`);
      for (const args of [['.'], ['*'], ['--fix', '.'], ['a.837', 'real.837'], ['/dev/zero', '/dev/urandom', '/dev/null'], ['--policy', 'c.json', '.']]) {
        const r = cli(['--format', 'json', ...args], dir);
        assert.notStrictEqual(r.status, null, `${args.join(' ')}: no exit in 20 s`);
        assert.ok(r.ms < 10000, `${args.join(' ')}: ${r.ms} ms`);
        assert.ok(!/internal error/.test(r.stderr), r.stderr);
      }
    });
  });
});
