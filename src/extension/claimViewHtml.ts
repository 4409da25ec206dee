/**
 * The claim view's page, from the pure model (src/core/view/claim-view.ts). No `vscode` import:
 * unit-tested in plain Node. The page loads nothing but the extension's own stylesheet and script
 * (a strict Content-Security-Policy: no inline script, no remote anything), and draws the
 * per-patient timelines as inline SVG styled by class.
 */
import type { ClaimView, ClaimViewModel, LineView, PatientTimeline, ProblemView } from '../core/view/claim-view';
import { MAX_VIEW_CLAIMS } from '../core/view/claim-view';
import type { Span } from '../core/model/span';

export interface PageResources {
  /** `webview.cspSource`: where the stylesheet and script may come from. */
  readonly cspSource: string;
  /** A fresh random value per page: only the script tag carrying it runs. */
  readonly nonce: string;
  readonly styleUri: string;
  readonly scriptUri: string;
  /** The file's name, for the title. */
  readonly fileName: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function money(n: number | undefined): string {
  return n === undefined ? '' : `$${n.toFixed(2)}`;
}

/** The attribute the script reads to go to a span in the editor. */
function go(span: Span): string {
  return `data-go="${span.start}-${span.end}"`;
}

const SEVERITY_MARK: Record<ProblemView['severity'], string> = { error: '✖', warning: '▲', info: 'ℹ' };

function problemList(problems: readonly ProblemView[], cls = 'problems'): string {
  if (problems.length === 0) return '';
  const items = problems.map(
    (p) =>
      `<li class="problem ${p.severity}" ${go(p.span)} tabindex="0" role="link"><span class="mark" aria-label="${p.severity}">${SEVERITY_MARK[p.severity]}</span> ${escapeHtml(p.message)} <code>${escapeHtml(p.ruleId)}</code></li>`,
  );
  return `<ul class="${cls}">${items.join('')}</ul>`;
}

function billed(line: LineView): string {
  const q = escapeHtml(line.quantity);
  if (line.basis === 'minutes') return `${q} min${line.units !== undefined ? ` <span class="units">= ${plural(line.units, 'unit')}</span>` : ''}`;
  if (line.basis === 'units') return `${q} ${Number(line.quantity) === 1 ? 'unit' : 'units'}`;
  return `${q} ${escapeHtml(line.basis)}`;
}

function lineRow(line: LineView, id: string): string {
  const dx = line.diagnoses
    .map((d) =>
      d.code
        ? `<span title="pointer ${d.pointer}">${escapeHtml(d.code)}</span>`
        : `<span class="dangling" title="pointer ${d.pointer} points at no diagnosis">${d.pointer}?</span>`,
    )
    .join(', ');
  const severity = line.problems.some((p) => p.severity === 'error')
    ? 'error'
    : line.problems.some((p) => p.severity === 'warning')
      ? 'warning'
      : line.problems.length
        ? 'info'
        : '';
  return [
    `<tr class="line ${line.kind} ${severity}" id="${id}" ${go(line.span)} tabindex="0" role="link">`,
    `<td class="num">${line.number ?? ''}</td>`,
    `<td class="date">${escapeHtml(line.date ?? '')}</td>`,
    `<td class="code">${escapeHtml(line.code ?? '')}${line.revenueCode ? ` <span class="rev" title="revenue code">${escapeHtml(line.revenueCode)}</span>` : ''}</td>`,
    `<td class="mods">${line.modifiers.map(escapeHtml).join(' ')}</td>`,
    `<td class="qty">${billed(line)}</td>`,
    `<td class="charge">${money(line.charge)}</td>`,
    `<td class="dx">${dx}</td>`,
    `<td class="line-problems">${problemList(line.problems, 'problems compact')}</td>`,
    '</tr>',
  ].join('');
}

function claimSection(claim: ClaimView, index: number): string {
  const problems = claim.lines.reduce((n, l) => n + l.problems.length, claim.problems.length);
  const dx = claim.diagnoses.map((d) => `<span>${d.sequence}&nbsp;${escapeHtml(d.code)}${d.principal ? ' <em>(principal)</em>' : ''}</span>`).join(' · ');
  return [
    `<article class="claim" id="claim-${index}">`,
    `<h3 ${go(claim.span)} tabindex="0" role="link"><span class="claim-id">${escapeHtml(claim.id)}</span> <span class="patient">${escapeHtml(claim.patient.name)}</span>`,
    `<span class="meta">${escapeHtml(claim.dates.join(', '))}${claim.totalCharge !== undefined ? ` · ${money(claim.totalCharge)}` : ''} · ${problems === 0 ? 'no problems' : plural(problems, 'problem')}</span></h3>`,
    dx ? `<p class="diagnoses">Diagnoses: ${dx}</p>` : '<p class="diagnoses">No diagnoses.</p>',
    '<table class="lines"><thead><tr><th>#</th><th>Date</th><th>Code</th><th>Modifiers</th><th>Billed</th><th>Charge</th><th>Diagnoses</th><th>Problems</th></tr></thead><tbody>',
    ...claim.lines.map((l, k) => lineRow(l, `line-${index}-${k}`)),
    '</tbody></table>',
    problemList(claim.problems),
    '</article>',
  ].join('');
}

const BAR = 28;
const STEP = 64;
const UNIT = 18;
const TOP = 30;
const LEFT = 34;

/** One patient's massage and therapy units per date as a bar chart; audit triggers marked above their date. */
function timeline(t: PatientTimeline, index: number): string {
  const most = Math.max(t.maxUnitsPerDate + 1, ...t.days.map((d) => d.massageUnits + d.therapyUnits));
  const height = TOP + most * UNIT;
  const width = LEFT + t.days.length * STEP + 8;
  const y = (units: number): number => height - units * UNIT;
  const parts: string[] = [];
  for (let u = 0; u <= most; u++) {
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${width}" y1="${y(u)}" y2="${y(u)}"/><text class="axis" x="${LEFT - 6}" y="${y(u) + 4}" text-anchor="end">${u}</text>`,
    );
  }
  const limit = y(t.maxUnitsPerDate);
  parts.push(
    `<line class="limit" x1="${LEFT}" x2="${width}" y1="${limit}" y2="${limit}"><title>${escapeHtml(`Massage: at most ${plural(t.maxUnitsPerDate, 'unit')} per date before payors scrutinize it`)}</title></line>`,
  );
  t.days.forEach((d, k) => {
    const x = LEFT + k * STEP + (STEP - BAR) / 2;
    const over = d.massageVisit > t.maxVisits;
    const tip = [
      `${d.date}: ${plural(d.massageUnits, 'massage unit')}, ${plural(d.therapyUnits, 'other therapy unit')}`,
      d.massageVisit ? `massage visit ${d.massageVisit}` : '',
      ...d.triggers.map((p) => `Audit trigger: ${p.message}`),
    ]
      .filter(Boolean)
      .join('\n');
    const target = d.lines[0];
    parts.push(
      `<g class="day${d.triggers.length ? ' triggered' : ''}" id="day-${index}-${k}" ${target ? go(target) : ''} tabindex="0" role="link"><title>${escapeHtml(tip)}</title>`,
    );
    if (d.massageUnits > 0) parts.push(`<rect class="massage" x="${x}" y="${y(d.massageUnits)}" width="${BAR}" height="${d.massageUnits * UNIT}"/>`);
    if (d.therapyUnits > 0) {
      parts.push(`<rect class="therapy" x="${x}" y="${y(d.massageUnits + d.therapyUnits)}" width="${BAR}" height="${d.therapyUnits * UNIT}"/>`);
    }
    parts.push(`<text class="date" x="${x + BAR / 2}" y="${height + 14}" text-anchor="middle">${escapeHtml(d.date.slice(5))}</text>`);
    if (d.massageVisit)
      parts.push(`<text class="visit${over ? ' over' : ''}" x="${x + BAR / 2}" y="${height + 28}" text-anchor="middle">visit ${d.massageVisit}</text>`);
    if (d.triggers.length) {
      const top = y(d.massageUnits + d.therapyUnits) - 10;
      parts.push(
        `<circle class="trigger" cx="${x + BAR / 2}" cy="${top}" r="7"/><text class="trigger-mark" x="${x + BAR / 2}" y="${top + 4}" text-anchor="middle">!</text>`,
      );
    }
    parts.push('</g>');
  });
  const triggers = t.days.reduce((n, d) => n + d.triggers.length, 0);
  return [
    `<figure class="timeline" id="timeline-${index}">`,
    `<figcaption><span class="patient">${escapeHtml(t.patient.name)}</span> <span class="meta">${plural(t.days.length, 'date')} · ${triggers === 0 ? 'no audit trigger' : plural(triggers, 'audit trigger')}</span></figcaption>`,
    `<svg role="img" aria-label="${escapeHtml(`Massage and therapy units by date for ${t.patient.name}`)}" width="${width}" height="${height + 34}" viewBox="0 0 ${width} ${height + 34}">${parts.join('')}</svg>`,
    '</figure>',
  ].join('');
}

