import type { Claim, Diagnosis, OutlineNode, Patient, ProcedureCode, ServiceLine } from '../../model/claim';
import type { ParseProblem } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { child, childrenOf, fieldOf, primitiveField, type FhirNode } from './node';

export const FHIR_STRUCTURE = 'fhir-structure';
export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

const HCPCS_SYSTEM = /hcpcs/i;
const ICD10_SYSTEM = /icd-?10/i;
const TAXONOMY_SYSTEM = /nucc|taxonomy/i;
const MINUTE_UNITS = new Set(['min', 'minute', 'minutes']);
/** Element names that R4 dropped from Claim (STU3 and DSTU2 used them); seeing one means "not R4". */
const PRE_R4_ITEM: Readonly<Record<string, string>> = {
  service: 'item.productOrService',
  diagnosisLinkId: 'item.diagnosisSequence',
  careTeamLinkId: 'item.careTeamSequence',
  procedureLinkId: 'item.procedureSequence',
  informationLinkId: 'item.informationSequence',
};
const PRE_R4_NAMES = Object.keys(PRE_R4_ITEM);
const isTaxonomySystem = (s: string): boolean => TAXONOMY_SYSTEM.test(s);
const isIcd10System = (s: string): boolean => ICD10_SYSTEM.test(s);
const isProcedureSystem = (s: string): boolean => s === CPT_SYSTEM || HCPCS_SYSTEM.test(s);
const noPreference = (): boolean => false;

/** Where a claim and its items were read from, so the editor can find the source nodes again. */
export interface FhirClaimSource {
  readonly claim: FhirNode;
  readonly items: readonly FhirNode[];
}

export interface FhirMapResult {
  readonly claims: Claim[];
  readonly problems: ParseProblem[];
  /** The outline, built on first call (only document symbols read it) and then kept. */
  readonly outline: () => OutlineNode[];
  /** Keyed by `Claim.span.start`. */
  readonly claimSources: Map<number, FhirClaimSource>;
  /** Keyed by `ServiceLine.span.start`. */
  readonly itemSources: Map<number, FhirNode>;
}

/** A short span naming a resource: its `resourceType` value (JSON) or its tag name (XML). */
export function typeSpanOf(node: FhirNode): Span {
  return node.typeSpan ?? { start: node.span.start, end: Math.min(node.span.end, node.span.start + 1) };
}

/**
 * Map a FHIR resource (a Claim, or a Bundle holding Claims) onto the claim model. Shared by the
 * JSON and XML readers; anything that is not an R4 Claim becomes a `fhir-structure` problem.
 */
export function mapFhir(root: FhirNode): FhirMapResult {
  let outline: OutlineNode[] | undefined;
  let buildOutline: () => OutlineNode[] = () => [];
  const result: FhirMapResult = {
    claims: [],
    problems: [],
    outline: () => (outline ??= buildOutline()),
    claimSources: new Map(),
    itemSources: new Map(),
  };
  const problem = (messageId: string, s: Span, data?: Record<string, string | number>): void => {
    result.problems.push({ ruleId: FHIR_STRUCTURE, messageId, span: s, data });
  };

  if (root.resourceType === 'Claim') {
    const node = readClaim(root, result, problem);
    if (node) buildOutline = () => [node()];
  } else if (root.resourceType === 'Bundle') {
    const claimNodes: (() => OutlineNode)[] = [];
    let seen = 0;
    for (const entry of childrenOf(root, 'entry')) {
      const resource = child(entry, 'resource');
      if (resource?.resourceType !== 'Claim') continue;
      seen++;
      const node = readClaim(resource, result, problem);
      if (node) claimNodes.push(node);
    }
    if (seen === 0) problem('bundleWithoutClaim', typeSpanOf(root));
    buildOutline = () => [
      {
        kind: 'bundle',
        label: 'Bundle',
        detail: `${claimNodes.length} claim${claimNodes.length === 1 ? '' : 's'}`,
        span: root.span,
        selectionSpan: typeSpanOf(root),
        children: claimNodes.map((node) => node()),
      },
    ];
  } else if (root.resourceType) {
    problem('notClaim', typeSpanOf(root), { resourceType: root.resourceType });
  } else {
    problem('noResourceType', typeSpanOf(root));
  }
  return result;
}

type ProblemSink = (messageId: string, s: Span, data?: Record<string, string | number>) => void;

