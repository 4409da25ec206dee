import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { assertGolden, copyInto, runCli, tempDir } from './helpers';

const JSON_CLAIM = 'test/fixtures/fhir/massage-with-cmt-no-59.json';
const XML_CLAIM = 'test/fixtures/fhir/massage-with-cmt-no-59.xml';

describe('cli on FHIR claims', () => {
  it('--format json reports fhir-json and fhir-xml with the same finding shape as X12 (golden)', async () => {
    const r = await runCli(['--format', 'json', '--history-scope', 'file', JSON_CLAIM, XML_CLAIM, 'samples/massage-with-cmt-no-59.837']);
    assert.equal(r.code, 1);
    assertGolden('fhir.json', r.stdout);
    const out = JSON.parse(r.stdout) as { file: string; format: string; claims: number; findings: Record<string, unknown>[] }[];
    assert.deepEqual(
      out.map((o) => [o.file, o.format, o.claims]),
      [
        [JSON_CLAIM, 'fhir-json', 1],
        [XML_CLAIM, 'fhir-xml', 1],
        ['samples/massage-with-cmt-no-59.837', 'x12-837p', 1],
      ],
    );
    const shape = (f: Record<string, unknown>) => Object.keys(f).join();
    for (const o of out) {
      const f = o.findings.find((x) => x.ruleId === 'cmt-modifier-59')!;
      assert.ok(f, `${o.file}: cmt-modifier-59`);
      assert.equal(shape(f), shape(out[2].findings[0]));
      assert.equal(f.clause, 'cmt-modifier-59');
    }
  });

  it('--fix-suggestions writes the modifier coding; the JSON stays valid and the XML well-formed', async () => {
    const t = tempDir();
    try {
      const [json, xml] = copyInto(t.dir, JSON_CLAIM, XML_CLAIM);
      const r = await runCli(['--fix-suggestions', json, xml]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
      const item = parsed.item.find((i: { productOrService: { coding: { code: string }[] } }) => i.productOrService.coding[0].code === '97124');
      assert.deepEqual(item.modifier, [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '59' }] }]);
      const x = fs.readFileSync(xml, 'utf8');
      assert.equal(XMLValidator.validate(x), true);
      assert.match(x, /<\/productOrService>\s*<modifier>\s*<coding>\s*<system value="http:\/\/www\.ama-assn\.org\/go\/cpt"\/>\s*<code value="59"\/>/);
    } finally {
      t.cleanup();
    }
  });
});
