import fc from 'fast-check';

/**
 * Arbitrary X12 837 interchanges built from a model, so properties have ground truth: the model
 * says which claims, lines, charges and totals the text holds, and the text is rendered from it
 * with arbitrary delimiters and line breaks. Codes, quantities and dates are drawn from small
 * pools chosen so that the policy rules fire often (97124 with CMT, minutes, fractional units,
 * short timed services), which gives the fix-safety properties many fixes to apply.
 */

export interface GenLine {
  readonly code: string;
  readonly modifiers: readonly string[];
  /** Charge as written ("75", "75.5", "75.25"). */
  readonly charge: string;
  readonly basis: 'UN' | 'MJ';
  readonly quantity: string;
  /** SV1-07 pointers (837P only); may name a diagnosis that does not exist. */
  readonly pointers: readonly number[];
  /** CCYYMMDD of the line's own DTP*472, if any. */
  readonly date?: string;
  /** Line-level rendering provider taxonomy (2420A), if any. */
  readonly taxonomy?: string;
  /** 837I SV2-01. */
  readonly revenueCode: string;
}

export interface GenClaim {
  readonly id: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void (FHIR: status cancelled, related prior). */
  readonly frequency: '1' | '7' | '8';
  /** A replacement or void: take the id of the patient's previous claim (the claim it supersedes). */
  readonly reuse: boolean;
  readonly diagnoses: readonly string[];
  /** Claim-level date of service (DTP*472 for 837P; the DTP*434 statement start for 837I). */
  readonly date?: string;
  readonly taxonomy?: string;
  /** Added to the sum of the line charges (in cents) to make CLM02; 0 in most claims. */
  readonly totalDelta: number;
  readonly lines: readonly GenLine[];
}

export interface GenPatient {
  readonly memberId: string;
  readonly lastName: string;
  readonly firstName: string;
  /** True: subscriber is not the patient (HL 23 + NM1*QC). */
  readonly dependent: boolean;
  readonly claims: readonly GenClaim[];
}

export interface GenTransaction {
  /** The billing provider's taxonomy (2000A PRV*BI), if any. */
  readonly billingTaxonomy?: string;
  readonly patients: readonly GenPatient[];
}

export interface GenGroup {
  readonly transactions: readonly GenTransaction[];
}

/** Count and control-number errors to plant in the envelope (all zero/false: a correct envelope). */
export interface EnvelopeErrors {
  /** Added to each SE01 in turn (cycled); 0 leaves it right. */
  readonly se01: readonly number[];
  readonly se01Empty: boolean;
  readonly se02: boolean;
  readonly ge01: number;
  readonly ge02: boolean;
  readonly iea01: number;
  readonly iea02: boolean;
}

export const NO_ENVELOPE_ERRORS: EnvelopeErrors = { se01: [0], se01Empty: false, se02: false, ge01: 0, ge02: false, iea01: 0, iea02: false };

export interface Delims {
  readonly element: string;
  readonly component: string;
  readonly repetition: string;
  readonly segment: string;
}

export interface GenInterchange {
  readonly variant: 'P' | 'I';
  readonly delimiters: Delims;
  /** What follows each segment terminator: '', '\n', '\r\n' or '\r'. */
  readonly newline: string;
  readonly groups: readonly GenGroup[];
  readonly errors: EnvelopeErrors;
}

/** A claim as the text really holds it (what a correct reader must find). */
export interface TruthClaim {
  readonly id: string;
  readonly memberId: string;
  /** CLM02 in cents. */
  readonly totalCents: number;
  readonly lines: readonly {
    readonly code: string;
    readonly chargeCents: number;
    readonly modifiers: readonly string[];
    readonly basis: string;
    readonly quantity: string;
  }[];
}

export interface Rendered {
  readonly text: string;
  readonly model: GenInterchange;
  readonly claims: readonly TruthClaim[];
  /** True when no envelope error was planted. */
  readonly envelopeRight: boolean;
}

