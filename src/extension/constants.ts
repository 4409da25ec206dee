/** Every id the extension shares with package.json, in one place. */

export const EXTENSION_ID = 'claimlint.claimlint';
export const DIAGNOSTIC_SOURCE = 'claimlint';
export const OUTPUT_CHANNEL_NAME = 'claimlint';

export const X12_LANGUAGE_ID = 'x12';
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
}
export const BUILTIN_POLICY = 'built-in';
export type RunMode = 'onType' | 'onSave';

export namespace CommandIds {
  export const lintWorkspace = 'claimlint.lintWorkspace';
  export const fixAll = 'claimlint.fixAll';
  export const showRuleDoc = 'claimlint.showRuleDoc';
  export const showClaimSummary = 'claimlint.showClaimSummary';
  export const splitSegments = 'claimlint.splitSegments';
  export const joinSegments = 'claimlint.joinSegments';
  /** Internal: used by code actions, hidden from the palette. */
  export const applySuggestionEverywhere = 'claimlint.applySuggestionEverywhere';
}

export const FIX_ALL_KIND_SUFFIX = 'claimlint';
export const LINT_DEBOUNCE_MS = 300;
export const DEFAULT_MAX_PROBLEMS = 1000;
/**
 * Documents at least this long (UTF-16 units) are linted in time slices (lintAsync), so the
 * extension host keeps answering while a large batch is checked and stale work is dropped.
 */
export const ASYNC_LINT_MIN_LENGTH = 256 * 1024;
/** Files per "lint workspace" run; beyond this the command says how many it skipped. */
export const WORKSPACE_LINT_LIMIT = 5000;
export const WORKSPACE_CLAIM_GLOB = '**/*.{837,837p,837P,837i,837I,x12,X12,edi,EDI}';
export const WORKSPACE_FHIR_GLOB = '**/*.{json,xml}';
export const WORKSPACE_EXCLUDE_GLOB = '**/{node_modules,.git,out,dist}/**';
