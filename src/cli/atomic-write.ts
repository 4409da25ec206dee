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

/** The file has more than one hard link: replacing it would split them; nothing was written. */
export class FileHardLinkedError extends Error {
  override readonly name = 'FileHardLinkedError';
}

/**
 * The new content could not be written in full (a full disk, a file-size limit) or did not read
 * back as written; the original file was left as it was and the temporary file removed.
 */
export class ShortWriteError extends Error {
  override readonly name = 'ShortWriteError';
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
 * The temporary file's name: short whatever the claim file's name (a name of 228 bytes or more
 * would otherwise pass the 255-byte limit), and carrying the writer's process id so a later run
 * can tell a leftover of a killed run from a write still in progress ({@link removeLeftoverTemps}).
 */
const TEMP_NAME = /^\.claimlint-(\d+)-[0-9a-f]{12}\.tmp$/;
/** The temporary names of claimlint 0.1 (`.NAME.<hex>.claimlint-tmp`), cleaned up the same way. */
const OLD_TEMP_NAME = /^\..*\.[0-9a-f]{12}\.claimlint-tmp$/s;

/** A temporary file's path in `file`'s folder, named as {@link removeLeftoverTemps} recognizes (a `--fix` or `--facts` write). */
export function tempPathBeside(file: string): string {
  return path.join(path.dirname(file), `.claimlint-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** True for the name of a temporary file a `--fix` writes (never a claim file to lint). */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name) || OLD_TEMP_NAME.test(name);
}

/**
 * Replace a file's content atomically: write a temp file in the same directory (so the rename
 * stays on one file system), give it the original owner (where allowed) and then its mode (an
 * owner change clears setuid and setgid), fsync it, check that it holds exactly `data` (size and
 * SHA-256), check the original still matches `expected`, then rename over it. A symlink is followed
 * and its target replaced. On any failure the temp file is removed and the original left as it was.
 * Throws {@link FileChangedError} when the file changed since `expected` was taken,
 * {@link FileReadOnlyError} when it is marked read-only, {@link FileHardLinkedError} when it has
 * other hard links, and {@link ShortWriteError} when the new content could not be written in full.
 */
export function writeFileAtomic(file: string, data: Buffer, expected: FileSnapshot): void {
  const target = fs.realpathSync(file);
  const before = fs.statSync(target);
  // Replacing by rename would succeed in a writable folder (and always as root), but a file its
  // owner marked read-only is not ours to change.
  if ((before.mode & 0o222) === 0) throw new FileReadOnlyError(`${file} is read-only; it was not overwritten.`);
  // A rename gives the name a new inode: the file's other names would keep the old content.
  if (before.nlink > 1) throw new FileHardLinkedError(`${file} has ${before.nlink} hard links; it was not overwritten.`);
  fs.accessSync(target, fs.constants.W_OK);
  const tmp = tempPathBeside(target);
  const fd = fs.openSync(tmp, 'wx+', 0o600);
  let renamed = false;
  try {
    try {
      writeAll(fd, data);
      try {
        fs.fchownSync(fd, before.uid, before.gid);
      } catch {
        // Only root may give a file away; an unprivileged user keeps their own ownership.
      }
      fs.fchmodSync(fd, before.mode & 0o7777);
      fs.fsyncSync(fd);
      verifyWritten(fd, data);
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

/** Write all of `data` at the start of `fd`: a write may take fewer bytes than it was given. */
function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) {
    let n: number;
    try {
      n = fs.writeSync(fd, data, done, data.length - done, done);
    } catch (err) {
      throw new ShortWriteError(`only ${done} of ${data.length} bytes could be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (n <= 0) throw new ShortWriteError(`only ${done} of ${data.length} bytes could be written`);
    done += n;
  }
}

/** The temp file holds exactly `data`: its size, and its bytes read back and hashed. */
function verifyWritten(fd: number, data: Buffer): void {
  const size = fs.fstatSync(fd).size;
  if (size !== data.length) throw new ShortWriteError(`the temporary file holds ${size} of ${data.length} bytes`);
  const back = Buffer.allocUnsafe(data.length);
  let read = 0;
  while (read < back.length) {
    const n = fs.readSync(fd, back, read, back.length - read, read);
    if (n <= 0) break;
    read += n;
  }
  if (read !== data.length || sha256(back) !== sha256(data)) throw new ShortWriteError('the temporary file does not read back as written');
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

/**
 * Remove the temporary files an interrupted `--fix` (a killed process, a power cut) left in `dir`:
 * they hold a whole claim file. A temp file whose writer is still running is kept; an old-style
 * name (no process id) is removed. Best effort: returns how many were removed, never throws.
 */
export function removeLeftoverTemps(dir: string): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined && !OLD_TEMP_NAME.test(name)) continue;
    if (pid !== undefined && isRunning(Number(pid))) continue;
    try {
      const file = path.join(dir, name);
      if (!fs.lstatSync(file).isFile()) continue;
      fs.unlinkSync(file);
      removed++;
    } catch {
      // Someone else removed it, or the folder is not writable: nothing more to do here.
    }
  }
  return removed;
}

/** Whether a process with this id exists (this one counts: its own writes are in progress). */
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