/** Characters none of the generated content uses, so any four distinct ones are valid delimiters. */
export const DELIMITER_POOL = [
  '*',
  '|',
  '^',
  '~',
  '!',
  '>',
  ':',
  '+',
  "'",
  '{',
  '}',
  '`',
  '@',
  '\\',
  '<',
  '"',
  '#',
  '$',
  '%',
  '&',
  '=',
  '?',
  ';',
  '[',
  ']',
  '_',
  '/',
];

export const delimitersArb: fc.Arbitrary<Delims> = fc
  .uniqueArray(fc.constantFrom(...DELIMITER_POOL), { minLength: 4, maxLength: 4 })
  .map(([element, component, repetition, segment]) => ({ element, component, repetition, segment }));

const CODES = [
  '97161',
  '97150',
  '97750',
  '97763',
  '97124',
  '97124',
  '97124',
  '98940',
  '98941',
  '98943',
  '97110',
  '97140',
  '97530',
  '97032',
  '97035',
  '97010',
  '97012',
  '97014',
  '00100',
  '01999',
  '99213',
  'G0283',
  '9712',
  '97124F',
];
const MODIFIERS = ['59', '59', 'XS', 'XE', 'GP', '25', 'GO', 'KX', 'X', 'ABC'];
const DIAGNOSES = ['M5450', 'M6283', 'M545', 'Z733', 'Z732', 'R457', 'S134XXA', 'M7918', 'G4700', 'M54.50'];
const TAXONOMIES = ['225700000X', '111N00000X', '2251P0200X', '207Q00000X', '363L00000X', '163W00000X'];
const DATES = ['20190601', '20190602', '20190603', '20190610'];
// The long ones are beyond 2^53: float sums of such minute counts disagree by billions.
const MINUTES = [
  '5',
  '7',
  '8',
  '10',
  '14',
  '15',
  '22',
  '23',
  '30',
  '38',
  '45',
  '60',
  '22.5',
  '872835529528810605100000000',
  '8699749742571150156800000',
  '695366434425337181960000000',
];
const UNITS = ['1', '1', '2', '3', '4', '1.5', '2.25', '0.5', '0'];

const chargeArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map(String),
  fc.integer({ min: 100, max: 50000 }).map((c) => (c / 100).toFixed(2)),
  fc.integer({ min: 10, max: 5000 }).map((c) => (c / 10).toFixed(1)),
);

function lineArb(diagnosisCount: number): fc.Arbitrary<GenLine> {
  return fc
    .record({
      code: fc.constantFrom(...CODES),
      modifiers: fc.array(fc.constantFrom(...MODIFIERS), { maxLength: 4 }),
      charge: chargeArb,
      basis: fc.constantFrom<'UN' | 'MJ'>('UN', 'UN', 'MJ'),
      minutes: fc.constantFrom(...MINUTES),
      units: fc.constantFrom(...UNITS),
      pointers: fc.uniqueArray(fc.integer({ min: 1, max: diagnosisCount + 1 }), { minLength: 0, maxLength: 4 }),
      date: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
      taxonomy: fc.option(fc.constantFrom(...TAXONOMIES), { nil: undefined, freq: 4 }),
      revenueCode: fc.constantFrom('0420', '0430', '0940'),
    })
    .map(({ minutes, units, ...l }) => ({ ...l, quantity: l.basis === 'MJ' ? minutes : units }));
}

const claimArb: fc.Arbitrary<Omit<GenClaim, 'id'>> = fc.integer({ min: 1, max: 4 }).chain((dx) =>
  fc.record({
    frequency: fc.constantFrom<'1' | '7' | '8'>('1', '1', '1', '1', '7', '8'),
    reuse: fc.boolean(),
    diagnoses: fc.array(fc.constantFrom(...DIAGNOSES), { minLength: dx, maxLength: dx }),
    date: fc.option(fc.constantFrom(...DATES), { nil: undefined, freq: 3 }),
    taxonomy: fc.option(fc.constantFrom(...TAXONOMIES), { nil: undefined, freq: 3 }),
    totalDelta: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -500, max: 500 }) }),
    lines: fc.array(lineArb(dx), { minLength: 1, maxLength: 5 }),
  }),
);

