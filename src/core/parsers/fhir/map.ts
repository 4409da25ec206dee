import type { Claim, Diagnosis, OutlineNode, Patient, ProcedureCode, ServiceLine } from '../../model/claim';
import type { ParseProblem } from '../../model/finding';
import type { Field, Span } from '../../model/span';
import { NODE_ACCESS, type FhirAccess, type FhirNode } from './node';
import { CPT_SYSTEM, isProcedureSystem } from '../../model/systems';
import { fhirIdentifierKey, fhirReferenceKey } from '../../model/patient-key';

export const FHIR_STRUCTURE = 'fhir-structure';
export { CPT_SYSTEM };
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

const ICD10_SYSTEM = /icd-?10/i;
/** Claim.status values of a claim that is not a service (FHIR FinancialResourceStatusCodes). */
const VOID_STATUSES = new Set(['cancelled', 'entered-in-error']);
/** Claim.related.relationship of the claim this one replaces (HL7 ex-relatedclaimrelationship). */
const PRIOR = 'prior';
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
const noPreference = (): boolean => false;

/** Where a claim and its items were read from, so the editor can find the source nodes again. */
export interface FhirClaimSource {
  readonly claim: FhirNode;
  readonly items: readonly FhirNode[];
}

/** The nodes the claims were read from, found when asked for (only the editor's changes ask). */
export interface FhirSources {
  /** The claim whose `Claim.span.start` is `start`, and its items. */
  claim(start: number): FhirClaimSource | undefined;
  /** The item whose `ServiceLine.span.start` is `start`. */
  item(start: number): FhirNode | undefined;
}

export interface FhirMapResult {
  readonly claims: Claim[];
  readonly problems: ParseProblem[];
  /** The outline, built on first call (only document symbols read it) and then kept. */
  readonly outline: () => OutlineNode[];
  readonly sources: FhirSources;
}

/** A short span naming a resource: its `resourceType` value (JSON) or its tag name (XML). */
export function typeSpanOf(node: FhirNode): Span {
  return typeSpanWith(NODE_ACCESS, node);
}

function typeSpanWith<N>(a: FhirAccess<N>, node: N): Span {
  const typeSpan = a.typeSpan(node);
  if (typeSpan) return typeSpan;
  const span = a.span(node);
  return { start: span.start, end: Math.min(span.end, span.start + 1) };
}

/**
 * Map a FHIR resource (a Claim, or a Bundle holding Claims) onto the claim model. Shared by the
 * JSON and XML readers; anything that is not an R4 Claim becomes a `fhir-structure` problem.
 */
export function mapFhir(root: FhirNode): FhirMapResult {
  return mapFhirWith(NODE_ACCESS, root);
}

/** {@link mapFhir} for a tree read through `a`. */
export function mapFhirWith<N>(a: FhirAccess<N>, root: N): FhirMapResult {
  let outline: OutlineNode[] | undefined;
  let buildOutline: () => OutlineNode[] = () => [];
  /** Each read claim's start, node and items, in the order of `claims`. */
  const read: ClaimRead<N>[] = [];
  const result: FhirMapResult = {
    claims: [],
    problems: [],
    outline: () => (outline ??= buildOutline()),
    sources: sourcesOf(a, read),
  };
  const problem = (messageId: string, s: Span, data?: Record<string, string | number>): void => {
    result.problems.push({ ruleId: FHIR_STRUCTURE, messageId, span: s, data });
  };

  const rootType = a.resourceType(root);
  if (rootType === 'Claim') {
    const node = readClaim(a, root, result, read, problem);
    if (node) buildOutline = () => [node()];
  } else if (rootType === 'Bundle') {
    const claimNodes: (() => OutlineNode)[] = [];
    let seen = 0;
    for (const entry of a.childrenOf(root, 'entry')) {
      const resource = a.child(entry, 'resource');
      if (resource === undefined || a.resourceType(resource) !== 'Claim') continue;
      seen++;
      const node = readClaim(a, resource, result, read, problem, a.primitiveField(entry, 'fullUrl')?.value.trim());
      if (node) claimNodes.push(node);
    }
    if (seen === 0) problem('bundleWithoutClaim', typeSpanWith(a, root));
    buildOutline = () => [
      {
        kind: 'bundle',
        label: 'Bundle',
        detail: `${claimNodes.length} claim${claimNodes.length === 1 ? '' : 's'}`,
        span: a.span(root),
        selectionSpan: typeSpanWith(a, root),
        children: claimNodes.map((node) => node()),
      },
    ];
  } else if (rootType) {
    // Not a claim at all (a Patient among exported resources): an info, as for any other non-claim file.
    result.problems.push({ ruleId: 'format-unsupported', messageId: 'notClaim', span: typeSpanWith(a, root), data: { resourceType: rootType } });
  } else {
    problem('noResourceType', typeSpanWith(a, root));
  }
  return result;
}

