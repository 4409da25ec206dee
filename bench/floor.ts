/**
 * The "facts floor": a measuring stick for issue 5, not a reader. One lean pass over an 837P that
 * takes what the 12 rules read — per claim its patient, charge, diagnoses and date; per service
 * line its code, modifiers, charge, unit basis, quantity, diagnosis pointers, date and rendering
 * taxonomy, each with its offset — into typed arrays: no object per segment, claim or line; the
 * only strings made are each line's code and each patient's member id, to look them up; no
 * envelope checks, no rules, no findings. Its time estimates the least a reader of this design
 * space does on this machine (one implementation, so an estimate, not a proof): what is left of
 * a speed target beside it is what the checks, the findings and the positions may take
 * (docs/performance.md, "What is left").
 *
 * It assumes what the bench's generated batches hold (declared separators, one component
 * separator, D8 dates); it is not meant for other files.
 */

/** What the pass found, as counts (the columns are filled, then dropped: the case measures the filling). */
export interface Facts {
  readonly claims: number;
  readonly lines: number;
  readonly diagnoses: number;
  readonly codes: number;
  readonly patients: number;
}

const ID = (s: string) => s.charCodeAt(0) | (s.charCodeAt(1) << 7) | ((s.length > 2 ? s.charCodeAt(2) : 0) << 14);
const CLM = ID('CLM');
const SV1 = ID('SV1');
const DTP = ID('DTP');
const HI = ID('HI');
const LX = ID('LX');
const NM1 = ID('NM1');
const PRV = ID('PRV');
const HL = ID('HL');
const DMG = ID('DMG');

