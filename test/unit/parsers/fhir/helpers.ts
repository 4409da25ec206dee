import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { XMLValidator } from 'fast-xml-parser';
import type { ClaimDocument } from '../../../../src/core/model/claim';
import type { TextEdit } from '../../../../src/core/model/finding';
import type { Span } from '../../../../src/core/model/span';
import { applyEdits } from '../../../../src/core/fixes';
import { readFhirJson } from '../../../../src/core/parsers/fhir-json';
import { readFhirXml } from '../../../../src/core/parsers/fhir-xml';
import { REPO_ROOT } from '../../repo-root';

export type Encoding = 'json' | 'xml';
export const ENCODINGS: readonly Encoding[] = ['json', 'xml'];

export function fhirFixture(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'fhir', name), 'utf8');
}

/** Read a text with the reader of its encoding. */
export function read(text: string, encoding: Encoding): ClaimDocument {
  return encoding === 'json' ? readFhirJson(text) : readFhirXml(text);
}

export function readFixture(name: string): ClaimDocument {
  return read(fhirFixture(name), name.endsWith('.json') ? 'json' : 'xml');
}

/** The text a span covers. */
export function at(text: string, s: Span | undefined): string | undefined {
  return s ? text.slice(s.start, s.end) : undefined;
}

/** Apply edits (which must all apply) and check the result is valid JSON / well-formed XML. */
export function applyValid(text: string, edits: readonly TextEdit[] | null, encoding: Encoding): string {
  assert.ok(edits, 'the editor declined');
  const result = applyEdits(text, edits);
  assert.strictEqual(result.applied.length, edits.length, 'overlapping edits');
  if (encoding === 'json') assert.doesNotThrow(() => JSON.parse(result.text));
  else assert.strictEqual(XMLValidator.validate(result.text), true);
  return result.text;
}

/** Every line ending in `text` is CRLF (no bare LF or CR). */
export function onlyCrlf(text: string): boolean {
  return !/\r(?!\n)|(?<!\r)\n/.test(text);
}
