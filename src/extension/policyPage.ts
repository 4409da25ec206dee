import * as vscode from 'vscode';
import { defaultPolicy } from '../core/engine';
import { policyPage } from '../core/hover';
import { showRendered } from './commands';
import { CommandIds } from './constants';
import type { ClaimLinter } from './linter';
import type { DescriptorStore } from './config';

const SCHEME = 'claimlint-policy';

/**
 * "The other clauses" behind the hover's link: a read-only Markdown page, made from the policy the
 * active claim file is checked against (a policy pack's clauses too), shown in the built-in preview.
 * Nothing is fetched; the page lives only in memory.
 */
export function registerPolicyPages(linter: ClaimLinter, descriptors?: DescriptorStore): vscode.Disposable[] {
  const pages = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => pages.get(uri.toString()) ?? '',
  };
  const show = async (codeArg?: unknown): Promise<vscode.Uri> => {
    const code = typeof codeArg === 'string' && codeArg.length > 0 ? codeArg : undefined;
    const document = vscode.window.activeTextEditor?.document;
    const policy = (document && linter.available(document)?.policy) ?? defaultPolicy();
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${policy.id}/${code ? encodeURIComponent(code) : 'all clauses'}.md` });
    pages.set(uri.toString(), policyPage(policy, code, descriptors?.descriptors()));
    changed.fire(uri);
    await showRendered(uri);
    return uri;
  };
  return [vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider), changed, vscode.commands.registerCommand(CommandIds.showPolicy, show)];
}
