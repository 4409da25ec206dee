import * as assert from 'assert';
import { resolveConfig, type LintConfig } from '../../../src/core/config';
import { defaultPolicy, lint, parseDocument } from '../../../src/core/engine';
import { escapeMarkdown, hoverAt } from '../../../src/core/hover';
import { describeX12Element } from '../../../src/core/parsers/x12/dictionary';

const HEAD = [
  'ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *190501*1200*^*00501*000000001*0*T*:~',
  'GS*HC*SUBMITTER01*RECEIVER01*20190501*1200*1*X*005010X222A1~',
  'ST*837*0001*005010X222A1~',
  'BHT*0019*00*0001*20190501*1200*CH~',
  'NM1*41*2*BACK CLINIC*****46*S0001~',
  'HL*1**20*1~',
  'PRV*BI*PXC*111N00000X~',
  'NM1*85*2*BACK CLINIC*****XX*1234567893~',
  'HL*2*1*22*0~',
  'SBR*P*18*******CI~',
  'NM1*IL*1*DOE*JOHN****MI*M000001~',
  'DMG*D8*19700101*M~',
  'NM1*PR*2*HNS*****PI*HNS01~',
];

function professional(lines: string[]): string {
  const body = [...HEAD, 'CLM*ACCT1*150***11:B:1*Y*A*Y*Y~', 'HI*ABK:M5450*ABF:M6283~', 'PRV*PE*PXC*111N00000X~', ...lines];
  const count = body.length - 2 + 1;
  return [...body, `SE*${count}*0001~`, 'GE*1*1~', 'IEA*1*000000001~', ''].join('\n');
}

const CMT_AND_MASSAGE = professional([
  'LX*1~',
  'SV1*HC:98940*100*UN*1***1~',
  'DTP*472*D8*20190501~',
  'LX*2~',
  'SV1*HC:97124:XE*50*UN*1***1:2~',
  'DTP*472*D8*20190501~',
]);

const MINUTES = professional(['LX*1~', 'SV1*HC:97124:59*50*MJ*23***1~', 'DTP*472*D8*20190501~']);

const INSTITUTIONAL = [
  'ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *190501*1200*^*00501*000000005*0*T*:~',
  'GS*HC*SUBMITTER01*RECEIVER01*20190501*1200*5*X*005010X223A2~',
  'ST*837*0005*005010X223A2~',
  'HL*1**20*1~',
  'NM1*85*2*REHAB HOSPITAL*****XX*1234567893~',
  'HL*2*1*22*0~',
  'SBR*P*18*******CI~',
  'NM1*IL*1*DOE*JANE****MI*M000005~',
  'CLM*ACCT5*80***13:A:1**A*Y*Y~',
  'DTP*434*RD8*20190501-20190501~',
  'HI*ABK:M5450~',
  'LX*1~',
  'SV2*0420*HC:97124*80*UN*2~',
  'DTP*472*D8*20190501~',
  'SE*15*0005~',
  'GE*1*5~',
  'IEA*1*000000005~',
].join('\n');

