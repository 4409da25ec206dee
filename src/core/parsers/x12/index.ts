export { readX12, readX12Steps, isoDate, rereadX12Claim, x12ReadState, setX12ReadState, type X12ReadState } from './reader';
export { readDelimiters, contentStart, type Delimiters, ISA_LENGTH } from './delimiters';
export { tokenize, X12Segments, splitSpan } from './tokenizer';
export { x12LocationAt, type X12Location } from './location';
