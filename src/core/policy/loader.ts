import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { Policy } from './index';
import type { PolicyData } from './types';
import builtinData from './hns-massage-97124.json';
import policySchema from './policy.schema.json';

/** The built-in HNS massage (97124) policy. */
export function loadBuiltinPolicy(): Policy {
  return new Policy(builtinData as unknown as PolicyData);
}

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  return (validator ??= new Ajv({ allErrors: false, strict: false }).compile(policySchema));
}

function describeSchemaError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : 'the top level';
  switch (e.keyword) {
    case 'required':
      return `${where} is missing "${String((e.params as { missingProperty?: string }).missingProperty)}"`;
    case 'additionalProperties':
      return `${where} has an unknown property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
    case 'anyOf':
      return `${where} must list codes, ranges or prefixes`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/**
 * Check parsed JSON against policy.schema.json and the cross-references the schema cannot express
 * (unique clause ids, clause ids that exist, ranges of same-length codes, low ≤ high).
 * Returns the first problem as a phrase, or undefined when the pack is valid.
 */
export function validatePolicyData(data: unknown): string | undefined {
  const validate = schemaValidator();
  if (!validate(data)) {
    const first = validate.errors?.[0];
    return first ? describeSchemaError(first) : 'it does not match the policy schema';
  }
  const pack = data as PolicyData;
  const ids = new Set<string>();
  for (const c of pack.clauses) {
    if (ids.has(c.id)) return `clause id "${c.id}" is used twice`;
    ids.add(c.id);
  }
  const refs: [string, readonly string[] | undefined][] = [
    ...Object.entries(pack.procedures).map(([k, v]) => [`procedures.${k}`, v.clauses] as [string, readonly string[] | undefined]),
    ...Object.entries(pack.modifiers).map(([k, v]) => [`modifiers.${k}`, v.clauses] as [string, readonly string[] | undefined]),
  ];
  for (const [where, list] of refs) {
    const missing = (list ?? []).find((id) => !ids.has(id));
    if (missing) return `${where} cites clause "${missing}", which the pack does not define`;
  }
  for (const [name, set] of Object.entries(pack.codeSets)) {
    for (const [lo, hi] of set.ranges ?? []) {
      if (lo.length !== hi.length) return `codeSets.${name} has a range ${lo}–${hi} whose ends differ in length`;
      if (lo > hi) return `codeSets.${name} has a range ${lo}–${hi} whose low end is above its high end`;
    }
  }
  return undefined;
}

/**
 * Load a policy pack from a JSON file. Throws an Error whose message is one clear sentence
 * (unreadable file, not JSON, or not a valid pack); the CLI reports it and exits with code 2.
 */
export function loadPolicyFile(file: string): Policy {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`The policy pack ${name} cannot be read.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new Error(`The policy pack ${name} is not valid JSON.`);
  }
  const problem = validatePolicyData(data);
  if (problem) throw new Error(`The policy pack ${name} is invalid: ${problem}.`);
  return new Policy(data as PolicyData);
}
