import * as assert from 'assert';
import fc from 'fast-check';
import { defaultPolicy, lint, type LintResult } from '../../../src/core/engine';
import { isTimed } from '../../../src/core/units';
import type { LintConfig } from '../../../src/core/config';
import { applyEdits, fixUntilStable } from '../../../src/core/fixes';
import type { Claim, ServiceLine } from '../../../src/core/model/claim';
import type { Finding } from '../../../src/core/model/finding';
import { DELIMITER_POOL, renderedArb, renderedFhirArb, type Rendered, type TruthClaim } from './generators';
import { applyMutations, isaLayout, mutationsArb, type Mutation } from './mutations';
import { checkResult, decodeAsCli, describeText, lintAndCheck, seedFiles, TIME_BOUND_MS } from './support';
import { formatText } from '../../../src/cli/formatters/text';
import { loadBuiltinPolicy } from '../../../src/core/policy/loader';
import { RULES } from '../../../src/core/rules';

/**
 * The robustness properties of issue 6, as data: the unit suite runs each a few hundred times
 * (FUZZ_RUNS), `npm run fuzz:long` runs them all for ≥ 100,000 cases in total. Failure messages
 * name files, mutations and offsets, never claim content.
 */
export interface NamedProperty {
  readonly name: string;
  /** Share of the long run's cases (relative). */
  readonly weight: number;
  /** Fraction of FUZZ_RUNS the unit suite runs (slow properties run fewer); 1 by default. */
  readonly ciShare?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly property: () => fc.IProperty<any>;
}

/** Figures the long run prints; properties report every linted input here. */
export const stats = {
  lints: 0,
  slowestMs: 0,
  slowest: '',
  /** Set by the long run: called before each lint with a description of the input (hang reports). */
  onInput: undefined as undefined | ((describe: () => string) => void),
};

function note(ms: number, describe: () => string): void {
  stats.lints++;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = describe();
  }
}

/** lintAndCheck with the figures kept. */
function checked(text: string, fileName: string | undefined, describe: () => string, config?: Partial<LintConfig>): LintResult {
  stats.onInput?.(describe);
  const { result, ms } = lintAndCheck(text, { fileName, config });
  note(ms, describe);
  return result;
}

function lintTimed(text: string, describe: () => string, config?: Partial<LintConfig>): LintResult {
  stats.onInput?.(describe);
  const t0 = performance.now();
  const r = lint(text, { fileName: 'claim.837', config });
  note(performance.now() - t0, describe);
  return r;
}

const FILE_NAMES = [undefined, 'claim.837', 'claim.837i', 'claim.edi', 'claim.json', 'claim.xml', 'notes.txt'];
const STRUCTURAL = ['x12-syntax', 'x12-envelope', 'x12-delimiters', 'fhir-structure', 'format-unsupported', 'rule-error'];

/** Every setting that changes what rules report or fix. */
const configArb: fc.Arbitrary<Partial<LintConfig>> = fc.record({
  timedRounding: fc.constantFrom('policy' as const, 'cms-8-minute' as const, 'strict-floor' as const),
  acceptXModifiers: fc.boolean(),
});

// ---- arbitrary text ----------------------------------------------------------------------

const X12_CHARS = [
  'I',
  'S',
  'A',
  '*',
  '~',
  ':',
  '^',
  '|',
  '>',
  '\n',
  '\r',
  ' ',
  '0',
  '1',
  '5',
  '9',
  'G',
  'E',
  'T',
  'C',
  'L',
  'M',
  'H',
  'X',
  '\0',
  '\ufeff',
  '\ud800',
  '.',
  '-',
];

/** Plausible segments of an 837, with random elements, for the reader's deeper paths. */
const SEGMENT_IDS = [
  'ISA',
  'GS',
  'ST',
  'BHT',
  'HL',
  'NM1',
  'DMG',
  'SBR',
  'PAT',
  'CLM',
  'DTP',
  'HI',
  'PRV',
  'LX',
  'SV1',
  'SV2',
  'CL1',
  'SE',
  'GE',
  'IEA',
  'REF',
  'N3',
  '',
  ' HL',
  'lx',
];
const ELEMENTS = [
  '',
  '1',
  '2',
  '20',
  '22',
  '23',
  '0',
  '837',
  '0001',
  '005010X222A1',
  '005010X223A2',
  'HC:97124',
  'HC:97124:59',
  'HC:98940',
  'HC:97110:GP:59:XS:25:KX',
  'HC:00100',
  'HC::::::',
  ':',
  '::',
  'ABK:M5450',
  'ABF:Z733',
  'BK:7231',
  'ABK',
  'ABK:',
  '97124',
  'MJ',
  'UN',
  'DA',
  'D8',
  'RD8',
  '20190601',
  '20190631',
  '20190601-20190605',
  '-',
  '472',
  '434',
  'PE',
  'AT',
  'PXC',
  '225700000X',
  '363L00000X',
  '82',
  'IL',
  'QC',
  '85',
  '11:B:1',
  '13:A:1',
  '1.5',
  '-3',
  '1e5',
  '.5',
  '5.',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '872835529528810605100000000',
  '1' + '0'.repeat(300),
  '0.0000001',
  '  30  ',
  '1:2:3:4:5',
  '1:99',
  '0:-1',
  'M123',
  'DOE',
  '\u00e9\u00e8',
  '\ufffd',
];

