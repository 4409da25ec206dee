import * as assert from 'assert';
import { resolveConfig, type LintConfig } from '../../../src/core/config';
import { defaultPolicy, lint, parseDocument } from '../../../src/core/engine';
import { escapeMarkdown, hoverAt, policyPage } from '../../../src/core/hover';
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

/** Lines the markdown takes in a hover about 100 characters wide: links and emphasis count as their text. */
function renderedLines(markdown: string, width = 100): number {
  return markdown
    .split('\n\n')
    .map((p) => p.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`\\]/g, ''))
    .reduce((n, p) => n + Math.ceil(p.length / width), 0);
}

describe('hoverAt', () => {
  describe('procedure code', () => {
    it("97124 with a finding: the words of the finding's clause first, once; the descriptor once; the other clauses behind one link", () => {
      const { h, text } = hover(CMT_AND_MASSAGE, '97124', 2);
      assert.ok(h);
      assert.strictEqual(text, '97124');
      const md = h.markdown;
      const paragraphs = md.split('\n\n');
      assert.strictEqual(
        paragraphs[0],
        '“If it is appropriate to report massage (97124) together with a CMT (98940-98943), the code must be appended with the modifier -59 to indicate a "distinct procedural service".” — HNS Policy, added 5/1/2019 · [source](https://healthnetworksolutions.net/index.php/massage-therapy-97124)',
      );
      // The policy's words ("15 minutes must be spent … to report code 97124"), not a stronger paraphrase.
      assert.strictEqual(
        paragraphs[1],
        '**97124** Massage, including effleurage, petrissage, and/or tapotement (stroking, compression, percussion) *(AMA CPT 2019, quoted by HNS Policy)* · timed; “15 minutes must be spent … in order to report code 97124” · 7 more clauses in the policy',
      );
      // The descriptor is CPT text (the payer's clause quotes it): the AMA notice goes with it.
      assert.strictEqual(paragraphs[2], '*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved.*');
      assert.strictEqual(paragraphs.length, 3, 'the element name is left out: the descriptor says what it is');
      assert.strictEqual(md.split('Massage, including effleurage').length, 2, 'the descriptor once');
      assert.ok(!md.includes('CMT 98940 on'), "the finding's own message is left to the editor");
      assert.ok(!md.includes('Massage with CMT — modifier 59'), 'and so is the heading its message cites');
    });

    it("the link to the other clauses is the editor's: the policy clauses for the code", () => {
      const r = lint(CMT_AND_MASSAGE);
      const at = CMT_AND_MASSAGE.indexOf('97124') + 2;
      const h = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}), { clauses: (code) => `clauses:${code}` });
      assert.match(h!.markdown, /· \[7 more clauses\]\(clauses:97124\)$/m);
      const plain = hover(MINUTES, '97124').h!.markdown;
      assert.match(plain, /· 8 clauses in the policy$/m, 'no finding: every clause but the descriptor is behind the link');
    });

    it('fits a hover without scrolling: about six lines of a 750-pixel hover', () => {
      const { h } = hover(CMT_AND_MASSAGE, '97124', 2);
      // The AMA notice that goes with CPT text is one line on top of the six.
      assert.ok(h!.markdown.endsWith('*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved.*'));
      assert.ok(renderedLines(h!.markdown) <= 7, `${renderedLines(h!.markdown)} lines:\n${h!.markdown}`);
      const units = hover(MINUTES, 'MJ*23', 1).h!;
      assert.ok(renderedLines(units.markdown) <= 6, units.markdown);
    });

    it('without a finding, names the element: SV1-01-2 Procedure Code in the composite, 2400 loop', () => {
      const { h } = hover(MINUTES, '97124');
      assert.match(h!.markdown, /\*\*SV1-01-2\*\* Procedure Code \(in SV1-01 Composite Medical Procedure Identifier\) — 2400 Service Line/);
    });

    it('a CMT code: claimlint’s own label marked as such (no CPT text, no AMA notice), not timed, its one clause behind the link', () => {
      const { h } = hover(CMT_AND_MASSAGE, '98940', 1);
      assert.match(
        h!.markdown,
        /^\*\*98940\*\* Chiropractic adjustment of the spine, one or two regions \*\(claimlint’s words, not the CPT descriptor\)\* · not timed · 1 clause in the policy$/m,
      );
      assert.doesNotMatch(h!.markdown, /Chiropractic manipulative treatment|CMT\); spinal|AMA/);
      assert.doesNotMatch(h!.markdown, /15 minutes must be spent/);
    });

    it('a site’s licensed descriptor file: its text, marked as such, with the AMA notice', () => {
      const r = lint(CMT_AND_MASSAGE);
      const at = CMT_AND_MASSAGE.indexOf('98940') + 1;
      const descriptors = new Map([['98940', 'Licensed descriptor text for 98940']]);
      const h = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}), undefined, undefined, descriptors);
      assert.match(h!.markdown, /^\*\*98940\*\* Licensed descriptor text for 98940 \*\(CPT descriptor from your licensed file\)\* · not timed/m);
      assert.match(h!.markdown, /^\*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved\.\*$/m);
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
      assert.match(h!.markdown, /^23 minutes → 1 unit: whole units only for 97124 \(no rounding up from 8 minutes\) · rounding `policy`$/m);
      assert.doesNotMatch(h!.markdown, /Billed:/, 'the arithmetic in one line');
    });

    it('the same quantity under the CMS 8-minute rule', () => {
      const { h, text } = hover(MINUTES, 'MJ*23', 3, { timedRounding: 'cms-8-minute' });
      assert.strictEqual(text, '23');
      assert.match(h!.markdown, /\*\*SV1-04\*\* Service Unit Count/);
      // 97124 gets whole 15-minute units under every rounding: 23 minutes are 1 unit, not 2.
      assert.match(h!.markdown, /23 minutes → 1 unit: CMS 8-minute rule over 23 timed minutes on the date; 97124 gets whole 15-minute units only/);
    });

    it('units (UN) → the minutes they stand for', () => {
      const massage = CMT_AND_MASSAGE.indexOf('97124');
      const at = CMT_AND_MASSAGE.indexOf('*UN*1', massage) + 4;
      const r = lint(CMT_AND_MASSAGE);
      const h = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({}));
      assert.match(h!.markdown, /1 unit of 97124 ← 15–29 minutes of service/);
      const cms = hoverAt(r.document, r.findings, at, defaultPolicy(), resolveConfig({ timedRounding: 'cms-8-minute' }));
      // 97124's 15 minutes hold under the CMS 8-minute rule too; other timed codes follow the 8 minutes.
      assert.match(cms!.markdown, /1 unit of 97124 ← 15–29 minutes of service/);
      const other = professional(['LX*1~', 'SV1*HC:97110*50*UN*1***1~', 'DTP*472*D8*20190501~']);
      assert.match(hover(other, '*UN*1', 4, { timedRounding: 'cms-8-minute' }).h!.markdown, /1 unit of 97110 ← 8–22 minutes of service/);
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
    it('a finding range leads with the words of its clause, not the finding (the editor shows it)', () => {
      const { h } = hover(professional(['LX*1~', 'SV1*HC:97110*50*MJ*23***1~', 'DTP*472*D8*20190501~']), 'MJ*23', 1);
      assert.match(
        h!.markdown,
        /^“All time-based therapies \(both therapeutic procedures and constant attendance\) are billed in 15-minute increments\. If provided for less than 8 minutes, the service should not be billed to the payor\.” — HNS Policy, added 5\/1\/2019 · \[source\]/,
      );
      assert.doesNotMatch(h!.markdown, /is billed in minutes/);
    });

    it('97124 billed in minutes: the finding’s clause is the 15-minute one, its arithmetic’s source', () => {
      const { h } = hover(MINUTES, 'MJ*23', 1);
      assert.match(
        h!.markdown,
        /^“It is important to recognize that 15 minutes must be spent in performing the pre-, intra-, and post-service work in order to report code 97124\.” — HNS Policy, added 5\/1\/2019 · \[source\]/,
      );
    });

    it("two findings with two clauses: each clause once, in the findings' order", () => {
      const text = professional(['LX*1~', 'SV1*HC:98940*100*UN*1***1~', 'DTP*472*D8*20190501~', 'LX*2~', 'SV1*HC:97124*100*UN*2***1~', 'DTP*472*D8*20190501~']);
      const { h } = hover(text, 'HC:97124', 4);
      const paragraphs = h!.markdown.split('\n\n');
      assert.match(paragraphs[0], /^“If it is appropriate to report massage \(97124\) together with a CMT/);
      assert.match(paragraphs[1], /^“Payors highly scrutinize the use of massage/);
      assert.strictEqual(h!.markdown.split('Payors highly scrutinize').length, 2);
    });

    it('a clause already quoted for the code is not quoted twice', () => {
      const { h } = hover(professional(['LX*1~', 'SV1*HC:98940*100*UN*1***1~', 'LX*2~', 'SV1*HC:97124*50*UN*1***1~']), '97124', 1);
      assert.strictEqual(h!.markdown.split('If it is appropriate to report massage').length, 2);
    });
  });

  it('documents that are not claims get no hover', () => {
    const json = '{ "name": "x", "codes": ["97124"] }';
    const doc = parseDocument(json, 'x.json');
    assert.strictEqual(hoverAt(doc, [], json.indexOf('97124'), defaultPolicy(), resolveConfig({})), null);
  });
});

describe('policyPage (the clauses behind the hover link)', () => {
  it('every clause that governs 97124, word for word, with source, date, link and the rules that report it', () => {
    const policy = defaultPolicy();
    const page = policyPage(policy, '97124');
    assert.match(page, /^# 97124: what HNS massage therapy \(CPT 97124\) and modalities\/therapies says\n/);
    for (const id of policy.procedure('97124')!.clauses!) {
      const clause = policy.clause(id)!;
      assert.ok(page.includes(`## ${escapeMarkdown(clause.heading)}`), id);
      assert.ok(page.includes(`clause \`${id}\``), id);
    }
    assert.match(page, /clause `cmt-modifier-59` · reported by `cmt-modifier-59`/);
    assert.match(page, /clause `audit-trigger` · reported by `audit-multiple-units`, `audit-visit-count`/);
  });

  it('CPT text carries the AMA notice: 97124 (its descriptor the payer quotes), a licensed descriptor; a plain-words label does not', () => {
    const policy = defaultPolicy();
    const notice = '*CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved.*';
    const massage = policyPage(policy, '97124');
    assert.ok(massage.includes('Massage, including effleurage') && massage.endsWith(`${notice}\n`));
    const cmt = policyPage(policy, '98940');
    assert.match(cmt, /\*\*98940\*\* Chiropractic adjustment of the spine, one or two regions \*\(claimlint’s words, not the CPT descriptor\)\*/);
    assert.ok(!cmt.includes('CPT descriptors © AMA'), 'no CPT text, no notice');
    const licensed = policyPage(policy, '98940', new Map([['98940', 'Licensed text']]));
    assert.match(licensed, /\*\*98940\*\* Licensed text \*\(CPT descriptor from your licensed file\)\*/);
    assert.ok(licensed.endsWith(`${notice}\n`));
  });

  it('without a code: every clause of the policy', () => {
    const policy = defaultPolicy();
    assert.strictEqual(policyPage(policy).split('\n## ').length - 1, policy.clauses.length);
  });
});
