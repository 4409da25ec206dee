import { CodeSet, CodeSetError, type CodeSetKind, type CodeSetSource } from './code-set';
import { periodInfo, type PeriodHint } from './periods';

/** More codes than any official file holds (ICD-10-CM FY2025: about 98 000 lines in the order file). */
export const MAX_CODES = 250_000;

/**
 * The layouts read, told apart by the first line that is not blank (docs/code-sets.md):
 * - ICD-10-CM order file: order number (5 digits), blank, code (7, no dot, padded), blank, 0 header
 *   / 1 billable, blank, short description (60), blank, long description (to the end);
 * - ICD-10-CM codes file: code (7, no dot, padded), blank, long description; billable codes only;
 * - HCPCS ANWEB (fixed width, 320 columns): code (5), sequence number (5), record identification
 *   code (1: 3 a procedure's first line, 4 its continuation, 7 and 8 the same for a modifier), long
 *   description (80), short description (28), then pricing and coverage fields, not read.
 */
const LAYOUTS: readonly { source: CodeSetSource; kind: CodeSetKind; first: RegExp }[] = [
  { source: 'hcpcs-anweb', kind: 'hcpcs', first: /^[A-Z0-9 ]{5}\d{5}[3478]/ },
  { source: 'icd10cm-order', kind: 'icd10cm', first: /^\d{5} [A-Z][0-9][0-9A-Z ]{5} [01] / },
  { source: 'icd10cm-codes', kind: 'icd10cm', first: /^[A-Z][0-9][0-9A-Z]{1,5} +\S/ },
];

const ICD10CM_CODE = /^[A-Z][0-9][0-9A-Z]{1,5}$/;
/**
 * HCPCS Level II: a letter and four digits. D codes are left out too: their descriptors are the
 * American Dental Association's (CDT), as Level I's are the AMA's (CPT), which claimlint never
 * stores or shows.
 */
const LEVEL_II_CODE = /^[A-CE-Z]\d{4}$/;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** Control characters become spaces, runs of spaces one: descriptions are shown on one line. */
function clean(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Reads an official code set file line by line (push each line, then {@link finish}), so a file of
 * any size is read in bounded memory. Throws {@link CodeSetError} at the first line that does not
 * fit the layout the file started with, naming the line's number and never its text (a claim file
 * picked by mistake must not end up in a message).
 */
export class OfficialFileReader {
  private layout?: (typeof LAYOUTS)[number];
  private lineNo = 0;
  private readonly descriptions = new Map<string, string>();
  private readonly headers = new Set<string>();
  /** HCPCS: the procedure whose description continuation lines (record code 4) extend; undefined when it was left out. */
  private current?: { code: string; line: number; parts: string[]; short: string };
  /** HCPCS: the procedure record left out last, whose continuation lines are left out with it. */
  private skippedCode?: string;
  /** HCPCS procedure records left out (Level I, CDT); counted for the import's summary. */
  skipped = 0;

  constructor(
    private readonly fileName: string,
    private readonly hint?: PeriodHint,
  ) {}

  line(text: string): void {
    this.lineNo++;
    if (text.trim() === '') return;
    if (!this.layout) this.layout = this.detect(text);
    switch (this.layout.source) {
      case 'icd10cm-order':
        return this.orderLine(text);
      case 'icd10cm-codes':
        return this.codesLine(text);
      case 'hcpcs-anweb':
        return this.anwebLine(text);
    }
  }

  /** The set read; throws when the file held no code of its kind. */
  finish(): CodeSet {
    this.closeProcedure();
    const layout = this.layout;
    if (!layout) throw new CodeSetError('The file is empty.');
    if (this.descriptions.size === 0) {
      throw new CodeSetError(
        layout.kind === 'hcpcs' ? 'The file holds no HCPCS Level II code (a letter and four digits).' : 'The file holds no ICD-10-CM code.',
      );
    }
    const info = { ...periodInfo(layout.kind, this.fileName, layout.source, this.hint), headers: layout.source === 'icd10cm-order' };
    return new CodeSet(info, this.descriptions, this.headers);
  }

