import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint, lintSteps, ruleSetOf, type LintOptions } from '../../../src/core/engine';
import { lintPart, mergeParts, splitText, type PartLint, type TextPart } from '../../../src/core/parts';
import { detectContent } from '../../../src/core/parsers/detect';
import { runSteps } from '../../../src/core/steps';
import { RULES } from '../../../src/core/rules';
import type { ClaimRule } from '../../../src/core/rules/types';
import type { Finding } from '../../../src/core/model/finding';
import { lintTextInParts } from '../../../src/cli/parallel';
import { defaultPolicy } from '../../../src/core/engine';
import { generate837 } from '../../../bench/generate';
import { decodeAsCli, seedFiles } from '../fuzz/support';
import { REPO_ROOT } from '../rules/helpers';

const END = Number.MAX_SAFE_INTEGER;

/** A text checked in the given parts, as the CLI's threads check it (each other part's lint through a structured clone); undefined when a part does not stand for the whole. */
function inParts(text: string, cuts: readonly number[], options: Pick<LintOptions, 'config' | 'rules'> = {}): Finding[] | undefined {
  const ruleSet = ruleSetOf(options);
  const parts: TextPart[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push({ from, to: cut });
    from = cut;
  }
  parts.push({ from, to: END });
  const first = runSteps(lintSteps(text, ruleSet, undefined, undefined, false, parts[0]));
  const others: PartLint[] = parts.slice(1).map((p) => structuredClone(lintPart(text, ruleSet, undefined, p)));
  return mergeParts(ruleSet, first, parts[0], others);
}

/** Findings as JSON: what the reports are made of, compared text for text. */
const json = (findings: readonly Finding[] | undefined) => JSON.stringify(findings);

/** The offsets where a segment ST starts (any delimiters). */
function transactionStarts(text: string): number[] {
  const out: number[] = [];
  const re = /(?:^|[^A-Za-z0-9 ])\s*ST[^A-Za-z0-9\s]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[0].indexOf('ST'));
  return out;
}

function fixture(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/history', name), 'utf8');
}

/** Two fixture interchanges as one: the second's transaction set after the first's, in one group. */
function twoTransactions(a: string, b: string): string {
  const body = (t: string) => t.slice(t.indexOf('ST*'), t.indexOf('GE*'));
  return (
    a.slice(0, a.indexOf('ST*')) +
    body(a) +
    body(b)
      .replace(/ST\*837\*0001/, 'ST*837*0002')
      .replace(/SE\*(\d+)\*0001/, 'SE*$1*0002') +
    'GE*2*1~\nIEA*1*000000001~\n'
  );
}

