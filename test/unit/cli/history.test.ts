import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, sarifValidator, tempDir } from './helpers';

const H = 'test/fixtures/history';

/** The CLI's patient history across files (issue 16): every input of a run, and --history files. */
describe('cli: a patient history across files (issue 16)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
    for (const name of fs.readdirSync(H)) fs.copyFileSync(path.join(H, name), path.join(t.dir, name));
  });
  afterEach(() => t.cleanup());

  it('text: the inputs are one history; a related line in another file prints as file:line:col', async () => {
    const r = await runCli(['visits-0601-0608.837', 'visits-0615-0622.837'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '',
        'visits-0615-0622.837',
        '  30:5  warning  97124 is billed on 2019-06-22, visit 4 of 4 for this patient; payors scrutinize massage billed for more than 3 visits. [HNS Policy: Audit-Trigger Code]  audit-visit-count',
        '        ↳ visits-0601-0608.837:23:5  Visit 1: 2019-06-01',
        '        ↳ visits-0601-0608.837:30:5  Visit 2: 2019-06-08',
        '',
        '✖ 1 problem (0 errors, 1 warning, 0 infos)',
        '',
      ].join('\n'),
    );
  });

  it('--history-scope file checks each file on its own, as before', async () => {
    const r = await runCli(['--history-scope', 'file', 'visits-0601-0608.837', 'visits-0615-0622.837'], { cwd: t.dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No problems \(2 files checked\)/);
  });

  it('json: a related location in a --history file carries its file and its range there', async () => {
    const r = await runCli(['--format', 'json', '--history', 'visits-0601-0608.837', 'visits-0615-0622.837'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.map((o: { file: string }) => o.file),
      ['visits-0615-0622.837'],
      'a --history file is not reported',
    );
    const [f] = out[0].findings;
    assert.equal(f.ruleId, 'audit-visit-count');
    assert.deepEqual(f.related[0], {
      file: 'visits-0601-0608.837',
      range: { start: { line: 22, character: 4 }, end: { line: 22, character: 12 } },
      message: 'Visit 1: 2019-06-01',
    });
    assert.deepEqual(Object.keys(f.related[2]), ['range', 'message'], 'a location in the finding’s own file has no file');
  });

  it('sarif: related locations in other files name their artifact, and the log is valid SARIF 2.1.0', async () => {
    const r = await runCli(['--format', 'sarif', '--history', '.', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.equal(sarifValidator()(log), undefined);
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'cmt-modifier-59');
    assert.deepEqual(result.relatedLocations[0].physicalLocation, {
      artifactLocation: { uri: 'cmt-0601.837' },
      region: { startLine: 23, startColumn: 5, endLine: 23, endColumn: 13 },
    });
    assert.deepEqual(
      log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri),
      ['massage-0601.837'],
    );
  });

  it('--fix-suggestions fixes the inputs against the history and never writes a --history file', async () => {
    const before = fs.readFileSync(path.join(t.dir, 'cmt-0601.837'));
    const r = await runCli(['--fix-suggestions', '--history', 'cmt-0601.837', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Applied 1 fix in 1 file\./);
    assert.match(fs.readFileSync(path.join(t.dir, 'massage-0601.837'), 'utf8'), /SV1\*HC:97124:59\*50\*UN\*1\*\*\*1~/);
    assert.deepEqual(fs.readFileSync(path.join(t.dir, 'cmt-0601.837')), before);
    // Fixed, the history has nothing more to say.
    const again = await runCli(['--history', 'cmt-0601.837', 'massage-0601.837'], { cwd: t.dir });
    assert.match(again.stdout, /No problems/);
  });

  it('a void in a later input supersedes the visit it names in an earlier one', async () => {
    const without = await runCli(['--format', 'json', 'visits-0601-0608.837', 'visits-0615-0622.837'], { cwd: t.dir });
    assert.equal(JSON.parse(without.stdout)[1].findings.length, 1);
    const r = await runCli(['--format', 'json', 'visits-0601-0608.837', 'visits-0615-0622.837', 'void-pcn4.837'], { cwd: t.dir });
    assert.deepEqual(
      JSON.parse(r.stdout).map((o: { findings: unknown[] }) => o.findings.length),
      [0, 0, 0],
    );
  });

  it('an input named in --history too is an input; a --history path that does not exist is an error (exit 2)', async () => {
    const r = await runCli(['--format', 'json', '--history', '.', 'visits-0601-0608.837', 'visits-0615-0622.837'], { cwd: t.dir });
    assert.deepEqual(
      JSON.parse(r.stdout).map((o: { file: string }) => o.file),
      ['visits-0601-0608.837', 'visits-0615-0622.837'],
    );
    const missing = await runCli(['--history', 'no-such-dir', 'visits-0601-0608.837'], { cwd: t.dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^claimlint: --history: .*no-such-dir/m);
  });

  it('usage errors: an unknown scope, and --history with --history-scope file', async () => {
    const a = await runCli(['--history-scope', 'patient', 'x.837'], { cwd: t.dir });
    assert.equal(a.code, 2);
    assert.equal(a.stderr, 'claimlint: Unknown history scope "patient"; use run or file.\n');
    const b = await runCli(['--history-scope', 'file', '--history', '.', 'x.837'], { cwd: t.dir });
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--history needs --history-scope run/);
  });

  it('a file named twice (through a symbolic link) is read once: its services are not counted twice', async () => {
    fs.symlinkSync(path.join(t.dir, 'massage-0601.837'), path.join(t.dir, 'link.837'));
    const r = await runCli(['--format', 'json', 'massage-0601.837', 'link.837', 'cmt-0601.837'], { cwd: t.dir });
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.map((o: { file: string; findings: { ruleId: string }[] }) => [o.file, o.findings.map((f) => f.ruleId)]),
      [
        ['massage-0601.837', ['cmt-modifier-59']],
        ['cmt-0601.837', []],
      ],
    );
  });

  it('--facts never writes over a claim file of the run, or a file that holds claims', async () => {
    const before = fs.readFileSync(path.join(t.dir, 'cmt-0601.837'));
    const a = await runCli(['--facts', 'cmt-0601.837', '--history', 'cmt-0601.837', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(a.code, 2);
    assert.equal(a.stderr, 'claimlint: The facts file cmt-0601.837 is one of the claim files of this run; name another file.\n');
    const b = await runCli(['--facts', 'void-pcn4.837', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(b.code, 2);
    assert.equal(b.stderr, 'claimlint: The facts file void-pcn4.837 holds claims; name another file.\n');
    assert.deepEqual(fs.readFileSync(path.join(t.dir, 'cmt-0601.837')), before);
    assert.match(fs.readFileSync(path.join(t.dir, 'void-pcn4.837'), 'utf8'), /^ISA/);
  });

  it('a --history file that is not a claim says so (exit 2); --history - is a usage error', async () => {
    fs.writeFileSync(path.join(t.dir, 'notes.837'), 'Call the payer on Monday.\n');
    const r = await runCli(['--history', 'notes.837', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'claimlint: The --history file notes.837 holds no claim that could be read, so it adds nothing to the history.\n');
    const dash = await runCli(['--history', '-', 'massage-0601.837'], { cwd: t.dir });
    assert.equal(dash.code, 2);
    assert.match(dash.stderr, /--history reads files, not standard input/);
  });

  it('--facts writes no file when a file of the run cannot be read', async () => {
    process.env.CLAIMLINT_FACTS_SALT = 's';
    const r = await runCli(['--facts', 'facts.jsonl', 'massage-0601.837', 'missing.837'], { cwd: t.dir });
    delete process.env.CLAIMLINT_FACTS_SALT;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The facts file facts\.jsonl was not written, since not every file could be read\./);
    assert.equal(fs.existsSync(path.join(t.dir, 'facts.jsonl')), false);
    assert.deepEqual(
      fs.readdirSync(t.dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  describe('--facts (issue 16)', () => {
    const saved = process.env.CLAIMLINT_FACTS_SALT;
    afterEach(() => {
      if (saved === undefined) delete process.env.CLAIMLINT_FACTS_SALT;
      else process.env.CLAIMLINT_FACTS_SALT = saved;
    });

    it('writes one JSON line per service line, every file of the history, patients and claim ids hashed', async () => {
      process.env.CLAIMLINT_FACTS_SALT = 'a salt';
      const r = await runCli(['--facts', 'facts.jsonl', '--history', 'visits-0601-0608.837', 'visits-0615-0622.837', 'void-pcn4.837'], { cwd: t.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const text = fs.readFileSync(path.join(t.dir, 'facts.jsonl'), 'utf8');
      const records = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        records.map((x) => [x.file, x.line, x.character, x.date, x.code, x.frequency, x.units]),
        [
          ['visits-0601-0608.837', 22, 4, '2019-06-01', '97124', '1', 1],
          ['visits-0601-0608.837', 29, 4, '2019-06-08', '97124', '1', 1],
          ['visits-0615-0622.837', 22, 4, '2019-06-15', '97124', '1', 1],
          ['visits-0615-0622.837', 29, 4, '2019-06-22', '97124', '1', 1],
          ['void-pcn4.837', 22, 4, '2019-06-22', '97124', '8', 1],
        ],
      );
      assert.deepEqual(Object.keys(records[0]), [
        'v',
        'file',
        'line',
        'character',
        'claimIndex',
        'claim',
        'claimAliases',
        'supersedes',
        'frequency',
        'patient',
        'date',
        'code',
        'sets',
        'modifiers',
        'basis',
        'quantity',
        'units',
        'billingProvider',
        'renderingTaxonomy',
      ]);
      // One patient, one hash; the void names the claim it supersedes by the same hash as that claim's id.
      assert.equal(new Set(records.map((x) => x.patient)).size, 1);
      assert.match(records[0].patient, /^[0-9a-f]{32}$/);
      assert.deepEqual(records[4].supersedes, [records[3].claim]);
      assert.deepEqual(records[0].supersedes, []);
      assert.ok(records[0].sets.includes('massage'));
      // Nothing that names the patient: member id, name, birth date, the claim's own number.
      for (const secret of ['M123456', 'DOE', 'JANE', '19700101', '1970-01-01', 'PCN']) assert.ok(!text.includes(secret), secret);
      // The same salt gives the same hashes in another run; another salt, others.
      await runCli(['--facts', 'again.jsonl', 'visits-0601-0608.837'], { cwd: t.dir });
      const again = JSON.parse(fs.readFileSync(path.join(t.dir, 'again.jsonl'), 'utf8').split('\n')[0]);
      assert.equal(again.patient, records[0].patient);
      process.env.CLAIMLINT_FACTS_SALT = 'another salt';
      await runCli(['--facts', 'other.jsonl', 'visits-0601-0608.837'], { cwd: t.dir });
      assert.notEqual(JSON.parse(fs.readFileSync(path.join(t.dir, 'other.jsonl'), 'utf8').split('\n')[0]).patient, records[0].patient);
      assert.deepEqual(
        fs.readdirSync(t.dir).filter((n) => n.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
    });

    it('without CLAIMLINT_FACTS_SALT the hashes match only within the run, and it says so', async () => {
      delete process.env.CLAIMLINT_FACTS_SALT;
      const r = await runCli(['--facts', 'facts.jsonl', 'visits-0601-0608.837'], { cwd: t.dir });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, 'claimlint: CLAIMLINT_FACTS_SALT is not set: the hashed patient and claim ids in the facts file match only within this run.\n');
    });

    it('usage errors: no file name, and --history-scope file', async () => {
      assert.match((await runCli(['--facts', '', 'x.837'], { cwd: t.dir })).stderr, /--facts needs a file name/);
      assert.match((await runCli(['--facts', 'f.jsonl', '--history-scope', 'file', 'x.837'], { cwd: t.dir })).stderr, /--facts needs --history-scope run/);
    });
  });
});