interface ClaimRead<N> {
  readonly start: number;
  readonly claim: N;
  readonly items: readonly N[];
}

/**
 * Claims are read in document order and hold their items, so the claim holding an offset is the
 * last one starting at or before it (a binary search) and its items are searched from there.
 */
function sourcesOf<N>(a: FhirAccess<N>, read: readonly ClaimRead<N>[]): FhirSources {
  /** The last claim starting at or before `start`, -1 if none. */
  const find = (start: number): number => {
    let lo = 0;
    let hi = read.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (read[mid].start <= start) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  return {
    claim(start) {
      const k = find(start);
      if (k < 0 || read[k].start !== start) return undefined;
      return { claim: a.node(read[k].claim), items: read[k].items.map((item) => a.node(item)) };
    },
    item(start) {
      const k = find(start);
      if (k < 0) return undefined;
      for (const item of read[k].items) if (a.span(item).start === start) return a.node(item);
      return undefined;
    },
  };
}

type ProblemSink = (messageId: string, s: Span, data?: Record<string, string | number>) => void;

/** Read one Claim into `result`; returns what builds its outline node (undefined when not read). */
function readClaim<N>(
  a: FhirAccess<N>,
  node: N,
  result: FhirMapResult,
  read: ClaimRead<N>[],
  problem: ProblemSink,
  fullUrl?: string,
): (() => OutlineNode) | undefined {
  const items = a.childrenOf(node, 'item');
  for (const item of items) {
    for (const name of PRE_R4_NAMES) {
      const old = a.child(item, name);
      if (old !== undefined) {
        problem('preR4', a.nameSpan(old) ?? a.propSpan(old), { element: `item.${name}`, replacement: PRE_R4_ITEM[name] });
        return undefined;
      }
    }
  }

  const id = a.primitiveField(a.child(node, 'identifier'), 'value') ?? a.primitiveField(node, 'id') ?? { value: '', raw: '', span: typeSpanWith(a, node) };

  const careTeam = new Map<number, Field<string>>();
  let claimTaxonomy: Field<string> | undefined;
  let claimTaxonomyIsPrimary = false;
  for (const member of a.childrenOf(node, 'careTeam')) {
    const taxonomy = codingCode(a, a.child(member, 'qualification'), isTaxonomySystem)?.code;
    const seq = numberField(a.primitiveField(member, 'sequence'));
    if (!taxonomy) continue;
    if (seq && Number.isFinite(seq.value)) careTeam.set(seq.value, taxonomy);
    const primary = codingCode(a, a.child(member, 'role'), noPreference)?.code.value === 'primary';
    if (!claimTaxonomy || (primary && !claimTaxonomyIsPrimary)) {
      claimTaxonomy = taxonomy;
      claimTaxonomyIsPrimary = primary;
    }
  }

  const diagnoses: Diagnosis[] = a.childrenOf(node, 'diagnosis').map((d, i) => {
    const seq = numberField(a.primitiveField(d, 'sequence'));
    const coded = codingCode(a, a.child(d, 'diagnosisCodeableConcept'), isIcd10System);
    return {
      sequence: seq && Number.isFinite(seq.value) ? seq.value : i + 1,
      code: coded?.code ?? { value: '', raw: '', span: a.span(d) },
      qualifier: coded?.system?.value ?? '',
      span: a.span(d),
    };
  });

  const claimDate = dateField(a.primitiveField(a.child(node, 'billablePeriod'), 'start'));
  const throughDate = dateField(a.primitiveField(a.child(node, 'billablePeriod'), 'end'));
  const patient = readPatient(a, node, id.value, problem);
  const frequency = readFrequency(a, node);
  const resourceId = a.primitiveField(node, 'id')?.value;
  const provider = a.child(node, 'provider');

  const lines: ServiceLine[] = [];
  for (const item of items) lines.push(readItem(a, item, claimDate, careTeam, problem));
  const itemOutline = (line: ServiceLine, item: N): OutlineNode => {
    const code = line.procedure?.code.value ?? '?';
    const mods = line.procedure?.modifiers.map((m) => m.value) ?? [];
    return {
      kind: 'line',
      label: `item ${line.number?.raw ?? '?'}: ${[code, ...mods].join('-')}`,
      detail: [line.quantity ? `${line.quantity.raw} ${line.unitBasis?.value ?? ''}`.trim() : '', line.serviceDate?.value ?? ''].filter((s) => s).join(' · '),
      span: a.span(item),
      selectionSpan: line.number?.span ?? a.span(item),
      children: [],
    };
  };

  const claim: Claim = {
    loopId: 'Claim',
    span: a.span(node),
    id,
    totalCharge: numberField(a.primitiveField(a.child(node, 'total'), 'value')),
    diagnoses,
    serviceDate: claimDate,
    throughDate,
    patient,
    renderingTaxonomy: claimTaxonomy,
    namesRenderingProvider: claimTaxonomy !== undefined || a.childrenOf(node, 'careTeam').length > 0,
    billingTaxonomy: containedTaxonomy(a, node, provider),
    billingProviderName: a.primitiveField(provider, 'display')?.value,
    billingProviderId: a.primitiveField(provider, 'reference')?.value || a.primitiveField(a.child(provider, 'identifier'), 'value')?.value || undefined,
    frequencyCode: frequency?.code,
    replaces: frequency?.replaces,
    aliases: aliasesOf(id.value, resourceId, fullUrl),
    lines,
  };
  result.claims.push(claim);
  read.push({ start: claim.span.start, claim: node, items });
  return () => ({
    kind: 'claim',
    label: `Claim ${id.value || '(no id)'}`,
    detail: [patient.memberId ?? '', claimDate?.value ?? ''].filter((s) => s).join(' · '),
    span: a.span(node),
    selectionSpan: id.value ? id.span : typeSpanWith(a, node),
    children: lines.map((line, k) => itemOutline(line, items[k])),
  });
}

/**
 * What a FHIR Claim says of its frequency, in X12's terms: `status` cancelled or entered-in-error
 * reads as a void (8); a `related` claim with relationship `prior` makes this claim a replacement
 * (7) of it. The claims replaced are named by the related claim's reference ({@link referenceKeys}),
 * its identifier value, and by `related.reference` (the prior claim's identifier).
 */
function readFrequency<N>(a: FhirAccess<N>, node: N): { code: Field<string>; replaces?: string[] } | undefined {
  const replaces: string[] = [];
  let prior: Field<string> | undefined;
  for (const related of a.childrenOf(node, 'related')) {
    const relationship = codingCode(a, a.child(related, 'relationship'), noPreference)?.code;
    if (relationship?.value !== PRIOR) continue;
    prior ??= relationship;
    const claim = a.child(related, 'claim');
    const reference = a.primitiveField(claim, 'reference')?.value;
    if (reference) replaces.push(...referenceKeys(reference));
    const identifier = a.primitiveField(a.child(claim, 'identifier'), 'value')?.value;
    if (identifier) replaces.push(identifier);
    const other = a.primitiveField(a.child(related, 'reference'), 'value')?.value;
    if (other) replaces.push(other);
  }
  const status = a.primitiveField(node, 'status');
  if (status && VOID_STATUSES.has(status.value.trim())) return { code: { value: '8', raw: status.raw, span: status.span }, replaces };
  if (prior) return { code: { value: '7', raw: prior.raw, span: prior.span }, replaces };
  return undefined;
}

/**
 * The keys a claim is known by besides its id (the first identifier value, else the resource id):
 * its resource id and the `fullUrl` of its Bundle entry, so a reference by either finds it.
 */
function aliasesOf(id: string, resourceId: string | undefined, fullUrl: string | undefined): string[] | undefined {
  const aliases: string[] = [];
  if (resourceId && resourceId !== id) aliases.push(resourceId);
  if (fullUrl && fullUrl !== id && fullUrl !== resourceId) aliases.push(fullUrl);
  return aliases.length > 0 ? aliases : undefined;
}

/**
 * The keys a reference to a Claim matches: the reference as written (a Bundle entry's `fullUrl`:
 * `urn:uuid:…` or an absolute URL) and, for a RESTful `[base/]Claim/<id>[/_history/<v>]`, the id.
 * A scan of '/'-separated parts, not a regex: references can be long.
 */
export function referenceKeys(reference: string): string[] {
  const v = reference.trim();
  const parts = v.split('/');
  let end = parts.length;
  if (end >= 4 && parts[end - 2] === '_history') end -= 2;
  const id = end >= 2 && parts[end - 2] === 'Claim' ? parts[end - 1] : '';
  return id !== '' && id !== v ? [v, id] : [v];
}

/**
 * The taxonomy of the billing provider when `Claim.provider` points at a resource contained in the
 * claim ("#id"): a PractitionerRole's `specialty`, a Practitioner's `qualification.code`, an
 * Organization's `type`, whichever codes a NUCC taxonomy.
 */
function containedTaxonomy<N>(a: FhirAccess<N>, node: N, provider: N | undefined): Field<string> | undefined {
  const reference = a.primitiveField(provider, 'reference')?.value;
  if (!reference?.startsWith('#')) return undefined;
  const id = reference.slice(1);
  for (const resource of a.childrenOf(node, 'contained')) {
    if (a.primitiveField(resource, 'id')?.value !== id) continue;
    const concepts = [
      ...a.childrenOf(resource, 'specialty'),
      ...a.childrenOf(resource, 'qualification').map((q) => a.child(q, 'code')),
      ...a.childrenOf(resource, 'type'),
    ];
    for (const concept of concepts) {
      const coded = codingCode(a, concept, isTaxonomySystem, true);
      if (coded && coded.system && isTaxonomySystem(coded.system.value)) return coded.code;
    }
  }
  return undefined;
}

function readPatient<N>(a: FhirAccess<N>, claim: N, claimId: string, problem: ProblemSink): Patient {
  const ref = a.child(claim, 'patient');
  const reference = a.primitiveField(ref, 'reference');
  const identifierNode = a.child(ref, 'identifier');
  const identifier = a.primitiveField(identifierNode, 'value');
  if (reference?.value) {
    // The part after the last '/', ':' or '#'. A scan, not /([^/:#]+)$/, which tries every start
    // and backtracked quadratically on a long reference ending in '/' (seconds for 40,000 characters).
    const v = reference.value;
    const memberId = v.slice(Math.max(v.lastIndexOf('/'), v.lastIndexOf(':'), v.lastIndexOf('#')) + 1) || undefined;
    return { key: fhirReferenceKey(reference.value), memberId, loopId: 'Claim.patient', span: a.span(ref!) };
  }
  if (identifier?.value) {
    // The person, in the identifier's system (docs/patient-identity.md): not scoped by the coverage.
    const system = a.primitiveField(identifierNode, 'system')?.value;
    return { key: fhirIdentifierKey(system, identifier.value), memberId: identifier.value, loopId: 'Claim.patient', span: a.span(ref!) };
  }
  const refSpan = ref === undefined ? undefined : a.span(ref);
  problem('noPatient', refSpan ?? typeSpanWith(a, claim));
  // Without a patient the claim stands alone: it must not be grouped with other claims.
  return { key: `claim:${claimId}:${a.span(claim).start}`, loopId: 'Claim.patient', span: ref === undefined ? undefined : a.span(ref) };
}

function readItem<N>(
  a: FhirAccess<N>,
  item: N,
  claimDate: Field<string> | undefined,
  careTeam: ReadonlyMap<number, Field<string>>,
  problem: ProblemSink,
): ServiceLine {
  const number = numberField(a.primitiveField(item, 'sequence'));
  const pos = a.child(item, 'productOrService');
  let procedure: ProcedureCode | undefined;
  if (pos !== undefined) {
    // CPT or HCPCS codings, or codings without a system; "97124" in SNOMED CT or a local code
    // system is another concept, and the policy's rules would misread it.
    const coded = codingCode(a, pos, isProcedureSystem, true);
    if (coded) {
      const modifiers: Field<string>[] = [];
      for (const m of a.childrenOf(item, 'modifier')) {
        const mc = codingCode(a, m, isProcedureSystem, true);
        if (mc) modifiers.push(mc.code);
      }
      procedure = { span: a.span(pos), qualifier: coded.system, code: coded.code, modifiers };
    }
  }
  if (!procedure) {
    const sequence = number?.raw ?? '?';
    const other = firstCodedSystem(a, pos);
    if (other) problem('notProcedureCoded', a.span(pos!), { sequence, system: other });
    else problem('noProductOrService', number?.span ?? a.span(item), { sequence });
  }

  const quantityNode = a.child(item, 'quantity');
  const quantity = numberField(a.primitiveField(quantityNode, 'value'));
  let unitBasis: Field<string> | undefined;
  if (quantityNode !== undefined) {
    const system = a.primitiveField(quantityNode, 'system')?.value;
    const code = a.primitiveField(quantityNode, 'code');
    const unit = a.primitiveField(quantityNode, 'unit');
    const minutes = code
      ? code.value === 'min' && (system === undefined || system === UCUM_SYSTEM)
      : unit !== undefined && MINUTE_UNITS.has(unit.value.toLowerCase());
    const where = code ?? unit;
    unitBasis = { value: minutes ? 'MJ' : 'UN', raw: where?.raw ?? '', span: where?.span ?? a.span(quantityNode) };
  }

  const pointers = a.childrenOf(item, 'diagnosisSequence');
  const diagnosisPointers: Field<number>[] = [];
  for (const p of pointers) {
    const f = numberField(a.fieldOf(p));
    if (f) diagnosisPointers.push(f);
  }
  let diagnosisPointersSpan: Span | undefined;
  if (pointers.length > 0) {
    diagnosisPointersSpan = a.arraySpan(pointers[0]) ?? { start: a.span(pointers[0]).start, end: a.span(pointers[pointers.length - 1]).end };
  } else {
    const sequence = a.child(item, 'sequence');
    diagnosisPointersSpan = sequence === undefined ? undefined : a.propSpan(sequence);
  }

  const careTeamSeq = numberField(a.primitiveField(item, 'careTeamSequence'));
  const serviceDate = dateField(a.primitiveField(item, 'servicedDate')) ?? dateField(a.primitiveField(a.child(item, 'servicedPeriod'), 'start')) ?? claimDate;

  const span = a.span(item);
  return {
    loopId: 'item',
    span,
    number,
    serviceSpan: span,
    procedure,
    charge: numberField(a.primitiveField(a.child(item, 'net'), 'value')),
    unitBasis,
    quantity,
    diagnosisPointers,
    diagnosisPointersSpan,
    hasPointerElement: true,
    serviceDate,
    renderingTaxonomy: careTeamSeq ? careTeam.get(careTeamSeq.value) : undefined,
    namesRenderingProvider: careTeamSeq !== undefined,
  };
}

/**
 * The code of a CodeableConcept: the first coding whose system `prefer` accepts, else the first
 * coding with a code (with `only`, the first with a code and no system: a coding that names another
 * system is another code set's concept, not one of ours).
 */
function codingCode<N>(
  a: FhirAccess<N>,
  concept: N | undefined,
  prefer: (system: string) => boolean,
  only = false,
): { code: Field<string>; system?: Field<string> } | undefined {
  let fallback: { code: Field<string>; system?: Field<string> } | undefined;
  for (const coding of a.childrenOf(concept, 'coding')) {
    const code = a.primitiveField(coding, 'code');
    if (!code) continue;
    const system = a.primitiveField(coding, 'system');
    if (system && prefer(system.value)) return { code, system };
    if (!only || !system?.value) fallback ??= { code, system };
  }
  return fallback;
}

/** The system of the first coding with a code (for saying what an item is coded in). */
function firstCodedSystem<N>(a: FhirAccess<N>, concept: N | undefined): string | undefined {
  for (const coding of a.childrenOf(concept, 'coding')) {
    if (a.primitiveField(coding, 'code')) return a.primitiveField(coding, 'system')?.value;
  }
  return undefined;
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
