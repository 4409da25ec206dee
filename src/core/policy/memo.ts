import type { Policy } from './index';

/**
 * Bounds for the memo: claim files repeat a few hundred codes; hostile input cannot grow the cache
 * without limit, and only short keys are kept (a longer key could be a sliced view that keeps a
 * whole document text alive).
 */
const MEMO_LIMIT = 65536;
const MEMO_MAX_KEY = 12;

/**
 * `compute(code, policy)` remembered per policy and code: what the rules ask about every line is
 * then one Map read per line, not a lookup in each code set it combines. The last policy asked
 * about is held with its cache (nearly every question is about the same policy); the others
 * through a WeakMap.
 */
export function policyCodeMemo(compute: (code: string, policy: Policy) => number): (code: string, policy: Policy) => number {
  const byPolicy = new WeakMap<Policy, Map<string, number>>();
  let lastPolicy: Policy | undefined;
  let last = new Map<string, number>();
  return (code, policy) => {
    if (policy !== lastPolicy) {
      let memo = byPolicy.get(policy);
      if (!memo) byPolicy.set(policy, (memo = new Map()));
      lastPolicy = policy;
      last = memo;
    }
    let f = last.get(code);
    if (f === undefined) {
      f = compute(code, policy);
      if (code.length <= MEMO_MAX_KEY && last.size < MEMO_LIMIT) last.set(code, f);
    }
    return f;
  };
}