const patientArb: fc.Arbitrary<Omit<GenPatient, 'claims'> & { claims: Omit<GenClaim, 'id'>[] }> = fc.record({
  memberId: fc.constantFrom('M100', 'M200', 'M300', 'M400'),
  lastName: fc.constantFrom('DOE', 'ROE', 'POE'),
  firstName: fc.constantFrom('JANE', 'JOHN'),
  dependent: fc.boolean(),
  claims: fc.array(claimArb, { minLength: 1, maxLength: 3 }),
});

const envelopeErrorsArb: fc.Arbitrary<EnvelopeErrors> = fc.record({
  se01: fc.array(fc.constantFrom(0, 0, 1, -1, 3, -2, 10), { minLength: 1, maxLength: 3 }),
  se01Empty: fc.boolean(),
  se02: fc.boolean(),
  ge01: fc.constantFrom(0, 0, 1, -1, 2),
  ge02: fc.boolean(),
  iea01: fc.constantFrom(0, 0, 1, -1, 2),
  iea02: fc.boolean(),
});

/**
 * An interchange model. `withErrors`: plant envelope count / control-number errors (for the
 * mechanical-fix properties); otherwise the envelope is right.
 */
export function interchangeArb(opts: { withErrors?: boolean; variant?: 'P' | 'I'; small?: boolean } = {}): fc.Arbitrary<GenInterchange> {
  const most = opts.small ? 1 : 2;
  return fc
    .record({
      variant: opts.variant ? fc.constant(opts.variant) : fc.constantFrom<'P' | 'I'>('P', 'P', 'I'),
      delimiters: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Delims>({ element: '*', component: ':', repetition: '^', segment: '~' }) },
        { weight: 3, arbitrary: delimitersArb },
        // Some senders end segments with a line feed (or CR) and nothing else.
        { weight: 1, arbitrary: delimitersArb.chain((d) => fc.constantFrom('\n', '\r').map((segment) => ({ ...d, segment }))) },
      ),
      newline: fc.constantFrom('', '\n', '\r\n', '\r'),
      groups: fc.array(
        fc.record({
          transactions: fc.array(
            fc.record({
              billingTaxonomy: fc.option(fc.constantFrom(...TAXONOMIES, '225X00000X'), { nil: undefined, freq: 2 }),
              patients: fc.array(patientArb, { minLength: 1, maxLength: 2 }),
            }),
            { minLength: 1, maxLength: most },
          ),
        }),
        {
          minLength: 1,
          maxLength: most,
        },
      ),
      errors: opts.withErrors ? envelopeErrorsArb : fc.constant(NO_ENVELOPE_ERRORS),
    })
    .map((m) => {
      // A line-break terminator is its own line break.
      if (m.delimiters.segment === '\n' || m.delimiters.segment === '\r') m = { ...m, newline: '' };
      // Claim ids unique across the interchange, so claims can be matched after a fix; a replacement
      // or void may take its patient's previous claim id (the claim it supersedes).
      let n = 0;
      const groups = m.groups.map((g) => ({
        transactions: g.transactions.map((t) => ({
          ...t,
          patients: t.patients.map((p) => {
            const claims: GenClaim[] = [];
            for (const c of p.claims) {
              const previous = claims[claims.length - 1];
              const id = c.frequency !== '1' && c.reuse && previous ? previous.id : `PCN${++n}`;
              claims.push({ ...c, id });
            }
            return { ...p, claims };
          }),
        })),
      }));
      return { ...m, groups };
    });
}

function cents(raw: string): number {
  return Math.round(Number(raw) * 100);
}

