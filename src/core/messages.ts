import { capText } from './display';

/** A value quoted into a message is cut to this many characters (a 1 MB procedure code, a long id). */
const MAX_VALUE_LENGTH = 200;

/** Fill `{{name}}` placeholders (each value cut to 200 characters); a placeholder without data stays as written. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  const parts = templateParts(template);
  if (parts.length === 1) return parts[0];
  // Joined rather than concatenated: one flat string per message instead of a chain of pieces
  // (findings are kept for as long as the editor or the report needs them).
  const out: string[] = [parts[0]];
  for (let k = 1; k < parts.length; k += 3) {
    const name = parts[k];
    out.push(data && name in data ? capText(String(data[name]), MAX_VALUE_LENGTH) : parts[k + 1], parts[k + 2]);
  }
  return out.join('');
}

/**
 * A template split once into [text, name, placeholder as written, text, name, placeholder, …,
 * text]: a batch formats tens of thousands of messages from a few dozen templates.
 */
const TEMPLATES = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = TEMPLATES.get(template);
  if (parts) return parts;
  const out: string[] = [];
  const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
  let last = 0;
  for (let m = placeholder.exec(template); m; m = placeholder.exec(template)) {
    out.push(template.slice(last, m.index), m[1], m[0]);
    last = m.index + m[0].length;
  }
  out.push(template.slice(last));
  parts = out;
  // Templates come from rule metadata (a bounded set); other callers' strings are not kept.
  if (TEMPLATES.size < 1024) TEMPLATES.set(template, parts);
  return parts;
}
