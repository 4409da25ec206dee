import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { resolveConfig, TIMED_ROUNDING_MODES, type LintConfig, type TimedRounding } from '../core/config';
import type { SeverityOrOff } from '../core/model/finding';
import { Policy } from '../core/policy';
import { loadPolicyFileAsync } from '../core/policy/loader';
import { loadCptDescriptors, type CptDescriptors } from '../core/policy/descriptors';
import { escapeControls } from '../core/display';
import { defaultPolicy } from '../core/engine';
import { BUILTIN_POLICY, CONFIG_SECTION, DEFAULT_MAX_PROBLEMS, Setting, type HistoryScope, type RunMode } from './constants';
import type { Log } from './log';

const SEVERITY_VALUES: readonly SeverityOrOff[] = ['error', 'warning', 'info', 'off'];

export interface DocumentSettings {
  readonly lint: LintConfig;
  readonly run: RunMode;
  /** Problems shown per file; the rest are summed up in one `too-many-findings` problem. */
  readonly maxProblems: number;
}

/** The lint settings for a resource; unknown values fall back to the defaults. */
export function readSettings(uri: vscode.Uri | undefined): DocumentSettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, uri);
  const rules: Record<string, SeverityOrOff> = {};
  const raw = c.get<Record<string, unknown>>(Setting.rules) ?? {};
  if (raw && typeof raw === 'object') {
    for (const [id, sev] of Object.entries(raw)) {
      if (typeof sev === 'string' && (SEVERITY_VALUES as readonly string[]).includes(sev)) rules[id] = sev as SeverityOrOff;
    }
  }
  const rounding = c.get<string>(Setting.timedRounding);
  const timedRounding = (TIMED_ROUNDING_MODES as readonly string[]).includes(rounding ?? '') ? (rounding as TimedRounding) : undefined;
  const run: RunMode = c.get<string>(Setting.run) === 'onSave' ? 'onSave' : 'onType';
  const max = c.get<number>(Setting.maxProblems);
  const maxProblems = typeof max === 'number' && Number.isFinite(max) && max >= 1 ? Math.floor(max) : DEFAULT_MAX_PROBLEMS;
  return {
    maxProblems,
    lint: resolveConfig({ rules, timedRounding, acceptXModifiers: c.get<boolean>(Setting.acceptXModifiers) === true }),
    run,
  };
}

/** Which claim files make up a patient's history (the claim index): `claimlint.history.*`. */
export interface HistorySettings {
  readonly scope: HistoryScope;
  /** Globs relative to the workspace folder; empty: every claim file. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** The history settings of a workspace folder (or the window's); values of the wrong type count as the defaults. */
export function readHistorySettings(scope: vscode.ConfigurationScope | undefined): HistorySettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const globs = (key: string): string[] => {
    const value = c.get<unknown>(key);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  };
  return {
    scope: c.get<string>(Setting.historyScope) === 'file' ? 'file' : 'workspace',
    include: globs(Setting.historyInclude),
    exclude: globs(Setting.historyExclude),
  };
}

/** A policy pack file as last read: what applies, and what the file looked like then. */
interface PackState {
  policy?: Policy;
  /** Size, modification time and inode of the file the policy was read from. */
  stamp?: string;
  loading: boolean;
  /** Set by {@link PolicyStore.reset}: the file is looked at again before the next lint. */
  stale: boolean;
}

/**
 * Resolves `claimlint.policy` per resource. Policy packs are code-like input (they decide what is
 * reported), so in an untrusted workspace only the built-in policy is used.
 *
 * A pack is read in the background, never on the extension host's thread: a FIFO or a device
 * named in the setting would otherwise block it (or fill memory), and only regular files up to
 * MAX_POLICY_BYTES are read. Until a pack has been read the built-in policy applies; once it has,
 * {@link onDidLoad}'s listeners are told so that open claims are linted again. After a settings
 * change the last pack keeps applying while its file is looked at again.
 */
