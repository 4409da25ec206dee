/* global acquireVsCodeApi, document, window, MouseEvent */
// The claim view's script (loaded by its nonce; the page allows no other script). A click, or
// Enter, on anything with data-go="start-end" asks the extension to go to that span in the file.
(function () {
  const vscode = acquireVsCodeApi();

  function target(el) {
    return el && el.closest ? el.closest('[data-go]') : null;
  }

  function goTo(el) {
    const [start, end] = el.getAttribute('data-go').split('-').map(Number);
    vscode.postMessage({ type: 'go', start, end });
  }

  document.addEventListener('click', (e) => {
    const el = target(e.target);
    if (el) goTo(el);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const el = target(e.target);
    if (!el) return;
    e.preventDefault();
    goTo(el);
  });

  // The integration tests click an element by id, the way a mouse click reaches the handler above.
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (m && m.type === 'click' && typeof m.id === 'string') {
      const el = document.getElementById(m.id);
      if (el) el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      vscode.postMessage({ type: 'clicked', id: m.id, found: !!el });
    }
  });

  vscode.postMessage({
    type: 'ready',
    render: document.body.dataset.render,
    claims: document.querySelectorAll('article.claim').length,
    lines: document.querySelectorAll('tr.line').length,
    timelines: document.querySelectorAll('figure.timeline').length,
    triggers: document.querySelectorAll('g.day.triggered').length,
    problems: document.querySelectorAll('li.problem').length,
  });
})();
