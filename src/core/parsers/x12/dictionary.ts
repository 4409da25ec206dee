import type { DocumentFormat } from '../../model/claim';

/**
 * Names of the 005010 837 segments and elements the claim model reads (X222 professional,
 * X223 institutional), with the loop each belongs to. Used by hovers; nothing here is read by
 * the rules.
 */

export interface X12ElementInfo {
  readonly name: string;
  /** Component names, 1-based order, for composite elements. */
  readonly components?: readonly string[];
}

export interface X12SegmentInfo {
  readonly id: string;
  readonly name: string;
  /** 1-based element position → info. */
  readonly elements: Readonly<Record<number, X12ElementInfo>>;
}

/** Where a segment stands, as far as the caller knows it from the model. */
export type X12Region = 'header' | 'claim' | 'line';

export interface X12ElementDescription {
  /** "SV1", "SV1-03" or "SV1-01-2". */
  readonly label: string;
  /** Name of the segment, element or component under the label. */
  readonly name: string;
  /** For a component: the composite it belongs to ("SV1-01 Composite Medical Procedure Identifier"). */
  readonly parent?: string;
  /** "2400 Service Line"; undefined for segments outside any loop. */
  readonly loop?: string;
}

const PROCEDURE_COMPOSITE: X12ElementInfo = {
  name: 'Composite Medical Procedure Identifier',
  components: [
    'Product/Service ID Qualifier',
    'Procedure Code',
    'Procedure Modifier',
    'Procedure Modifier',
    'Procedure Modifier',
    'Procedure Modifier',
    'Description',
  ],
};

const HI_COMPOSITE: X12ElementInfo = {
  name: 'Health Care Code Information',
  components: ['Code List Qualifier Code', 'Diagnosis Code'],
};

const SEGMENTS: readonly X12SegmentInfo[] = [
  {
    id: 'ISA',
    name: 'Interchange Control Header',
    elements: {
      1: { name: 'Authorization Information Qualifier' },
      2: { name: 'Authorization Information' },
      3: { name: 'Security Information Qualifier' },
      4: { name: 'Security Information' },
      5: { name: 'Interchange ID Qualifier' },
      6: { name: 'Interchange Sender ID' },
      7: { name: 'Interchange ID Qualifier' },
      8: { name: 'Interchange Receiver ID' },
      9: { name: 'Interchange Date' },
      10: { name: 'Interchange Time' },
      11: { name: 'Repetition Separator' },
      12: { name: 'Interchange Control Version Number' },
      13: { name: 'Interchange Control Number' },
      14: { name: 'Acknowledgment Requested' },
      15: { name: 'Interchange Usage Indicator' },
      16: { name: 'Component Element Separator' },
    },
  },
  {
    id: 'IEA',
    name: 'Interchange Control Trailer',
    elements: { 1: { name: 'Number of Included Functional Groups' }, 2: { name: 'Interchange Control Number' } },
  },
  {
    id: 'GS',
    name: 'Functional Group Header',
    elements: {
      1: { name: 'Functional Identifier Code' },
      2: { name: "Application Sender's Code" },
      3: { name: "Application Receiver's Code" },
      4: { name: 'Date' },
      5: { name: 'Time' },
      6: { name: 'Group Control Number' },
      7: { name: 'Responsible Agency Code' },
      8: { name: 'Version / Release / Industry Identifier Code' },
    },
  },
  {
    id: 'GE',
    name: 'Functional Group Trailer',
    elements: { 1: { name: 'Number of Transaction Sets Included' }, 2: { name: 'Group Control Number' } },
  },
  {
    id: 'ST',
    name: 'Transaction Set Header',
    elements: {
      1: { name: 'Transaction Set Identifier Code' },
      2: { name: 'Transaction Set Control Number' },
      3: { name: 'Implementation Convention Reference' },
    },
  },
  {
    id: 'SE',
    name: 'Transaction Set Trailer',
    elements: { 1: { name: 'Transaction Segment Count' }, 2: { name: 'Transaction Set Control Number' } },
  },
  {
    id: 'HL',
    name: 'Hierarchical Level',
    elements: {
      1: { name: 'Hierarchical ID Number' },
      2: { name: 'Hierarchical Parent ID Number' },
      3: { name: 'Hierarchical Level Code' },
      4: { name: 'Hierarchical Child Code' },
    },
  },
  {
    id: 'SBR',
    name: 'Subscriber Information',
    elements: {
      1: { name: 'Payer Responsibility Sequence Number Code' },
      2: { name: 'Individual Relationship Code' },
      3: { name: 'Subscriber Group or Policy Number' },
      4: { name: 'Subscriber Group Name' },
      5: { name: 'Insurance Type Code' },
      9: { name: 'Claim Filing Indicator Code' },
    },
  },
  {
    id: 'PAT',
    name: 'Patient Information',
    elements: { 1: { name: 'Individual Relationship Code' } },
  },
  {
    id: 'NM1',
    name: 'Individual or Organizational Name',
    elements: {
      1: { name: 'Entity Identifier Code' },
      2: { name: 'Entity Type Qualifier' },
      3: { name: 'Name Last or Organization Name' },
      4: { name: 'Name First' },
      5: { name: 'Name Middle' },
      6: { name: 'Name Prefix' },
      7: { name: 'Name Suffix' },
      8: { name: 'Identification Code Qualifier' },
      9: { name: 'Identification Code' },
    },
  },
  {
    id: 'DMG',
    name: 'Demographic Information',
    elements: {
      1: { name: 'Date Time Period Format Qualifier' },
      2: { name: 'Birth Date' },
      3: { name: 'Gender Code' },
    },
  },
  {
    id: 'CLM',
    name: 'Claim Information',
    elements: {
      1: { name: 'Patient Control Number' },
      2: { name: 'Total Claim Charge Amount' },
      5: {
        name: 'Health Care Service Location Information',
        components: ['Place of Service Code / Facility Type Code', 'Facility Code Qualifier', 'Claim Frequency Type Code'],
      },
      6: { name: 'Provider or Supplier Signature Indicator' },
      7: { name: 'Assignment or Plan Participation Code' },
      8: { name: 'Benefits Assignment Certification Indicator' },
      9: { name: 'Release of Information Code' },
    },
  },
  {
    id: 'DTP',
    name: 'Date or Time or Period',
    elements: {
      1: { name: 'Date Time Qualifier' },
      2: { name: 'Date Time Period Format Qualifier' },
      3: { name: 'Date Time Period' },
    },
  },
  {
    id: 'HI',
    name: 'Health Care Information Codes',
    elements: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, HI_COMPOSITE])),
  },
  {
    id: 'PRV',
    name: 'Provider Information',
    elements: {
      1: { name: 'Provider Code' },
      2: { name: 'Reference Identification Qualifier' },
      3: { name: 'Provider Taxonomy Code' },
    },
  },
  {
    id: 'LX',
    name: 'Service Line Number',
    elements: { 1: { name: 'Assigned Number' } },
  },
  {
    id: 'SV1',
    name: 'Professional Service',
    elements: {
      1: PROCEDURE_COMPOSITE,
      2: { name: 'Line Item Charge Amount' },
      3: { name: 'Unit or Basis for Measurement Code' },
      4: { name: 'Service Unit Count' },
      5: { name: 'Place of Service Code' },
      7: {
        name: 'Composite Diagnosis Code Pointer',
        components: ['Diagnosis Code Pointer', 'Diagnosis Code Pointer', 'Diagnosis Code Pointer', 'Diagnosis Code Pointer'],
      },
      9: { name: 'Emergency Indicator' },
      11: { name: 'EPSDT Indicator' },
      12: { name: 'Family Planning Indicator' },
      15: { name: 'Copay Status Code' },
    },
  },
  {
    id: 'SV2',
    name: 'Institutional Service Line',
    elements: {
      1: { name: 'Service Line Revenue Code' },
      2: PROCEDURE_COMPOSITE,
      3: { name: 'Line Item Charge Amount' },
      4: { name: 'Unit or Basis for Measurement Code' },
      5: { name: 'Service Unit Count' },
      6: { name: 'Unit Rate' },
      7: { name: 'Non-Covered Charge Amount' },
    },
  },
];

