/**
 * Deterministic synthetic claim batches for the benchmark: X12 837P interchanges of a target size
 * and a FHIR R4 Bundle of Claims. Same seed, same bytes. All names, ids and numbers are made up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a small seeded PRNG, so every run writes the same files. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAST = ['SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MILLER', 'DAVIS', 'RODRIGUEZ', 'MARTINEZ', 'LOPEZ', 'WILSON'];
const FIRST = ['JAMES', 'MARY', 'ROBERT', 'PATRICIA', 'JOHN', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'ELIZABETH', 'MARIA', 'JOSE'];
const CITIES: [string, string, string][] = [
  ['MIAMI', 'FL', '33101'],
  ['TAMPA', 'FL', '33601'],
  ['ORLANDO', 'FL', '32801'],
  ['ATLANTA', 'GA', '30301'],
];
const DIAGNOSES = ['M5450', 'M6283', 'M542', 'M5412', 'S134XXA', 'M7918', 'G4489', 'M25511', 'Z733', 'M5416'];
/** Procedure mix: chiropractic (CMT), massage, other timed therapies, an E/M visit, a modality. */
const PROCEDURES = ['98940', '98940', '98941', '98941', '97124', '97124', '97140', '97110', '99213', '99213', '97012', 'G0283'];
const TAXONOMIES = ['111N00000X', '111N00000X', '111N00000X', '2251P0200X', '225700000X', '208100000X', '111N00000X', '111N00000X', '225100000X', '171100000X'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function ymd(dayOffset: number): string {
  const d = new Date(Date.UTC(2024, 0, 2) + dayOffset * 86400000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
}

interface Patient {
  id: string;
  last: string;
  first: string;
  dob: string;
  street: string;
  city: [string, string, string];
}

function patients(r: () => number, n: number): Patient[] {
  const out: Patient[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `M${pad(100000000 + i * 7919, 9)}`,
      last: pick(r, LAST),
      first: pick(r, FIRST),
      dob: `19${50 + Math.floor(r() * 50)}${pad(1 + Math.floor(r() * 12), 2)}${pad(1 + Math.floor(r() * 28), 2)}`,
      street: `${100 + Math.floor(r() * 9000)} ${pick(r, ['MAIN', 'OAK', 'PINE', 'CEDAR', 'ELM'])} ST`,
      city: pick(r, CITIES),
    });
  }
  return out;
}

/** How often a line breaks the policy: the default batch (a few lines per hundred), or a finding-dense one. */
interface Density {
  /** Massage billed with a CMT that carries 59. */
  readonly with59: number;
  /** A roll below this: the line is billed in minutes (MJ); below `fractionalBelow`: in fractional units. */
  readonly minutesBelow: number;
  readonly fractionalBelow: number;
}
const SPARSE: Density = { with59: 0.7, minutesBelow: 0.03, fractionalBelow: 0.04 };
/** About one finding per claim (bench/run.ts's finding-dense batch). */
const DENSE: Density = { with59: 0, minutesBelow: 0.3, fractionalBelow: 0.5 };

/**
 * One service line. Mostly clean; a few per hundred carry what the policy rules look for:
 * massage next to a CMT without 59, minutes (MJ) instead of units, fractional units, 2+ units.
 */
function serviceLine(r: () => number, code: string, dx: number, date: string, withCmt: boolean, density: Density): string[] {
  let mods = '';
  if (code === '97124' && withCmt && r() < density.with59) mods = ':59';
  else if (r() < 0.05) mods = ':GP';
  let basis = 'UN';
  let qty = '1';
  const roll = r();
  if (code === '97124' && roll > 0.95) qty = '2';
  if (roll < density.minutesBelow && code !== '99213' && code !== '98940' && code !== '98941') {
    basis = 'MJ';
    qty = String(5 + Math.floor(r() * 40));
  } else if (roll < density.fractionalBelow) {
    qty = '1.5';
  }
  const charge = (40 + Math.floor(r() * 60)).toFixed(2);
  const pointers = dx >= 2 && r() < 0.5 ? '1:2' : '1';
  return [`SV1*HC:${code}${mods}*${charge}*${basis}*${qty}***${pointers}`, `DTP*472*D8*${date}`, `REF*6R*${Math.floor(r() * 1e9)}`];
}

/**
 * An 837P interchange of about `targetBytes`: one ISA/GS, transactions of ~`claimsPerTx` claims,
 * each billing provider with subscribers who come back for several visits (so per-patient rules
 * such as visit counts and therapy reduction have work to do).
 */
