import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadBuiltinPolicy, loadPolicyFile, validatePolicyData } from '../../../src/core/policy/loader';
import { POLICY_RULES } from '../../../src/core/rules';
import { REPO_ROOT, SHARED_ROOT } from '../rules/helpers';

const PACK = path.join(REPO_ROOT, 'src', 'core', 'policy', 'hns-massage-97124.json');
const MASSAGE_URL = 'https://healthnetworksolutions.net/index.php/massage-therapy-97124';

function readPack(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(PACK, 'utf8')) as Record<string, unknown>;
}

describe('policy: the built-in HNS massage pack', () => {
  const policy = loadBuiltinPolicy();

  it('quotes every clause word for word from the policy text', () => {
    const source = fs.readFileSync(path.join(SHARED_ROOT, 'policy', 'hns-massage-97124.txt'), 'utf8');
    assert.ok(policy.clauses.length >= 14);
    for (const c of policy.clauses) {
      assert.ok(source.includes(c.text), `clause ${c.id} is not a verbatim substring of the policy`);
      assert.strictEqual(c.source, 'HNS Policy');
      assert.strictEqual(c.effectiveDate, '2019-05-01');
    }
  });

  it('has the clause ids others depend on, each linked to the page its text is on', () => {
    // The policy text (shared/policy/hns-massage-97124.txt) is one page: its documentation and
    // reminders sections, quoted by these clauses, are on the massage page too.
    const massage = [
      'documentation-diagnoses',
      'documentation-time',
      'accurate-coding',
      'two-modalities-per-visit',
      'therapy-reduction',
      'cpt-97124-descriptor',
      'massage-time-based',
      'direct-contact',
      'cmt-modifier-59',
      'time-based-increments',
      'massage-15-minutes',
      'audit-trigger',
      'massage-medical-necessity',
      'medical-necessity',
    ];
    for (const id of massage) assert.strictEqual(policy.clause(id)?.url, MASSAGE_URL, id);
    for (const c of policy.clauses) assert.strictEqual(c.url, MASSAGE_URL, c.id);
    for (const c of policy.clauses) assert.strictEqual(c.dateAsWritten, 'Added 5/1/2019', c.id);
    assert.strictEqual(policy.clause('time-based-increments')?.heading, 'Time Based');
    assert.strictEqual(policy.clause('audit-trigger')?.heading, 'Audit-Trigger Code');
    assert.strictEqual(policy.clause('two-modalities-per-visit')?.heading, 'Reminders — two modalities per visit');
  });

  it('validates against policy.schema.json', () => {
    assert.strictEqual(validatePolicyData(readPack()), undefined);
    assert.strictEqual(loadPolicyFile(PACK).clauses.length, policy.clauses.length);
  });

  it('has every clause a rule cites', () => {
    for (const rule of POLICY_RULES) {
      assert.ok(rule.meta.clauses.length > 0, rule.meta.id);
      for (const id of rule.meta.clauses) assert.ok(policy.clause(id), `${rule.meta.id} cites missing clause ${id}`);
    }
  });

  it('holds the code sets the rules read', () => {
    const has = (set: string, code: string) => policy.codeSet(set).has(code);
    assert.ok(has('massage', '97124') && !has('massage', '97140'));
    for (const c of ['98940', '98941', '98942', '98943']) assert.ok(has('cmt', c), c);
    assert.ok(!has('cmt', '98939') && !has('cmt', '98944') && !has('cmt', '98925'));
    for (const c of ['97032', '97035', '97039', '97110', '97112', '97113', '97116', '97124', '97140', '97530', '97533', '97535', '97537', '97542']) {
      assert.ok(has('timed', c), c);
    }
    // CMS's timed physical-medicine codes include tests and measurements and orthotic/prosthetic management.
    for (const c of ['97750', '97755', '97760', '97761', '97763']) assert.ok(has('timed', c), c);
    for (const c of ['97010', '97014', '97031', '97040', '97150', '97161', '97764', 'G0283', '99213', '00400']) assert.ok(!has('timed', c), c);
    for (const c of ['97010', '97014', '97028', '97150', '97161', '97172', 'G0283', '98940', '98943']) assert.ok(has('untimed', c), c);
    for (const c of ['97032', '97110', '97124', '97750', '97029']) assert.ok(!has('untimed', c), c);
    for (const c of ['97010', '97014', '97028', 'G0283']) assert.ok(has('supervised', c), c);
    for (const c of ['97032', '97150', '97161']) assert.ok(!has('supervised', c), c);
    assert.ok(has('therapy', '97010') && has('therapy', '97799') && has('therapy', 'G0283') && !has('therapy', '97800') && !has('therapy', '98940'));
    // Evaluations and re-evaluations are not modalities; nor are tests and measurements.
    for (const c of ['97161', '97165', '97168', '97169', '97172', '97750', '97755']) assert.ok(!has('therapy', c), c);
    assert.ok(has('anesthesia', '00100') && has('anesthesia', '01999') && !has('anesthesia', '02000'));
    for (const t of ['111N00000X', '2251G0304X', '225700000X', '207Q00000X', '208D00000X', '225X00000X', '225XH1200X', '225100000X'])
      assert.ok(has('qualifiedTaxonomies', t), t);
    for (const t of ['363L00000X', '122300000X', '225200000X', '224Z00000X']) assert.ok(!has('qualifiedTaxonomies', t), t);
    for (const d of ['Z73.3', 'Z733', 'z73.2', 'R45.7', 'R457']) assert.ok(has('relaxationDiagnoses', d), d);
    assert.ok(!has('relaxationDiagnoses', 'R45.0'));
    assert.ok(!has('relaxationDiagnoses', 'M54.50'));
  });

  it('carries the AMA CPT 2019 descriptor of 97124 (which the payer quotes) and no other CPT text', () => {
    for (const [code, info] of Object.entries(policy.data.procedures)) {
      if (code === '97124') continue;
      assert.strictEqual(info.descriptor, undefined, `${code}: no CPT descriptor the payer does not quote`);
      assert.strictEqual(info.descriptorSource, undefined, code);
    }
    assert.match(policy.procedure('98940')?.label ?? '', /^Chiropractic adjustment of the spine/);
    assert.ok(!JSON.stringify(policy.data).includes('Chiropractic manipulative treatment (CMT); spinal'));
  });

  it('carries the AMA CPT 2019 descriptor of 97124, modifier 59 and the limits', () => {
    assert.strictEqual(
      policy.procedure('97124')?.descriptor,
      'Massage, including effleurage, petrissage, and/or tapotement (stroking, compression, percussion)',
    );
    assert.match(policy.procedure('97124')?.descriptorSource ?? '', /AMA CPT 2019/);
    assert.match(policy.modifier('59')?.description ?? '', /distinct procedural service/i);
    for (const m of ['XE', 'XS', 'XP', 'XU']) assert.ok(policy.modifier(m), m);
    const limits = {
      minutesPerUnit: 15,
      minimumMinutes: 8,
      massageMinimumMinutes: 15,
      maxUnitsPerDate: 1,
      maxVisits: 3,
      maxModalitiesPerVisit: 2,
      reductionAfterVisit: 3,
      maxSupervisedUnitsPerVisit: 1,
    };
    for (const [k, v] of Object.entries(limits)) assert.strictEqual(policy.limit(k, -1), v, k);
  });
});

