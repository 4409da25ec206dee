import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { MAX_XML_ELEMENTS } from '../../../../src/core/parsers/limits';

/** The compiled engine, loaded in a child process so its peak memory is its own. */
const ENGINE = path.resolve(__dirname, '../../../../src/core/engine.js');
const FIXTURE = path.resolve(__dirname, '../../../../../test/fixtures/fhir/bundle-five-visits-one-patient.xml');

/**
 * Lint an XML text made in a child process by `make` (JavaScript returning the text) and report
 * the findings, the text's length and how much the resident set grew while linting it (peak).
 */
function lintInChild(make: string): { ids: string[]; claims: number; length: number; growthMb: number; ms: number } {
  const script = `
    const fs = require('fs');
    const { lint } = require(${JSON.stringify(ENGINE)});
    const text = (${make})(fs.readFileSync(${JSON.stringify(FIXTURE)}, 'utf8'));
    global.gc();
    const before = process.resourceUsage().maxRSS;
    const started = Date.now();
    const r = lint(text, { fileName: 'bundle.xml' });
    const ms = Date.now() - started;
    const growth = (process.resourceUsage().maxRSS - before) / 1024;
    process.stdout.write(JSON.stringify({ ids: r.findings.map((f) => f.ruleId + '/' + f.messageId), claims: r.document.claims.length, length: text.length, growthMb: growth, ms }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('FHIR XML: memory bounded and linear (issue 15 §6)', function () {
  this.timeout(120000);

  it('a 20 MB bundle of real claims, linted, costs less than four times its size beyond the text', () => {
    const r = lintInChild(
      `(s) => { const m = /<entry>[\\s\\S]*<\\/entry>/.exec(s); return s.slice(0, m.index) + m[0].repeat(Math.ceil(20e6 / m[0].length)) + s.slice(m.index + m[0].length); }`,
    );
    assert.ok(r.claims > 5000, `${r.claims} claims`);
    const mb = r.length / 1e6;
    // fast-xml-parser's three passes took about 35 times the text (1.9 GB for 55 MB).
    assert.ok(r.growthMb < 4 * mb + 32, `${r.growthMb.toFixed(0)} MB for ${mb.toFixed(0)} MB of XML`);
  });

  it(`more than ${MAX_XML_ELEMENTS.toLocaleString('en-US')} elements: one fhir-structure finding, no abort, bounded memory`, () => {
    const r = lintInChild(`() => '<Bundle xmlns="http://hl7.org/fhir">' + '<a/>'.repeat(${MAX_XML_ELEMENTS + 10}) + '</Bundle>'`);
    assert.deepStrictEqual(r.ids, ['fhir-structure/tooManyElements']);
    assert.ok(r.growthMb < 12 * (r.length / 1e6), `${r.growthMb.toFixed(0)} MB for ${(r.length / 1e6).toFixed(0)} MB of XML`);
  });
});
