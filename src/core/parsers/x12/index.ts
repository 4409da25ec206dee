import type { ClaimDocument } from '../../model/claim';

export function readX12(text: string): ClaimDocument {
  throw new Error('not yet ' + text.length);
}
