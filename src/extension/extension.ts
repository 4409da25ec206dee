import * as vscode from 'vscode';
import type { Finding } from '../core/model/finding';
import { createClaimIndex, type ClaimIndex } from './claimIndex';
import { ClaimViewPanel, type ClaimViewRendered } from './claimView';
import { ClaimCodeActionProvider } from './codeActions';
import { registerCommands } from './commands';
import { DescriptorStore, PolicyStore, readSettings } from './config';
import { CONFIG_SECTION } from './constants';
import { DiagnosticsController } from './diagnostics';
import { registerFormatting } from './format';
import { PlainTextClaims } from './plainText';
import { registerPolicyPages } from './policyPage';
import { UnknownRuleIds } from './ruleSettings';
import { registerSemanticTokens } from './semanticTokens';
import { ClaimHoverProvider } from './hover';
import { CLAIM_SELECTOR, ClaimLinter, type ClaimHistory } from './linter';
import type { Policy } from '../core/policy';
import type { TimedRounding } from '../core/config';
import { ruleSetOf } from '../core/engine';
import type { RuleSet } from '../core/runner';
import { createLog } from './log';
import { ClaimStatusBar } from './statusBar';
import { ClaimSymbolProvider } from './symbols';
import { CodeSetStore } from './codeSets';
import { registerCodeSetCommands } from './codeSetCommands';
import type { CodeSetInfo } from '../core/codesets';

/** What `activate` returns: a small API for tests and other extensions. */
export interface ClaimlintApi {
  /** Lint an open (or openable) document now and publish its diagnostics; undefined if it is not a claim file. */
  lintNow(uri: vscode.Uri): Promise<readonly Finding[] | undefined>;
  /** The status bar text for the active editor ('' when hidden). */
  statusText(): string;
  /** How the last lint of a document went: its version, and whether only the edited claim was re-checked. */
  lastLint(uri: vscode.Uri): { version: number; incremental: boolean; fullReason?: string } | undefined;
  /** The ids in `claimlint.rules` reported as naming no rule, each once, in order. */
  unknownRuleIds(): readonly string[];
  /** The claim view's page: resolves once its script has run (undefined when no view is open). */
  claimViewRendered(): Promise<ClaimViewRendered> | undefined;
  /** Clicks an element of the claim view's page by id, through the page's own click handler; false if there is none. */
  claimViewClick(id: string): Promise<boolean>;
  /** The imported code sets, once the stored ones have been read at activation. */
  codeSets(): Promise<readonly CodeSetInfo[]>;
  /** Read the stored code sets again, as at activation; resolves to what is installed then. */
  reloadCodeSets(): Promise<readonly CodeSetInfo[]>;
  /** The error message the last Import Code Set showed ("name.txt was not imported: …"); undefined after an import that worked. */
  lastCodeSetImportError(): string | undefined;
  /** The workspace's claim index: the line facts of every claim file, for a patient's history across files. */
  claimIndex(): ClaimIndex;
}