/** Read one Claim into `result`; returns what builds its outline node (undefined when not read). */
function readClaim(node: FhirNode, result: FhirMapResult, problem: ProblemSink): (() => OutlineNode) | undefined {
  const items = childrenOf(node, 'item');
  for (const item of items) {
    for (const name of PRE_R4_NAMES) {
      const old = child(item, name);
      if (old) {
        problem('preR4', old.nameSpan ?? old.propSpan, { element: `item.${name}`, replacement: PRE_R4_ITEM[name] });
        return undefined;
      }
    }
  }

  const id = primitiveField(child(node, 'identifier'), 'value') ??
    primitiveField(node, 'id') ?? { value: '', raw: '', span: typeSpanOf(node) };

  const careTeam = new Map<number, Field<string>>();
  let claimTaxonomy: Field<string> | undefined;
  let claimTaxonomyIsPrimary = false;
  for (const member of childrenOf(node, 'careTeam')) {
    const taxonomy = codingCode(child(member, 'qualification'), isTaxonomySystem)?.code;
    const seq = numberField(primitiveField(member, 'sequence'));
    if (!taxonomy) continue;
    if (seq && Number.isFinite(seq.value)) careTeam.set(seq.value, taxonomy);
    const primary = codingCode(child(member, 'role'), noPreference)?.code.value === 'primary';
    if (!claimTaxonomy || (primary && !claimTaxonomyIsPrimary)) {
      claimTaxonomy = taxonomy;
      claimTaxonomyIsPrimary = primary;
    }
  }

  const diagnoses: Diagnosis[] = childrenOf(node, 'diagnosis').map((d, i) => {
    const seq = numberField(primitiveField(d, 'sequence'));
    const coded = codingCode(child(d, 'diagnosisCodeableConcept'), isIcd10System);
    return {
      sequence: seq && Number.isFinite(seq.value) ? seq.value : i + 1,
      code: coded?.code ?? { value: '', raw: '', span: d.span },
      qualifier: coded?.system?.value ?? '',
      span: d.span,
    };
  });

  const claimDate = dateField(primitiveField(child(node, 'billablePeriod'), 'start'));
  const patient = readPatient(node, id.value, problem);

  const lines: ServiceLine[] = [];
  for (const item of items) {
    const line = readItem(item, claimDate, careTeam, problem);
    lines.push(line);
    result.itemSources.set(line.span.start, item);
  }
  const itemOutline = (line: ServiceLine, item: FhirNode): OutlineNode => {
    const code = line.procedure?.code.value ?? '?';
    const mods = line.procedure?.modifiers.map((m) => m.value) ?? [];
    return {
      kind: 'line',
      label: `item ${line.number?.raw ?? '?'}: ${[code, ...mods].join('-')}`,
      detail: [line.quantity ? `${line.quantity.raw} ${line.unitBasis?.value ?? ''}`.trim() : '', line.serviceDate?.value ?? '']
        .filter((s) => s)
        .join(' · '),
      span: item.span,
      selectionSpan: line.number?.span ?? item.span,
      children: [],
    };
  };

  const claim: Claim = {
    loopId: 'Claim',
    span: node.span,
    id,
    totalCharge: numberField(primitiveField(child(node, 'total'), 'value')),
    diagnoses,
    serviceDate: claimDate,
    patient,
    renderingTaxonomy: claimTaxonomy,
    billingProviderName: primitiveField(child(node, 'provider'), 'display')?.value,
    lines,
  };
  result.claims.push(claim);
  result.claimSources.set(claim.span.start, { claim: node, items });
  return () => ({
    kind: 'claim',
    label: `Claim ${id.value || '(no id)'}`,
    detail: [patient.memberId ?? '', claimDate?.value ?? ''].filter((s) => s).join(' · '),
    span: node.span,
    selectionSpan: id.value ? id.span : typeSpanOf(node),
    children: lines.map((line, k) => itemOutline(line, items[k])),
  });
}

function readPatient(claim: FhirNode, claimId: string, problem: ProblemSink): Patient {
  const ref = child(claim, 'patient');
  const reference = primitiveField(ref, 'reference');
  const identifier = primitiveField(child(ref, 'identifier'), 'value');
  if (reference?.value) {
    // The part after the last '/', ':' or '#'. A scan, not /([^/:#]+)$/, which tries every start
    // and backtracked quadratically on a long reference ending in '/' (seconds for 40,000 characters).
    const v = reference.value;
    const memberId = v.slice(Math.max(v.lastIndexOf('/'), v.lastIndexOf(':'), v.lastIndexOf('#')) + 1) || undefined;
    return { key: `ref:${reference.value}`, memberId, loopId: 'Claim.patient', span: ref!.span };
  }
  if (identifier?.value) {
    return { key: `id:${identifier.value}`, memberId: identifier.value, loopId: 'Claim.patient', span: ref!.span };
  }
  problem('noPatient', ref?.span ?? typeSpanOf(claim));
  // Without a patient the claim stands alone: it must not be grouped with other claims.
  return { key: `claim:${claimId}:${claim.span.start}`, loopId: 'Claim.patient', span: ref?.span };
}

