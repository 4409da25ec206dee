import { Policy } from './index';
import type { PolicyData } from './types';
import builtinData from './hns-massage-97124.json';

/** The built-in HNS massage (97124) policy. */
export function loadBuiltinPolicy(): Policy {
  return new Policy(builtinData as unknown as PolicyData);
}
