import * as assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../src/cli/args';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`expected ${argv.join(' ')} to be rejected`);
}

describe('cli/args', () => {
  it('defaults to text output, no fixing, the built-in policy', () => {
    const o = parseCliArgs(['a.837']);
    assert.deepEqual(o.inputs, ['a.837']);
    assert.equal(o.format, 'text');
    assert.equal(o.fix, false);
    assert.equal(o.fixSuggestions, false);
    assert.equal(o.policyFile, undefined);
    assert.deepEqual(o.rules, {});
    assert.equal(o.timedRounding, undefined);
    assert.equal(o.acceptXModifiers, false);
  });

  it('reads every option', () => {
    const o = parseCliArgs([
      '--format',
      'sarif',
      '--fix-suggestions',
      '--policy',
      'p.json',
      '--rule',
      'cmt-modifier-59=warning',
      '--rule',
      'audit-visit-count=off',
      '--timed-rounding',
      'cms-8-minute',
      '--accept-x-modifiers',
      'a.837',
      '-',
      'dir/',
    ]);
    assert.equal(o.format, 'sarif');
    assert.equal(o.fix, true, '--fix-suggestions implies --fix');
    assert.equal(o.fixSuggestions, true);
    assert.equal(o.policyFile, 'p.json');
    assert.deepEqual(o.rules, { 'cmt-modifier-59': 'warning', 'audit-visit-count': 'off' });
    assert.equal(o.timedRounding, 'cms-8-minute');
    assert.equal(o.acceptXModifiers, true);
    assert.deepEqual(o.inputs, ['a.837', '-', 'dir/']);
  });

  it('--threads: a whole number of threads; unset by default (the machine decides)', () => {
    assert.equal(parseCliArgs(['a.837']).threads, undefined);
    assert.equal(parseCliArgs(['--threads', '2', 'a.837']).threads, 2);
    assert.equal(parseCliArgs(['--threads', '1', 'a.837']).threads, 1);
  });

  it('accepts --help and --version without inputs', () => {
    assert.equal(parseCliArgs(['--help']).help, true);
    assert.equal(parseCliArgs(['-v']).version, true);
  });

  it('rejects mistakes with one sentence each', () => {
    const cases: [string[], RegExp][] = [
      [[], /^No input given/],
      [['--bogus', 'a.837'], /^Unknown option --bogus; run claimlint --help/],
      [['--format', 'xml', 'a.837'], /^Unknown output format "xml"/],
      [['a.837', '--format'], /^--format needs a value\.$/],
      [['--fix=yes', 'a.837'], /^--fix does not take a value\.$/],
      [['--rule', 'no-such-rule=error', 'a.837'], /^Unknown rule "no-such-rule"/],
      [['--rule', 'cmt-modifier-59=fatal', 'a.837'], /^Unknown level "fatal" for rule cmt-modifier-59/],
      [['--rule', 'cmt-modifier-59', 'a.837'], /^--rule expects <id>=<level>/],
      [['--timed-rounding', 'ceil', 'a.837'], /^Unknown timed rounding "ceil"/],
      [['--threads', '0', 'a.837'], /^--threads takes a whole number from 1 to 64; got "0"\.$/],
      [['--threads', '2.5', 'a.837'], /^--threads takes a whole number from 1 to 64; got "2\.5"\.$/],
      [['--threads', 'many', 'a.837'], /^--threads takes a whole number/],
      [['--threads', '65', 'a.837'], /^--threads takes a whole number/],
    ];
    for (const [argv, expected] of cases) {
      const message = usageError(argv);
      assert.match(message, expected, argv.join(' '));
      assert.ok(!message.includes('\n'), 'one line');
    }
  });
});
