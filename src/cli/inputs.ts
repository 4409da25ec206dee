import { promises as fsp, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { glob, hasMagic } from 'glob';

/** Extensions looked for when walking a directory or expanding a glob (case-insensitive). */
export const CLAIM_EXTENSIONS: readonly string[] = ['.837', '.837p', '.837i', '.x12', '.edi', '.json', '.xml'];

/** One thing to lint: a file on disk or standard input. */
export type Input =
  | { readonly kind: 'file'; /** As given, or as expanded from a directory or glob. */ readonly display: string; readonly path: string }
  | { readonly kind: 'stdin'; readonly display: '-' };

export interface Expansion {
  readonly inputs: Input[];
  /**
   * Inputs that do not exist or cannot be listed, and directories or globs that hold no claim file
   * (exit code 2, as ESLint's "No files matching": a mistyped path in CI must not pass silently).
   */
  readonly errors: string[];
  /** Every directory walked (where an interrupted --fix may have left temporary files). */
  readonly directories: string[];
}

/** True when a file name has one of {@link CLAIM_EXTENSIONS}. */
export function isClaimFileName(name: string): boolean {
  return CLAIM_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/**
 * Turn command-line operands into files: an existing path is a file or a directory (walked
 * recursively, skipping dot-folders and node_modules, claim extensions only); otherwise an
 * operand with glob characters is expanded (claim extensions only); `-` is standard input.
 * Files named directly are linted whatever their extension. Each file is listed once.
 */
export async function expandInputs(operands: readonly string[], cwd: string): Promise<Expansion> {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const directories: string[] = [];
  const seen = new Set<string>();
  const add = (display: string, abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    inputs.push({ kind: 'file', display, path: abs });
  };

  for (const operand of operands) {
    if (operand === '-') {
      if (!seen.has('-')) inputs.push({ kind: 'stdin', display: '-' });
      seen.add('-');
      continue;
    }
    const abs = path.resolve(cwd, operand);
    const stat = await fsp.stat(abs).catch(() => undefined);
    if (stat?.isDirectory()) {
      let found: string[];
      try {
        found = await walk(abs, directories);
      } catch {
        errors.push(`The directory ${operand} cannot be read.`);
        continue;
      }
      if (found.length === 0) errors.push(`No claim files in ${operand} (looked for ${CLAIM_EXTENSIONS.join(' ')}).`);
      for (const rel of found) add(path.join(operand, rel), path.join(abs, rel));
    } else if (stat) {
      add(operand, abs);
    } else if (hasMagic(operand, { windowsPathsNoEscape: process.platform === 'win32' })) {
      const matches = (await glob(operand, { cwd, nodir: true, ignore: ['**/node_modules/**'] })).filter(isClaimFileName).sort(compareNames);
      if (matches.length === 0) errors.push(`No claim files match ${operand}.`);
      for (const m of matches) add(m, path.resolve(cwd, m));
    } else {
      errors.push(`${operand} does not exist.`);
    }
  }
  return { inputs, errors, directories };
}

/** Claim files under `root`, as paths relative to it, in a stable order. */
async function walk(root: string, directories: string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    directories.push(path.join(root, rel));
    const entries: Dirent[] = await fsp.readdir(path.join(root, rel), { withFileTypes: true });
    entries.sort((a, b) => compareNames(a.name, b.name));
    for (const e of entries) {
      const child = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        await visit(child);
      } else if (isClaimFileName(e.name)) {
        // Symlinked directories are not followed (no cycles); symlinked files are.
        if (e.isSymbolicLink()) {
          const s = await fsp.stat(path.join(root, child)).catch(() => undefined);
          if (!s?.isFile()) continue;
        } else if (!e.isFile()) {
          continue;
        }
        out.push(child);
      }
    }
  };
  await visit('');
  return out;
}

/** Code-unit order, so output does not depend on the machine's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
