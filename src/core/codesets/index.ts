export { CODE_SET_KINDS, CodeSet, CodeSetError, CodeSets, CodeSetYearMissing, normalizeCode } from './code-set';
export type { CodeEntry, CodeSetInfo, CodeSetKind, CodeSetSource } from './code-set';
export { codeSetsFromData, codeSetsToData, parseStoredCodeSet, serializeCodeSet, type CodeSetsData } from './compact';
export { describeCodeAt, type CodeDescription } from './describe';
export { diagnosisDates, diagnosesInSets, isIcd10cm, type DiagnosisInSet } from './diagnoses';
export { icd10cmInfo, hcpcsInfo, type PeriodHint } from './periods';
export { codeSetTooLarge, MAX_CODE_SET_BYTES, MAX_LINE_LENGTH, parseCodeSetBytes, readCodeSetFile, type ImportedCodeSet, type ReadOptions } from './read';