export const X12_SEGMENTS: ReadonlyMap<string, X12SegmentInfo> = new Map(SEGMENTS.map((s) => [s.id, s]));

const HL_LOOPS: Readonly<Record<string, string>> = {
  '20': '2000A Billing Provider Hierarchical Level',
  '22': '2000B Subscriber Hierarchical Level',
  '23': '2000C Patient Hierarchical Level',
};

/** NM1 loops by entity identifier (NM101), header and claim level. */
const NM1_HEADER_LOOPS: Readonly<Record<string, string>> = {
  '41': '1000A Submitter Name',
  '40': '1000B Receiver Name',
  '85': '2010AA Billing Provider Name',
  '87': '2010AB Pay-to Address Name',
  IL: '2010BA Subscriber Name',
  PR: '2010BB Payer Name',
  QC: '2010CA Patient Name',
};

function nm1ClaimLoop(entity: string, format: DocumentFormat): string | undefined {
  const professional: Record<string, string> = {
    DN: '2310A Referring Provider Name',
    '82': '2310B Rendering Provider Name',
    '77': '2310C Service Facility Location Name',
    DQ: '2310D Supervising Provider Name',
  };
  const institutional: Record<string, string> = {
    '71': '2310A Attending Provider Name',
    '72': '2310B Operating Physician Name',
    ZZ: '2310C Other Operating Physician Name',
    '82': '2310D Rendering Provider Name',
    '77': '2310E Service Facility Location Name',
    DN: '2310F Referring Provider Name',
  };
  const table = format === 'x12-837i' ? institutional : professional;
  if (table[entity]) return table[entity];
  if (entity === 'IL' || entity === 'PR') return '2330 Other Subscriber / Payer Name';
  return undefined;
}

function nm1LineLoop(entity: string): string | undefined {
  const line: Record<string, string> = {
    '82': '2420A Rendering Provider Name',
    '77': '2420C Service Facility Location Name',
    DQ: '2420D Supervising Provider Name',
    DK: '2420E Ordering Provider Name',
    DN: '2420F Referring Provider Name',
  };
  return line[entity];
}