describe('one X12 text checked in parts (src/core/parts.ts, issue 16)', () => {
  it('every cut at a transaction set, and at arbitrary offsets, gives the findings of one lint, for every X12 file of the corpus, fixtures and samples', () => {
    const samples = fs
      .readdirSync(path.join(REPO_ROOT, 'samples'))
      .map((n) => ({ name: `samples/${n}`, bytes: fs.readFileSync(path.join(REPO_ROOT, 'samples', n)) }));
    let merged = 0;
    let whole = 0;
    for (const seed of [...seedFiles(), ...samples]) {
      const text = decodeAsCli(seed.bytes);
      if (detectContent(text, seed.name) !== 'x12') continue;
      const expected = json(lint(text).findings);
      const cuts = [...transactionStarts(text), ...[1, 2, 3, 4, 5].map((k) => Math.floor((text.length * k) / 6))].filter((c) => c > 0);
      for (const cut of cuts) {
        const got = inParts(text, [cut]);
        if (got === undefined) {
          whole++;
          continue;
        }
        merged++;
        assert.equal(json(got), expected, `${seed.name} cut at ${cut}`);
      }
    }
    // The comparison is not vacuous: most cuts were merged, not handed back to a whole lint.
    assert.ok(merged > 500 && merged > 5 * whole, `${merged} merged, ${whole} linted whole`);
  });

  it('three parts under every timed rounding and X-modifier setting, on a generated batch', () => {
    const text = generate837(400_000, 5);
    const starts = transactionStarts(text);
    const cuts = [starts[Math.floor(starts.length / 3)], starts[Math.floor((2 * starts.length) / 3)]];
    for (const timedRounding of ['policy', 'cms-8-minute', 'strict-floor'] as const) {
      for (const acceptXModifiers of [false, true]) {
        const config = { timedRounding, acceptXModifiers };
        const expected = lint(text, { config }).findings;
        assert.ok(expected.length > 100);
        assert.equal(json(inParts(text, cuts, { config })), json(expected));
      }
    }
  });

  it("a patient's visits in two parts are one patient: the fourth visit is found, citing the visits of the other part", () => {
    const text = twoTransactions(fixture('visits-0601-0608.837'), fixture('visits-0615-0622.837'));
    const second = transactionStarts(text)[1];
    const findings = inParts(text, [second])!;
    const audit = findings.filter((f) => f.ruleId === 'audit-visit-count');
    assert.equal(audit.length, 1);
    assert.ok(audit[0].span.start > second);
    assert.ok(
      audit[0].related.some((r) => r.span.start < second),
      'a related visit in the first part',
    );
    assert.equal(json(findings), json(lint(text).findings));
  });

  it('a part whose first claim comes before any billing provider of the part is not merged', () => {
    // The second transaction set has no HL*20 loop: read whole, its claim takes the billing
    // provider of the set before it, which its own part cannot know.
    const a = fixture('visits-0601-0608.837');
    const b = fixture('visits-0615-0622.837').replace(/HL\*1\*\*20\*1~\nNM1\*85[^~]*~\nN3[^~]*~\nN4[^~]*~\nREF\*EI[^~]*~\n/, '');
    const text = twoTransactions(a, b);
    const second = transactionStarts(text)[1];
    assert.equal(inParts(text, [second]), undefined);
    // Cut after the second set (nothing of it read by a part of its own): merged, as one lint.
    assert.equal(json(inParts(text, [text.indexOf('GE*')])), json(lint(text).findings));
  });

  it('a text whose body uses another component separator than ISA16 declares is not merged', () => {
    const a = fixture('visits-0601-0608.837');
    const text = twoTransactions(a, fixture('visits-0615-0622.837'))
      .replace(/HC:97124/g, 'HC>97124')
      .replace(/ABK:M5450/g, 'ABK>M5450');
    assert.ok(lint(text).findings.some((f) => f.ruleId === 'x12-delimiters'));
    assert.equal(inParts(text, [transactionStarts(text)[1]]), undefined);
  });

  it('a claim-scoped rule that throws in a part: the text is linted whole', () => {
    const boom: ClaimRule = {
      meta: { id: 'boom', description: 'throws on PCN3', scope: 'claim', clauses: [], defaultSeverity: 'error', fixKinds: [], messages: { x: 'x' } },
      check(claim, context) {
        if (claim.id.value === 'PCN3') throw new RangeError('boom');
        context.report({ messageId: 'x', span: claim.id.span });
      },
    };
    const text = twoTransactions(fixture('visits-0601-0608.837'), fixture('visits-0615-0622.837'));
    assert.equal(inParts(text, [transactionStarts(text)[1]], { rules: [...RULES, boom] }), undefined);
  });

  it('a part of more than 150 000 claims crosses threads (no spread of its columns overflows the stack)', function () {
    this.timeout(30000);
    const set = (control: string, from: number, n: number) => {
      const claims: string[] = [];
      for (let k = from; k < from + n; k++) claims.push(`CLM*PCN${k}*0***11:B:1*Y*A*Y*Y~`);
      const body = [
        `ST*837*${control}*005010X222A1~`,
        'HL*1**20*1~',
        'NM1*85*2*CLINIC*****XX*1234567893~',
        'HL*2*1*22*0~',
        'SBR*P*18*******CI~',
        'NM1*IL*1*DOE*JANE****MI*M123~',
        'NM1*PR*2*HNS*****PI*HNS01~',
        ...claims,
      ];
      return body.join('\n') + `\nSE*${body.length + 1}*${control}~\n`;
    };
    const isa = 'ISA*00*          *00*          *ZZ*CLAIMLINT      *ZZ*HNS            *190601*1200*^*00501*000000001*0*T*:~\n';
    const text = isa + 'GS*HC*CLAIMLINT*HNS*20190601*1200*1*X*005010X222A1~\n' + set('0001', 0, 5) + set('0002', 5, 160_000) + 'GE*2*1~\nIEA*1*000000001~\n';
    const expected = lint(text).findings;
    assert.equal(json(inParts(text, [transactionStarts(text)[1]])), json(expected));
  });

  it('splitText cuts at transaction sets, in order, and not a text with one transaction set or a FHIR text', () => {
    const text = generate837(300_000, 9);
    const parts = splitText(text, 3);
    assert.equal(parts.length, 3);
    assert.equal(parts[0].from, 0);
    for (let k = 1; k < parts.length; k++) {
      assert.equal(parts[k].from, parts[k - 1].to);
      assert.equal(text.slice(parts[k].from, parts[k].from + 7), 'ST*837*');
    }
    assert.equal(parts[2].to, END);
    assert.equal(splitText(fixture('visits-0601-0608.837'), 4).length, 1);
    assert.equal(splitText('{"resourceType": "Claim"}', 4).length, 1);
  });

  it('on worker threads (src/cli/parallel.ts): the same findings as one lint, from two threads', async function () {
    this.timeout(30000);
    const text = generate837(600_000, 3, true);
    const expected = lint(text);
    const r = await lintTextInParts(text, undefined, { policy: defaultPolicy(), threads: 2, minPartLength: 100_000 });
    assert.equal(r.threads, 2);
    assert.equal(r.claims, expected.document.claims.length);
    assert.equal(json(r.findings), json(expected.findings));
  });
});