  private detect(text: string): (typeof LAYOUTS)[number] {
    const found = LAYOUTS.find((l) => l.first.test(text));
    if (found) return found;
    const head = text.replace(/^\uFEFF/, '');
    // NCHS publishes the tabular list as XML beside the order file, and the files as .xlsx (a zip) too.
    if (head.includes('<ICD10CM.tabular') || (/^\s*<\?xml/.test(head) && /tabular/i.test(this.fileName)))
      throw new CodeSetError('This is the ICD-10-CM tabular list (XML); import the order file (icd10cm_order_YYYY.txt) from the same download.');
    if (head.startsWith('PK\u0003\u0004')) throw new CodeSetError('This is a spreadsheet or zip file; import the .txt file from the download.');
    if (/^\s*(ISA|\{|<)/.test(head)) throw new CodeSetError('This is a claim file, not a code set.');
    throw new CodeSetError(
      `Line ${this.lineNo} is not a record of an ICD-10-CM order or codes file or of a HCPCS ANWEB file (the formats claimlint reads are listed in docs/code-sets.md).`,
    );
  }

  private bad(what: string): never {
    throw new CodeSetError(`Line ${this.lineNo} is not a record of ${what}.`);
  }

  private add(code: string, description: string, line = this.lineNo): void {
    if (this.descriptions.has(code)) throw new CodeSetError(`Line ${line} lists a code that an earlier line lists too.`);
    if (this.descriptions.size >= MAX_CODES) throw new CodeSetError(`The file lists more than ${MAX_CODES} codes; no official code set file does.`);
    this.descriptions.set(code, description);
  }

  private orderLine(text: string): void {
    const what = 'an ICD-10-CM order file (order number, code, 0/1, short and long description)';
    if (text.length < 17 || !/^\d{5}$/.test(text.slice(0, 5)) || text[5] !== ' ' || text[13] !== ' ' || text[15] !== ' ') this.bad(what);
    const code = text.slice(6, 13).trimEnd();
    const flag = text[14];
    if (!ICD10CM_CODE.test(code) || (flag !== '0' && flag !== '1')) this.bad(what);
    const short = clean(text.slice(16, 76));
    const description = clean(text.slice(77)) || short;
    if (!description) this.bad(what);
    this.add(code, description);
    if (flag === '0') this.headers.add(code);
  }

  private codesLine(text: string): void {
    const m = /^([A-Z][0-9][0-9A-Z]{1,5}) +(\S.*)$/.exec(text);
    if (!m || !ICD10CM_CODE.test(m[1])) this.bad('an ICD-10-CM codes file (code, then its description)');
    this.add(m[1], clean(m[2]));
  }

  private anwebLine(text: string): void {
    const what = 'a HCPCS ANWEB file (code, sequence number, record code, description)';
    if (text.length < 12 || !/^[A-Z0-9 ]{5}\d{5}[3478]$/.test(text.slice(0, 11))) this.bad(what);
    const code = text.slice(0, 5).trim();
    const record = text[10];
    // The long description's 80 columns, padded: a word split over two lines joins up again.
    const part = text.slice(11, 91).padEnd(80);
    if (record === '8') return; // a modifier's continuation
    if (record === '4') {
      if (this.current?.code === code) this.current.parts.push(part);
      else if (this.skippedCode !== code) this.bad(what);
      return;
    }
    this.closeProcedure();
    this.skippedCode = undefined;
    if (record === '7') return; // a modifier
    if (!LEVEL_II_CODE.test(code)) {
      this.skipped++;
      this.skippedCode = code;
      return;
    }
    this.current = { code, line: this.lineNo, parts: [part], short: clean(text.slice(91, 119)) };
  }

  private closeProcedure(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    const description = clean(c.parts.join('')) || c.short;
    if (description) this.add(c.code, description, c.line);
  }
}
