/** The file's line ending: the first one it uses, LF when it has none. */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** The indentation before `offset` when only spaces/tabs stand between the line start and it; else undefined. */
export function indentBefore(text: string, offset: number): string | undefined {
  const start = lineStartOf(text, offset);
  const before = text.slice(start, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** One indentation step: the extra indentation of `inner` over `outer`, or two spaces. */
export function indentUnit(outer: string | undefined, inner: string | undefined): string {
  if (outer !== undefined && inner !== undefined && inner.length > outer.length && inner.startsWith(outer)) {
    return inner.slice(outer.length);
  }
  return '  ';
}
