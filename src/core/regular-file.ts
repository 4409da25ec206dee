import * as fs from 'node:fs';

/**
 * The path names something other than a regular file (a FIFO, a device, a socket, a directory):
 * nothing was read from it. A FIFO would block until a writer came and `/dev/zero` would fill memory.
 */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
}

/** The file is larger than the reader accepts; nothing was read. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  constructor(readonly size: number) {
    super(`file of ${size} bytes is over the limit`);
  }
}

// Opening a FIFO for reading blocks until a writer opens it; with O_NONBLOCK it returns at once.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Read a regular file whole. The type is checked on the opened descriptor (not on the path first),
 * so a file swapped for a FIFO in between is refused all the same. Throws
 * {@link NotRegularFileError}, {@link FileTooLargeError} (over `maxBytes`) or the system's error.
 */
export function readRegularFileSync(file: string, maxBytes = Infinity): Buffer {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    checkStat(fs.fstatSync(fd), maxBytes);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * {@link readRegularFileSync} without blocking the thread (the extension host's); also gives the
 * stat of the descriptor the bytes were read from.
 */
export async function readRegularFile(file: string, maxBytes = Infinity): Promise<{ data: Buffer; stat: fs.Stats }> {
  const handle = await fs.promises.open(file, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    checkStat(stat, maxBytes);
    return { data: await handle.readFile(), stat };
  } finally {
    await handle.close();
  }
}

/** The first `bytes` of a regular file (a bounded read to tell what the file holds), without blocking the thread. */
export async function readRegularFileHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, OPEN_FLAGS);
  try {
    checkStat(await handle.stat(), Infinity);
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function checkStat(stat: fs.Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new NotRegularFileError('not a regular file');
  if (stat.size > maxBytes) throw new FileTooLargeError(stat.size);
}