const segmentArb = fc.record({
  id: fc.constantFrom(...SEGMENT_IDS),
  elements: fc.array(fc.constantFrom(...ELEMENTS), { maxLength: 10 }),
});

const randomInterchangeArb = fc.record({
  delims: fc.uniqueArray(fc.constantFrom(...DELIMITER_POOL), { minLength: 4, maxLength: 4 }),
  newline: fc.constantFrom('', '\n', '\r\n'),
  header: fc.boolean(),
  segments: fc.array(segmentArb, { maxLength: 60 }),
});

type RandomInterchange = typeof randomInterchangeArb extends fc.Arbitrary<infer T> ? T : never;

function renderRandom(r: RandomInterchange): string {
  const [el, comp, rep, seg] = r.delims;
  const isa =
    [
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
      rep,
      '00501',
      '000000001',
      '0',
      'T',
      comp,
    ].join(el) + seg;
  const head = r.header ? ['GS*HC*S*R*20190501*1200*1*X*005010X222A1', 'ST*837*0001*005010X222A1'] : [];
  const body = [...head, ...r.segments.map((s) => [s.id, ...s.elements].join('*'))];
  const tr = (s: string): string => s.replace(/[*:]/g, (c) => (c === '*' ? el : comp));
  return isa + r.newline + body.map((s) => tr(s) + seg).join(r.newline);
}

// ---- FHIR-looking text (exercises the FHIR readers once the engine reads FHIR) -------------

const FHIR_KEYS = [
  'resourceType',
  'id',
  'entry',
  'resource',
  'item',
  'sequence',
  'productOrService',
  'coding',
  'system',
  'code',
  'modifier',
  'quantity',
  'value',
  'unit',
  'net',
  'total',
  'diagnosis',
  'diagnosisSequence',
  'diagnosisCodeableConcept',
  'servicedDate',
  'patient',
  'identifier',
  'careTeam',
  'provider',
  'qualification',
  'reference',
  'status',
  'use',
  'type',
  'created',
];
const FHIR_VALUES: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'Claim',
    'Bundle',
    'Patient',
    '97124',
    '98940',
    'http://www.ama-assn.org/go/cpt',
    'min',
    'UN',
    '59',
    '2019-06-01',
    '2019-13-45',
    'M54.50',
    'Z73.3',
    '',
  ),
  fc.integer({ min: -3, max: 100 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const { fhirNode } = fc.letrec<{ fhirNode: unknown }>((tie) => ({
  fhirNode: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    FHIR_VALUES,
    fc.array(tie('fhirNode'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FHIR_KEYS), tie('fhirNode'), { maxKeys: 6 }),
  ),
}));

const fhirJsonArb = fc
  .record({
    root: fc.constantFrom('Claim', 'Bundle'),
    body: fc.dictionary(fc.constantFrom(...FHIR_KEYS), fhirNode, { maxKeys: 8 }),
    indent: fc.constantFrom(0, 2, '\t'),
    cut: fc.option(fc.nat(), { freq: 3 }),
    duplicate: fc.boolean(),
  })
  .map(({ root, body, indent, cut, duplicate }) => {
    let text = JSON.stringify({ resourceType: root, ...body }, null, indent);
    if (duplicate) text = text.replace('{', '{"resourceType":"Claim","id":"a","id":"b",');
    return cut === null ? text : text.slice(0, cut % (text.length + 1));
  });

function toXml(name: string, v: unknown, depth = 0): string {
  const safe = /^[A-Za-z][\w.-]*$/.test(name) ? name : 'extension';
  if (v === null || typeof v !== 'object')
    return `<${safe} value="${String(v).replace(/[<&"]/g, (c) => ({ '<': '&lt;', '&': '&amp;', '"': '&quot;' })[c]!)}"/>`;
  if (Array.isArray(v)) return v.map((x) => toXml(safe, x, depth)).join('');
  return `<${safe}>${Object.entries(v)
    .map(([k, x]) => toXml(k, x, depth + 1))
    .join('')}</${safe}>`;
}

const fhirXmlArb = fc
  .record({
    root: fc.constantFrom('Claim', 'Bundle'),
    body: fc.dictionary(fc.constantFrom(...FHIR_KEYS), fhirNode, { maxKeys: 8 }),
    prolog: fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '<!DOCTYPE Claim>\n', '<!DOCTYPE x [<!ENTITY a "b">]>\n', '<!-- c -->'),
    entity: fc.constantFrom('', '&amp;', '&a;', '&#x41;', '&#0;', '<![CDATA[x]]>', '<?pi x?>'),
    cut: fc.option(fc.nat(), { freq: 3 }),
  })
  .map(({ root, body, prolog, entity, cut }) => {
    const inner = Object.entries(body)
      .map(([k, v]) => toXml(k, v))
      .join('');
    const text = `${prolog}<${root} xmlns="http://hl7.org/fhir">${entity}${inner}</${root}>`;
    return cut === null ? text : text.slice(0, cut % (text.length + 1));
  });

