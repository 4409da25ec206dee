import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { run } from '../../../src/cli/main';

/** The repository root (tests run from out/test/unit/cli). */
export const REPO = path.resolve(__dirname, '../../../..');
export const GOLDEN_DIR = path.join(REPO, 'test/golden/cli');
export const FIXTURES = path.join(REPO, 'test/unit/cli/fixtures');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  /** Standard output as bytes (what `--fix -` writes). */
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/** Run the CLI in-process with captured output; cwd defaults to the repository root. */
export async function runCli(argv: readonly string[], options: { cwd?: string; stdin?: string | Buffer } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const bytes: Buffer[] = [];
  const code = await run(argv, {
    stdout: (t) => {
      bytes.push(Buffer.from(t));
      stdout += t.toString();
    },
    stderr: (t) => void (stderr += t),
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    cwd: options.cwd ?? REPO,
  });
  const result = { code, stdout, stderr } as CliRun;
  // Not enumerable, so tests comparing whole runs with deepEqual need not name it.
  Object.defineProperty(result, 'stdoutBytes', { value: Buffer.concat(bytes), enumerable: false });
  return result;
}

/**
 * Compare `actual` with test/golden/cli/<name> byte for byte. With UPDATE_GOLDEN=1 the golden
 * file is (re)written instead; review the diff before committing it.
 */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden file ${name}; run the tests with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-cli-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copy repository files (relative to the root) into `dir`; returns the copies' paths. */
export function copyInto(dir: string, ...files: string[]): string[] {
  return files.map((f) => {
    const to = path.join(dir, path.basename(f));
    fs.copyFileSync(path.join(REPO, f), to);
    return to;
  });
}

/**
 * A validator for the published SARIF 2.1.0 schema (the rtm.5 JSON Schema that
 * @microsoft/jest-sarif ships; draft-04, hence ajv-draft-04). Its language-tag pattern is not a
 * valid `u`-flag regular expression, so ajv compiles patterns without that flag.
 */
export function sarifValidator(): (log: unknown) => string | undefined {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}
