import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/model/finding';
import { LineIndex } from '../../../src/core/model/span';
import { loadBuiltinPolicy } from '../../../src/core/policy/loader';
import { RULES } from '../../../src/core/rules';
import { formatJson, toJsonReports } from '../../../src/cli/formatters/json';
import { batched, ITEMS, jsonWithItems } from '../../../src/cli/formatters/stream';
import { artifactUri, formatSarif } from '../../../src/cli/formatters/sarif';
import { formatText } from '../../../src/cli/formatters/text';
import type { FileResult, FormatContext } from '../../../src/cli/result';
import { sarifValidator } from './helpers';

// Line 0 "AB", CRLF, line 1 "CD😀E" (the emoji is two UTF-16 units), LF, line 2 "".
const TEXT = 'AB\r\nCD\u{1F600}E\n';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'cmt-modifier-59',
  severity: 'error',
  messageId: 'missing59',
  message: 'Needs 59. [HNS Policy: Massage with CMT — modifier 59]',
  data: {},
  clause: 'cmt-modifier-59',
  span: { start: 4, end: 6 },
  related: [],
  fixes: [],
  ...over,
});

const findings: Finding[] = [
  finding({
    related: [{ span: { start: 0, end: 2 }, message: 'CMT here' }],
    fixes: [{ title: 'Append 59', kind: 'suggestion', edits: [{ span: { start: 8, end: 8 }, newText: ':59' }] }],
  }),
  finding({
    ruleId: 'x12-envelope',
    severity: 'warning',
    messageId: 'segmentCount',
    message: 'Count off.',
    clause: undefined,
    span: { start: 8, end: 9 },
    fixes: [{ title: 'Write 3', kind: 'fix', edits: [{ span: { start: 8, end: 9 }, newText: '' }] }],
  }),
  finding({ ruleId: 'therapy-reduction', severity: 'info', message: 'Info.', clause: 'therapy-reduction', span: { start: 10, end: 10 } }),
];

const result = (file: string, fs: readonly Finding[]): FileResult => ({
  file,
  format: 'x12-837p',
  claims: 1,
  findings: fs,
  lines: new LineIndex(TEXT),
  fixesApplied: 0,
});

/** A report's chunks as the CLI writes them, one after the other. */
const joined = (chunks: Iterable<string>) => [...chunks].join('');

const context: FormatContext = { version: '9.9.9', rules: RULES.map((r) => r.meta), policy: loadBuiltinPolicy(), cwd: '/repo' };

