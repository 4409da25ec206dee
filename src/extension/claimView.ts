import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { claimView, type ClaimViewModel } from '../core/view/claim-view';
import { claimViewHtml } from './claimViewHtml';
import { rangeOf, type DiagnosticsController } from './diagnostics';
import type { LintEntry } from './linter';

export const CLAIM_VIEW_TYPE = 'claimlint.claimView';

/** What the page's script says once it has run (it runs only if the page's CSP let it). */
export interface ClaimViewRendered {
  readonly claims: number;
  readonly lines: number;
  readonly timelines: number;
  readonly triggers: number;
  readonly problems: number;
}

type FromPage =
  ({ type: 'ready'; render?: string } & ClaimViewRendered) | { type: 'go'; start: number; end: number } | { type: 'clicked'; id: string; found: boolean };

/**
 * The claim view: one webview panel beside the editor showing the claims of one document
 * ({@link claimView}), redrawn when that document is linted again. The page may load only the
 * extension's own media/claim-view.{css,js}; clicking a claim, a line, a problem or a day of a
 * timeline selects it in the editor.
 */
export class ClaimViewPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private document?: vscode.TextDocument;
  /** The page being rendered: its token (a page replaced while loading may still say it is ready), and who waits for it. */
  private rendered?: { token: string; promise: Promise<ClaimViewRendered>; resolve: (r: ClaimViewRendered) => void };
  private readonly clicks = new Map<string, (found: boolean) => void>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    diagnostics: DiagnosticsController,
  ) {
    diagnostics.onDidLint((entry, document) => {
      if (entry && this.panel && document === this.document) this.render(entry);
    });
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc === this.document) this.panel?.dispose();
      }),
    );
  }

  /** Show (or bring back) the view of a document's lint; returns what it shows. */
  show(document: vscode.TextDocument, entry: LintEntry): ClaimViewModel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        CLAIM_VIEW_TYPE,
        'Claims',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] },
      );
      this.panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
      this.panel.webview.onDidReceiveMessage((m: FromPage) => this.receive(m));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.document = undefined;
      });
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.document = document;
    this.panel.title = `Claims: ${path.basename(document.uri.path)}`;
    return this.render(entry);
  }

  private render(entry: LintEntry): ClaimViewModel {
    const panel = this.panel!;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const model = claimView(entry.result.document, entry.findings, entry.policy, entry.config.timedRounding);
    let resolve!: (r: ClaimViewRendered) => void;
    const promise = new Promise<ClaimViewRendered>((r) => (resolve = r));
    const nonce = randomBytes(16).toString('base64');
    this.rendered = { token: nonce, promise, resolve };
    panel.webview.html = claimViewHtml(model, {
      cspSource: panel.webview.cspSource,
      nonce,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'claim-view.css')).toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'claim-view.js')).toString(),
      fileName: path.basename(this.document!.uri.path),
    });
    return model;
  }

  private receive(m: FromPage): void {
    const rendered = this.rendered;
    if (m.type === 'ready' && rendered && m.render === rendered.token)
      rendered.resolve({ claims: m.claims, lines: m.lines, timelines: m.timelines, triggers: m.triggers, problems: m.problems });
    else if (m.type === 'clicked') this.clicks.get(m.id)?.(m.found);
    else if (m.type === 'go' && Number.isInteger(m.start) && Number.isInteger(m.end)) void this.goTo(m.start, m.end);
  }

  /** Select a span of the document in its editor (opening it beside the view if it is not shown). */
  private async goTo(start: number, end: number): Promise<void> {
    const document = this.document;
    if (!document || document.isClosed) return;
    const range = rangeOf(document, { start: Math.min(start, end), end: Math.max(start, end) });
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(range.start, range.start),
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** For the integration tests: resolves once the page's script has run. */
  whenRendered(): Promise<ClaimViewRendered> | undefined {
    return this.rendered?.promise;
  }

  /** For the integration tests: a click on the element with this id, through the page's own handler. */
  click(id: string): Promise<boolean> {
    if (!this.panel) return Promise.resolve(false);
    const done = new Promise<boolean>((resolve) => this.clicks.set(id, resolve));
    void this.panel.webview.postMessage({ type: 'click', id });
    return done;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