function readItem(
  item: FhirNode,
  claimDate: Field<string> | undefined,
  careTeam: ReadonlyMap<number, Field<string>>,
  problem: ProblemSink,
): ServiceLine {
  const number = numberField(primitiveField(item, 'sequence'));
  const pos = child(item, 'productOrService');
  let procedure: ProcedureCode | undefined;
  if (pos) {
    const coded = codingCode(pos, isProcedureSystem);
    if (coded) {
      const modifiers: Field<string>[] = [];
      for (const m of childrenOf(item, 'modifier')) {
        const mc = codingCode(m, isProcedureSystem);
        if (mc) modifiers.push(mc.code);
      }
      procedure = { span: pos.span, qualifier: coded.system, code: coded.code, modifiers };
    }
  }
  if (!procedure) problem('noProductOrService', number?.span ?? item.span, { sequence: number?.raw ?? '?' });

  const quantityNode = child(item, 'quantity');
  const quantity = numberField(primitiveField(quantityNode, 'value'));
  let unitBasis: Field<string> | undefined;
  if (quantityNode) {
    const system = primitiveField(quantityNode, 'system')?.value;
    const code = primitiveField(quantityNode, 'code');
    const unit = primitiveField(quantityNode, 'unit');
    const minutes = code
      ? code.value === 'min' && (system === undefined || system === UCUM_SYSTEM)
      : unit !== undefined && MINUTE_UNITS.has(unit.value.toLowerCase());
    const where = code ?? unit;
    unitBasis = { value: minutes ? 'MJ' : 'UN', raw: where?.raw ?? '', span: where?.span ?? quantityNode.span };
  }

  const pointers = childrenOf(item, 'diagnosisSequence');
  const diagnosisPointers: Field<number>[] = [];
  for (const p of pointers) {
    const f = numberField(fieldOf(p));
    if (f) diagnosisPointers.push(f);
  }
  let diagnosisPointersSpan: Span | undefined;
  if (pointers.length > 0) {
    diagnosisPointersSpan = pointers[0].arraySpan ?? { start: pointers[0].span.start, end: pointers[pointers.length - 1].span.end };
  } else {
    diagnosisPointersSpan = child(item, 'sequence')?.propSpan;
  }

  const careTeamSeq = numberField(primitiveField(item, 'careTeamSequence'));
  const serviceDate =
    dateField(primitiveField(item, 'servicedDate')) ?? dateField(primitiveField(child(item, 'servicedPeriod'), 'start')) ?? claimDate;

  const span = item.span;
  return {
    loopId: 'item',
    span,
    number,
    serviceSpan: span,
    procedure,
    charge: numberField(primitiveField(child(item, 'net'), 'value')),
    unitBasis,
    quantity,
    diagnosisPointers,
    diagnosisPointersSpan,
    hasPointerElement: true,
    serviceDate,
    renderingTaxonomy: careTeamSeq ? careTeam.get(careTeamSeq.value) : undefined,
  };
}

/** The code of a CodeableConcept: the first coding whose system `prefer` accepts, else the first coding with a code. */
function codingCode(
  concept: FhirNode | undefined,
  prefer: (system: string) => boolean,
): { code: Field<string>; system?: Field<string> } | undefined {
  let fallback: { code: Field<string>; system?: Field<string> } | undefined;
  for (const coding of childrenOf(concept, 'coding')) {
    const code = primitiveField(coding, 'code');
    if (!code) continue;
    const system = primitiveField(coding, 'system');
    if (system && prefer(system.value)) return { code, system };
    fallback ??= { code, system };
  }
  return fallback;
}

function numberField(f: Field<string> | undefined): Field<number> | undefined {
  if (!f) return undefined;
  const v = f.value.trim() === '' ? NaN : Number(f.value);
  return { value: v, raw: f.raw, span: f.span };
}

/** dateTime values keep their span but the model wants the date only (the field itself when it is just a date). */
function dateField(f: Field<string> | undefined): Field<string> | undefined {
  if (!f) return undefined;
  const v = f.value;
  return v.length > 10 && startsWithDate(v) ? { value: v.slice(0, 10), raw: f.raw, span: f.span } : f;
}

/** /^\d{4}-\d{2}-\d{2}/ without a regex. */
function startsWithDate(v: string): boolean {
  for (let k = 0; k < 10; k++) {
    const c = v.charCodeAt(k);
    if (k === 4 || k === 7 ? c !== 45 : !(c >= 48 && c <= 57)) return false;
  }
  return true;
}
