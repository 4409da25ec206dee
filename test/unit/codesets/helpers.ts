import * as path from 'path';
import { CodeSets, readCodeSetFile, type CodeSet } from '../../../src/core/codesets';
import { REPO_ROOT } from '../repo-root';

export const CODE_SET_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'codesets');

export function codeSetFile(name: string): string {
  return path.join(CODE_SET_DIR, name);
}

/** A fixture code set file, read as an import reads it. */
export async function loadCodeSet(name: string): Promise<CodeSet> {
  return (await readCodeSetFile(codeSetFile(name))).set;
}

/** ICD-10-CM FY2024 (order file), FY2025 (order file) and HCPCS January 2024: the sets most tests use. */
export async function fixtureCodeSets(names = ['icd10cm_order_2024.txt', 'icd10cm-order-2025.txt', 'HCPC2024_JAN_ANWEB_v3.txt']): Promise<CodeSets> {
  return new CodeSets(await Promise.all(names.map(loadCodeSet)));
}