describe('cli/formatters', () => {
  it('text: stylish rows per file with 1-based positions, then the summary', () => {
    const out = joined(formatText([result('a.837', findings), result('clean.837', [])], context));
    assert.equal(
      out,
      [
        '',
        'a.837',
        '  2:1  error    Needs 59. [HNS Policy: Massage with CMT — modifier 59]  cmt-modifier-59',
        '  2:5  warning  Count off.                                              x12-envelope',
        '  3:1  info     Info.                                                   therapy-reduction',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '  1 can be fixed with --fix.',
        '  1 more has a suggestion that --fix-suggestions applies (it changes what is billed).',
        '',
      ].join('\n'),
    );
  });

  it('text: a clean run says so; no files print nothing', () => {
    assert.equal(joined(formatText([result('clean.837', [])], context)), '✔ No problems (1 file checked)\n');
    assert.equal(joined(formatText([], context)), '');
  });

  it('json: the documented shape, 0-based lines and UTF-16 characters, null clause', () => {
    const parsed = JSON.parse(joined(formatJson([result('a.837', findings)], context)));
    assert.deepEqual(parsed, [
      {
        file: 'a.837',
        format: 'x12-837p',
        claims: 1,
        findings: [
          {
            ruleId: 'cmt-modifier-59',
            severity: 'error',
            message: 'Needs 59. [HNS Policy: Massage with CMT — modifier 59]',
            clause: 'cmt-modifier-59',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } },
            related: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, message: 'CMT here' }],
            fixes: [
              {
                title: 'Append 59',
                kind: 'suggestion',
                edits: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, newText: ':59' }],
              },
            ],
          },
          {
            ruleId: 'x12-envelope',
            severity: 'warning',
            message: 'Count off.',
            clause: null,
            range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } },
            related: [],
            fixes: [{ title: 'Write 3', kind: 'fix', edits: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, newText: '' }] }],
          },
          {
            ruleId: 'therapy-reduction',
            severity: 'info',
            message: 'Info.',
            clause: 'therapy-reduction',
            range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
            related: [],
            fixes: [],
          },
        ],
      },
    ]);
    // Key order is part of the format.
    assert.deepEqual(Object.keys(parsed[0]), ['file', 'format', 'claims', 'findings']);
    assert.deepEqual(Object.keys(parsed[0].findings[0]), ['ruleId', 'severity', 'message', 'clause', 'range', 'related', 'fixes']);
  });

  it('sarif: validates against the 2.1.0 schema; 1-based regions; rules cite their clauses', () => {
    const log = JSON.parse(joined(formatSarif([result('claims/a b.837', findings), result('-', [findings[2]])], context)));
    const validate = sarifValidator();
    assert.equal(validate(log), undefined);
    const broken = structuredClone(log);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.match(validate(broken) ?? '', /startLine/, 'the validator must reject what the schema forbids');
    const runLog = log.runs[0];
    assert.equal(runLog.tool.driver.name, 'claimlint');
    assert.equal(runLog.tool.driver.version, '9.9.9');
    assert.equal(runLog.columnKind, 'utf16CodeUnits');
    assert.deepEqual(runLog.artifacts[0], { location: { uri: 'claims/a%20b.837' } });
    assert.deepEqual(runLog.artifacts[1], { location: { description: { text: 'standard input' } } });

    const rule = runLog.tool.driver.rules.find((r: { id: string }) => r.id === 'cmt-modifier-59');
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.match(rule.help.text, /"If it is appropriate to report massage \(97124\) together with a CMT/);
    assert.match(rule.help.text, /HNS Policy, Massage with CMT — modifier 59, effective 2019-05-01/);
    assert.equal(rule.helpUri, 'https://healthnetworksolutions.net/index.php/massage-therapy-97124');

    const [r0, r1, r2] = runLog.results;
    assert.equal(r0.ruleId, 'cmt-modifier-59');
    assert.equal(runLog.tool.driver.rules[r0.ruleIndex].id, 'cmt-modifier-59');
    assert.equal(r0.level, 'error');
    assert.deepEqual(r0.locations[0].physicalLocation.region, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 });
    assert.deepEqual(r0.relatedLocations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 3 });
    assert.deepEqual(r0.fixes[0].artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 5 }, insertedContent: { text: ':59' } },
    ]);
    assert.equal(r0.fixes[0].properties.kind, 'suggestion');
    assert.equal(r1.level, 'warning');
    assert.deepEqual(r1.fixes[0].artifactChanges[0].replacements, [{ deletedRegion: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 6 } }]);
    assert.equal(r2.level, 'note');
    assert.equal(runLog.results[3].locations[0].physicalLocation.artifactLocation.index, 1);
  });

  it('sarif: artifact URIs are relative to the working directory, file: URLs outside it', () => {
    assert.equal(artifactUri('samples/x.837', '/repo'), 'samples/x.837');
    assert.equal(artifactUri('/repo/samples/x.837', '/repo'), 'samples/x.837');
    assert.equal(artifactUri('../other/x#1.837', '/repo'), 'file:///other/x%231.837');
    assert.equal(artifactUri('-', '/repo'), undefined);
  });

  describe('written in chunks (formatters/stream.ts)', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, k) => finding({ span: { start: k % 12, end: (k % 12) + 1 }, message: `Finding ${k} → ${'x'.repeat(k % 7)}` }));
    const sets: [string, FileResult[]][] = [
      ['no files', []],
      ['a clean file', [result('clean.837', [])]],
      ['files with and without findings', [result('a.837', findings), result('clean.837', []), result('-', many(300))]],
    ];

    it('json and sarif are exactly JSON.stringify(…, null, 2) of what they hold, and json of toJsonReports', () => {
      for (const [what, results] of sets) {
        const json = joined(formatJson(results, context));
        assert.equal(json, JSON.stringify(toJsonReports(results), null, 2) + '\n', what);
        const sarif = joined(formatSarif(results, context));
        assert.equal(sarif, JSON.stringify(JSON.parse(sarif), null, 2) + '\n', what);
        assert.equal(
          JSON.parse(sarif).runs[0].results.length,
          results.reduce((n, r) => n + r.findings.length, 0),
          what,
        );
      }
    });

    it('jsonWithItems: the array in place of ITEMS at any depth, empty or not', () => {
      const items = [{ a: [1, { b: [] }], c: 'd\ne' }, 2, 'three', [], {}];
      // Values that look like the marker it writes for ITEMS must not confuse it (a policy pack's
      // strings are data).
      const lookalike = '\u0000claimlint:items:0\u0000';
      const skeletons = [ITEMS, { x: ITEMS }, { x: 1, y: { z: [0, ITEMS] }, w: null }, { [lookalike]: lookalike, a: [lookalike, ITEMS] }];
      for (const skeleton of skeletons) {
        for (const list of [[], items.slice(0, 1), items]) {
          const whole = JSON.parse(JSON.stringify(skeleton).replace(JSON.stringify(ITEMS), JSON.stringify(list)));
          for (const level of [0, 1, 2]) {
            const expected = JSON.stringify(whole, null, 2).replace(/\n/g, '\n' + '  '.repeat(level));
            assert.equal(joined(jsonWithItems(skeleton, list, level)), expected, `${JSON.stringify(skeleton)} ${list.length} items at ${level}`);
          }
        }
      }
    });

    it('jsonWithItems: items as JSON.stringify writes array elements (null for undefined, toJSON gets the index)', () => {
      const dated = { toJSON: (key: string) => `item ${key}` };
      const items = [undefined, () => 1, Symbol('s'), dated, null, { n: dated, m: [dated] }, dated];
      for (const level of [0, 1, 3]) {
        const expected = JSON.stringify({ list: items }, null, 2).replace(/\n/g, '\n' + '  '.repeat(level));
        assert.equal(joined(jsonWithItems({ list: ITEMS }, items, level)), expected, `level ${level}`);
      }
      // A sparse array's holes are nulls too.
      const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
      assert.equal(joined(jsonWithItems(ITEMS, sparse)), JSON.stringify(sparse, null, 2));
    });

    it('jsonWithItems refuses a skeleton without ITEMS or with it twice (no hang), and gets past look-alikes', () => {
      assert.throws(() => [...jsonWithItems({ a: 1 }, [])], /holds no ITEMS/);
      assert.throws(() => [...jsonWithItems({ a: ITEMS, b: ITEMS }, [])], /ITEMS twice/);
      const lookalikes = Array.from({ length: 64 }, (_, n) => `\u0000claimlint:items:${n}\u0000`);
      assert.equal(joined(jsonWithItems({ lookalikes, a: ITEMS }, [1])), JSON.stringify({ lookalikes, a: [1] }, null, 2));
    });

    it('batched: the same text in pieces of about the size asked for', () => {
      const chunks = Array.from({ length: 1000 }, (_, k) => `chunk ${k};`);
      const pieces = [...batched(chunks, 100)];
      assert.equal(pieces.join(''), chunks.join(''));
      assert.ok(pieces.length > 50 && pieces.every((p) => p.length < 100 + 12), `${pieces.length} pieces`);
      assert.deepEqual([...batched([])], []);
    });
  });
});