export function generate837(targetBytes: number, seed = 837, dense = false): string {
  const density = dense ? DENSE : SPARSE;
  const r = rng(seed);
  const nl = '~\n';
  const out: string[] = [];
  let size = 0;
  const emit = (s: string) => {
    out.push(s + nl);
    size += s.length + nl.length;
  };
  const pool = patients(r, Math.max(50, Math.floor(targetBytes / 1200)));
  emit('ISA*00*          *00*          *ZZ*CLAIMLINTBENCH *ZZ*HNS            *240601*1200*^*00501*000000001*0*T*:');
  emit('GS*HC*CLAIMLINTBENCH*HNS*20240601*1200*1*X*005010X222A1');
  let tx = 0;
  let claimNo = 0;
  const trailer = 40;
  while (size + trailer < targetBytes) {
    tx++;
    const control = pad(tx, 4);
    const body: string[] = [];
    body.push(`ST*837*${control}*005010X222A1`);
    body.push(`BHT*0019*00*${control}*20240601*1200*CH`);
    body.push('NM1*41*2*BENCH CHIROPRACTIC GROUP*****46*TGJ23');
    body.push('PER*IC*BILLING DEPT*TE*5555551234*EM*BILLING@EXAMPLE.INVALID');
    body.push('NM1*40*2*HNS*****46*HNS01');
    let hl = 1;
    body.push(`HL*${hl}**20*1`);
    body.push('PRV*BI*PXC*111N00000X');
    body.push(`NM1*85*2*BENCH CHIROPRACTIC GROUP*****XX*${1234567890 + (tx % 9)}`);
    body.push('N3*1 MAIN ST');
    body.push('N4*MIAMI*FL*331011234');
    body.push('REF*EI*123456789');
    const billingHl = hl;
    const subscribers = 8 + Math.floor(r() * 8);
    for (let s = 0; s < subscribers; s++) {
      const p = pool[Math.floor(r() * pool.length)];
      body.push(`HL*${++hl}*${billingHl}*22*0`);
      body.push('SBR*P*18*GRP0001******CI');
      body.push(`NM1*IL*1*${p.last}*${p.first}****MI*${p.id}`);
      body.push(`N3*${p.street}`);
      body.push(`N4*${p.city[0]}*${p.city[1]}*${p.city[2]}`);
      body.push(`DMG*D8*${p.dob}*${r() < 0.5 ? 'F' : 'M'}`);
      body.push('NM1*PR*2*HNS*****PI*HNS01');
      const claims = 1 + Math.floor(r() * 3);
      for (let c = 0; c < claims; c++) {
        claimNo++;
        const date = ymd(Math.floor(r() * 150));
        const dxCount = 1 + Math.floor(r() * 4);
        const dx: string[] = [];
        for (let k = 0; k < dxCount; k++) dx.push(`${k === 0 ? 'ABK' : 'ABF'}:${pick(r, DIAGNOSES)}`);
        const lineCount = 1 + Math.floor(r() * 3);
        const codes: string[] = [];
        for (let k = 0; k < lineCount; k++) codes.push(pick(r, PROCEDURES));
        const withCmt = codes.some((x) => x === '98940' || x === '98941');
        const lines: string[][] = codes.map((code) => serviceLine(r, code, dxCount, date, withCmt, density));
        const total = lines.reduce((a, l) => a + Number(l[0].split('*')[2]), 0).toFixed(2);
        body.push(`CLM*PCN${pad(claimNo, 8)}*${total}***11:B:1*Y*A*Y*Y`);
        body.push(`DTP*431*D8*${ymd(Math.floor(r() * 30))}`);
        body.push(`REF*D9*${pad(claimNo * 31, 10)}`);
        body.push(`HI*${dx.join('*')}`);
        body.push(`NM1*82*1*${pick(r, LAST)}*${pick(r, FIRST)}****XX*${1000000000 + Math.floor(r() * 8999999999)}`);
        body.push(`PRV*PE*PXC*${pick(r, TAXONOMIES)}`);
        lines.forEach((l, k) => {
          body.push(`LX*${k + 1}`);
          body.push(...l);
        });
      }
    }
    body.push(`SE*${body.length + 1}*${control}`);
    for (const s of body) emit(s);
  }
  emit(`GE*${tx}*1`);
  emit('IEA*1*000000001');
  return out.join('');
}

