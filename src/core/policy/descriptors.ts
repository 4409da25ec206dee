import * as path from 'path';
import { quoteForMessage } from '../display';
import { FileTooLargeError, NotRegularFileError, readRegularFileSync } from '../regular-file';

/**
 * CPT licensing. CPT descriptors are the AMA's copyrighted text: claimlint ships none, except the
 * one its payer's own clause quotes (97124 in the HNS policy), and names other codes in its own
 * words, marked as such. A site that holds an AMA licence points claimlint at its own descriptor
 * file (the `claimlint.cptDescriptorFile` setting, the CLI's `--cpt-descriptors`); hovers and
 * reports then show the licensed text, with {@link CPT_NOTICE}. The file format is documented in
 * docs/cpt-descriptors.md.
 */

/** The notice shown wherever CPT descriptor text appears (claimlint's short form of the AMA's notice). */
export const CPT_NOTICE = 'CPT® is a registered trademark of the AMA; CPT descriptors © AMA, all rights reserved.';

/** The largest descriptor file read, in bytes: every CPT and HCPCS code with its long descriptor is a few MB. */
export const MAX_DESCRIPTOR_BYTES = 32 * 1024 * 1024;

/** Licensed descriptors by code (upper case). */
export type CptDescriptors = ReadonlyMap<string, string>;

/** A code as descriptor files write it: five letters or digits (CPT, CPT Category II/III, HCPCS). */
const LINE = /^([0-9A-Za-z]{5})(?:\t+| +)(\S.*?)\s*$/;

/**
 * Read a descriptor file's text: one code a line, the code, then a tab (or spaces), then its
 * descriptor. Blank lines and lines starting with `#` are skipped; a later line for the same code
 * wins. Throws an Error naming the first line that is neither (by number: the file's text is
 * licensed content and is not repeated).
 */
export function parseCptDescriptors(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = LINE.exec(line);
    if (!m) throw new Error(`line ${k + 1} is not a five-character code followed by a tab or spaces and its descriptor`);
    out.set(m[1].toUpperCase(), m[2]);
  });
  return out;
}

/**
 * Load a descriptor file. Throws an Error whose message is one sentence naming the file by its base
 * name (unreadable, not a regular file, too large, or not in the documented format).
 */
export function loadCptDescriptors(file: string): Map<string, string> {
  const name = quoteForMessage(path.basename(file), 60);
  let text: string;
  try {
    text = readRegularFileSync(file, MAX_DESCRIPTOR_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof NotRegularFileError)
      throw new Error(`The CPT descriptor file ${name} is not a regular file (a FIFO, a device or a socket), so it was not read.`, { cause: err });
    if (err instanceof FileTooLargeError)
      throw new Error(`The CPT descriptor file ${name} is ${err.size} bytes, more than the ${MAX_DESCRIPTOR_BYTES} it may have, so it was not read.`, {
        cause: err,
      });
    throw new Error(`The CPT descriptor file ${name} cannot be read.`, { cause: err });
  }
  try {
    return parseCptDescriptors(text);
  } catch (err) {
    throw new Error(`The CPT descriptor file ${name} is not in the documented format: ${err instanceof Error ? err.message : 'unreadable'}.`, { cause: err });
  }
}