describe('policy: loading packs', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-policy-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  function rejects(file: string, pattern: RegExp): void {
    assert.throws(
      () => loadPolicyFile(file),
      (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, pattern);
        assert.match(err.message, /^The policy pack [^\n]+\.$/, 'one sentence');
        return true;
      },
    );
  }

  it('loads a valid pack', () => {
    const pack = readPack();
    pack.id = 'other-payer';
    assert.strictEqual(loadPolicyFile(write('ok.json', pack)).id, 'other-payer');
  });

  it('rejects a pack missing a required property, naming it', () => {
    const pack = readPack();
    delete pack.clauses;
    rejects(write('no-clauses.json', pack), /invalid: the top level is missing "clauses"/);
  });

  it('rejects a clause without text, saying where', () => {
    const pack = readPack() as { clauses: Record<string, unknown>[] };
    delete pack.clauses[2].text;
    rejects(write('no-text.json', pack), /clauses\.2 is missing "text"/);
  });

  it('rejects unknown properties, bad ranges and dangling clause ids', () => {
    const extra = readPack();
    extra.colour = 'blue';
    rejects(write('extra.json', extra), /unknown property "colour"/);
    const range = readPack() as { codeSets: Record<string, { ranges?: string[][] }> };
    range.codeSets.cmt.ranges = [['98943', '98940']];
    rejects(write('range.json', range), /codeSets\.cmt has a range 98943–98940 whose low end is above its high end/);
    const dangling = readPack() as { modifiers: Record<string, { clauses?: string[] }> };
    dangling.modifiers['59'].clauses = ['no-such-clause'];
    rejects(write('dangling.json', dangling), /modifiers\.59 cites clause "no-such-clause"/);
    const twice = readPack() as { clauses: { id: string }[] };
    twice.clauses[1].id = twice.clauses[0].id;
    rejects(write('twice.json', twice), /clause id "cpt-97124-descriptor" is used twice/);
  });

  it('rejects text that is not JSON and files that cannot be read', () => {
    rejects(write('broken.json', '{ "id": '), /broken\.json is not valid JSON/);
    rejects(path.join(dir, 'missing.json'), /missing\.json cannot be read/);
  });
});