/** The whole page for a model. Every text from the claim file is escaped. */
export function claimViewHtml(model: ClaimViewModel, r: PageResources): string {
  const csp = `default-src 'none'; style-src ${r.cspSource}; script-src 'nonce-${r.nonce}'; img-src ${r.cspSource}; font-src ${r.cspSource}`;
  const capped = model.claimCount > model.claims.length ? ` (the first ${MAX_VIEW_CLAIMS} are shown)` : '';
  const body = [
    `<header><h1>${escapeHtml(r.fileName)}</h1><p class="meta">${plural(model.claimCount, 'claim')}${capped} · ${model.problemCount === 0 ? 'no problems' : plural(model.problemCount, 'problem')} · minutes → units by the <code>${escapeHtml(model.rounding)}</code> rounding</p></header>`,
  ];
  if (model.patients.length > 0) {
    body.push(
      '<section class="timelines"><h2>Massage and therapy by date</h2>',
      '<p class="legend"><span class="key massage"></span> massage units <span class="key therapy"></span> other therapy units <span class="key limit"></span> massage units per date before an audit <span class="key trigger"></span> audit trigger</p>',
      ...model.patients.map(timeline),
      '</section>',
    );
  }
  if (model.outside.length > 0) body.push('<section class="outside"><h2>Problems outside the claims</h2>', problemList(model.outside), '</section>');
  body.push('<section class="claims"><h2>Claims</h2>', ...model.claims.map(claimSection), '</section>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeHtml(r.styleUri)}">`,
    `<title>${escapeHtml(r.fileName)}</title></head>`,
    `<body data-render="${escapeHtml(r.nonce)}">${body.join('')}<script nonce="${r.nonce}" src="${escapeHtml(r.scriptUri)}"></script></body></html>`,
  ].join('');
}
