import type { Claim, ClaimEditor, Diagnosis, LinePosition, ServiceLine } from '../../model/claim';
import type { TextEdit } from '../../model/finding';
import { childrenOf, child, primitive, type FhirNode } from './node';
import type { FhirSources } from './map';
import { CPT_SYSTEM, isCptSystem, isProcedureSystem } from '../../model/systems';

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

  /**
   * Remove the entries marked in `gone` from a repeating element, each run of neighbours as one
   * entry (so the separators between them go once); null when every entry would go.
   */
  const removeEntries = (entries: readonly FhirNode[], gone: readonly boolean[]): TextEdit[] | null => {
    if (gone.every((g) => g)) return null;
    const merged: FhirNode[] = [];
    const runs: number[] = [];
    for (let k = 0; k < entries.length; k++) {
      if (!gone[k]) {
        merged.push(entries[k]);
        continue;
      }
      let end = k;
      while (end + 1 < entries.length && gone[end + 1]) end++;
      runs.push(merged.length);
      // The run as one entry: removeEntry reads only an entry's span.
      merged.push({ ...entries[k], span: { start: entries[k].span.start, end: entries[end].span.end } } as FhirNode);
      k = end;
    }
    return runs.map((r) => syntax.removeEntry(merged, r));
  };

  /** A modifier entry's codings that the reader reads: those in a CPT or HCPCS system, or in none. */
  const procedureCodings = (entry: FhirNode): FhirNode[] =>
    childrenOf(entry, 'coding').filter((c) => {
      const system = primitive(c, 'system')?.value;
      return !system || isProcedureSystem(system);
    });
  const codeOf = (coding: FhirNode): string => (primitive(coding, 'code')?.value ?? '').trim().toUpperCase();
  /** The codes of an item's modifier entries (each entry's codings), in order. */
  const modifierCodes = (entry: FhirNode): string[] => procedureCodings(entry).map(codeOf);

  return {
    appendModifier(line: ServiceLine, modifier: string): TextEdit[] | null {
      if (!line.procedure) return null;
      return this.putModifier({ service: line.span, procedure: line.procedure.span }, modifier, []);
    },

    putModifier(at: LinePosition, modifier: string, instead: readonly string[]): TextEdit[] | null {
      const item = sources.item(at.service.start);
      if (!item || item.span.end !== at.service.end || !/^[A-Za-z0-9]{2}$/.test(modifier)) return null;
      const entries = childrenOf(item, 'modifier');
      const codes = entries.map(modifierCodes);
      const hit = codes.map((list) => list.some((c) => instead.includes(c)));
      const first = hit.indexOf(true);
      if (first < 0) {
        if (entries.length >= MAX_MODIFIERS || codes.some((list) => list.includes(modifier.toUpperCase()))) return null;
        const edit = syntax.insertModifier(item, modifier);
        return edit ? [edit] : null;
      }
      // The entry's code(s) named in `instead` become the modifier, in the CPT system a new coding
      // is written in (an X modifier's HCPCS system would misname 59); other entries naming one go.
      const edits: TextEdit[] = [];
      for (const coding of procedureCodings(entries[first])) {
        if (!instead.includes(codeOf(coding))) continue;
        edits.push(replace(primitive(coding, 'code'), modifier)!);
        const system = primitive(coding, 'system');
        if (system && !isCptSystem(system.value ?? '')) edits.push(replace(system, CPT_SYSTEM)!);
      }
      const others = hit.map((h, k) => h && k !== first);
      if (others.some((h) => h)) {
        const removal = removeEntries(entries, others);
        if (!removal) return null;
        edits.push(...removal);
      }
      return edits.length > 0 ? edits : null;
    },

    removeModifiers(at: LinePosition, modifiers: readonly string[]): TextEdit[] | null {
      const item = sources.item(at.service.start);
      if (!item || item.span.end !== at.service.end) return null;
      const entries = childrenOf(item, 'modifier');
      const gone = entries.map((entry) => modifierCodes(entry).some((c) => modifiers.includes(c)));
      if (!gone.some((g) => g)) return null;
      return removeEntries(entries, gone);
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
      return this.removeLines(claim, [line]);
    },

    removeLines(claim: Claim, lines: readonly ServiceLine[]): TextEdit[] | null {
      const source = sources.claim(claim.span.start);
      if (!source || lines.length === 0) return null;
      const gone = source.items.map(() => false);
      for (const line of lines) {
        const item = sources.item(line.span.start);
        const index = item ? source.items.indexOf(item) : -1;
        if (index < 0) return null;
        gone[index] = true;
      }
      const edits = removeEntries(source.items, gone);
      if (!edits) return null;
      let removed = 0;
      for (let k = 0; k < source.items.length; k++) {
        if (gone[k]) {
          removed++;
          continue;
        }
        if (removed === 0) continue;
        const seq = primitive(source.items[k], 'sequence');
        const n = Number(seq?.value);
        if (!seq || !Number.isInteger(n)) return null;
        edits.push(replace(seq, String(n - removed))!);
      }
      const total = claim.totalCharge;
      let charges = 0;
      for (const line of lines) if (line.charge && Number.isFinite(line.charge.value)) charges += Math.round(line.charge.value * 100);
      if (total && Number.isFinite(total.value) && charges !== 0) {
        const places = Math.max(decimals(total.raw), ...lines.map((l) => (l.charge ? decimals(l.charge.raw) : 0)));
        const cents = Math.round(total.value * 100) - charges;
        const text = places > 0 ? (cents / 100).toFixed(Math.min(places, 20)) : String(cents / 100);
        const edit = replace(primitive(child(source.claim, 'total'), 'value'), text);
        if (edit) edits.push(edit);
      }
      return edits;
    },

    setDiagnosisCode(diagnosis: Diagnosis, code: string): TextEdit[] | null {
      const span = diagnosis.code.span;
      if (span.end <= span.start || !/^[A-Za-z0-9.]+$/.test(code)) return null;
      return [{ span, newText: syntax.escape(code) }];
    },
  };
}