function money(c: number): string {
  return Number.isInteger(c / 100) ? String(c / 100) : (c / 100).toFixed(2);
}

/** The 106-character ISA. */
function isaSegment(d: Delims, control: string): string {
  const f = [
    'ISA',
    '00',
    '          ',
    '00',
    '          ',
    'ZZ',
    'SUBMITTER      ',
    'ZZ',
    'RECEIVER       ',
    '190501',
    '1200',
    d.repetition,
    '00501',
    control,
    '0',
    'T',
    d.component,
  ];
  return f.join(d.element) + d.segment;
}

/** Render a model to X12 text (segments written with `*` and `:`, then translated to the delimiters). */
export function render(model: GenInterchange): Rendered {
  const d = model.delimiters;
  const e = model.errors;
  const version = model.variant === 'I' ? '005010X223A2' : '005010X222A1';
  const tr = (s: string): string => s.replace(/[*:]/g, (c) => (c === '*' ? d.element : d.component));
  const segs: string[] = [];
  const truth: TruthClaim[] = [];
  let se = 0;
  model.groups.forEach((g, gi) => {
    const gControl = String(gi + 1);
    segs.push(`GS*HC*SENDER*RECEIVER*20190501*1200*${gControl}*X*${version}`);
    g.transactions.forEach((t, ti) => {
      const control = String(1000 + gi * 10 + ti).padStart(4, '0');
      const tx: string[] = [`ST*837*${control}*${version}`, 'BHT*0019*00*0123*20190501*1200*CH', 'NM1*41*2*CLINIC*****46*12345', 'NM1*40*2*PAYER*****46*99999'];
      let hl = 0;
      tx.push(`HL*${++hl}**20*1`);
      if (t.billingTaxonomy) tx.push(`PRV*BI*PXC*${t.billingTaxonomy}`);
      tx.push('NM1*85*2*CLINIC*****XX*1234567893', 'N3*1 MAIN ST', 'N4*CITY*ST*12345', 'REF*EI*123456789');
      const billing = hl;
      for (const p of t.patients) {
        const sub = ++hl;
        tx.push(`HL*${sub}*${billing}*22*${p.dependent ? 1 : 0}`, `SBR*${p.dependent ? 'P*01' : 'P*18'}*******CI`);
        tx.push(`NM1*IL*1*${p.lastName}*${p.firstName}****MI*${p.memberId}`, 'DMG*D8*19700101*F');
        if (p.dependent) tx.push(`HL*${++hl}*${sub}*23*0`, 'PAT*19', `NM1*QC*1*${p.lastName}*KID`, 'DMG*D8*20100101*M');
        // With a dependent the claim's patient is the QC person: no member id of its own, keyed by the
        // subscriber's and its name and birth date (docs/patient-identity.md).
        const memberId = p.dependent ? '' : p.memberId;
        for (const c of p.claims as GenClaim[]) {
          const sum = c.lines.reduce((a, l) => a + cents(l.charge), 0);
          const total = Math.max(0, sum + c.totalDelta);
          if (model.variant === 'P') {
            tx.push(`CLM*${c.id}*${money(total)}***11:B:${c.frequency}*Y*A*Y*Y`);
            if (c.date) tx.push(`DTP*472*D8*${c.date}`);
          } else {
            tx.push(`CLM*${c.id}*${money(total)}***13:A:${c.frequency}**A*Y*Y`);
            const from = c.date ?? '20190601';
            tx.push(`DTP*434*RD8*${from}-${from}`, 'CL1*1*1*01');
          }
          tx.push('HI*' + c.diagnoses.map((x, k) => `${k === 0 ? 'ABK' : 'ABF'}:${x}`).join('*'));
          if (c.taxonomy) {
            if (model.variant === 'P') tx.push('NM1*82*1*SMITH*ANN****XX*1234567893', `PRV*PE*PXC*${c.taxonomy}`);
            else tx.push('NM1*71*1*SMITH*ANN****XX*1234567893', `PRV*AT*PXC*${c.taxonomy}`);
          }
          c.lines.forEach((l, k) => {
            tx.push(`LX*${k + 1}`);
            const proc = ['HC', l.code, ...l.modifiers].join(':');
            if (model.variant === 'P') {
              const ptr = l.pointers.length > 0 ? `***${l.pointers.join(':')}` : '';
              tx.push(`SV1*${proc}*${l.charge}*${l.basis}*${l.quantity}${ptr}`);
            } else {
              tx.push(`SV2*${l.revenueCode}*${proc}*${l.charge}*${l.basis}*${l.quantity}`);
            }
            if (l.date) tx.push(`DTP*472*D8*${l.date}`);
            if (l.taxonomy && model.variant === 'P') tx.push('NM1*82*1*JONES*BO****XX*1234567893', `PRV*PE*PXC*${l.taxonomy}`);
          });
          truth.push({
            id: c.id,
            memberId,
            totalCents: total,
            lines: c.lines.map((l) => ({ code: l.code, chargeCents: cents(l.charge), modifiers: l.modifiers, basis: l.basis, quantity: l.quantity })),
          });
        }
      }
      const delta = e.se01[se++ % e.se01.length];
      const count = e.se01Empty && se === 1 ? '' : String(tx.length + 1 + delta);
      tx.push(`SE*${count}*${e.se02 && se === 1 ? '9999' : control}`);
      segs.push(...tx);
    });
    segs.push(`GE*${g.transactions.length + (gi === 0 ? e.ge01 : 0)}*${e.ge02 && gi === 0 ? '77' : gControl}`);
  });
  segs.push(`IEA*${model.groups.length + e.iea01}*${e.iea02 ? '000000002' : '000000001'}`);
  const nl = model.newline;
  const text = isaSegment(d, '000000001') + nl + segs.map((s) => tr(s) + d.segment).join(nl) + nl;
  const envelopeRight = e.se01.every((x) => x === 0) && !e.se01Empty && !e.se02 && e.ge01 === 0 && !e.ge02 && e.iea01 === 0 && !e.iea02;
  return { text, model, claims: truth, envelopeRight };
}

