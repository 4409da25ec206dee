import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root, found upwards from here: the folder holding both package.json and
 * tsconfig.json (works from src and from out/, where a copy of package.json may sit).
 */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'tsconfig.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
})();

/** ../shared beside the clone (CI lays it there); read where it lies, never copied. */
export const SHARED = path.resolve(REPO_ROOT, '../shared');
