import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeSets } from '../../../src/core/codesets';
import { resolveConfig } from '../../../src/core/config';
import { defaultPolicy, lint } from '../../../src/core/engine';
import { hoverAt } from '../../../src/core/hover';
import { fixtureText, REPO_ROOT, replaceOnce } from '../rules/helpers';
import { fixtureCodeSets } from './helpers';

let sets: CodeSets;
before(async () => {
  sets = await fixtureCodeSets();
});

/** The hover at the `delta`-th character of the `nth` occurrence of `needle`, with the given code sets. */
function hover(text: string, fileName: string, needle: string, codeSets: CodeSets, nth = 0, delta = 1) {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const r = lint(text, { fileName, codeSets });
  const h = hoverAt(r.document, r.findings, at + delta, defaultPolicy(), resolveConfig({}), undefined, codeSets);
  return { h, paragraphs: h?.markdown.split('\n\n') ?? [], text: h ? text.slice(h.span.start, h.span.end) : undefined };
}

describe('code sets: hovers', () => {
  it('a diagnosis shows its description from the set for its date of service, naming the set, before the element name', () => {
    const text = fixtureText('diagnosis-header-and-unknown-fy2024.837');
    const { paragraphs, text: under } = hover(text, 'claim.837', 'M5450', sets);
    assert.strictEqual(paragraphs[0], '**M5450** Low back pain, unspecified — *ICD-10-CM FY2024*');
    assert.match(paragraphs[1], /^\*\*HI-02-2\*\* Diagnosis Code/);
    assert.strictEqual(under, 'M5450');
    assert.strictEqual(hover(text, 'claim.837', 'M545', sets).paragraphs[0], '**M545** Low back pain — *ICD-10-CM FY2024* · a header, not billable');
  });

  it('a code the set for the date lacks is described from the newest set that has it, which the hover names', () => {
    const text = fixtureText('diagnosis-header-and-unknown-fy2024.837');
    assert.strictEqual(hover(text, 'claim.837', 'E66811', sets).paragraphs[0], '**E66811** Obesity, class 1 — *ICD-10-CM FY2025*');
    const swapped = fixtureText('diagnosis-across-fiscal-years-swapped.837');
    assert.strictEqual(
      hover(swapped, 'claim.837', 'ABF:E668', sets, 0, 5).paragraphs[0],
      '**E668** Other obesity — *ICD-10-CM FY2025* · a header, not billable',
    );
  });

  it('a HCPCS Level II procedure code shows its description; a CPT code never gets one', () => {
    const text = replaceOnce(fixtureText('diagnosis-billable-fy2024.837'), 'SV1*HC:98940*', 'SV1*HC:G0283*');
    const g = hover(text, 'claim.837', 'G0283', sets);
    assert.ok(
      g.paragraphs.includes(
        '**G0283** Electrical stimulation (unattended), to one or more areas for indication(s) other than wound care, as part of a therapy plan of care — *HCPCS Level II January 2024*',
      ),
      g.h?.markdown,
    );
    assert.strictEqual(g.text, 'G0283');
    const cpt = hover(text, 'claim.837', '97124', sets);
    assert.ok(cpt.h && !cpt.h.markdown.includes('HCPCS Level II'), 'nothing from a code set over 97124');
  });

  it('FHIR: the coding code of a diagnosis, written with its dot', () => {
    const json = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'fhir', 'diagnosis-header-and-unknown.json'), 'utf8');
    assert.ok(hover(json, 'claim.json', '"M54.5"', sets, 0, 2).paragraphs.includes('**M54.5** Low back pain — *ICD-10-CM FY2024* · a header, not billable'));
  });

  it('without an imported set the hover is what it was', () => {
    const text = fixtureText('diagnosis-header-and-unknown-fy2024.837');
    for (const needle of ['M5450', 'E66811', '97124']) {
      const r = lint(text, { fileName: 'claim.837' });
      const at = text.indexOf(needle) + 1;
      const before = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}));
      assert.deepStrictEqual(hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}), undefined, CodeSets.EMPTY), before);
      assert.ok(before && !/ICD-10-CM|HCPCS Level II/.test(before.markdown), needle);
    }
  });
});
