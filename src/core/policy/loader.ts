import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { quoteForMessage } from '../display';
import { FileTooLargeError, NotRegularFileError, readRegularFile, readRegularFileSync } from '../regular-file';
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

/** Longest name or value a message quotes from a pack (a hostile pack may hold megabytes in one). */
const QUOTE_MAX = 60;
const q = (text: string): string => quoteForMessage(text, QUOTE_MAX);

function describeSchemaError(e: ErrorObject): string {
  const where = e.instancePath ? q(e.instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~')) : 'the top level';
  switch (e.keyword) {
    case 'required':
      return `${where} is missing "${q(String((e.params as { missingProperty?: string }).missingProperty))}"`;
    case 'additionalProperties':
      return `${where} has an unknown property "${q(String((e.params as { additionalProperty?: string }).additionalProperty))}"`;
    case 'propertyNames':
      return `${where} has a property name that is not allowed ("${q(String((e.params as { propertyName?: string }).propertyName))}")`;
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
    if (ids.has(c.id)) return `clause id "${q(c.id)}" is used twice`;
    ids.add(c.id);
  }
  const refs: [string, readonly string[] | undefined][] = [
    ...Object.entries(pack.procedures).map(([k, v]) => [`procedures.${k}`, v.clauses] as [string, readonly string[] | undefined]),
    ...Object.entries(pack.modifiers).map(([k, v]) => [`modifiers.${k}`, v.clauses] as [string, readonly string[] | undefined]),
  ];
  for (const [where, list] of refs) {
    const missing = (list ?? []).find((id) => !ids.has(id));
    if (missing) return `${q(where)} cites clause "${q(missing)}", which the pack does not define`;
  }
  for (const [name, set] of Object.entries(pack.codeSets)) {
    for (const [lo, hi] of set.ranges ?? []) {
      if (lo.length !== hi.length) return `codeSets.${q(name)} has a range ${q(lo)}–${q(hi)} whose ends differ in length`;
      if (lo > hi) return `codeSets.${q(name)} has a range ${q(lo)}–${q(hi)} whose low end is above its high end`;
    }
  }
  return undefined;
}

/**
 * The largest policy pack read, in bytes. The built-in pack is 20 KB; a payer's full fee schedule
 * as code ranges stays far below this. A larger file (or `/dev/zero`) is refused unread.
 */
export const MAX_POLICY_BYTES = 32 * 1024 * 1024;

/**
 * Load a policy pack from a JSON file. Throws an Error whose message is one clear sentence
 * (unreadable file, not a regular file, too large, not JSON, or not a valid pack); the CLI reports
 * it and exits with code 2.
 */
export function loadPolicyFile(file: string): Policy {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(file, MAX_POLICY_BYTES);
  } catch (err) {
    throw unreadable(file, err);
  }
  return policyFromBytes(file, bytes);
}

/** {@link loadPolicyFile} without blocking the thread while the file is read (the extension host). */
export async function loadPolicyFileAsync(file: string): Promise<Policy> {
  let bytes: Buffer;
  try {
    bytes = (await readRegularFile(file, MAX_POLICY_BYTES)).data;
  } catch (err) {
    throw unreadable(file, err);
  }
  return policyFromBytes(file, bytes);
}

function packName(file: string): string {
  return quoteForMessage(path.basename(file), QUOTE_MAX);
}

function unreadable(file: string, err: unknown): Error {
  const name = packName(file);
  if (err instanceof NotRegularFileError) return new Error(`The policy pack ${name} is not a regular file (a FIFO, a device or a socket), so it was not read.`);
  if (err instanceof FileTooLargeError) {
    return new Error(`The policy pack ${name} is ${err.size} bytes, more than the ${MAX_POLICY_BYTES} a pack may have, so it was not read.`);
  }
  return new Error(`The policy pack ${name} cannot be read.`);
}

function policyFromBytes(file: string, bytes: Buffer): Policy {
  const name = packName(file);
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new Error(`The policy pack ${name} is not valid JSON.`);
  }
  const problem = validatePolicyData(data);
  if (problem) throw new Error(`The policy pack ${name} is invalid: ${problem}.`);
  return new Policy(data as PolicyData);
}