export function activate(context: vscode.ExtensionContext): ClaimlintApi {
  const log = createLog(context);
  const policies = new PolicyStore(log);
  const codeSets = new CodeSetStore(context.globalStorageUri, log);
  const descriptors = new DescriptorStore(log);
  // The line facts of the workspace's claim files, read in the background (claimlint.history.scope):
  // each open claim is checked against them.
  const claimIndex = createClaimIndex(policies, () => codeSets.current, log);
  const linter = new ClaimLinter(policies, () => codeSets.current, historyOf(claimIndex));
  const diagnostics = new DiagnosticsController(linter, log);
  const statusBar = new ClaimStatusBar();
  const unknownRules = new UnknownRuleIds(log);
  const claimView = new ClaimViewPanel(context.extensionUri, diagnostics);
  const codeSetCommands = registerCodeSetCommands(codeSets, log);
  let statusVisible = false;
  context.subscriptions.push(diagnostics, statusBar, claimView, codeSets, claimIndex);

  let activeIsClaim: boolean | undefined;
  const refreshStatus = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    const isClaim = !!doc && linter.isClaimDocument(doc);
    if (isClaim !== activeIsClaim) {
      activeIsClaim = isClaim;
      // Shows "Fix All" and "Show Claim Summary" in the command palette for FHIR claims too (package.json menus).
      void vscode.commands.executeCommand('setContext', 'claimlint.activeIsClaim', isClaim);
    }
    const entry = isClaim ? linter.available(doc) : undefined;
    statusVisible = entry !== undefined;
    statusBar.update(entry);
  };
  diagnostics.onDidLint((_, document) => {
    if (document === vscode.window.activeTextEditor?.document) refreshStatus();
  });

  const lintAllOpen = (): void => {
    for (const doc of vscode.workspace.textDocuments) {
      if (linter.isClaimDocument(doc)) diagnostics.lintSoon(doc);
      else diagnostics.clear(doc.uri);
    }
    refreshStatus();
  };

  const codeActions = new ClaimCodeActionProvider(linter, log);
  const symbols = new ClaimSymbolProvider(linter);
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(CLAIM_SELECTOR, new ClaimHoverProvider(linter, () => codeSets.current, descriptors)),
    vscode.languages.registerCodeActionsProvider(CLAIM_SELECTOR, codeActions, {
      providedCodeActionKinds: ClaimCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.languages.registerDocumentSymbolProvider(CLAIM_SELECTOR, symbols, { label: 'claimlint' }),
    vscode.languages.registerFoldingRangeProvider(CLAIM_SELECTOR, symbols),
    ...registerCommands({ linter, diagnostics, claimView, extensionUri: context.extensionUri, log }),
    ...registerFormatting(),
    ...registerPolicyPages(linter, descriptors),
    ...registerSemanticTokens(),
    ...codeSetCommands.disposables,
    // Another claim file changed, or the index was (re)built: every open claim is checked against it again.
    claimIndex.onDidChange(() => {
      linter.historyChanged();
      lintAllOpen();
    }),
    // An imported or removed code set changes findings and hovers: every open claim is linted again.
    codeSets.onDidChange(() => {
      linter.invalidate();
      lintAllOpen();
    }),

    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (linter.isClaimDocument(doc)) diagnostics.lintSoon(doc);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const doc = e.document;
      if (e.contentChanges.length === 0) return;
      if (!linter.isClaimDocument(doc)) {
        // A JSON file edited into something that is no longer a claim loses its diagnostics.
        diagnostics.clear(doc.uri);
        linter.untrack(doc.uri);
        return;
      }
      // Every version's changes are kept until the next lint, which then re-checks only the claim they touched.
      linter.track(e);
      if (readSettings(doc.uri).run === 'onType') diagnostics.schedule(doc);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (linter.isClaimDocument(doc)) diagnostics.lintSoon(doc);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      diagnostics.clear(doc.uri);
      linter.forget(doc.uri);
      symbols.forget(doc.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(CONFIG_SECTION)) return;
      descriptors.reset();
      unknownRules.check();
      linter.invalidate();
      lintAllOpen();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      linter.invalidate();
      lintAllOpen();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => refreshStatus()),
  );

  context.subscriptions.push(new PlainTextClaims());
  unknownRules.check();
  // A policy pack read in the background (config.ts) applies from the next lint on.
  policies.onDidLoad(() => {
    linter.invalidate();
    lintAllOpen();
  });

  lintAllOpen();
  const codeSetsLoaded = codeSets.load();
  log.info('claimlint is active. No claim content is logged; only rule ids and counts.');

  return {
    async lintNow(uri) {
      const doc = await vscode.workspace.openTextDocument(uri);
      return diagnostics.lintNow(doc)?.findings;
    },
    statusText: () => (statusVisible ? statusBar.text : ''),
    lastLint(uri) {
      const entry = linter.last(uri);
      return entry && { version: entry.version, incremental: entry.incremental, fullReason: entry.fullReason };
    },
    unknownRuleIds: () => [...unknownRules.reported],
    claimViewRendered: () => claimView.whenRendered(),
    claimViewClick: (id) => claimView.click(id),
    codeSets: async () => {
      await codeSetsLoaded;
      return codeSets.list().map((s) => s.info);
    },
    reloadCodeSets: async () => {
      await codeSets.load();
      return codeSets.list().map((s) => s.info);
    },
    lastCodeSetImportError: () => codeSetCommands.lastImportError(),
    claimIndex: () => claimIndex,
  };
}

export function deactivate(): void {}

/** The claim index as the linter reads it: facts taken under the document's policy and rounding. */
function historyOf(index: ClaimIndex): ClaimHistory {
  let last: { policy: Policy; rounding: TimedRounding; ruleSet: RuleSet } | undefined;
  return {
    historyFor: (uri, policy, rounding) => {
      if (last?.policy !== policy || last.rounding !== rounding)
        last = { policy, rounding, ruleSet: ruleSetOf({ policy, config: { timedRounding: rounding } }) };
      index.ensure(last.ruleSet);
      return index.historyFor(uri);
    },
    displayName: (uri) => index.displayName(uri),
    positionsOf: (uri) => index.positionsOf(uri),
  };
}
