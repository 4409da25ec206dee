import * as path from 'node:path';
import { CodeSetError, CodeSets, CodeSetYearMissing, readCodeSetFile } from '../core/codesets';
import type { CodeSetSpec } from './args';

/**
 * Read the `--code-set` files, in the order given (a later file of the same period replaces an
 * earlier one). Rejects with one sentence naming the file as given and what is wrong with it.
 */
export async function loadCodeSetFiles(specs: readonly CodeSetSpec[], cwd: string): Promise<CodeSets> {
  if (specs.length === 0) return CodeSets.EMPTY;
  const sets = [];
  for (const spec of specs) {
    try {
      sets.push((await readCodeSetFile(path.resolve(cwd, spec.file), { year: spec.year })).set);
    } catch (err) {
      let why = err instanceof CodeSetError ? err.message : 'It cannot be read.';
      if (err instanceof CodeSetYearMissing) why = why.replace(/; give the year\.$/, `; give it before the file name, e.g. --code-set 2024=${spec.file}.`);
      throw new CodeSetError(`The code set ${spec.file} cannot be used: ${why}`);
    }
  }
  return new CodeSets(sets);
}
