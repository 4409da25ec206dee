export { readX12, readX12Steps, x12ReadState, setX12ReadState } from './reader';
export { readClaimsAgain, readEditedClaim, type X12ReadState } from './reread';
export { isoDate } from './fields';
export { readDelimiters, contentStart, type Delimiters, ISA_LENGTH } from './delimiters';
export { tokenize, X12Segments, splitSpan } from './tokenizer';
export { x12LocationAt, type X12Location } from './location';
