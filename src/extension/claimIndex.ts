import * as vscode from 'vscode';
import type { ServiceFacts } from '../core/facts';
import { LineIndex, type LinePositions } from '../core/model/span';
import { readFactsSteps, type HistoryFile } from '../core/history';
import type { CodeSets } from '../core/codesets';
import { ruleSetOf } from '../core/engine';
import { LintCancelled, type RuleSet } from '../core/runner';
import { runStepsInSlices } from '../core/steps';
import { globsMatcher, kindByName, pathFilter, sortByPath, splitHistory } from './claimFiles';
import { readHistorySettings, readSettings, type PolicyStore } from './config';
import { CONFIG_SECTION, HISTORY_CHANGE_DEBOUNCE_MS, HISTORY_FILE_MAX_BYTES, WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LIST_LIMIT } from './constants';
import type { Log } from './log';
import { listClaimCandidates, readCandidate, type ClaimCandidate } from './workspaceFiles';

/** A claim file of the index: its line facts, not its text. */
export interface IndexedFile {
  /** `uri.toString()`. */
  readonly uri: string;
  /** The path relative to the workspace folder (with the folder's name in a multi-root workspace), for display. */
  readonly name: string;
  /** The length of its text (UTF-16 units), for {@link HistoryFile.length}. */
  readonly length: number;
  /** Its line facts; undefined when no patient-scoped rule runs under the index's rule set. */
  readonly facts: ServiceFacts | undefined;
  /** Its line starts (4 bytes a line, no text): a related location in it becomes a range. */
  readonly lines: LinePositions;
}

/** The other files of a patient's history around one file, in path order ({@link ClaimIndex.historyFor}). */
export interface ClaimHistory {
  readonly before: HistoryFile[];
  readonly after: HistoryFile[];
}

interface Entry {
  readonly key: string;
  readonly path: string;
  readonly file: IndexedFile;
  /** What {@link ClaimIndex.historyFor} hands out: `name` is the URI string. */
  readonly history: HistoryFile;
}

/** Which paths of a workspace folder (relative to it) the index keeps, and which folders it never looks into. */
interface FolderFilter {
  readonly keep: (relativePath: string) => boolean;
  readonly excluded: (relativePath: string) => boolean;
}

/** Longest stretch of reading before the extension host gets a turn (the steps pause every few thousand segments). */
const SLICE_MS = 8;

/**
 * The workspace's claim index (docs/extension.md, "The claim index"): the line facts of every
 * claim file of the workspace folders, opened or not, so the patient-scoped rules of an open file
 * see the patient's visits in the other files. It holds facts only — some 200 bytes a service
 * line and 4 bytes a text line — never a text.
 *
 * Files are found as the workspace lint finds them (workspaceFiles.ts) and read in the background,
 * one at a time, in time slices ({@link runStepsInSlices}), with a progress indicator in the status
 * bar while the index is built. A file system watcher keeps it current: a created or changed file
 * is read again, a deleted one (or a deleted folder's files) dropped; {@link onDidChange} says so,
 * debounced. Facts depend on the policy and the timed rounding: the index is built for one rule set
 * ({@link ensure}), and built again when asked with one whose facts would differ.
 *
 * Settings: `claimlint.history.scope` (`file`: nothing is read, every history is empty),
 * `claimlint.history.include` and `claimlint.history.exclude`, per workspace folder. Files on disk
 * are read as saved; unsaved edits of another open file count once saved.
 *
 * Privacy: the log gets counts and timings only, never a file name (it may carry a patient's).
 */
