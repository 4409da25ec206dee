import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a file looked like when it was read; the write is refused if it no longer does. */
export interface FileSnapshot {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/** The file changed on disk between reading and writing; nothing was written. */
export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}

/** The file is marked read-only (no write bit for anyone); nothing was written. */
export class FileReadOnlyError extends Error {
  override readonly name = 'FileReadOnlyError';
}

/** sha-256 of a buffer, hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Snapshot a file from the bytes just read and its stat. */
export function snapshotOf(data: Buffer, stat: fs.Stats): FileSnapshot {
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(data) };
}

/**
 * Replace a file's content atomically: write a temp file in the same directory (so the rename
 * stays on one file system), fsync it, give it the original mode (and owner, where allowed),
 * check the original still matches `expected`, then rename over it. A symlink is followed and
 * its target replaced. On any failure the temp file is removed and the original left as it was.
 * Throws {@link FileChangedError} when the file changed since `expected` was taken, and
 * {@link FileReadOnlyError} when it is marked read-only.
 */
export function writeFileAtomic(file: string, data: Buffer, expected: FileSnapshot): void {
  const target = fs.realpathSync(file);
  const before = fs.statSync(target);
  // Replacing by rename would succeed in a writable folder (and always as root), but a file its
  // owner marked read-only is not ours to change.
  if ((before.mode & 0o222) === 0) throw new FileReadOnlyError(`${file} is read-only; it was not overwritten.`);
  fs.accessSync(target, fs.constants.W_OK);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.claimlint-tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  let renamed = false;
  try {
    try {
      fs.writeSync(fd, data, 0, data.length, 0);
      fs.fchmodSync(fd, before.mode & 0o7777);
      try {
        fs.fchownSync(fd, before.uid, before.gid);
      } catch {
        // Only root may give a file away; an unprivileged user keeps their own ownership.
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // Checked as late as possible; the window left between this and the rename is tiny.
    const now = fs.statSync(target);
    if (now.size !== expected.size || now.mtimeMs !== expected.mtimeMs || sha256(fs.readFileSync(target)) !== expected.sha256) {
      throw new FileChangedError(`${file} changed on disk while it was being checked; it was not overwritten.`);
    }
    fs.renameSync(tmp, target);
    renamed = true;
    syncDirectory(path.dirname(target));
  } finally {
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
}

/** Make the rename durable; not possible on every platform (Windows), hence best effort. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort only.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
