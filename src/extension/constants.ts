/** Every id the extension shares with package.json, in one place. */

export const EXTENSION_ID = 'claimlint.claimlint';
export const DIAGNOSTIC_SOURCE = 'claimlint';
export const OUTPUT_CHANNEL_NAME = 'claimlint';

export const X12_LANGUAGE_ID = 'x12';
/** Where `.txt`, `.dat` and unnamed claim files open; switched to X12 when they start with an ISA header. */
export const PLAIN_TEXT_LANGUAGE_ID = 'plaintext';
/** Languages a FHIR claim can arrive in; decided per document by content. */
export const FHIR_LANGUAGE_IDS = ['json', 'jsonc', 'xml'] as const;
export const DOCUMENT_SCHEMES = ['file', 'untitled'] as const;
/** Document selector for what only X12 gets (formatting, semantic colours). */
export const X12_SELECTOR = DOCUMENT_SCHEMES.map((scheme) => ({ language: X12_LANGUAGE_ID, scheme }));

export const CONFIG_SECTION = 'claimlint';
export namespace Setting {
  export const policy = 'policy';
  export const rules = 'rules';
  export const timedRounding = 'timedRounding';
  export const acceptXModifiers = 'acceptXModifiers';
  export const run = 'run';
  export const maxProblems = 'maxProblems';
  export const cptDescriptorFile = 'cptDescriptorFile';
  /**
   * Not `claimlint.history` itself: VS Code keeps settings as a tree by their dots, and a setting
   * whose key is a prefix of another's (`history` beside `history.include`) loses one of them.
   */
  export const historyScope = 'history.scope';
  export const historyInclude = 'history.include';
  export const historyExclude = 'history.exclude';
}
export const BUILTIN_POLICY = 'built-in';
export type RunMode = 'onType' | 'onSave';
/** `claimlint.history.scope`: a patient's history is every claim file of the workspace, or the file alone. */
export type HistoryScope = 'workspace' | 'file';

export namespace CommandIds {
  export const lintWorkspace = 'claimlint.lintWorkspace';
  export const fixAll = 'claimlint.fixAll';
  export const showRuleDoc = 'claimlint.showRuleDoc';
  /** The policy clauses that govern a procedure code (hover links). */
  export const showPolicy = 'claimlint.showPolicy';
  export const showClaimSummary = 'claimlint.showClaimSummary';
  export const splitSegments = 'claimlint.splitSegments';
  export const joinSegments = 'claimlint.joinSegments';
  export const importCodeSet = 'claimlint.importCodeSet';
  export const showCodeSets = 'claimlint.showCodeSets';
  export const removeCodeSet = 'claimlint.removeCodeSet';
  /** Internal: used by code actions, hidden from the palette. */
  export const applySuggestionEverywhere = 'claimlint.applySuggestionEverywhere';
}

export const FIX_ALL_KIND_SUFFIX = 'claimlint';
export const LINT_DEBOUNCE_MS = 300;
export const DEFAULT_MAX_PROBLEMS = 1000;
/**
 * Documents at least this long (UTF-16 units) are linted in time slices (lintInSlices), so the
 * extension host keeps answering while a large batch is checked and stale work is dropped.
 */
export const ASYNC_LINT_MIN_LENGTH = 256 * 1024;
/** Claim files per "lint workspace" run; beyond this the command says how many it skipped. */
export const WORKSPACE_LINT_LIMIT = 5000;
/** Files listed per "lint workspace" run (claim files are picked from them by name, then content). */
export const WORKSPACE_LIST_LIMIT = 50000;
export const WORKSPACE_EXCLUDE_GLOB = '**/{node_modules,.git,.vscode,out,dist}/**';
/** The claim index reads files up to this size for a patient's history; a larger one is skipped (counted in the log). */
export const HISTORY_FILE_MAX_BYTES = 128 * 1024 * 1024;
/** The claim index says it changed at most this often (its listeners lint open documents again). */
export const HISTORY_CHANGE_DEBOUNCE_MS = 200;
