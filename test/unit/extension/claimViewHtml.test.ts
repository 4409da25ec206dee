import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultPolicy, lint } from '../../../src/core/engine';
import { claimView } from '../../../src/core/view/claim-view';
import { claimViewHtml, escapeHtml } from '../../../src/extension/claimViewHtml';
import { REPO_ROOT } from '../repo-root';

const RESOURCES = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Vub25jZQ==',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/claim-view.css',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/claim-view.js',
  fileName: 'patient-visits.837',
};

function page(text: string): string {
  const { document, findings } = lint(text);
  return claimViewHtml(claimView(document, findings, defaultPolicy()), RESOURCES);
}

describe('the claim view page', () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'test/integration/workspace/patient-visits.837'), 'utf8');
  const html = page(text);

  it("has a strict CSP: nothing but the extension's stylesheet and its one nonce'd script", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1];
    assert.strictEqual(
      csp,
      `default-src 'none'; style-src ${RESOURCES.cspSource}; script-src 'nonce-${RESOURCES.nonce}'; img-src ${RESOURCES.cspSource}; font-src ${RESOURCES.cspSource}`,
    );
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), [`<script nonce="${RESOURCES.nonce}" src="${RESOURCES.scriptUri}">`]);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i, 'no inline style or event handler attributes');
    const urls = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepStrictEqual(urls.sort(), [RESOURCES.scriptUri, RESOURCES.styleUri].sort(), 'no other resource');
  });

  it('one section per claim, one row per line with the span to go to; a timeline per patient with the triggers', () => {
    assert.strictEqual(html.match(/<article class="claim"/g)?.length, 5);
    assert.strictEqual(html.match(/<tr class="line /g)?.length, 9);
    const row = /<tr class="line massage error" id="line-1-1" data-go="(\d+)-(\d+)"/.exec(html);
    assert.ok(row, 'VISIT2 line 2 (97124 without 59 beside a CMT) is an error row');
    assert.strictEqual(text.slice(Number(row[1]), Number(row[1]) + 4), 'LX*2');
    assert.strictEqual(html.match(/<figure class="timeline"/g)?.length, 2);
    assert.strictEqual(html.match(/<g class="day triggered"/g)?.length, 2);
    assert.match(html, /<text class="visit over"[^>]*>visit 4<\/text>/);
    assert.match(html, /15 min <span class="units">= 1 unit<\/span>/);
  });

  it('escapes everything that comes from the file', () => {
    const hostile = text.replace('CLM*VISIT1', 'CLM*<img src=x onerror=alert(1)>').replace('NM1*IL*1*HOE', 'NM1*IL*1*"HOE&');
    const out = page(hostile);
    assert.ok(!out.includes('<img'), 'no element from the file');
    assert.ok(out.includes(escapeHtml('<img src=x onerror=alert(1)>')));
    assert.ok(out.includes('&#34;HOE&#38;, LENA'));
  });
});
