import * as path from 'path';

/** Repository root, from out/test/unit/parsers/x12. */
export const ROOT = path.resolve(__dirname, '../../../../..');
/** ../shared beside the clone (CI lays it there). */
export const CORPUS = path.resolve(ROOT, '../shared/corpus');

export interface BuildOptions {
  element?: string;
  component?: string;
  repetition?: string;
  segment?: string;
  /** Text after each terminator: '', '\n' or '\r\n'. */
  newline?: string;
  version?: string;
}

/** A 106-character ISA with the given delimiters. */
export function isa(o: BuildOptions = {}): string {
  const e = o.element ?? '*';
  const fields = [
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
    o.repetition ?? '^',
    '00501',
    '000000001',
    '0',
    'T',
    o.component ?? ':',
  ];
  return fields.join(e) + (o.segment ?? '~');
}

/**
 * An interchange around the given transaction body segments (written with `*` and `:`, then
 * translated to the requested delimiters), with every count right.
 */
export function interchange(body: string[], o: BuildOptions = {}): string {
  return interchangeOf([body], o);
}

/** {@link interchange} with one transaction set (ST … SE, control numbers 0001, 0002 …) per body, in one functional group. */
export function interchangeOf(bodies: string[][], o: BuildOptions = {}): string {
  const e = o.element ?? '*';
  const c = o.component ?? ':';
  const t = o.segment ?? '~';
  const nl = o.newline ?? '\n';
  const version = o.version ?? '005010X222A1';
  const tr = (s: string) => s.replace(/[*:]/g, (m) => (m === '*' ? e : c));
  const segs = [`GS*HC*SENDER*RECEIVER*20190501*1200*1*X*${version}`];
  bodies.forEach((body, k) => {
    const control = String(k + 1).padStart(4, '0');
    const tx = [`ST*837*${control}*${version}`, ...body];
    tx.push(`SE*${tx.length + 1}*${control}`);
    segs.push(...tx);
  });
  segs.push(`GE*${bodies.length}*1`, 'IEA*1*000000001');
  return isa(o) + nl + segs.map((s) => tr(s) + t).join(nl) + nl;
}

/** A minimal 837P body: billing provider, subscriber = patient, one claim with the given lines. */
export function professionalBody(lines: string[][], opts: { hi?: string; memberId?: string; taxonomy?: string } = {}): string[] {
  const body = [
    'BHT*0019*00*0123*20190501*1200*CH',
    'NM1*41*2*CLINIC*****46*12345',
    'PER*IC*CONTACT*TE*5555555555',
    'NM1*40*2*PAYER*****46*99999',
    'HL*1**20*1',
    'NM1*85*2*CLINIC*****XX*1234567893',
    'N3*1 MAIN ST',
    'N4*CITY*ST*12345',
    'REF*EI*123456789',
    'HL*2*1*22*0',
    'SBR*P*18*******CI',
    `NM1*IL*1*DOE*JANE****MI*${opts.memberId ?? 'M123'}`,
    'DMG*D8*19700101*F',
    'NM1*PR*2*PAYER*****PI*99999',
    'CLM*ACCT1*150***11:B:1*Y*A*Y*Y',
    opts.hi ?? 'HI*ABK:M5450*ABF:M6283',
  ];
  if (opts.taxonomy) body.push('NM1*82*1*SMITH*ANN****XX*1234567893', `PRV*PE*PXC*${opts.taxonomy}`);
  lines.forEach((l, k) => body.push(`LX*${k + 1}`, ...l));
  return body;
}
