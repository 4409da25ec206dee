import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../../core/model/finding';
import { LineIndex, type Span } from '../../core/model/span';
import type { Clause } from '../../core/policy';
import type { RuleMeta } from '../../core/rules/types';
import type { FileResult, FormatContext, Formatter, Positions } from '../result';
import { ITEMS, jsonWithItems } from './stream';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** SARIF regions are 1-based; columns count UTF-16 code units (run.columnKind), end exclusive. */
/** Where an unreadable file's locations are put: its start. */
const NO_LINES = new LineIndex('');

function region(lines: Positions, s: Span): Region {
  const a = lines.positionAt(s.start);
  const b = lines.positionAt(s.end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/**
 * The artifact URI: relative to the working directory with `/` separators and each segment
 * percent-encoded; a `file:` URL for files outside it. Standard input has no URI.
 */
export function artifactUri(file: string, cwd: string): string | undefined {
  if (file === '-') return undefined;
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return pathToFileURL(abs).href;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

function citation(c: Clause): string {
  return `"${c.text}" (${c.source}, ${c.heading}, effective ${c.effectiveDate}; ${c.url})`;
}

function citationMarkdown(c: Clause): string {
  const quoted = c.text
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join('\n');
  return `${quoted}\n\n— ${c.source}, [${c.heading}](${c.url}), effective ${c.effectiveDate}`;
}

function ruleDescriptor(meta: RuleMeta, context: FormatContext): Record<string, unknown> {
  const clauses = meta.clauses.map((id) => context.policy.clause(id)).filter((c): c is Clause => c !== undefined);
  const full = clauses.length > 0 ? `${meta.description} It enforces ${clauses.map((c) => `${c.source}: ${c.heading}`).join('; ')}.` : meta.description;
  const descriptor: Record<string, unknown> = {
    id: meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: full },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    help:
      clauses.length > 0
        ? {
            text: `${meta.description}\n\n${clauses.map(citation).join('\n\n')}`,
            markdown: `${meta.description}\n\n${clauses.map(citationMarkdown).join('\n\n')}`,
          }
        : { text: meta.description },
  };
  if (clauses.length > 0) descriptor.helpUri = clauses[0].url;
  descriptor.properties = { clauses: clauses.map((c) => c.id), fixKinds: [...meta.fixKinds] };
  return descriptor;
}

/**
 * SARIF 2.1.0 (`--format sarif`): one run; the driver lists every registered rule with help
 * text quoting the clause it enforces; each finding is a result with its location, related
 * locations and fixes (suggestions included, marked by `properties.kind`).
 */
export const formatSarif: Formatter = function* (results, context) {
  const ruleIndex = new Map(context.rules.map((m, i) => [m.id, i]));
  const artifacts = results.map((r) => {
    const uri = artifactUri(r.file, context.cwd);
    return uri !== undefined ? { uri } : { description: { text: 'standard input' } };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'claimlint',
            version: context.version,
            semanticVersion: context.version,
            rules: context.rules.map((m) => ruleDescriptor(m, context)),
          },
        },
        artifacts: artifacts.map((location) => ({ location })),
        results: ITEMS,
        columnKind: 'utf16CodeUnits',
        properties: { policy: context.policy.id },
      },
    ],
  };
  // A related location in another file (a patient's history across files): an input's artifact, or a --history file's URI.
  const inputIndex = new Map(results.map((r, k) => [r.file, k]));
  const elsewhere = (file: string): { artifactLocation: object; lines: Positions } => {
    const k = inputIndex.get(file);
    if (k !== undefined) return { artifactLocation: { ...artifacts[k], index: k }, lines: results[k].lines };
    const uri = artifactUri(file, context.cwd);
    return { artifactLocation: uri !== undefined ? { uri } : { description: { text: file } }, lines: context.linesOf?.(file) ?? NO_LINES };
  };
  // The results are made and written one at a time (formatters/stream.ts).
  function* sarifResults(): Generator<Record<string, unknown>> {
    for (let fileIndex = 0; fileIndex < results.length; fileIndex++) {
      const r: FileResult = results[fileIndex];
      const artifactLocation = { ...artifacts[fileIndex], index: fileIndex };
      for (const f of r.findings) yield sarifResult(f, r.lines, artifactLocation, ruleIndex.get(f.ruleId), elsewhere);
    }
  }
  yield* jsonWithItems(log, sarifResults());
  yield '\n';
};

/** One finding as a SARIF result: its location, related locations and fixes. */
function sarifResult(
  f: Finding,
  lines: LineIndex,
  artifactLocation: object,
  ruleIndex: number | undefined,
  elsewhere: (file: string) => { artifactLocation: object; lines: Positions },
): Record<string, unknown> {
  const result: Record<string, unknown> = { ruleId: f.ruleId };
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  result.level = LEVEL[f.severity];
  result.message = { text: f.message };
  result.locations = [{ physicalLocation: { artifactLocation, region: region(lines, f.span) } }];
  if (f.related.length > 0) {
    result.relatedLocations = f.related.map((x, i) => {
      const at = x.file === undefined ? { artifactLocation, lines } : elsewhere(x.file);
      return { id: i + 1, physicalLocation: { artifactLocation: at.artifactLocation, region: region(at.lines, x.span) }, message: { text: x.message } };
    });
  }
  if (f.fixes.length > 0) {
    result.fixes = f.fixes.map((x) => ({
      description: { text: x.title },
      artifactChanges: [
        {
          artifactLocation,
          replacements: x.edits.map((e) =>
            e.newText === '' ? { deletedRegion: region(lines, e.span) } : { deletedRegion: region(lines, e.span), insertedContent: { text: e.newText } },
          ),
        },
      ],
      properties: { kind: x.kind },
    }));
  }
  result.properties = { clause: f.clause ?? null };
  return result;
}