// ---- fix safety helpers --------------------------------------------------------------------

function cents(v: number | undefined): number | undefined {
  return v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 100);
}

function lineSig(l: ServiceLine): string {
  return [
    l.procedure?.code.value,
    (l.procedure?.modifiers ?? []).map((m) => m.value).join(':'),
    cents(l.charge?.value),
    l.unitBasis?.value,
    l.quantity?.raw.trim(),
  ].join('|');
}

function sumCents(c: Claim): number | undefined {
  let s = 0;
  for (const l of c.lines) {
    const v = cents(l.charge?.value);
    if (v === undefined) return undefined;
    s += v;
  }
  return s;
}

/** Every claim's LX run 1..n. */
function assertLxNumbered(claims: readonly Claim[], when: string): void {
  for (const c of claims) {
    c.lines.forEach((l, k) => assert.strictEqual(l.number?.value, k + 1, `${when}: claim ${c.id.value} line ${k + 1} has LX ${l.number?.raw}`));
  }
}

function assertNoStructural(r: LintResult, when: string): void {
  const bad = r.findings.filter((f) => STRUCTURAL.includes(f.ruleId)).map((f) => `${f.ruleId}/${f.messageId}@${f.span.start}`);
  assert.deepStrictEqual(bad, [], `${when}: structural findings`);
}

/** The reader found exactly the claims the model holds. */
export function assertMatchesTruth(claims: readonly Claim[], truth: readonly TruthClaim[], when: string): void {
  assert.deepStrictEqual(
    claims.map((c) => c.id.value),
    truth.map((t) => t.id),
    `${when}: claim ids`,
  );
  claims.forEach((c, k) => {
    const t = truth[k];
    assert.strictEqual(cents(c.totalCharge?.value), t.totalCents, `${when}: CLM02 of ${t.id}`);
    if (t.memberId) assert.strictEqual(c.patient.memberId, t.memberId, `${when}: member id of ${t.id}`);
    assert.deepStrictEqual(
      c.lines.map((l) => [l.procedure?.code.value, cents(l.charge?.value), l.procedure?.modifiers.map((m) => m.value), l.unitBasis?.value, l.quantity?.raw]),
      t.lines.map((l) => [l.code, l.chargeCents, [...l.modifiers], l.basis, l.quantity]),
      `${when}: lines of ${t.id}`,
    );
  });
}

function describeFix(f: Finding, k: number): string {
  return `${f.ruleId}/${f.messageId}@${f.span.start} fix #${k} "${f.fixes[k].title}"`;
}

/** Every setting that changes what rules report or fix: each timed rounding, X modifiers on and off. */
export const ALL_CONFIGS: readonly Partial<LintConfig>[] = (['policy', 'cms-8-minute', 'strict-floor'] as const).flatMap((timedRounding) =>
  [false, true].map((acceptXModifiers) => ({ timedRounding, acceptXModifiers })),
);

const X_MODIFIERS = ['XE', 'XS', 'XP', 'XU'];