/** Hover at the `delta`-th character of the first occurrence of `needle`. */
function hover(text: string, needle: string, delta = 0, config: Partial<LintConfig> = {}) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture lacks ${needle}`);
  const r = lint(text, { config });
  const h = hoverAt(r.document, r.findings, at + delta, defaultPolicy(), resolveConfig(config));
  return { h, text: h ? text.slice(h.span.start, h.span.end) : undefined };
}

describe('hoverAt', () => {
  describe('procedure code', () => {
    it('97124: descriptor, timed, and every governing clause with heading, source, date and link', () => {
      const { h, text } = hover(CMT_AND_MASSAGE, '97124', 2);
      assert.ok(h);
      assert.strictEqual(text, '97124');
      const md = h.markdown;
      assert.match(md, /\*\*97124\*\* — Massage, including effleurage, petrissage, and\/or tapotement/);
      assert.match(md, /AMA CPT 2019/);
      assert.match(md, /Timed: billed in 15-minute units/);
      assert.match(md, /15 minutes must be spent in performing the pre-, intra-, and post-service work/);
      assert.match(md, /\*\*Time Based — 15 minutes for 97124\*\*/);
      assert.match(md, /— HNS Policy, effective 2019-05-01 · \[source\]\(https:\/\//);
      const policy = defaultPolicy();
      for (const id of policy.procedure('97124')!.clauses!) {
        const heading = escapeMarkdown(policy.clause(id)!.heading);
        assert.ok(md.includes(`**${heading}**`), `clause ${id} is quoted`);
      }
      // Kept short: clauses in a row from the same page share one attribution line (two pages here).
      const links = new Set(policy.procedure('97124')!.clauses!.map((id) => policy.clause(id)!.url));
      assert.strictEqual(md.match(/— HNS Policy, effective 2019-05-01 · \[source\]/g)?.length, links.size);
    });

    it('names the element: SV1-01-2 Procedure Code in the composite, 2400 loop', () => {
      const { h } = hover(CMT_AND_MASSAGE, '97124');
      assert.match(h!.markdown, /\*\*SV1-01-2\*\* Procedure Code \(in SV1-01 Composite Medical Procedure Identifier\) — 2400 Service Line/);
    });

    it('a CMT code quotes only its own clause and says it is not timed', () => {
      const { h } = hover(CMT_AND_MASSAGE, '98940', 1);
      assert.match(h!.markdown, /Chiropractic manipulative treatment/);
      assert.match(h!.markdown, /Not a timed code/);
      assert.match(h!.markdown, /modifier -59/);
      assert.doesNotMatch(h!.markdown, /15 minutes must be spent/);
    });

    it('shows nothing of the claim beyond the code (no patient, account or other lines)', () => {
      const { h } = hover(MINUTES, '97124');
      for (const secret of ['DOE', 'JOHN', 'ACCT1', 'M000001', '19700101', 'M5450', '23']) {
        assert.ok(!h!.markdown.includes(secret), `hover leaks ${secret}`);
      }
    });
  });

  describe('modifier', () => {
    it('59: what the policy says, with the clause', () => {
      const { h, text } = hover(MINUTES, ':59', 1);
      assert.strictEqual(text, '59');
      assert.match(h!.markdown, /\*\*Modifier 59\*\* on 97124 — Distinct procedural service/);
      assert.match(h!.markdown, /\*\*Massage with CMT — modifier 59\*\*/);
    });

    it('XE says whether acceptXModifiers lets it stand for 59', () => {
      assert.match(hover(CMT_AND_MASSAGE, ':XE', 1).h!.markdown, /Not accepted in place of 59/);
      assert.match(hover(CMT_AND_MASSAGE, ':XE', 1, { acceptXModifiers: true }).h!.markdown, /Accepted in place of 59/);
    });
  });

  describe('units', () => {
    it('minutes (MJ) → units under the policy rounding', () => {
      const { h, text } = hover(MINUTES, 'MJ*23', 0);
      assert.strictEqual(text, 'MJ');
      assert.match(h!.markdown, /\*\*SV1-03\*\* Unit or Basis for Measurement Code — 2400 Service Line/);
      assert.match(h!.markdown, /23 minutes → 1 unit: 15 minutes per unit for 97124 \(rounding: `policy`\)/);
    });

    it('the same quantity under the CMS 8-minute rule', () => {
      const { h, text } = hover(MINUTES, 'MJ*23', 3, { timedRounding: 'cms-8-minute' });
      assert.strictEqual(text, '23');
      assert.match(h!.markdown, /\*\*SV1-04\*\* Service Unit Count/);
      assert.match(h!.markdown, /23 minutes → 2 units: CMS 8-minute rule/);
    });

    it('units (UN) → the minutes they stand for', () => {
      const massage = CMT_AND_MASSAGE.indexOf('97124');
      const at = CMT_AND_MASSAGE.indexOf('*UN*1', massage) + 4;
      const r = lint(CMT_AND_MASSAGE);
      const h = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}));
      assert.match(h!.markdown, /1 unit of 97124 ← 15–29 minutes of service/);
      const cms = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({ timedRounding: 'cms-8-minute' }));
      assert.match(cms!.markdown, /1 unit of 97124 ← 8–22 minutes of service/);
    });

    it('an untimed code says its units do not come from minutes', () => {
      const at = CMT_AND_MASSAGE.indexOf('*UN*1') + 1;
      const r = lint(CMT_AND_MASSAGE);
      const h = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}));
      assert.match(h!.markdown, /98940 is not a timed code/);
    });
  });

  it('diagnosis pointer → the diagnosis it points at', () => {
    const { h, text } = hover(CMT_AND_MASSAGE, '***1:2~', 5);
    assert.strictEqual(text, '2');
    assert.match(h!.markdown, /Diagnosis pointer \*\*2\*\* → diagnosis 2: \*\*M6283\*\* \(ABF\)/);
    assert.match(h!.markdown, /SV1-07-2\*\* Diagnosis Code Pointer/);
    assert.ok(!h!.markdown.includes('M5450'));
  });

  describe('segments and elements', () => {
    it('segment id: name and loop', () => {
      assert.match(hover(CMT_AND_MASSAGE, 'SV1*', 1).h!.markdown, /^\*\*SV1\*\* Professional Service — 2400 Service Line$/);
      assert.match(hover(CMT_AND_MASSAGE, 'CLM*', 0).h!.markdown, /^\*\*CLM\*\* Claim Information — 2300 Claim Information$/);
    });

    it('the loop follows the qualifier and the position', () => {
      assert.match(hover(CMT_AND_MASSAGE, 'NM1*IL', 0).h!.markdown, /2010BA Subscriber Name/);
      assert.match(hover(CMT_AND_MASSAGE, 'HL*2', 0).h!.markdown, /2000B Subscriber Hierarchical Level/);
      assert.match(hover(CMT_AND_MASSAGE, 'PRV*PE', 0).h!.markdown, /2310B Rendering Provider Specialty Information/);
      assert.match(hover(CMT_AND_MASSAGE, 'DTP*472', 5).h!.markdown, /\*\*DTP-01\*\* Date Time Qualifier — 2400 Service Line/);
    });

    it('HI composites name the diagnosis kind', () => {
      assert.match(
        hover(CMT_AND_MASSAGE, 'ABK:', 5).h!.markdown,
        /\*\*HI-01-2\*\* Diagnosis Code \(in HI-01 Health Care Code Information \(Principal Diagnosis\)\)/,
      );
    });

    it('837I: SV2 elements', () => {
      assert.match(hover(INSTITUTIONAL, '0420', 1).h!.markdown, /\*\*SV2-01\*\* Service Line Revenue Code — 2400 Service Line/);
      assert.match(hover(INSTITUTIONAL, '*UN*2', 1).h!.markdown, /\*\*SV2-04\*\* Unit or Basis for Measurement Code/);
      assert.match(hover(INSTITUTIONAL, '*UN*2', 1).h!.markdown, /2 units of 97124 ← 30–44 minutes/);
    });

    it('segments the model does not read get no hover', () => {
      const doc = 'N3*1 MAIN ST~';
      const text = professional(['LX*1~', 'SV1*HC:98940*100*UN*1***1~', doc]);
      assert.strictEqual(hover(text, 'MAIN', 1).h, null);
    });

    it('the dictionary labels elements with two digits', () => {
      assert.deepStrictEqual(describeX12Element('SV1', ['SV1', 'HC:97124', '50', 'UN'], 3, 0, 'line'), {
        label: 'SV1-03',
        name: 'Unit or Basis for Measurement Code',
        loop: '2400 Service Line',
      });
    });
  });

  describe('findings', () => {
    it('a finding range shows the finding and its clause', () => {
      const { h } = hover(MINUTES, 'MJ*23', 1);
      assert.match(h!.markdown, /\*\*timed-units-minutes\*\* \(error\): 97124 is billed as 23 minutes/);
      assert.match(h!.markdown, /\*\*Time Based\*\*\n\n> All time-based therapies/);
    });

    it('a clause already quoted for the code is not quoted twice', () => {
      const { h } = hover(professional(['LX*1~', 'SV1*HC:98940*100*UN*1***1~', 'LX*2~', 'SV1*HC:97124*50*UN*1***1~']), '97124', 1);
      assert.match(h!.markdown, /\*\*cmt-modifier-59\*\* \(error\)/);
      assert.strictEqual(h!.markdown.split('**Massage with CMT — modifier 59**').length, 2);
    });
  });

  it('documents that are not claims get no hover', () => {
    const json = '{ "name": "x", "codes": ["97124"] }';
    const doc = parseDocument(json, 'x.json');
    assert.strictEqual(hoverAt(doc, [], json.indexOf('97124'), defaultPolicy(), resolveConfig({})), null);
  });
});
