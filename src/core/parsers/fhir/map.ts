import type { Claim, Diagnosis, OutlineNode, Patient, ProcedureCode, ServiceLine } from '../../model/claim';
import type { ParseProblem } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { child, childrenOf, path, primitive, type FhirNode } from './node';

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
    for (const name of Object.keys(PRE_R4_ITEM)) {
      const old = child(item, name);
      if (old) {
        problem('preR4', old.nameSpan ?? old.propSpan, { element: `item.${name}`, replacement: PRE_R4_ITEM[name] });
        return undefined;
      }
    }
  }

  const id = stringField(primitive(child(node, 'identifier'), 'value')) ??
    stringField(primitive(node, 'id')) ?? { value: '', raw: '', span: typeSpanOf(node) };

  const careTeam = new Map<number, Field<string>>();
  let claimTaxonomy: Field<string> | undefined;
  let claimTaxonomyIsPrimary = false;
  for (const member of childrenOf(node, 'careTeam')) {
    const taxonomy = codingCode(child(member, 'qualification'), (s) => TAXONOMY_SYSTEM.test(s))?.code;
    const seq = numberField(primitive(member, 'sequence'));
    if (!taxonomy) continue;
    if (seq && Number.isFinite(seq.value)) careTeam.set(seq.value, taxonomy);
    const primary = codingCode(child(member, 'role'), () => false)?.code.value === 'primary';
    if (!claimTaxonomy || (primary && !claimTaxonomyIsPrimary)) {
      claimTaxonomy = taxonomy;
      claimTaxonomyIsPrimary = primary;
    }
  }

  const diagnoses: Diagnosis[] = childrenOf(node, 'diagnosis').map((d, i) => {
    const seq = numberField(primitive(d, 'sequence'));
    const coded = codingCode(child(d, 'diagnosisCodeableConcept'), (s) => ICD10_SYSTEM.test(s));
    return {
      sequence: seq && Number.isFinite(seq.value) ? seq.value : i + 1,
      code: coded?.code ?? { value: '', raw: '', span: d.span },
      qualifier: coded?.system?.value ?? '',
      span: d.span,
    };
  });

  const claimDate = dateField(primitive(child(node, 'billablePeriod'), 'start'));
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
    totalCharge: numberField(primitive(child(node, 'total'), 'value')),
    diagnoses,
    serviceDate: claimDate,
    patient,
    renderingTaxonomy: claimTaxonomy,
    billingProviderName: primitive(child(node, 'provider'), 'display')?.value,
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
  const reference = primitive(ref, 'reference');
  const identifier = primitive(child(ref, 'identifier'), 'value');
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
  const number = numberField(primitive(item, 'sequence'));
  const pos = child(item, 'productOrService');
  let procedure: ProcedureCode | undefined;
  if (pos) {
    const coded = codingCode(pos, (s) => s === CPT_SYSTEM || HCPCS_SYSTEM.test(s));
    if (coded) {
      const modifiers: Field<string>[] = [];
      for (const m of childrenOf(item, 'modifier')) {
        const mc = codingCode(m, (s) => s === CPT_SYSTEM || HCPCS_SYSTEM.test(s));
        if (mc) modifiers.push(mc.code);
      }
      procedure = { span: pos.span, qualifier: coded.system, code: coded.code, modifiers };
    }
  }
  if (!procedure) problem('noProductOrService', number?.span ?? item.span, { sequence: number?.raw ?? '?' });

  const quantityNode = child(item, 'quantity');
  const quantity = numberField(primitive(quantityNode, 'value'));
  let unitBasis: Field<string> | undefined;
  if (quantityNode) {
    const system = primitive(quantityNode, 'system')?.value;
    const code = primitive(quantityNode, 'code');
    const unit = primitive(quantityNode, 'unit');
    const minutes = code
      ? code.value === 'min' && (system === undefined || system === UCUM_SYSTEM)
      : unit !== undefined && MINUTE_UNITS.has(unit.value!.toLowerCase());
    const where = code ?? unit;
    unitBasis = { value: minutes ? 'MJ' : 'UN', raw: where?.raw ?? '', span: where?.valueSpan ?? quantityNode.span };
  }

  const pointers = childrenOf(item, 'diagnosisSequence');
  const diagnosisPointers: Field<number>[] = [];
  for (const p of pointers) {
    const f = numberField(p.valueSpan ? p : undefined);
    if (f) diagnosisPointers.push(f);
  }
  let diagnosisPointersSpan: Span | undefined;
  if (pointers.length > 0) {
    diagnosisPointersSpan = pointers[0].arraySpan ?? { start: pointers[0].span.start, end: pointers[pointers.length - 1].span.end };
  } else {
    diagnosisPointersSpan = child(item, 'sequence')?.propSpan;
  }

  const careTeamSeq = numberField(primitive(item, 'careTeamSequence'));
  const serviceDate =
    dateField(primitive(item, 'servicedDate')) ?? dateField(primitive(child(item, 'servicedPeriod'), 'start')) ?? claimDate;

  return {
    loopId: 'item',
    span: item.span,
    number,
    serviceSpan: item.span,
    procedure,
    charge: numberField(primitive(path(item, 'net'), 'value')),
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
    const code = stringField(primitive(coding, 'code'));
    if (!code) continue;
    const system = stringField(primitive(coding, 'system'));
    if (system && prefer(system.value)) return { code, system };
    fallback ??= { code, system };
  }
  return fallback;
}

function stringField(n: FhirNode | undefined): Field<string> | undefined {
  // Each property read once: a node may compute them on demand (the JSON reader's do).
  const value = n?.value;
  if (value === undefined) return undefined;
  const span = n!.valueSpan;
  if (!span) return undefined;
  const raw = n!.raw;
  return { value, raw: raw === undefined || raw === value ? value : raw, span };
}

function numberField(n: FhirNode | undefined): Field<number> | undefined {
  const f = stringField(n);
  if (!f) return undefined;
  const v = f.value.trim() === '' ? NaN : Number(f.value);
  return { value: v, raw: f.raw, span: f.span };
}

/** dateTime values keep their span but the model wants the date only. */
function dateField(n: FhirNode | undefined): Field<string> | undefined {
  const f = stringField(n);
  if (!f) return undefined;
  const m = /^\d{4}-\d{2}-\d{2}/.exec(f.value);
  return { value: m ? m[0] : f.value, raw: f.raw, span: f.span };
}