/** A FHIR R4 Bundle (collection) of Claims, pretty-printed like most exports, of about `targetBytes`. */
export function generateFhirBundle(targetBytes: number, seed = 4242): string {
  const r = rng(seed);
  const pool = patients(r, Math.max(50, Math.floor(targetBytes / 9000)));
  const entries: unknown[] = [];
  let size = 0;
  let n = 0;
  while (size < targetBytes) {
    n++;
    const p = pool[Math.floor(r() * pool.length)];
    const day = ymd(Math.floor(r() * 150));
    const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
    const dxCount = 1 + Math.floor(r() * 3);
    const diagnosis = [];
    for (let k = 0; k < dxCount; k++) {
      const code = pick(r, DIAGNOSES);
      diagnosis.push({
        sequence: k + 1,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: `${code.slice(0, 3)}.${code.slice(3)}` }] },
      });
    }
    const lineCount = 1 + Math.floor(r() * 4);
    const codes: string[] = [];
    for (let k = 0; k < lineCount; k++) codes.push(pick(r, PROCEDURES));
    const withCmt = codes.some((x) => x === '98940' || x === '98941');
    const item = codes.map((code, k) => {
      const minutes = r() < 0.03 && code !== '98940' && code !== '98941' && code !== '99213';
      const modifier = code === '97124' && withCmt && r() < 0.7 ? [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '59' }] }] : undefined;
      return {
        sequence: k + 1,
        careTeamSequence: [1],
        diagnosisSequence: [1],
        productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code }] },
        ...(modifier ? { modifier } : {}),
        servicedDate: date,
        quantity: minutes
          ? { value: 5 + Math.floor(r() * 40), unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' }
          : { value: code === '97124' ? (r() < 0.9 ? 1 : 2) : 1 },
        net: { value: 40 + Math.floor(r() * 60), currency: 'USD' },
      };
    });
    const claim = {
      resourceType: 'Claim',
      id: `claim-${n}`,
      identifier: [{ system: 'http://example.org/patient-control-number', value: `PCN${pad(n, 8)}` }],
      status: 'active',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      use: 'claim',
      patient: { reference: `Patient/${p.id}` },
      billablePeriod: { start: date, end: date },
      created: date,
      provider: { reference: 'Organization/bench-clinic', display: 'Bench Chiropractic Group' },
      priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
      careTeam: [
        {
          sequence: 1,
          provider: { reference: 'Practitioner/dc-1' },
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: 'primary' }] },
          qualification: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: pick(r, TAXONOMIES) }] },
        },
      ],
      diagnosis,
      insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/hns-1' } }],
      item,
      total: { value: item.reduce((a, i) => a + i.net.value, 0), currency: 'USD' },
    };
    const entry = { fullUrl: `urn:uuid:claim-${n}`, resource: claim };
    size += JSON.stringify(entry, null, 2).length + 8;
    entries.push(entry);
  }
  return JSON.stringify({ resourceType: 'Bundle', id: 'bench', type: 'collection', entry: entries }, null, 2) + '\n';
}

export const X12_SIZES: readonly { name: string; bytes: number }[] = [
  { name: '837p-1mb.837', bytes: 1_000_000 },
  { name: '837p-10mb.837', bytes: 10_000_000 },
  { name: '837p-50mb.837', bytes: 50_000_000 },
];
export const FHIR_FILE = { name: 'fhir-bundle-10mb.json', bytes: 10_000_000 };
/** The finding-dense batch (issue 16): the same claims' shape, about one finding per claim. */
export const DENSE_FILE = { name: '837p-dense-50mb.837', bytes: 50_000_000 };

/** Write the files into `dir` unless they are already there with the right content length. */
export function ensureData(dir: string): { x12: string[]; fhir: string; dense: string } {
  fs.mkdirSync(dir, { recursive: true });
  const x12 = X12_SIZES.map(({ name, bytes }) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, generate837(bytes));
    return file;
  });
  const fhir = path.join(dir, FHIR_FILE.name);
  if (!fs.existsSync(fhir)) fs.writeFileSync(fhir, generateFhirBundle(FHIR_FILE.bytes));
  const dense = path.join(dir, DENSE_FILE.name);
  if (!fs.existsSync(dense)) fs.writeFileSync(dense, generate837(DENSE_FILE.bytes, 837, true));
  return { x12, fhir, dense };
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, '..', '..', 'bench', 'data');
  const files = ensureData(dir);
  for (const f of [...files.x12, files.fhir, files.dense]) console.log(`${f}: ${(fs.statSync(f).size / 1e6).toFixed(1)} MB`);
}