/** Rendered interchanges. */
export function renderedArb(opts: { withErrors?: boolean; variant?: 'P' | 'I' } = {}): fc.Arbitrary<Rendered> {
  return interchangeArb(opts).map(render);
}

// ---- FHIR R4 rendering of the same model ---------------------------------------------------

/** A number written exactly as given (FHIR decimals keep their precision: "75.50"). */
class Num {
  constructor(readonly raw: string) {}
}
type Value = string | boolean | Num | Tree | Value[];
/** An element with its children in FHIR schema order. */
type Tree = [string, Value][];

const CPT = 'http://www.ama-assn.org/go/cpt';
const coding = (system: string, code: string): Tree => [
  [
    'coding',
    [
      [
        ['system', system],
        ['code', code],
      ],
    ],
  ],
];
const iso = (d: string): string => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

function claimTree(c: GenClaim, p: GenPatient, k: number, previous?: GenClaim): Tree {
  const team: Tree[] = [];
  if (c.taxonomy)
    team.push([
      ['sequence', new Num('1')],
      ['provider', [['reference', 'Practitioner/one']]],
      ['role', coding('http://terminology.hl7.org/CodeSystem/claimcareteamrole', 'primary')],
      ['qualification', coding('http://nucc.org/provider-taxonomy', c.taxonomy)],
    ]);
  const items: Tree[] = c.lines.map((l, k) => {
    const item: Tree = [['sequence', new Num(String(k + 1))]];
    if (l.taxonomy) {
      team.push([
        ['sequence', new Num(String(team.length + 1))],
        ['provider', [['reference', `Practitioner/l${k}`]]],
        ['qualification', coding('http://nucc.org/provider-taxonomy', l.taxonomy)],
      ]);
      item.push(['careTeamSequence', [new Num(String(team.length))]]);
    }
    if (l.pointers.length > 0) item.push(['diagnosisSequence', l.pointers.map((n) => new Num(String(n)))]);
    item.push(['productOrService', coding(CPT, l.code)]);
    if (l.modifiers.length > 0) item.push(['modifier', l.modifiers.map((m) => coding(CPT, m))]);
    if (l.date) item.push(['servicedDate', iso(l.date)]);
    const q: Tree = [['value', new Num(l.quantity)]];
    if (l.basis === 'MJ') q.push(['unit', 'min'], ['system', 'http://unitsofmeasure.org'], ['code', 'min']);
    item.push(
      ['quantity', q],
      [
        'net',
        [
          ['value', new Num(l.charge)],
          ['currency', 'USD'],
        ],
      ],
    );
    return item;
  });
  const sum = c.lines.reduce((a, l) => a + cents(l.charge), 0);
  const total = Math.max(0, sum + c.totalDelta);
  const tree: Tree = [
    ['resourceType', 'Claim'],
    ['id', `${c.id.toLowerCase()}-${k}`],
    [
      'identifier',
      [
        [
          ['system', 'http://example.org/pcn'],
          ['value', c.id],
        ],
      ],
    ],
    ['status', c.frequency === '8' ? 'cancelled' : 'active'],
    ['type', coding('http://terminology.hl7.org/CodeSystem/claim-type', 'professional')],
    ['use', 'claim'],
    // One Patient per child of a member, as the X12 twin keys a dependent under its subscriber.
    ['patient', [['reference', p.dependent ? `Patient/${p.memberId}-${p.lastName}-KID` : `Patient/${p.memberId}`]]],
  ];
  if (c.date)
    tree.push([
      'billablePeriod',
      [
        ['start', iso(c.date)],
        ['end', iso(c.date)],
      ],
    ]);
  tree.push(
    ['created', '2019-06-30'],
    [
      'provider',
      [
        ['reference', 'Organization/clinic'],
        ['display', 'CLINIC'],
      ],
    ],
    ['priority', coding('http://terminology.hl7.org/CodeSystem/processpriority', 'normal')],
  );
  if (c.frequency === '7' && previous)
    tree.push([
      'related',
      [
        [
          ['claim', [['identifier', [['value', previous.id]]]]],
          ['relationship', coding('http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', 'prior')],
        ],
      ],
    ]);
  if (team.length > 0) tree.push(['careTeam', team]);
  tree.push([
    'diagnosis',
    c.diagnoses.map((d, k): Tree => [
      ['sequence', new Num(String(k + 1))],
      ['diagnosisCodeableConcept', coding('http://hl7.org/fhir/sid/icd-10-cm', d)],
    ]),
  ]);
  tree.push([
    'insurance',
    [
      [
        ['sequence', new Num('1')],
        ['focal', true],
        ['coverage', [['reference', 'Coverage/one']]],
      ],
    ],
  ]);
  tree.push(
    ['item', items],
    [
      'total',
      [
        ['value', new Num(money(total))],
        ['currency', 'USD'],
      ],
    ],
  );
  return tree;
}

