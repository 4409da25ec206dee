import * as vscode from 'vscode';
import { readRegularFile, readRegularFileHead } from '../core/regular-file';
import { claimTextKind, comparePaths, kindByName, SNIFF_BYTES, startsWithIsaHeader, type ClaimTextKind, type NameKind } from './claimFiles';
import { WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LIST_LIMIT } from './constants';

/**
 * Finding and reading the claim files of the workspace folders, opened or not: the workspace lint
 * (workspaceLint.ts) and the claim index (claimIndex.ts) share it. The decisions (by name, by
 * content, by glob, in which order) are the pure functions of claimFiles.ts.
 */

/** A file that may hold claims, by its name. */
export interface ClaimCandidate {
  readonly uri: vscode.Uri;
  readonly kind: NameKind;
}

/**
 * The files of the open folders whose name may be a claim file's (not under node_modules, .git,
 * .vscode, out or dist), at most {@link WORKSPACE_LIST_LIMIT} files listed, in path order.
 */
export async function listClaimCandidates(token?: vscode.CancellationToken, base?: vscode.Uri): Promise<ClaimCandidate[]> {
  const include = base ? new vscode.RelativePattern(base, '**/*') : '**/*';
  const listed = await vscode.workspace.findFiles(include, WORKSPACE_EXCLUDE_GLOB, WORKSPACE_LIST_LIMIT, token);
  return listed
    .map((uri) => ({ uri, kind: kindByName(uri.path) }))
    .filter((c): c is ClaimCandidate => c.kind !== undefined)
    .sort((a, b) => comparePaths(a.uri, b.uri));
}

const decoder = new TextDecoder('utf-8');

/**
 * The first {@link SNIFF_BYTES} of a file, without reading the rest (a 2 GB log named .txt costs
 * 4 KB). Files on disk are read only if they are regular files: a FIFO would block the read until a
 * writer came, a device would never end.
 */
async function readHead(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'file') return decoder.decode(await readRegularFileHead(uri.fsPath, SNIFF_BYTES));
  return decoder.decode((await vscode.workspace.fs.readFile(uri)).subarray(0, SNIFF_BYTES));
}

async function readText(uri: vscode.Uri, maxBytes: number): Promise<string> {
  const bytes = uri.scheme === 'file' ? (await readRegularFile(uri.fsPath, maxBytes)).data : await vscode.workspace.fs.readFile(uri);
  if (bytes.length > maxBytes) throw new RangeError('file over the size limit');
  return decoder.decode(bytes).replace(/^\uFEFF/, '');
}

/** A candidate read: its text, unless it is not a claim file. */
export type ReadCandidate = { readonly kind: 'not-claim' } | { readonly kind: Exclude<ClaimTextKind, 'not-claim'>; readonly text: string };

/**
 * Read a candidate and tell what it holds: a name that says nothing (`.txt`, `.dat`, none) is
 * read whole only when its start is an ISA header. Only regular files on disk are read (never a
 * FIFO or a device), up to `maxBytes`. Throws when the file cannot be read (gone, a folder, no
 * permission, not a regular file, too large).
 */
export async function readCandidate(candidate: ClaimCandidate, maxBytes = Infinity): Promise<ReadCandidate> {
  const { uri, kind } = candidate;
  if (kind === 'sniff' && !startsWithIsaHeader(await readHead(uri))) return { kind: 'not-claim' };
  const text = await readText(uri, maxBytes);
  const what = claimTextKind(kind, text);
  return what === 'not-claim' ? { kind: what } : { kind: what, text };
}