export function factsFloor(text: string): Facts {
  const n = text.length;
  const isa = text.indexOf('ISA');
  const element = text.charAt(isa + 3);
  const component = text.charAt(isa + 104);
  const terminator = text.charAt(isa + 105);
  const E = element.charCodeAt(0);
  const cap = (n / 100) | 0;
  const lineClaim = new Int32Array(cap);
  const lineCode = new Int32Array(cap);
  const lineCodeAt = new Int32Array(cap);
  const lineMods = new Uint8Array(cap);
  const lineModAt = new Int32Array(cap * 4);
  const lineCharge = new Float64Array(cap);
  const lineBasis = new Uint8Array(cap);
  const lineQty = new Float64Array(cap);
  const linePointers = new Uint16Array(cap);
  const lineDate = new Int32Array(cap);
  const lineTaxonomy = new Int32Array(cap);
  const claimPatient = new Int32Array(cap);
  const claimCharge = new Float64Array(cap);
  const claimDate = new Int32Array(cap);
  const diagClaim = new Int32Array(cap);
  const diagAt = new Int32Array(cap);
  const codeIds = new Map<string, number>();
  const patientIds = new Map<string, number>();
  let claims = 0;
  let lines = 0;
  let diagnoses = 0;
  let patient = -1;
  let inLine = false;
  let inRendering = false;

  // Offsets of the separators of the current segment (enough for the segments read here).
  const seps = SEPS;
  let pos = isa;
  while (pos < n) {
    let end = text.indexOf(terminator, pos);
    if (end < 0) end = n;
    const id = text.charCodeAt(pos) | (text.charCodeAt(pos + 1) << 7) | (text.charCodeAt(pos + 2) === E ? 0 : text.charCodeAt(pos + 2) << 14);
    if (id === CLM || id === SV1 || id === DTP || id === HI || id === LX || id === NM1 || id === PRV || id === HL || id === DMG) {
      let count = 0;
      for (let k = text.indexOf(element, pos); k >= 0 && k < end && count < 32; k = text.indexOf(element, k + 1)) seps[count++] = k;
      segEnd = end;
      sepCount = count;
      switch (id) {
        case HL:
          inLine = false;
          break;
        case NM1: {
          const a = at(1);
          if (inLine)
            inRendering = text.charCodeAt(a) === 56 && text.charCodeAt(a + 1) === 50; // 82
          else if ((text.charCodeAt(a) === 73 && text.charCodeAt(a + 1) === 76) || (text.charCodeAt(a) === 81 && text.charCodeAt(a + 1) === 67)) {
            const key = text.slice(at(9), to(9));
            let p = patientIds.get(key);
            if (p === undefined) patientIds.set(key, (p = patientIds.size));
            patient = p;
          }
          break;
        }
        case DMG:
          break;
        case CLM:
          inLine = false;
          claimPatient[claims] = patient;
          claimCharge[claims] = number(text, at(2), to(2));
          claimDate[claims] = 0;
          claims++;
          break;
        case HI:
          for (let e = 1; e <= count; e++) {
            const c = text.indexOf(component, at(e));
            if (c < 0 || c >= to(e)) continue;
            diagClaim[diagnoses] = claims - 1;
            diagAt[diagnoses++] = c + 1;
          }
          break;
        case LX:
          inLine = true;
          inRendering = false;
          lineClaim[lines] = claims - 1;
          lineDate[lines] = 0;
          lineTaxonomy[lines] = -1;
          lines++;
          break;
        case SV1: {
          const l = lines - 1;
          const a = at(1);
          const b = to(1);
          let c = text.indexOf(component, a);
          if (c < 0 || c > b) c = b;
          let c2 = text.indexOf(component, c + 1);
          if (c2 < 0 || c2 > b) c2 = b;
          const code = text.slice(c + 1, c2);
          let codeId = codeIds.get(code);
          if (codeId === undefined) codeIds.set(code, (codeId = codeIds.size));
          lineCode[l] = codeId;
          lineCodeAt[l] = c + 1;
          let mods = 0;
          for (let k = c2; k < b && mods < 4;) {
            lineModAt[4 * l + mods] = k + 1;
            mods++;
            const next = text.indexOf(component, k + 1);
            k = next < 0 || next > b ? b : next;
          }
          lineMods[l] = mods;
          lineCharge[l] = number(text, at(2), to(2));
          const basis = text.charCodeAt(at(3));
          lineBasis[l] = to(3) === at(3) ? 0 : basis === 85 ? 1 : basis === 77 ? 2 : 3;
          lineQty[l] = number(text, at(4), to(4));
          let pointers = 0;
          for (let k = at(7); k < to(7); k++) {
            const d = text.charCodeAt(k) - 48;
            if (d > 0 && d <= 9) pointers |= 1 << d;
          }
          linePointers[l] = pointers;
          break;
        }
        case DTP: {
          const a = at(1);
          if (text.charCodeAt(a) !== 52 || text.charCodeAt(a + 1) !== 55 || text.charCodeAt(a + 2) !== 50) break; // 472
          let d = 0;
          for (let k = at(3), e = to(3); k < e; k++) d = d * 10 + text.charCodeAt(k) - 48;
          if (inLine) lineDate[lines - 1] = d;
          else if (claims > 0) claimDate[claims - 1] = d;
          break;
        }
        case PRV:
          if (inLine && inRendering) lineTaxonomy[lines - 1] = at(3);
          break;
      }
    }
    pos = end + 1;
    while (pos < n && (text.charCodeAt(pos) === 10 || text.charCodeAt(pos) === 13)) pos++;
  }
  return { claims, lines, diagnoses, codes: codeIds.size, patients: patientIds.size };
}

const SEPS = new Int32Array(32);
let sepCount = 0;
let segEnd = 0;

/** Start of element e (1-based) of the current segment; its end when the segment has fewer. */
function at(e: number): number {
  return e <= sepCount ? SEPS[e - 1] + 1 : segEnd;
}

/** End of element e of the current segment. */
function to(e: number): number {
  return e < sepCount ? SEPS[e] : segEnd;
}

/** A decimal number (digits with an optional point) from char codes; NaN otherwise. */
function number(text: string, start: number, end: number): number {
  let v = 0;
  let scale = 0;
  if (start >= end) return NaN;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && scale === 0) scale = 1;
    else if (c >= 48 && c <= 57) {
      v = v * 10 + c - 48;
      if (scale) scale *= 10;
    } else return NaN;
  }
  return scale ? v / scale : v;
}
