import { isUtf8 } from 'node:buffer';
import { NotRegularFileError, readRegularFileSync } from '../core/regular-file';

/** The byte-order mark a decoded file may start with (dropped before linting, kept when writing back). */
export const BOM = '\uFEFF';

/** How a claim file's bytes encode its text: UTF-8, or UTF-16 (with a byte-order mark, or ASCII-led without). */
export type ClaimEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** A claim file's bytes as the CLI lints them. */
export interface DecodedText {
  /** The text, without a leading BOM. */
  readonly text: string;
  readonly hasBom: boolean;
  readonly encoding: ClaimEncoding;
  /**
   * Whether encoding the text again gives back the very same bytes (valid UTF-8, or an even
   * number of UTF-16 bytes): a file or standard input that does not is never rewritten by --fix,
   * since bytes no fix touched would change. Checked only when asked for.
   */
  readonly exact?: boolean;
}

/**
 * Decode a claim file's bytes. Callers keep the result, not the bytes: a 50 MB batch would
 * otherwise hold its bytes (external memory, 1× the file) beside the decoded text for the whole
 * lint. Reading bytes and decoding them is also faster on Node 20 than `readFileSync(path, 'utf8')`
 * (about 45 ms against 65 ms for 50 MB; docs/performance.md). UTF-16 is recognised by its BOM, or
 * without one by NUL bytes in every other place of the first four bytes (an 837 starts `ISA`, a
 * FHIR file `{` or `<`); read as UTF-8 it would be nothing claimlint could check.
 */
export function decodeClaimBytes(data: Buffer, checkExact = false): DecodedText {
  const encoding = encodingOf(data);
  let decoded: string;
  if (encoding === 'utf8') decoded = data.toString('utf8');
  else if (encoding === 'utf16le') decoded = data.toString('utf16le');
  else
    decoded = Buffer.from(data.subarray(0, data.length & ~1))
      .swap16()
      .toString('utf16le');
  const hasBom = decoded.startsWith(BOM);
  const text = hasBom ? decoded.slice(1) : decoded;
  if (!checkExact) return { text, hasBom, encoding };
  const exact = encoding === 'utf8' ? isUtf8(data) : data.length % 2 === 0 && encodeClaimText(text, hasBom, encoding).equals(data);
  return { text, hasBom, encoding, exact };
}

/** The bytes of a claim text in its file's encoding, with its BOM if it had one. */
export function encodeClaimText(text: string, hasBom: boolean, encoding: ClaimEncoding): Buffer {
  const full = (hasBom ? BOM : '') + text;
  if (encoding === 'utf8') return Buffer.from(full, 'utf8');
  const bytes = Buffer.from(full, 'utf16le');
  return encoding === 'utf16le' ? bytes : bytes.swap16();
}

function encodingOf(data: Buffer): ClaimEncoding {
  if (data.length >= 2) {
    if (data[0] === 0xff && data[1] === 0xfe) return 'utf16le';
    if (data[0] === 0xfe && data[1] === 0xff) return 'utf16be';
  }
  if (data.length >= 4) {
    if (data[0] !== 0 && data[1] === 0 && data[2] !== 0 && data[3] === 0) return 'utf16le';
    if (data[0] === 0 && data[1] !== 0 && data[2] === 0 && data[3] !== 0) return 'utf16be';
  }
  return 'utf8';
}

/**
 * A claim file's text, read as {@link decodeClaimBytes} reads it; only a regular file is read
 * (throws as readFileSync does, or NotRegularFileError for a FIFO or a device).
 */
export function readClaimText(file: string): string {
  return decodeClaimBytes(readRegularFileSync(file)).text;
}

/** One sentence for a file that could not be read. */
export function readErrorSentence(display: string, err: unknown): string {
  if (err instanceof NotRegularFileError) return `The file ${display} is not a regular file (a FIFO, a device or a socket), so it was not read.`;
  return `The file ${display} cannot be read.`;
}
