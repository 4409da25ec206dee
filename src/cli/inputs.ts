import { promises as fsp, type Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { glob, hasMagic } from 'glob';
import { looksLikeClaim } from '../core/parsers/detect';
import { isTempFileName } from './atomic-write';
import { decodeClaimBytes } from './read';

/** Extensions looked for when walking a directory or expanding a glob (case-insensitive). */
export const CLAIM_EXTENSIONS: readonly string[] = ['.837', '.837p', '.837i', '.x12', '.edi', '.json', '.xml'];

/**
 * Files with these extensions (or none) are read in part when walking or globbing, and linted if
 * they start like a claim: clearinghouses name 837s `.txt` or `.dat`, or give them no extension.
 */
export const SNIFFED_EXTENSIONS: readonly string[] = ['', '.txt', '.dat'];
/** How much of such a file is read to decide. */
export const SNIFF_BYTES = 16384;

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
  /** Files of {@link SNIFFED_EXTENSIONS} found by a walk or a glob that do not start like a claim. */
  readonly skipped: number;
}

/** True when a file name has one of {@link CLAIM_EXTENSIONS}. */
export function isClaimFileName(name: string): boolean {
  return CLAIM_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** What a walk or a glob does with a regular file: lint it, read its start to decide, or pass it by. */
function kindOfName(name: string): 'claim' | 'sniff' | 'other' {
  const base = path.basename(name);
  if (isTempFileName(base)) return 'other';
  if (isClaimFileName(base)) return 'claim';
  return !base.startsWith('.') && SNIFFED_EXTENSIONS.includes(path.extname(base).toLowerCase()) ? 'sniff' : 'other';
}

/** Whether a file starts like a claim (its first {@link SNIFF_BYTES}); false if it cannot be read. */
async function startsLikeClaim(file: string): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(file, 'r');
    if (!(await handle.stat()).isFile()) return false;
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return looksLikeClaim(decodeClaimBytes(buffer.subarray(0, bytesRead)).text);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** Regular files among `files` that are claims by name or by their start, and how many were not. */
async function claimFiles(files: readonly string[], abs: (f: string) => string): Promise<{ claims: string[]; skipped: number }> {
  const claims: string[] = [];
  let skipped = 0;
  for (const f of files) {
    const kind = kindOfName(f);
    if (kind === 'other') continue;
    if (kind === 'claim') {
      claims.push(f);
    } else if (await startsLikeClaim(abs(f))) {
      claims.push(f);
    } else {
      skipped++;
    }
  }
  return { claims, skipped };
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
  let skipped = 0;
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
      let files: string[];
      try {
        files = await walk(abs, directories);
      } catch {
        errors.push(`The directory ${operand} cannot be read.`);
        continue;
      }
      const found = await claimFiles(files, (rel) => path.join(abs, rel));
      skipped += found.skipped;
      if (found.claims.length === 0) errors.push(`No claim files in ${operand} (looked for ${CLAIM_EXTENSIONS.join(' ')}${skippedNote(found.skipped)}).`);
      for (const rel of found.claims) add(path.join(operand, rel), path.join(abs, rel));
    } else if (stat) {
      add(operand, abs);
    } else if (hasMagic(operand, { windowsPathsNoEscape: process.platform === 'win32' })) {
      const matched = (await glob(operand, { cwd, nodir: true, ignore: ['**/node_modules/**'] })).sort(compareNames);
      // Only regular files: a FIFO or a device matched by a glob would block or never end.
      const regular: string[] = [];
      for (const m of matched) {
        if (kindOfName(m) !== 'other' && (await fsp.stat(path.resolve(cwd, m)).catch(() => undefined))?.isFile()) regular.push(m);
      }
      const found = await claimFiles(regular, (m) => path.resolve(cwd, m));
      skipped += found.skipped;
      if (found.claims.length === 0) errors.push(`No claim files match ${operand}${found.skipped > 0 ? ` (skipped ${notClaims(found.skipped)})` : ''}.`);
      for (const m of found.claims) add(m, path.resolve(cwd, m));
    } else {
      errors.push(`${operand} does not exist.`);
    }
  }
  return { inputs, errors, directories, skipped };
}

/** "; skipped 2 files … like a claim" for an error sentence; empty for none. */
function skippedNote(n: number): string {
  return n > 0 ? `; skipped ${notClaims(n)}` : '';
}

/** "2 files with .txt, .dat or no extension that do not start like a claim". */
export function notClaims(n: number): string {
  return n === 1
    ? '1 file with .txt, .dat or no extension that does not start like a claim'
    : `${n} files with .txt, .dat or no extension that do not start like a claim`;
}

/** Regular files under `root` (dot-folders and node_modules left out), as paths relative to it, in a stable order. */
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
      } else if (kindOfName(e.name) !== 'other') {
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
