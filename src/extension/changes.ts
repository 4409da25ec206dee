import type { TextChange } from '../core/incremental';

/**
 * The edits made to a document since a base text, composed into one change that covers them all:
 * the current text is the base text with [offset, offset + length) replaced by `text`. Typing a
 * few characters between two debounced lints gives one small change, so the incremental linter
 * can still re-check just the claim they fell in; edits far apart give one wide change, which the
 * incremental linter answers with a full lint. Pure (no editor API), so unit tests check it.
 */
export class ChangeAccumulator {
  /** The covered range: [start, endNew) in the current text, [start, endOld) in the base text; start < 0 when nothing changed. */
  private start = -1;
  private endNew = 0;
  private endOld = 0;
  private length: number;
  private broken = false;

  constructor(baseLength: number) {
    this.length = baseLength;
  }

  /** True when no change has been added. */
  get empty(): boolean {
    return this.start < 0;
  }

  /**
   * Add one change, in the text the previous changes left (as VS Code reports the content
   * changes of successive events, and of one event in order). A change that does not fit that
   * text marks the accumulator unusable.
   */
  add(c: TextChange): void {
    const { offset: o, length: l } = c;
    const t = c.text.length;
    if (this.broken) return;
    if (!(o >= 0 && l >= 0 && o + l <= this.length)) {
      this.broken = true;
      return;
    }
    if (l === 0 && t === 0) return;
    if (this.start < 0) {
      this.start = o;
      this.endNew = o + t;
      this.endOld = o + l;
    } else {
      // Everything before min(start, o) and after max(endNew, o + l) is still the base text.
      const end = Math.max(this.endNew, o + l);
      this.endOld += end - this.endNew;
      this.endNew = end + t - l;
      this.start = Math.min(this.start, o);
    }
    this.length += t - l;
  }

  /**
   * The one change from the base text to `current`, or undefined when the changes added do not
   * fit (a full lint is then needed). An empty change when nothing changed.
   */
  change(current: string): TextChange | undefined {
    if (this.broken || current.length !== this.length) return undefined;
    if (this.start < 0) return { offset: 0, length: 0, text: '' };
    return { offset: this.start, length: this.endOld - this.start, text: current.slice(this.start, this.endNew) };
  }
}
