import type { Claim, OutlineNode, ServiceLine } from '../../model/claim';
import type { Span } from '../../model/span';
import type { X12Segments } from './tokenizer';

const EMPTY_SPAN: Span = { start: 0, end: 0 };

/** The outline node of a claim and its lines; selecting it selects the CLM segment id. */
export function claimNode(claim: Claim, segs: X12Segments): OutlineNode {
  const clm = segs.indexAt(claim.span.start);
  const total = claim.totalCharge && Number.isFinite(claim.totalCharge.value) ? `$${claim.totalCharge.value.toFixed(2)}` : '';
  return {
    kind: 'claim',
    label: `CLM ${claim.id.value} ${total}`.trim(),
    detail: claim.serviceDate?.value,
    span: claim.span,
    selectionSpan: segs.elementSpan(clm, 0)!,
    children: claim.lines.map(lineNode),
  };
}

function lineNode(l: ServiceLine): OutlineNode {
  const code = l.procedure?.code.value || l.revenueCode?.value || 'line';
  const mods = l.procedure?.modifiers.map((m) => m.value).join(' ');
  const qty = l.quantity ? ` × ${l.quantity.raw.trim()} ${l.unitBasis?.value ?? ''}`.trimEnd() : '';
  return {
    kind: 'line',
    label: `${code}${mods ? ' ' + mods : ''}${qty} ${l.serviceDate?.value ?? ''}`.trim(),
    detail: l.number ? `LX ${l.number.raw}` : undefined,
    span: l.span,
    selectionSpan: l.procedure?.span ?? l.serviceSpan ?? EMPTY_SPAN,
    children: [],
  };
}
