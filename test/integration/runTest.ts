/**
 * Runs the same integration suites under @vscode/test-electron, on a desktop machine that can
 * download VS Code (`npm run test:electron`). It cannot run on the offline CI machine, where
 * runInServer.ts does the job. Like the server launcher, it runs the suites with the test
 * workspace folder and with no folder, on a temporary copy of the workspace.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

/** The VS Code the server launcher tests against (code-server 4.139.1); override with VSCODE_VERSION. */
const VSCODE_VERSION = process.env.VSCODE_VERSION || '1.139.1';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.resolve(__dirname, 'index');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlint-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test/integration/workspace'), workspace, { recursive: true });

  let failed = false;
  try {
    for (const mode of ['folder', 'nofolder'] as const) {
      console.log(`\n== ${mode === 'folder' ? 'with the test workspace folder' : 'with no folder'} ==`);
      try {
        await runTests({
          version: VSCODE_VERSION,
          // With the stand-in for another X12 extension, as the server launcher runs them.
          extensionDevelopmentPath: [repoRoot, path.join(repoRoot, 'test/integration/other-x12-extension')],
          extensionTestsPath,
          extensionTestsEnv: { CLAIMLINT_TEST_MODE: mode, CLAIMLINT_TEST_WORKSPACE: workspace },
          launchArgs: [
            ...(mode === 'folder' ? [workspace] : []),
            '--disable-extensions',
            '--disable-workspace-trust',
            '--user-data-dir',
            path.join(tmp, `user-data-${mode}`),
          ],
        });
      } catch (e) {
        console.error(`${mode}: ${(e as Error).message ?? e}`);
        failed = true;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