export class PolicyStore {
  private readonly packs = new Map<string, PackState>();
  private readonly reported = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly log: Log) {}

  /** Called when a pack read in the background changes the policy that applies. */
  onDidLoad(listener: () => void): void {
    this.listeners.push(listener);
  }

  reset(): void {
    for (const state of this.packs.values()) state.stale = true;
    this.reported.clear();
  }

  policyFor(uri: vscode.Uri | undefined): Policy {
    const c = vscode.workspace.getConfiguration(CONFIG_SECTION, uri);
    const setting = (c.get<string>(Setting.policy) ?? BUILTIN_POLICY).trim();
    if (!vscode.workspace.isTrusted) {
      const inspected = c.inspect<string>(Setting.policy);
      const fromWorkspace = [inspected?.workspaceValue, inspected?.workspaceFolderValue].some((v) => v && v !== BUILTIN_POLICY);
      if (fromWorkspace || (setting && setting !== BUILTIN_POLICY)) {
        this.once('untrusted', () => this.log.info('Workspace not trusted: the policy pack named in the settings is ignored; the built-in policy applies.'));
      }
      return defaultPolicy();
    }
    if (!setting || setting === BUILTIN_POLICY) return defaultPolicy();
    const file = resolvePolicyPath(setting, uri);
    if (!file) {
      this.once(`nofolder:${setting}`, () =>
        this.log.warn('claimlint.policy is a relative path but no workspace folder is open; the built-in policy applies.'),
      );
      return defaultPolicy();
    }
    let state = this.packs.get(file);
    if (!state) this.packs.set(file, (state = { loading: false, stale: true }));
    if (state.stale && !state.loading) void this.load(file, state);
    return state.policy ?? defaultPolicy();
  }

  /** Read the pack unless its file is as it was; tell the listeners when what applies changed. */
  private async load(file: string, state: PackState): Promise<void> {
    state.loading = true;
    state.stale = false;
    const before = state.policy;
    try {
      let stamp: string | undefined;
      try {
        const s = await fs.promises.stat(file);
        stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
      } catch {
        stamp = undefined;
      }
      if (stamp !== undefined && stamp === state.stamp) return;
      state.stamp = stamp;
      try {
        const policy = await loadPolicyFileAsync(file);
        state.policy = policy;
        this.log.info(`Policy pack loaded: ${policy.id} (${policy.clauses.length} clauses).`);
      } catch (err) {
        const message = err instanceof Error ? err.message : 'The policy pack cannot be loaded.';
        state.policy = defaultPolicy();
        this.once(`error:${file}:${stamp}`, () => {
          this.log.warn(`${message} The built-in policy applies.`);
          void vscode.window.showWarningMessage(`claimlint: ${escapeControls(message)} The built-in policy applies.`);
        });
      }
    } finally {
      state.loading = false;
    }
    if (state.policy !== before && (before !== undefined || state.policy !== defaultPolicy())) {
      for (const listener of this.listeners) listener();
    }
  }

  private once(key: string, say: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    say();
  }
}

function resolvePolicyPath(setting: string, uri: vscode.Uri | undefined): string | undefined {
  if (setting.startsWith('~/')) return path.join(os.homedir(), setting.slice(2));
  if (path.isAbsolute(setting)) return setting;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  return path.join(folder.uri.fsPath, setting);
}

/**
 * Resolves `claimlint.cptDescriptorFile` (a machine setting: a site's AMA licence is not a
 * workspace's to claim): the licensed CPT descriptors hovers show, loaded once per file. A file
 * that cannot be read is reported once; claimlint then shows no licensed text.
 */
export class DescriptorStore {
  private loaded?: { file: string; descriptors?: CptDescriptors };

  constructor(private readonly log: Log) {}

  reset(): void {
    this.loaded = undefined;
  }

  descriptors(): CptDescriptors | undefined {
    const setting = (vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>(Setting.cptDescriptorFile) ?? '').trim();
    if (!setting) return undefined;
    const file = setting.startsWith('~/') ? path.join(os.homedir(), setting.slice(2)) : setting;
    if (this.loaded?.file === file) return this.loaded.descriptors;
    this.loaded = { file };
    if (!path.isAbsolute(file)) {
      this.log.warn('claimlint.cptDescriptorFile must be an absolute path (or start with ~/); no licensed descriptors are shown.');
      return undefined;
    }
    try {
      const descriptors = loadCptDescriptors(file);
      this.loaded.descriptors = descriptors;
      this.log.info(`CPT descriptor file loaded: ${descriptors.size} codes.`);
      return descriptors;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`${message} No licensed descriptors are shown.`);
      void vscode.window.showWarningMessage(`claimlint: ${escapeControls(message)}`);
      return undefined;
    }
  }
}
