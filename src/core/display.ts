/**
 * Text from claim files, file names and policy packs, made safe to show: on a terminal, in an
 * output channel or in a notification. Control characters are written as escapes (an ESC sequence
 * could otherwise clear the screen, set the title or forge report lines) and long text is cut.
 */

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Every C0/C1 control character (and DEL) as `\xHH`; everything else as it is. */
export function escapeControls(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** At most `max` characters of `text` (an ellipsis marks a cut), not splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** A name or value quoted in a message: control characters escaped, cut to `max` characters. */
export function quoteForMessage(text: string, max = 60): string {
  return escapeControls(capText(text, max));
}
