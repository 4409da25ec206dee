import type { DocumentRule } from './types';
import { x12Syntax } from './x12-syntax';
import { x12Envelope } from './x12-envelope';
import { x12Delimiters } from './x12-delimiters';
import { formatUnsupported } from './format-unsupported';
import { ruleError } from './rule-error';
import { fhirStructure } from './fhir-structure';
import { tooManyFindings } from './too-many-findings';

/**
 * Rules whose findings the document readers (structure) or the engine (rule-error,
 * too-many-findings) report. They live in the registry like any other rule so severities, docs
 * and settings treat them alike.
 */
export const READER_RULES: readonly DocumentRule[] = [x12Syntax, x12Envelope, x12Delimiters, formatUnsupported, ruleError, fhirStructure, tooManyFindings];
