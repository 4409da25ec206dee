import type { SeverityOrOff } from './model/finding';

/**
 * How timed codes turn minutes into units.
 * - `policy`: 97124 ⌊minutes/15⌋; other timed codes ⌊(minutes+7)/15⌋ (8 minutes make one unit).
 * - `cms-8-minute`: units from the date's total timed minutes (8–22 = 1, 23–37 = 2, …).
 * - `strict-floor`: ⌊minutes/15⌋ for every timed code.
 */
export type TimedRounding = 'policy' | 'cms-8-minute' | 'strict-floor';
export const TIMED_ROUNDING_MODES: readonly TimedRounding[] = ['policy', 'cms-8-minute', 'strict-floor'];

export interface LintConfig {
  /** Per-rule severity override or "off"; rules not named keep their default. */
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  readonly timedRounding: TimedRounding;
  /** Accept XE/XS/XP/XU in place of 59 (cmt-modifier-59). */
  readonly acceptXModifiers: boolean;
}

export const DEFAULT_CONFIG: LintConfig = {
  rules: {},
  timedRounding: 'policy',
  acceptXModifiers: false,
};

export function resolveConfig(partial?: Partial<LintConfig>): LintConfig {
  return {
    rules: { ...(partial?.rules ?? {}) },
    timedRounding: partial?.timedRounding ?? DEFAULT_CONFIG.timedRounding,
    acceptXModifiers: partial?.acceptXModifiers ?? DEFAULT_CONFIG.acceptXModifiers,
  };
}
