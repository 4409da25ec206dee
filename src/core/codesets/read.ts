import type { FileHandle } from 'node:fs/promises';
import * as path from 'path';
import { CodeSetError, type CodeSet } from './code-set';
import { OfficialFileReader } from './official';
import { FileTooLargeError, NotRegularFileError, openRegularFile } from '../regular-file';
import type { PeriodHint } from './periods';

/** Larger than any official file (the ICD-10-CM order file is about 17 MB, the HCPCS ANWEB file 3 MB). */
export const MAX_CODE_SET_BYTES = 64 * 1024 * 1024;
/** Longer than any line of an official file (order file lines end by column 480, ANWEB records at 320). */
export const MAX_LINE_LENGTH = 4096;
const CHUNK_BYTES = 64 * 1024;

export interface ReadOptions extends PeriodHint {
  /** Size cap in bytes (default {@link MAX_CODE_SET_BYTES}). */
  readonly maxBytes?: number;
}

/** A file read as a code set. */
export interface ImportedCodeSet {
  readonly set: CodeSet;
  /** HCPCS procedure records left out: Level I (CPT) and dental (CDT) codes, whose descriptors are not public. */
  readonly skipped: number;
}

/** Thrown inside {@link feed} when the bytes are not UTF-8; the caller reads them again as Windows-1252. */
class NotUtf8 extends Error {}

type Encoding = 'utf-8' | 'windows-1252';

function decoder(encoding: Encoding): (bytes: Uint8Array, end: boolean) => string {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: true });
    return (bytes, end) => {
      try {
        return d.decode(bytes, { stream: !end });
      } catch {
        throw new NotUtf8();
      }
    };
  }
  // The CMS files that are not UTF-8 are Windows-1252: a byte per character, so a chunk never splits one.
  return (bytes) => {
    let out = '';
    for (let at = 0; at < bytes.byteLength; at += 8192) {
      const part = bytes.subarray(at, Math.min(bytes.byteLength, at + 8192));
      out += String.fromCharCode(...Array.from(part, (b) => (b >= 0x80 && b <= 0x9f ? WINDOWS_1252_80_9F.charCodeAt(b - 0x80) : b)));
    }
    return out;
  };
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (ISO-8859-1 has control codes there; Node's
 * TextDecoder decodes "windows-1252" as ISO-8859-1). Unassigned bytes stay control codes.
 */
const WINDOWS_1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decoded text in, lines out (LF or CRLF), each at most {@link MAX_LINE_LENGTH} long. */
class LineSplitter {
  private rest = '';
  private count = 0;

  constructor(private readonly reader: OfficialFileReader) {}

  push(text: string): void {
    const s = this.rest + text;
    let from = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', from)) {
      this.emit(s.slice(from, nl));
      from = nl + 1;
    }
    this.rest = s.slice(from);
    if (this.rest.length > MAX_LINE_LENGTH) this.tooLong();
  }

  end(): void {
    if (this.rest !== '') this.emit(this.rest);
    this.rest = '';
  }

  private emit(raw: string): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.count === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.length > MAX_LINE_LENGTH) this.tooLong();
    this.count++;
    this.reader.line(line);
  }

  private tooLong(): never {
    throw new CodeSetError(`Line ${this.count + 1} is longer than any line of an official code set file (${MAX_LINE_LENGTH} characters).`);
  }
}

/** Read chunks of bytes as an official file of that name, in the given encoding. */
async function feed(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fileName: string,
  encoding: Encoding,
  options: ReadOptions,
): Promise<ImportedCodeSet> {
  const reader = new OfficialFileReader(fileName, options);
  const lines = new LineSplitter(reader);
  const decode = decoder(encoding);
  const max = options.maxBytes ?? MAX_CODE_SET_BYTES;
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > max) throw codeSetTooLarge(max);
    lines.push(decode(chunk, false));
  }
  lines.push(decode(new Uint8Array(0), true));
  lines.end();
  return { set: reader.finish(), skipped: reader.skipped };
}

/** The error for a file over the size cap. */
export function codeSetTooLarge(max: number = MAX_CODE_SET_BYTES): CodeSetError {
  return new CodeSetError(`The file is larger than ${Math.round(max / (1024 * 1024))} MB; no official code set file is.`);
}

/** {@link feed} as UTF-8, and when the bytes are not UTF-8 again as Windows-1252 (the chunks are made anew). */
async function readEither(chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>, fileName: string, options: ReadOptions): Promise<ImportedCodeSet> {
  try {
    return await feed(chunks(), fileName, 'utf-8', options);
  } catch (err) {
    if (!(err instanceof NotUtf8)) throw err;
    return feed(chunks(), fileName, 'windows-1252', options);
  }
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) yield bytes.subarray(at, Math.min(bytes.byteLength, at + CHUNK_BYTES));
}

/**
 * Read an official code set file given as bytes (the editor reads files on any file system). The
 * file's name says its period (`icd10cm_order_2024.txt`), unless `options.year` does.
 */
export function parseCodeSetBytes(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<ImportedCodeSet> {
  const max = options.maxBytes ?? MAX_CODE_SET_BYTES;
  if (bytes.byteLength > max) return Promise.reject(codeSetTooLarge(max));
  return readEither(() => slices(bytes), path.basename(fileName), options);
}

/**
 * Read an official code set file from disk, streaming: only a regular file is opened (a FIFO or a
 * device is refused without a read, as claims are), its size is checked on the opened descriptor,
 * and it is read in 64 KB chunks, line by line, never whole (a second time from the same descriptor
 * when it is not UTF-8). Rejects with {@link CodeSetError} (one sentence,
 * never quoting the file) when it cannot be read or is not a code set file.
 */
export async function readCodeSetFile(file: string, options: ReadOptions = {}): Promise<ImportedCodeSet> {
  const max = options.maxBytes ?? MAX_CODE_SET_BYTES;
  let handle: FileHandle;
  try {
    handle = (await openRegularFile(file, max)).handle;
  } catch (err) {
    if (err instanceof NotRegularFileError) throw new CodeSetError('This is not a regular file (a folder, a FIFO or a device), so it was not read.');
    if (err instanceof FileTooLargeError) throw codeSetTooLarge(max);
    throw new CodeSetError('The file cannot be read.');
  }
  try {
    return await readEither(() => fileChunks(handle), path.basename(file), options);
  } catch (err) {
    if (err instanceof CodeSetError) throw err;
    throw new CodeSetError('The file cannot be read.');
  } finally {
    await handle.close();
  }
}

/** The chunks of an open file from its start, read by position with a fixed buffer. */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (let position = 0; ;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
