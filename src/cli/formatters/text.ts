import { capText, escapeControls } from '../../core/display';
import type { Finding } from '../../core/model/finding';
import type { Formatter } from '../result';
import { CPT_NOTICE, type CptDescriptors } from '../../core/policy/descriptors';

/**
 * A message is cut to this many characters in the text report (the JSON and SARIF reports carry it
 * whole), so one finding's row stays short whatever the claim quotes.
 */
export const MESSAGE_MAX = 300;
/**
 * Columns are padded to their longest entry, but never wider than this: padding every row to one
 * long message made the report grow with the square of the findings.
 */
const PAD_MAX = 160;

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, Math.min(width, PAD_MAX) - s.length));
}

/** A message on one line, control characters escaped, cut to {@link MESSAGE_MAX}. */
function oneLine(message: string): string {
  return escapeControls(capText(message.replace(/\s*[\r\n]+\s*/g, ' '), MESSAGE_MAX));
}

function hasFix(f: Finding, kind: 'fix' | 'suggestion'): boolean {
  return f.fixes.some((x) => x.kind === kind);
}

/**
 * Human-readable output in the style of ESLint's "stylish": findings grouped by file as
 * `line:col  severity  message  ruleId` (1-based line and column), then a summary line.
 * Files without findings are not listed.
 */
export const formatText: Formatter = function* (results, context) {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  let suggestable = 0;
  // Each line of the report with its line break, as it is made.
  const line = (text: string) => text + '\n';
  for (const r of results) {
    if (r.findings.length === 0) continue;
    const rows = r.findings.map((f) => {
      const p = r.lines.positionAt(f.span.start);
      return { pos: `${p.line + 1}:${p.character + 1}`, sev: f.severity, msg: oneLine(f.message), rule: escapeControls(f.ruleId) };
    });
    let posW = 0;
    let sevW = 0;
    let msgW = 0;
    for (const x of rows) {
      posW = Math.max(posW, x.pos.length);
      sevW = Math.max(sevW, x.sev.length);
      msgW = Math.max(msgW, x.msg.length);
    }
    yield line('');
    yield line(r.file === '-' ? '<stdin>' : escapeControls(r.file));
    for (let k = 0; k < rows.length; k++) {
      const x = rows[k];
      yield line(`  ${padEnd(x.pos, posW)}  ${padEnd(x.sev, sevW)}  ${padEnd(x.msg, msgW)}  ${x.rule}`);
      // A patient's history across files: where the other files' lines are, as file:line:col.
      for (const rel of r.findings[k].related) {
        if (rel.file === undefined) continue;
        const p = context?.linesOf?.(rel.file)?.positionAt(rel.span.start);
        const at = p ? `${p.line + 1}:${p.character + 1}` : '1:1';
        yield line(`  ${' '.repeat(Math.min(posW, PAD_MAX))}  ↳ ${rel.file === '-' ? '<stdin>' : escapeControls(rel.file)}:${at}  ${oneLine(rel.message)}`);
      }
    }
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
      if (hasFix(f, 'fix')) fixable++;
      else if (hasFix(f, 'suggestion')) suggestable++;
    }
  }
  const total = errors + warnings + infos;
  const fixed = results.reduce((n, r) => n + r.fixesApplied, 0);
  const fixedFiles = results.filter((r) => r.fixesApplied > 0).length;
  if (total > 0) {
    yield line('');
    yield line(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`);
    if (fixable > 0) yield line(`  ${fixable} can be fixed with --fix.`);
    if (suggestable > 0) {
      const more = fixable > 0 ? ' more' : '';
      yield line(
        suggestable === 1
          ? `  1${more} has a suggestion that --fix-suggestions applies (it changes what is billed).`
          : `  ${suggestable}${more} have suggestions that --fix-suggestions applies (they change what is billed).`,
      );
    }
  } else if (results.length > 0) {
    yield line(`✔ No problems (${plural(results.length, 'file')} checked)`);
  }
  if (fixed > 0) yield line(`Applied ${plural(fixed, 'fix', 'fixes')} in ${plural(fixedFiles, 'file')}.`);
  yield* descriptorList(results, context?.descriptors);
};

/** With --cpt-descriptors: the licensed descriptors of the codes the findings name, and the AMA's notice. */
function* descriptorList(results: Parameters<Formatter>[0], descriptors: CptDescriptors | undefined): Iterable<string> {
  if (!descriptors || descriptors.size === 0) return;
  const codes = new Set<string>();
  for (const r of results)
    for (const f of r.findings)
      for (const c of `${f.data.code ?? ''},${f.data.cmt ?? ''}`.split(/,\s*/)) if (descriptors.has(c.toUpperCase())) codes.add(c.toUpperCase());
  if (codes.size === 0) return;
  yield '\nCPT descriptors (from your licensed file):\n';
  for (const c of [...codes].sort()) yield `  ${c}  ${escapeControls(capText(descriptors.get(c) ?? '', 500))}\n`;
  yield `${CPT_NOTICE}\n`;
}