/** The lines of `before` a fix's edits remove: those a deletion edit covers whole. */
function removedLines(c: Claim, edits: readonly { span: { start: number; end: number }; newText: string }[]): Set<number> {
  const out = new Set<number>();
  c.lines.forEach((l, j) => {
    if (edits.some((e) => e.newText === '' && e.span.start <= l.span.start && e.span.end >= l.span.end)) out.add(j);
  });
  return out;
}

/** Where an error finding is: `claim:line` (the line its span starts in), `claim:rule/message`, or `rule/message` outside every claim. */
function errorPlace(r: LintResult, f: Finding, lineOf: (claim: number, line: number) => number): string {
  const claims = r.document.claims;
  const at = f.span.start;
  const c = claims.findIndex((x) => at >= x.span.start && at <= x.span.end);
  if (c < 0) return `${f.ruleId}/${f.messageId}`;
  const l = claims[c].lines.findIndex((x) => at >= x.span.start && at < Math.max(x.span.end, x.span.start + 1));
  return l < 0 ? `${c}:${f.ruleId}/${f.messageId}` : `${c}:line ${lineOf(c, l)}`;
}

/** A multiset of strings. */
function counts(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

const per = 15;
const eightMinuteUnits = (m: number): number => (m < 8 ? 0 : Math.floor((m + per - 8) / per));

/**
 * Apply one fix and check the document is still whole and the bill still allowed: same claims,
 * lines of one claim changed only in modifiers, basis and quantity, or removed by a removal edit;
 * LX 1..n, CLM02 = sum of lines where it was before, right envelope, the finding gone. Then, under
 * every setting (each timed rounding, X modifiers on and off), no error appears on a line that had
 * none, and no more claim-level or file-level errors of a kind than before. And what the fix wrote
 * never bills what the policy forbids: a unit of 97124 without its 15 minutes, more units than the
 * minutes it replaced allow, a fifth modifier, or 59 next to an X modifier.
 */
export function checkOneFix(
  text: string,
  before: LintResult,
  finding: Finding,
  k: number,
  config?: Partial<LintConfig>,
  beforeByConfig?: Map<string, LintResult>,
): void {
  const fix = finding.fixes[k];
  const what = describeFix(finding, k);
  const { text: fixed, applied } = applyEdits(text, fix.edits);
  assert.strictEqual(applied.length, fix.edits.length, `${what}: its own edits overlap`);
  assert.notStrictEqual(fixed, text, `${what}: changes nothing`);
  const after = lintTimed(fixed, () => `fix ${what} on ${describeText(text)}`, config);
  checkResult(fixed, after);
  assertNoStructural(after, what);
  const b = before.document.claims;
  const a = after.document.claims;
  assert.deepStrictEqual(
    a.map((c) => c.id.value),
    b.map((c) => c.id.value),
    `${what}: claims`,
  );
  assert.deepStrictEqual(
    a.map((c) => c.patient.key),
    b.map((c) => c.patient.key),
    `${what}: patients`,
  );
  /** Per claim: after-line index → before-line index. */
  const kept: number[][] = [];
  let changed = 0;
  b.forEach((cb, i) => {
    const ca = a[i];
    const gone = removedLines(cb, fix.edits);
    const keep = cb.lines.map((_, j) => j).filter((j) => !gone.has(j));
    kept.push(keep);
    assert.strictEqual(ca.lines.length, keep.length, `${what}: claim ${cb.id.value} has ${ca.lines.length} lines, ${keep.length} expected`);
    let touched = gone.size > 0;
    const converted: { lb: ServiceLine; units: number }[] = [];
    keep.forEach((j, n) => {
      const lb = cb.lines[j];
      const la = ca.lines[n];
      assert.strictEqual(la.procedure?.code.value, lb.procedure?.code.value, `${what}: procedure code of a line of ${cb.id.value} changed`);
      assert.strictEqual(cents(la.charge?.value), cents(lb.charge?.value), `${what}: charge of a line of ${cb.id.value} changed`);
      if (lineSig(la) === lineSig(lb)) return;
      touched = true;
      checkBilled(what, lb, la);
      if (lb.unitBasis?.value === 'MJ' && la.unitBasis?.value !== 'MJ' && isTimed(lb.procedure?.code.value, defaultPolicy()))
        converted.push({ lb, units: la.quantity?.value ?? NaN });
    });
    // The units written on a date, against the timed minutes the fix replaced or removed there.
    const dateOf = (l: ServiceLine): string => l.serviceDate?.value ?? cb.serviceDate?.value ?? '';
    for (const date of new Set(converted.map((x) => dateOf(x.lb)))) {
      const units = converted.filter((x) => dateOf(x.lb) === date).reduce((t, x) => t + x.units, 0);
      const minutes = cb.lines
        .filter(
          (l, j) =>
            dateOf(l) === date &&
            l.unitBasis?.value === 'MJ' &&
            isTimed(l.procedure?.code.value, defaultPolicy()) &&
            (gone.has(j) || converted.some((x) => x.lb === l)),
        )
        .reduce((t, l) => t + Math.max(0, l.quantity?.value ?? 0), 0);
      assert.ok(units <= eightMinuteUnits(minutes), `${what}: ${units} units written for ${minutes} minutes on ${date || 'no date'}`);
      // 97124: one unit per full 15 minutes of it on the date, at most (lines of it are added up, as CMS counts a code).
      const massageUnits = converted.filter((x) => dateOf(x.lb) === date && x.lb.procedure?.code.value === '97124').reduce((t, x) => t + x.units, 0);
      const massageMinutes = cb.lines
        .filter(
          (l, j) =>
            dateOf(l) === date && l.unitBasis?.value === 'MJ' && l.procedure?.code.value === '97124' && (gone.has(j) || converted.some((x) => x.lb === l)),
        )
        .reduce((t, l) => t + Math.max(0, l.quantity?.value ?? 0), 0);
      assert.ok(massageUnits * per <= massageMinutes, `${what}: 97124 billed ${massageUnits} units for ${massageMinutes} minutes on ${date || 'no date'}`);
    }
    if (!touched) {
      assert.strictEqual(cents(ca.totalCharge?.value), cents(cb.totalCharge?.value), `${what}: CLM02 of untouched claim ${cb.id.value}`);
      return;
    }
    changed++;
    const tb = cents(cb.totalCharge?.value);
    const charges = [...gone].map((j) => cents(cb.lines[j].charge?.value));
    if (tb !== undefined && gone.size > 0 && charges.every((c) => c !== undefined)) {
      assert.strictEqual(cents(ca.totalCharge?.value), tb - charges.reduce((x: number, y) => x + y!, 0), `${what}: CLM02 after removing lines`);
    }
    const before$ = sumCents(cb);
    if (before$ !== undefined && before$ === tb)
      assert.strictEqual(cents(ca.totalCharge?.value), sumCents(ca), `${what}: CLM02 no longer the sum of ${cb.id.value}'s lines`);
  });
  assert.ok(changed <= 1, `${what}: ${changed} claims changed`);
  assertLxNumbered(a, what);
  const same = (f: Finding): boolean => f.ruleId === finding.ruleId && f.messageId === finding.messageId;
  assert.ok(after.findings.filter(same).length < before.findings.filter(same).length, `${what}: the finding is still there`);

  // Under every setting: no error where there was none.
  for (const c of ALL_CONFIGS) {
    const key = JSON.stringify(c);
    let was = beforeByConfig?.get(key);
    if (!was) {
      was = lintTimed(text, () => `before ${what} under ${key} on ${describeText(text)}`, c);
      beforeByConfig?.set(key, was);
    }
    const now = lintTimed(fixed, () => `fix ${what} under ${key} on ${describeText(text)}`, c);
    const errors = (r: LintResult, lineOf: (claim: number, line: number) => number): string[] =>
      r.findings.filter((f) => f.severity === 'error').map((f) => errorPlace(r, f, lineOf));
    const had = counts(errors(was, (_, l) => l));
    const has = counts(errors(now, (claim, l) => kept[claim]?.[l] ?? -1));
    for (const [place, n] of has) {
      const m = had.get(place) ?? 0;
      if (place.includes(':line ')) assert.ok(m > 0, `${what}: under ${key} an error appears at ${place}, which had none`);
      else assert.ok(n <= m, `${what}: under ${key}, ${n} errors at ${place} (${m} before)`);
    }
  }
}

/**
 * A line a fix changed: what it now bills must be allowed. Units replacing minutes are whole and
 * at least one (97124's full 15 minutes a unit are checked per date, where its lines share their
 * minutes); modifiers are four at most, and a 59 the fix wrote stands without an X modifier.
 */
function checkBilled(what: string, lb: ServiceLine, la: ServiceLine): void {
  const mods = (la.procedure?.modifiers ?? []).map((m) => m.value.trim().toUpperCase()).filter((m) => m !== '');
  assert.ok(mods.length <= 4, `${what}: ${mods.length} modifiers`);
  const had = (lb.procedure?.modifiers ?? []).map((m) => m.value.trim().toUpperCase());
  if (mods.includes('59') && !had.includes('59')) assert.ok(!mods.some((m) => X_MODIFIERS.includes(m)), `${what}: 59 written next to an X modifier`);
  if (lb.unitBasis?.value === 'MJ' && la.unitBasis?.value !== 'MJ') {
    const units = la.quantity?.value ?? NaN;
    const minutes = lb.quantity?.value ?? NaN;
    assert.ok(Number.isInteger(units) && units >= 1, `${what}: ${units} units written for ${minutes} minutes`);
  }
}

/** Apply all mechanical fixes until stable, then again: the second pass must change nothing. */
function checkIdempotent(text: string, describe: () => string, config?: Partial<LintConfig>): string {
  const lintText = (t: string): readonly Finding[] => lintTimed(t, describe, config).findings;
  const first = fixUntilStable(text, lintText, ['fix']);
  assert.ok(first.passes < 10, `mechanical fixes did not settle in ${first.passes} passes`);
  const second = fixUntilStable(first.text, lintText, ['fix']);
  assert.strictEqual(second.fixCount, 0, `second fix-all applied ${second.fixCount} fixes`);
  assert.ok(second.text === first.text, 'second fix-all changed the text');
  return first.text;
}

// ---- the properties ------------------------------------------------------------------------

function mutatedSeed(file: string, ops: readonly Mutation[]): string {
  const seed = seedFiles().find((s) => s.name === file)!;
  return decodeAsCli(applyMutations(seed.bytes, ops));
}

const seedNames = (): string[] => seedFiles().map((s) => s.name);
const x12SeedNames = (): string[] =>
  seedFiles()
    .filter((s) => isaLayout(s.bytes.toString('latin1')))
    .map((s) => s.name);
const describeOps = (file: string, ops: readonly Mutation[], config?: Partial<LintConfig>) => (): string =>
  `${file} ${JSON.stringify(ops)} ${JSON.stringify(config ?? {})}`;

/**
 * A claim behind padding that a fixed detection window could not see past (issue 15 §11): white
 * space, a FHIR narrative before `resourceType`, XML comments and a processing instruction before
 * the root element. Sizes reach well past the old 4 KB window.
 */
function padded(r: Rendered & { layout?: { encoding: string } }, size: number, kind: number): string {
  const filler = 'x'.repeat(size);
  const space = ' \n\t\r\n'.repeat(Math.ceil(size / 5)).slice(0, size);
  // White space may not come before an XML declaration: there it goes after it.
  if (!r.layout || (kind === 0 && r.layout.encoding === 'json')) return space + r.text;
  if (r.layout.encoding === 'json') {
    if (kind === 1 && !r.text.includes('"text"')) {
      return r.text.replace('{', `{"text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">${filler}</div>"}, `);
    }
    return space + r.text;
  }
  const prologue = kind === 0 ? space : kind === 1 ? `<!-- ${filler} -->\n` : `<?claimlint ${filler}?>\n<!-- a -->\n`;
  return r.text.startsWith('<?xml') ? r.text.replace(/^(<\?xml[^>]*\?>)/, `$1\n${prologue}`) : prologue + r.text;
}

/** C0 and C1 control characters (and DEL), as they could stand in a claim or a file name. */
const controlArb = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
// eslint-disable-next-line no-control-regex -- what the text report must never carry raw
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const REPORT_CONTEXT = { version: '0', rules: RULES.map((r) => r.meta), policy: loadBuiltinPolicy(), cwd: '/' };

export const PROPERTIES: readonly NamedProperty[] = [
  {
    name: 'arbitrary text: lint never throws, ranges inside the document',
    weight: 2,
    property: () =>
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.constantFrom(...FILE_NAMES), (text, fileName) => {
        checked(text, fileName, () => `arbitrary text as ${fileName}: ${JSON.stringify(text)}`);
      }),
  },
  {
    name: 'ISA followed by X12-ish noise',
    weight: 2,
    property: () =>
      fc.property(fc.string({ unit: fc.constantFrom(...X12_CHARS), maxLength: 1500 }), fc.constantFrom(...FILE_NAMES), (tail, fileName) => {
        const text = 'ISA' + tail;
        checked(text, fileName, () => `ISA noise as ${fileName}: ${JSON.stringify(text)}`);
      }),
  },
  {
    name: 'random segments inside a valid ISA (any delimiters)',
    weight: 3,
    property: () =>
      fc.property(randomInterchangeArb, configArb, (r, config) => {
        const text = renderRandom(r);
        checked(text, 'claim.837', () => `random segments ${JSON.stringify([r, config]).slice(0, 2000)}`, config);
      }),
  },
  {
    name: 'mutated corpus and fixture files (flips, truncation, segments, delimiters, huge, NUL, invalid UTF-8)',
    weight: 4,
    property: () =>
      fc.property(fc.constantFrom(...seedNames()), mutationsArb(), fc.boolean(), configArb, (file, ops, named, config) => {
        const text = mutatedSeed(file, ops);
        checked(text, named ? file : undefined, describeOps(file, ops, config), config);
      }),
  },
  {
    name: 'mutated generated claims',
    weight: 2,
    property: () =>
      fc.property(fc.oneof(renderedArb(), renderedFhirArb()), mutationsArb(3), configArb, (r, ops, config) => {
        const text = decodeAsCli(applyMutations(Buffer.from(r.text, 'utf8'), ops));
        checked(text, 'claim.837', () => `generated+${JSON.stringify([ops, config])} ${describeText(text)}`, config);
      }),
  },
  {
    name: 'FHIR-looking JSON and XML',
    weight: 2,
    property: () =>
      fc.property(fc.oneof(fhirJsonArb, fhirXmlArb), fc.constantFrom(undefined, 'claim.json', 'claim.xml'), (text, fileName) => {
        checked(text, fileName, () => `FHIR-looking ${describeText(text)}: ${text.slice(0, 1500)}`);
      }),
  },
  {
    name: 'generated claims are read as the model says (ground truth)',
    weight: 1,
    property: () =>
      fc.property(renderedArb(), (r: Rendered) => {
        const result = checked(r.text, 'claim.837', () => `generated ${describeText(r.text)}`);
        assertNoStructural(result, 'generated');
        assert.strictEqual(result.document.format, r.model.variant === 'I' ? 'x12-837i' : 'x12-837p');
        assertMatchesTruth(result.document.claims, r.claims, 'generated');
        assertLxNumbered(result.document.claims, 'generated');
      }),
  },
  {
    name: 'fix safety: any one fix keeps claims, envelope, LX and CLM02 right, adds no error under any setting, bills nothing the policy forbids',
    weight: 1,
    property: () =>
      fc.property(renderedArb(), configArb, (r: Rendered, config) => {
        const before = checked(r.text, 'claim.837', () => `generated ${describeText(r.text)}`, config);
        const byConfig = new Map<string, LintResult>();
        for (const f of before.findings) for (let k = 0; k < f.fixes.length; k++) checkOneFix(r.text, before, f, k, config, byConfig);
      }),
  },
  {
    name: 'fix safety: mechanical fixes applied twice change nothing the second time',
    weight: 1,
    property: () =>
      fc.property(renderedArb({ withErrors: true }), configArb, (r: Rendered, config) => {
        const fixed = checkIdempotent(r.text, () => `generated with envelope errors ${describeText(r.text)}`, config);
        const after = lint(fixed, { fileName: 'claim.837', config });
        assertNoStructural(after, 'after fix-all');
        assert.ok(!after.findings.some((f) => f.fixes.some((x) => x.kind === 'fix')), 'mechanical fixes left after fix-all');
        assertMatchesTruth(after.document.claims, r.claims, 'after fix-all');
      }),
  },
  {
    name: 'fix safety: fix-all is idempotent on mutated files',
    weight: 1,
    property: () =>
      fc.property(fc.constantFrom(...seedNames()), mutationsArb(2), configArb, (file, ops, config) => {
        checkIdempotent(mutatedSeed(file, ops), describeOps(file, ops, config), config);
      }),
  },
  {
    name: 'FHIR JSON/XML: generated claims are read as the model says (ground truth)',
    weight: 1,
    property: () =>
      fc.property(renderedFhirArb(), (r) => {
        const result = checked(r.text, undefined, () => `generated FHIR ${describeText(r.text)}`);
        assertNoStructural(result, 'generated FHIR');
        assert.strictEqual(result.document.format, r.layout.encoding === 'json' ? 'fhir-json' : 'fhir-xml');
        assertMatchesTruth(result.document.claims, r.claims, 'generated FHIR');
        assertLxNumbered(result.document.claims, 'generated FHIR');
      }),
  },
  {
    name: 'FHIR fix safety: any one fix keeps claims, item sequences and totals right, adds no error under any setting; fix-all idempotent',
    weight: 1,
    ciShare: 0.5,
    property: () =>
      fc.property(renderedFhirArb(), configArb, (r, config) => {
        const before = checked(r.text, undefined, () => `generated FHIR ${describeText(r.text)}`, config);
        const byConfig = new Map<string, LintResult>();
        for (const f of before.findings) for (let k = 0; k < f.fixes.length; k++) checkOneFix(r.text, before, f, k, config, byConfig);
        checkIdempotent(r.text, () => `generated FHIR ${describeText(r.text)}`, config);
      }),
  },
  {
    name: 'padding past the detection window: a claim behind white space, a narrative or comments is read as the model says',
    weight: 1,
    ciShare: 0.5,
    property: () =>
      fc.property(
        fc.oneof(renderedArb(), renderedFhirArb()),
        fc.integer({ min: 4000, max: 40000 }),
        fc.integer({ min: 0, max: 2 }),
        (r: Rendered & { layout?: { encoding: string } }, size, kind) => {
          const text = padded(r, size, kind);
          const plain = checked(r.text, undefined, () => `generated ${describeText(r.text)}`);
          const result = checked(text, undefined, () => `generated, padded ${size}/${kind}: ${describeText(r.text)}`);
          assert.strictEqual(result.document.format, plain.document.format, `padding ${size}/${kind} changed the format`);
          if (r.layout) {
            assertNoStructural(result, 'padded FHIR');
            assertMatchesTruth(result.document.claims, r.claims, 'padded FHIR');
          } else {
            assert.deepStrictEqual(
              result.document.claims.map((c) => c.id.value),
              plain.document.claims.map((c) => c.id.value),
              'padded X12 claims',
            );
          }
        },
      ),
  },
  {
    name: 'control characters in claims and file names never reach the text report raw',
    weight: 1,
    property: () =>
      fc.property(
        renderedArb(),
        fc.array(fc.tuple(fc.nat(), fc.array(controlArb, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 6 }),
        fc.array(controlArb, { maxLength: 3 }),
        (r, inserts, nameControls) => {
          let text = r.text;
          for (const [at, chars] of inserts) {
            const k = at % (text.length + 1);
            text = text.slice(0, k) + chars.join('') + text.slice(k);
          }
          const result = checked(text, 'claim.837', () => `generated with controls ${JSON.stringify(inserts)}: ${describeText(r.text)}`);
          const file = `claim${nameControls.join('')}.837`;
          const report = [
            ...formatText(
              [{ file, format: result.document.format, claims: 0, findings: result.findings, lines: result.lines, fixesApplied: 0 }],
              REPORT_CONTEXT,
            ),
          ].join('');
          const hit = RAW_CONTROL.exec(report);
          assert.ok(!hit, `raw U+${hit?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in the text report`);
        },
      ),
  },
  {
    name: 'changing a real file\u2019s delimiters changes no finding and no claim',
    weight: 1,
    property: () =>
      fc.property(fc.constantFrom(...x12SeedNames()), fc.shuffledSubarray(DELIMITER_POOL, { minLength: 4, maxLength: 4 }), (file, fresh) => {
        const original = decodeAsCli(seedFiles().find((s) => s.name === file)!.bytes);
        const layout = isaLayout(original)!;
        const old = [layout.element, layout.component, layout.repetition, layout.segment].map((i) => original[i]);
        const usable = fresh.filter((c) => !original.includes(c));
        // ISA11 is a standards id ("U"), not a delimiter, in 4010 files; leave it alone there.
        const map = new Map<string, string>();
        old.forEach((c, k) => {
          if (/[A-Za-z0-9]/.test(c)) return;
          map.set(c, usable[k] ?? c);
        });
        if ([...map.values()].some((v, k, all) => all.indexOf(v) !== k)) return;
        const redone = [...original].map((c) => map.get(c) ?? c).join('');
        const a = checked(original, file, () => file);
        const b = checked(redone, file, () => `${file} redelimited ${JSON.stringify([...map])}`);
        const sig = (r: LintResult) => r.findings.map((f) => `${f.ruleId}/${f.messageId}@${f.span.start}-${f.span.end}`);
        assert.deepStrictEqual(sig(b), sig(a), `${file}: findings differ after changing delimiters ${JSON.stringify([...map])}`);
        // Compared without printing: these are the corpus file's codes and charges.
        const lines = (r: LintResult) => r.document.claims.map((c) => c.lines.map(lineSig).join('\n'));
        const [la, lb] = [lines(a), lines(b)];
        const first = la.findIndex((x, k) => x !== lb[k]);
        assert.ok(la.length === lb.length && first < 0, `${file}: claim ${first + 1} of ${la.length} read differently after changing delimiters`);
      }),
  },
];

export { TIME_BOUND_MS };
