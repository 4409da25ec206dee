import type { Claim, ClaimEditor, ServiceLine } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import { childrenOf, child, primitive, type FhirNode } from './node';
import type { FhirSources } from './map';

/** What differs between JSON and XML when editing: how text is written and how entries are added or removed. */
export interface FhirSyntax {
  /** Escape a primitive's new value for the place it is written (inside JSON quotes, inside an XML attribute). */
  escape(value: string): string;
  /** Insert a modifier coding after the item's productOrService (or its last modifier); null when not possible. */
  insertModifier(item: FhirNode, code: string): TextEdit | null;
  /** Remove `entries[index]` (an entry of a repeating element) keeping the text valid. */
  removeEntry(entries: readonly FhirNode[], index: number): TextEdit;
}

/** The most modifiers a claim line may carry (X12 SV1-01-3..6; the model holds four). */
const MAX_MODIFIERS = 4;
/** UCUM's unity: a plain count. Minutes turned into units are written as this code and unit text. */
export const UNITS_CODE = '1';
export const UNITS_UNIT = 'units';

/** Number of decimals as written ("250.00" → 2). */
function decimals(raw: string): number {
  const m = /\.(\d+)/.exec(raw);
  return m ? m[1].length : 0;
}

/**
 * The FHIR ClaimEditor: edits are minimal replacements of primitive values plus one insertion or
 * removal, so the file keeps its layout. Claims and items are found again by their start offsets.
 */
export function createFhirEditor(syntax: FhirSyntax, sources: FhirSources): ClaimEditor {
  const replace = (node: FhirNode | undefined, value: string): TextEdit | null =>
    node?.valueSpan ? { span: node.valueSpan, newText: syntax.escape(value) } : null;

  return {
    appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null {
      const item = sources.item(line.span.start);
      if (!item || !line.procedure || !/^[A-Za-z0-9]{2}$/.test(modifier)) return null;
      if (childrenOf(item, 'modifier').length >= MAX_MODIFIERS) return null;
      if (line.procedure.modifiers.some((m) => m.value === modifier)) return null;
      const edit = syntax.insertModifier(item, modifier);
      return edit ? [edit] : null;
    },

    setUnits(line: ServiceLine, units: number): TextEdit[] | null {
      const quantity = child(sources.item(line.span.start), 'quantity');
      const value = replace(primitive(quantity, 'value'), String(units));
      if (!value || !Number.isFinite(units)) return null;
      const edits = [value];
      if (line.unitBasis?.value === 'MJ') {
        const unit = replace(primitive(quantity, 'unit'), UNITS_UNIT);
        const code = replace(primitive(quantity, 'code'), UNITS_CODE);
        if (unit) edits.push(unit);
        if (code) edits.push(code);
      }
      return edits;
    },

    setQuantity(line: ServiceLine, quantity: number): TextEdit[] | null {
      if (!Number.isFinite(quantity)) return null;
      const value = replace(primitive(child(sources.item(line.span.start), 'quantity'), 'value'), String(quantity));
      return value ? [value] : null;
    },

    removeLine(claim: Claim, line: ServiceLine): TextEdit[] | null {
      const source = sources.claim(claim.span.start);
      const item = sources.item(line.span.start);
      if (!source || !item) return null;
      const index = source.items.indexOf(item);
      if (index < 0 || source.items.length < 2) return null;
      const edits: TextEdit[] = [syntax.removeEntry(source.items, index)];
      for (const later of source.items.slice(index + 1)) {
        const seq = primitive(later, 'sequence');
        const n = Number(seq?.value);
        if (!seq || !Number.isInteger(n)) return null;
        edits.push(replace(seq, String(n - 1))!);
      }
      const total = claim.totalCharge;
      const charge = line.charge;
      if (total && charge && Number.isFinite(total.value) && Number.isFinite(charge.value) && charge.value !== 0) {
        const places = Math.max(decimals(total.raw), decimals(charge.raw));
        const cents = Math.round(total.value * 100) - Math.round(charge.value * 100);
        const text = places > 0 ? (cents / 100).toFixed(Math.min(places, 20)) : String(cents / 100);
        edits.push(replace(primitive(child(source.claim, 'total'), 'value'), text)!);
      }
      return edits;
    },
  };
}