function jsonOf(v: Value, indent: string, nl: string, depth: number): string {
  const pad = (d: number): string => (indent ? nl + indent.repeat(d) : '');
  const sep = indent ? ': ' : ':';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Num) return v.raw;
  if (isTree(v)) return `{${v.map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}${sep}${jsonOf(x, indent, nl, depth + 1)}`).join(',')}${pad(depth)}}`;
  return `[${v.map((x) => `${pad(depth + 1)}${jsonOf(x, indent, nl, depth + 1)}`).join(',')}${pad(depth)}]`;
}

/** A Tree is a list of [name, value] pairs; a list of values holds Trees, numbers or strings. */
function isTree(v: Value): v is Tree {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]) && typeof v[0][0] === 'string';
}

function xmlOf(name: string, v: Value, indent: string, nl: string, depth: number): string {
  const pad = indent ? nl + indent.repeat(depth) : '';
  if (name === 'resourceType') return '';
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Num) {
    const s = v instanceof Num ? v.raw : String(v);
    return `${pad}<${name} value="${s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)}"/>`;
  }
  if (isTree(v)) {
    if (name === 'resource') {
      const type = v.find(([k]) => k === 'resourceType')![1] as string;
      return `${pad}<resource>${xmlOf(type, v, indent, nl, depth + 1)}${pad}</resource>`;
    }
    return `${pad}<${name}>${v.map(([k, x]) => xmlOf(k, x, indent, nl, depth + 1)).join('')}${pad}</${name}>`;
  }
  return v.map((x) => xmlOf(name, x, indent, nl, depth)).join('');
}

export interface FhirLayout {
  readonly encoding: 'json' | 'xml';
  /** '' for one line. */
  readonly indent: string;
  readonly newline: '\n' | '\r\n';
  /** A Bundle even for one claim. */
  readonly bundle: boolean;
}

export const fhirLayoutArb: fc.Arbitrary<FhirLayout> = fc.record({
  encoding: fc.constantFrom<'json' | 'xml'>('json', 'xml'),
  indent: fc.constantFrom('', '  ', '\t', '    '),
  newline: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  bundle: fc.boolean(),
});

/** The model's claims as a FHIR R4 Claim (one claim) or a Bundle of Claims, in JSON or XML. */
export function renderFhir(model: GenInterchange, layout: FhirLayout): Rendered {
  const pairs: { c: GenClaim; p: GenPatient; previous?: GenClaim }[] = [];
  for (const g of model.groups)
    for (const t of g.transactions) for (const p of t.patients) p.claims.forEach((c, j) => pairs.push({ c, p, previous: j > 0 ? p.claims[j - 1] : undefined }));
  const claims = pairs.map(({ c, p, previous }, k) => claimTree(c, p, k, previous));
  const root: Tree =
    claims.length === 1 && !layout.bundle
      ? claims[0]
      : [
          ['resourceType', 'Bundle'],
          ['id', 'batch'],
          ['type', 'collection'],
          [
            'entry',
            claims.map((c, k): Tree => [
              ['fullUrl', `urn:uuid:claim-${k + 1}`],
              ['resource', c],
            ]),
          ],
        ];
  const { indent, newline } = layout;
  let text: string;
  if (layout.encoding === 'json') {
    text = jsonOf(root, indent, newline, 0) + newline;
  } else {
    const type = root[0][1] as string;
    const body = root.map(([k, x]) => xmlOf(k, x, indent, newline, 1)).join('');
    text = `<?xml version="1.0" encoding="UTF-8"?>${newline}<${type} xmlns="http://hl7.org/fhir">${body}${indent ? newline : ''}</${type}>${newline}`;
  }
  const truth: TruthClaim[] = pairs.map(({ c, p }) => ({
    id: c.id,
    memberId: p.dependent ? '' : p.memberId,
    totalCents: Math.max(0, c.lines.reduce((a, l) => a + cents(l.charge), 0) + c.totalDelta),
    lines: c.lines.map((l) => ({ code: l.code, chargeCents: cents(l.charge), modifiers: l.modifiers, basis: l.basis, quantity: l.quantity })),
  }));
  return { text, model, claims: truth, envelopeRight: true };
}

/** Generated claims rendered as FHIR JSON or XML. */
export function renderedFhirArb(): fc.Arbitrary<Rendered & { layout: FhirLayout }> {
  // One group and transaction: a FHIR Bundle of up to six claims (XML is verbose; a case stays fast).
  return fc.tuple(interchangeArb({ variant: 'P', small: true }), fhirLayoutArb).map(([m, layout]) => ({ ...renderFhir(m, layout), layout }));
}