function dtpLoop(qualifier: string, region: X12Region): string | undefined {
  if (region === 'line') return qualifier === '472' ? '2400 Service Line (Date - Service Date)' : '2400 Service Line';
  if (region === 'claim') {
    if (qualifier === '472') return '2300 Claim Information (Date - Service Date)';
    if (qualifier === '434') return '2300 Claim Information (Statement Dates)';
    return '2300 Claim Information';
  }
  return undefined;
}

function prvLoop(code: string, region: X12Region, format: DocumentFormat): string | undefined {
  if (code === 'BI' || code === 'PT') return '2000A Billing Provider Specialty Information';
  if (region === 'line') return '2420A Rendering Provider Specialty Information';
  if (code === 'AT') return '2310A Attending Provider Specialty Information';
  if (code === 'PE') {
    return format === 'x12-837i' ? '2310D Rendering Provider Specialty Information' : '2310B Rendering Provider Specialty Information';
  }
  return undefined;
}

function hiName(qualifier: string): string | undefined {
  switch (qualifier) {
    case 'ABK':
    case 'BK':
      return 'Principal Diagnosis';
    case 'ABF':
    case 'BF':
      return 'Other Diagnosis';
    case 'ABJ':
    case 'BJ':
      return 'Admitting Diagnosis';
    case 'APR':
    case 'PR':
      return "Patient's Reason for Visit";
    default:
      return undefined;
  }
}

function loopOf(segmentId: string, elements: readonly string[], region: X12Region, format: DocumentFormat): string | undefined {
  const e1 = (elements[1] ?? '').trim();
  switch (segmentId) {
    case 'ISA':
    case 'IEA':
    case 'GS':
    case 'GE':
    case 'ST':
    case 'SE':
      return undefined;
    case 'HL':
      return HL_LOOPS[(elements[3] ?? '').trim()];
    case 'SBR':
      return region === 'header' ? '2000B Subscriber Information' : '2320 Other Subscriber Information';
    case 'PAT':
      return '2000C Patient Information';
    case 'NM1':
      if (region === 'line') return nm1LineLoop(e1);
      if (region === 'claim') return nm1ClaimLoop(e1, format);
      return NM1_HEADER_LOOPS[e1];
    case 'DMG':
      return region === 'header' ? 'Subscriber or Patient Demographic Information (2010BA / 2010CA)' : undefined;
    case 'CLM':
      return '2300 Claim Information';
    case 'DTP':
      return dtpLoop(e1, region);
    case 'HI':
      return '2300 Claim Information (Health Care Diagnosis Code)';
    case 'PRV':
      return prvLoop(e1, region, format);
    case 'LX':
    case 'SV1':
    case 'SV2':
      return '2400 Service Line';
    default:
      return undefined;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Describe a position inside an X12 segment.
 * @param elements the segment's elements as written, index 0 the segment id (for qualifiers).
 * @param elementIndex 0 for the segment id itself.
 * @param componentIndex 0 when the position is not inside a component, else 1-based.
 * @returns undefined for segments the model does not read.
 */
export function describeX12Element(
  segmentId: string,
  elements: readonly string[],
  elementIndex: number,
  componentIndex: number,
  region: X12Region,
  format: DocumentFormat = 'x12-837p',
): X12ElementDescription | undefined {
  const segment = X12_SEGMENTS.get(segmentId);
  if (!segment) return undefined;
  const loop = loopOf(segmentId, elements, region, format);
  if (elementIndex <= 0) return { label: segmentId, name: segment.name, loop };
  const label = `${segmentId}-${pad(elementIndex)}`;
  const element = segment.elements[elementIndex];
  if (!element) return { label, name: `element ${elementIndex} of ${segment.name}`, loop };
  if (segmentId === 'HI') {
    const raw = elements[elementIndex] ?? '';
    const qualifier = raw.split(/[:>^]/)[0];
    const kind = hiName(qualifier.trim());
    const composite = `${label} ${element.name}${kind ? ` (${kind})` : ''}`;
    if (componentIndex > 0 && element.components?.[componentIndex - 1]) {
      return { label: `${label}-${componentIndex}`, name: element.components[componentIndex - 1], parent: composite, loop };
    }
    return { label, name: kind ? `${element.name} (${kind})` : element.name, loop };
  }
  if (componentIndex > 0 && element.components) {
    const name = element.components[componentIndex - 1] ?? `component ${componentIndex}`;
    return { label: `${label}-${componentIndex}`, name, parent: `${label} ${element.name}`, loop };
  }
  return { label, name: element.name, loop };
}

/** One line of markdown: "**SV1-03** Unit or Basis for Measurement Code — 2400 Service Line". */
export function formatX12Description(d: X12ElementDescription): string {
  const head = `**${d.label}** ${d.name}`;
  const parent = d.parent ? ` (in ${d.parent})` : '';
  return d.loop ? `${head}${parent} — ${d.loop}` : `${head}${parent}`;
}
