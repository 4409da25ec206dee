/** The file's line ending: the first one it uses, LF when it has none. */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/**
 * The indentation before `offset` when only spaces/tabs stand between the line start and it; else
 * undefined. Walks back over the spaces and tabs only: walking back to the line start first made
 * every fix in a minified (one-line) FHIR file read back to the start of the file, so a bundle's
 * fixes took time growing with the square of its size (2,000 claims, 3 MB: 10 s).
 */
export function indentBefore(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== 0x20 && c !== 0x09) break;
    i--;
  }
  // Something other than a line break (or the start of the text) before the spaces: not indentation.
  if (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) return undefined;
  return text.slice(i, offset);
}

/** One indentation step: the extra indentation of `inner` over `outer`, or two spaces. */
export function indentUnit(outer: string | undefined, inner: string | undefined): string {
  if (outer !== undefined && inner !== undefined && inner.length > outer.length && inner.startsWith(outer)) {
    return inner.slice(outer.length);
  }
  return '  ';
}
