import { LineIndex } from '../core/model/span';
import type { Positions } from './result';
import type { Input } from './inputs';
import { readClaimText } from './read';
import type { FileResult } from './result';

/**
 * Line positions of the files related locations name (a patient's history across files): an
 * input's from its result; a `--history` file's by reading it again when a finding first points
 * into it — the run keeps only the facts of history files, and a report names few of them. A file
 * that can no longer be read gives no positions (the formatters then show its start). Only the
 * line starts of a --history file are kept, not its text.
 */
export function relatedLines(results: readonly FileResult[], history: readonly Input[]): (file: string) => Positions | undefined {
  const known = new Map<string, Positions | undefined>();
  for (const r of results) known.set(r.file, r.lines);
  const paths = new Map<string, string>();
  for (const h of history) if (h.kind === 'file') paths.set(h.display, h.path);
  return (file) => {
    if (known.has(file)) return known.get(file);
    const at = paths.get(file);
    let lines: Positions | undefined;
    try {
      // Line starts only: the text is let go at once.
      lines = at === undefined ? undefined : new LineIndex(readClaimText(at)).positions();
    } catch {
      lines = undefined;
    }
    known.set(file, lines);
    return lines;
  };
}