export class ClaimIndex implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fired (debounced) when the index changed: built, a file read again or dropped, emptied. Not while it is first built. */
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;

  private readonly entries = new Map<string, Entry>();
  private sorted?: Entry[];
  /** Files to read, in order; a key queued again keeps its place. */
  private readonly queue = new Map<string, ClaimCandidate>();
  /** Per key, the last event (listing, create, change, delete) not yet consumed by a read: a read that began before it is dropped. */
  private readonly pending = new Map<string, number>();
  private tick = 0;
  /** Bumped by every rebuild: work of an older generation stops and keeps nothing. */
  private generation = 0;
  private ruleSet?: RuleSet;
  /** Per workspace folder (URI string): which of its paths the index keeps; undefined for a folder whose scope is `file`. */
  private filters = new Map<string, FolderFilter | undefined>();
  private settingsKey?: string;
  private enabled = false;
  private listing = false;
  private reading = false;
  private building = false;
  private listCancel?: vscode.CancellationTokenSource;
  private progress?: { report(value: { message?: string }): void; done: number };
  /** Ends the progress indicator of the build under way. */
  private endProgress?: () => void;
  private watcher?: vscode.Disposable;
  private timer?: ReturnType<typeof setTimeout>;
  private waiters: (() => void)[] = [];
  private tally = { unreadable: 0, overLimit: 0 };
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    /** The rule set of the settings as they stand (the index's own until {@link ensure} names another). */
    private readonly ruleSetOfSettings: () => RuleSet,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(CONFIG_SECTION)) this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
    this.refresh();
  }

  /** True when nothing is being listed or read (always, when the index is off). */
  get ready(): boolean {
    return !this.enabled || (!this.listing && !this.reading && this.queue.size === 0);
  }

  /** Claim files indexed. */
  get fileCount(): number {
    return this.entries.size;
  }

  /** The indexed files in path order. */
  get files(): readonly IndexedFile[] {
    return this.ordered().map((e) => e.file);
  }

  /** Resolves once the index is {@link ready} (at once when it is). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * The index is for `ruleSet` from now on: built again when the facts it takes would differ from
   * those it holds (another policy or timed rounding, or patient-scoped rules where none ran), else
   * kept as it is. Cheap when nothing changes: call it before every lint.
   */
  ensure(ruleSet: RuleSet): void {
    if (this.disposed || !this.differs(ruleSet)) return;
    this.ruleSet = ruleSet;
    this.rebuild();
  }

  /**
   * Every indexed file but `uri`'s, split around it in path order: `before`, the files whose path
   * sorts before it (earlier submissions, when batches are named by date); `after`, the rest. Each
   * {@link HistoryFile}'s `name` is its URI string. Empty lists when `uri`'s folder has
   * `claimlint.history.scope` `file`; while the index is built, the files read so far
   * ({@link onDidChange} fires once it is built).
   */
  historyFor(uri: vscode.Uri | string): ClaimHistory {
    const u = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    if (!this.enabled || this.entries.size === 0 || this.scopeIsFile(u)) return { before: [], after: [] };
    const { before, after } = splitHistory(this.ordered(), { path: u.path, key: u.toString() });
    return { before: before.map((e) => e.history), after: after.map((e) => e.history) };
  }

  /** The path of a file relative to the workspace folder, for hovers (with the folder's name in a multi-root workspace). */
  displayName(uri: vscode.Uri | string): string {
    const key = typeof uri === 'string' ? uri : uri.toString();
    const known = this.entries.get(key);
    if (known) return known.file.name;
    return vscode.workspace.asRelativePath(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.listCancel?.cancel();
    this.listCancel?.dispose();
    this.watcher?.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.entries.clear();
    this.queue.clear();
    this.pending.clear();
    for (const d of this.subscriptions) d.dispose();
    this.settle();
  }

  /**
   * Read the settings and the workspace folders again (a settings change, folders added or
   * removed, a policy pack loaded): built again when which files count, or the facts they give,
   * changed.
   */
  refresh(): void {
    if (this.disposed) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const settings = folders.map((f) => ({ folder: f.uri.toString(), ...readHistorySettings(f.uri) }));
    const key = JSON.stringify(settings);
    const ruleSet = this.ruleSetOfSettings();
    const ruleSetDiffers = this.differs(ruleSet);
    if (key === this.settingsKey && !ruleSetDiffers) return;
    this.settingsKey = key;
    if (ruleSetDiffers) this.ruleSet = ruleSet;
    this.filters = new Map(
      settings.map((s) => {
        const exclude = [WORKSPACE_EXCLUDE_GLOB, ...s.exclude];
        return [s.folder, s.scope === 'workspace' ? { keep: pathFilter(s.include, exclude), excluded: globsMatcher(exclude) } : undefined];
      }),
    );
    this.enabled = settings.some((s) => s.scope === 'workspace');
    this.watch(this.enabled);
    this.rebuild();
  }

  /** Whether facts taken under `next` differ from those held (taken under {@link ruleSet}). */
  private differs(next: RuleSet): boolean {
    const current = this.ruleSet;
    if (!current) return true;
    if (current.policy !== next.policy || current.config.timedRounding !== next.config.timedRounding) return true;
    return !current.runsPatientRules && next.runsPatientRules;
  }

  private scopeIsFile(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder !== undefined && this.filters.get(folder.uri.toString()) === undefined;
  }

  /** Whether the index keeps a file: a claim file's name, in a folder whose scope is `workspace`, through its globs. */
  private accepts(uri: vscode.Uri): boolean {
    const filter = this.filterOf(uri);
    return !!filter && kindByName(uri.path) !== undefined && filter.keep(vscode.workspace.asRelativePath(uri, false));
  }

  private filterOf(uri: vscode.Uri): FolderFilter | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.filters.get(folder.uri.toString());
  }

  private ordered(): Entry[] {
    return (this.sorted ??= sortByPath([...this.entries.values()]));
  }

  private watch(on: boolean): void {
    if (!on) {
      this.watcher?.dispose();
      this.watcher = undefined;
      return;
    }
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watcher = vscode.Disposable.from(
      watcher,
      watcher.onDidCreate((uri) => void this.created(uri)),
      watcher.onDidChange((uri) => this.update(uri)),
      watcher.onDidDelete((uri) => this.deleted(uri)),
    );
  }

  private rebuild(): void {
    const gen = ++this.generation;
    this.endProgress?.();
    this.endProgress = undefined;
    this.listCancel?.cancel();
    this.listCancel?.dispose();
    this.listCancel = undefined;
    const had = this.entries.size > 0;
    this.entries.clear();
    this.sorted = undefined;
    this.queue.clear();
    this.pending.clear();
    this.tally = { unreadable: 0, overLimit: 0 };
    this.progress = undefined;
    if (!this.enabled || !this.ruleSet) {
      this.listing = false;
      this.building = false;
      this.settle();
      if (had) this.fireSoon();
      return;
    }
    this.listing = true;
    this.building = true;
    const cancel = (this.listCancel = new vscode.CancellationTokenSource());
    const started = Date.now();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'claimlint: reading claim history' }, async (progress) => {
      let candidates: ClaimCandidate[] = [];
      try {
        candidates = await listClaimCandidates(cancel.token);
      } catch {
        // Listing failed or was cancelled: an empty index (a rebuild, if any, lists again).
      }
      if (gen !== this.generation) return;
      this.listing = false;
      const listedAll = candidates.length;
      for (const c of candidates) if (this.accepts(c.uri)) this.enqueue(c);
      this.progress = { report: (v) => progress.report(v), done: 0 };
      await new Promise<void>((resolve) => {
        this.endProgress = resolve;
        this.waiters.push(resolve);
        void this.drain();
        this.settle();
      });
      if (gen !== this.generation) return;
      this.building = false;
      this.progress = undefined;
      this.endProgress = undefined;
      const { unreadable, overLimit } = this.tally;
      const parts = [`${this.entries.size} claim ${this.entries.size === 1 ? 'file' : 'files'} read in ${Date.now() - started} ms`];
      if (unreadable > 0) parts.push(`${unreadable} could not be read`);
      if (overLimit > 0) parts.push(`${overLimit} over the limit of ${WORKSPACE_LIST_LIMIT} files`);
      if (listedAll >= WORKSPACE_LIST_LIMIT) parts.push(`only the first ${WORKSPACE_LIST_LIMIT} files of the workspace were looked at`);
      this.log.info(`Claim history: ${parts.join('; ')}.`);
      this.fireSoon();
    });
  }

  private enqueue(candidate: ClaimCandidate): void {
    const key = candidate.uri.toString();
    this.pending.set(key, ++this.tick);
    this.queue.set(key, candidate);
  }

  /** A created file is read; a created folder (moved or copied in) has its claim files read. */
  private async created(uri: vscode.Uri): Promise<void> {
    if (!this.enabled) return;
    const filter = this.filterOf(uri);
    // Not under node_modules, .git … nor an excluded folder ("name/" matches "name/**").
    if (!filter || filter.excluded(`${vscode.workspace.asRelativePath(uri, false)}/`)) return;
    if (!(await isFolder(uri))) return this.update(uri);
    const gen = this.generation;
    let found: ClaimCandidate[];
    try {
      found = await listClaimCandidates(undefined, uri);
    } catch {
      return;
    }
    if (gen !== this.generation) return;
    for (const c of found) this.update(c.uri);
  }

  /** A file created or changed: read it (again). */
  private update(uri: vscode.Uri): void {
    if (!this.enabled || this.disposed) return;
    const kind = kindByName(uri.path);
    if (!kind || !this.accepts(uri)) return;
    const key = uri.toString();
    if (!this.entries.has(key) && !this.queue.has(key) && this.entries.size + this.queue.size >= WORKSPACE_LIST_LIMIT) {
      this.tally.overLimit++;
      return;
    }
    this.enqueue({ uri, kind });
    void this.drain();
  }

  /** A file or folder deleted: its entries go, and reads of them under way keep nothing. */
  private deleted(uri: vscode.Uri): void {
    if (!this.enabled) return;
    const key = uri.toString();
    const prefix = key.endsWith('/') ? key : `${key}/`;
    // A file the index knows is itself only; anything else may be a folder of claim files.
    const file = this.entries.has(key) || this.pending.has(key);
    const under = file ? (k: string): boolean => k === key : (k: string): boolean => k === key || k.startsWith(prefix);
    for (const k of [...this.pending.keys()]) if (under(k)) this.pending.set(k, ++this.tick);
    for (const k of [...this.queue.keys()]) if (under(k)) this.queue.delete(k);
    let dropped = false;
    for (const k of [...this.entries.keys()]) {
      if (!under(k)) continue;
      this.entries.delete(k);
      dropped = true;
    }
    if (dropped) {
      this.sorted = undefined;
      this.fireSoon();
    }
    this.settle();
  }

  /** Read what is queued, one file at a time, until the queue is empty or the index is rebuilt. */
  private async drain(): Promise<void> {
    if (this.reading || this.listing) return;
    const gen = this.generation;
    this.reading = true;
    try {
      while (gen === this.generation && !this.disposed) {
        const next = this.queue.entries().next();
        if (next.done) break;
        const [key, candidate] = next.value;
        this.queue.delete(key);
        if (this.progress) {
          const p = this.progress;
          p.report({ message: `${++p.done} of ${p.done + this.queue.size} files` });
        }
        await this.read(key, candidate, gen);
      }
    } finally {
      this.reading = false;
    }
    // A rebuild while this one read: its files are queued for a reader of its own.
    if (gen !== this.generation && !this.disposed && !this.listing && this.queue.size > 0) void this.drain();
    else this.settle();
  }

  private async read(key: string, candidate: ClaimCandidate, gen: number): Promise<void> {
    const stamp = this.pending.get(key);
    const stale = (): boolean => gen !== this.generation || this.disposed;
    let entry: Entry | undefined;
    let failed = false;
    try {
      const read = await readCandidate(candidate, HISTORY_FILE_MAX_BYTES);
      if (read.kind === 'claim' && !stale() && this.ruleSet) {
        const facts = await runStepsInSlices(readFactsSteps(read.text, this.ruleSet, candidate.uri.path, stale), SLICE_MS);
        entry = this.entryOf(candidate.uri, read.text.length, facts, new LineIndex(read.text).positions());
      }
    } catch (err) {
      if (err instanceof LintCancelled) return;
      failed = true; // gone, a folder, no permission, not a regular file, too large; or unreadable as claims
    }
    if (stale()) return;
    // A newer event came while it was read: this read keeps nothing (a change has queued the file again).
    if (this.pending.get(key) !== stamp) {
      if (!this.queue.has(key)) this.pending.delete(key);
      return;
    }
    this.pending.delete(key);
    if (failed) this.tally.unreadable++;
    const had = this.entries.delete(key);
    if (entry) this.entries.set(key, entry);
    if (had || entry) {
      this.sorted = undefined;
      this.fireSoon();
    }
  }

  private entryOf(uri: vscode.Uri, length: number, facts: ServiceFacts | undefined, lines: LinePositions): Entry {
    const key = uri.toString();
    const file: IndexedFile = { uri: key, name: vscode.workspace.asRelativePath(uri), length, facts, lines };
    return { key, path: uri.path, file, history: { name: key, length, facts } };
  }

  /** Line positions of an indexed file (by URI string); undefined when it is not indexed. */
  positionsOf(uri: string): LinePositions | undefined {
    return this.entries.get(uri)?.file.lines;
  }

  /** True while the index is being built or a change it will announce ({@link onDidChange}) is pending. */
  get changing(): boolean {
    return this.building || this.timer !== undefined;
  }

  /** Resolve the waiters once the index is ready. */
  private settle(): void {
    if (!this.ready && !this.disposed) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** {@link onDidChange}, at most once per {@link HISTORY_CHANGE_DEBOUNCE_MS}; not while the index is first built. */
  private fireSoon(): void {
    if (this.building || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed) this.changeEmitter.fire();
    }, HISTORY_CHANGE_DEBOUNCE_MS);
  }
}

/**
 * The workspace's claim index, built for the rule set of the settings (the window's, or the first
 * folder's: the policy and timed rounding of most workspaces) until {@link ClaimIndex.ensure} names
 * another; built again when a policy pack is read in the background. Starts reading at once when a
 * folder is open and `claimlint.history.scope` is `workspace`.
 */
export function createClaimIndex(policies: PolicyStore, codeSets: () => CodeSets, log: Log): ClaimIndex {
  const index = new ClaimIndex(() => ruleSetOf({ policy: policies.policyFor(undefined), config: readSettings(undefined).lint, codeSets: codeSets() }), log);
  policies.onDidLoad(() => index.refresh());
  return index;
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
