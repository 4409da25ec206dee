/**
 * Per claim, in document order: its CLM and last segment, and where its patient (NM1, DMG) and
 * billing provider (NM1*85) were read — what reading it again needs (reread.ts). Numbers in one
 * typed array, not an object per claim: a batch has 100 000 claims and more.
 */
export class ClaimTable {
  count = 0;
  /** Per claim: CLM, last segment, patient NM1, DMG, billing NM1 (-1: none), 2010CA flag. */
  private rows = new Int32Array(6 * 256);

  add(clmSeg: number, lastSeg: number, personSeg: number, dmgSeg: number, patientLoop: boolean, billingSeg: number): void {
    const k = this.count++;
    if (6 * k + 6 > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const r = this.rows;
    r[6 * k] = clmSeg;
    r[6 * k + 1] = lastSeg;
    r[6 * k + 2] = personSeg;
    r[6 * k + 3] = dmgSeg;
    r[6 * k + 4] = billingSeg;
    r[6 * k + 5] = patientLoop ? 1 : 0;
  }

  clmSeg(k: number): number {
    return this.rows[6 * k];
  }

  lastSeg(k: number): number {
    return this.rows[6 * k + 1];
  }

  /** The subscriber or patient NM1 the claim's patient was read from; -1 when there was none. */
  personSeg(k: number): number {
    return this.rows[6 * k + 2];
  }

  /** The DMG that set that person's birth date; -1 when none did. */
  dmgSeg(k: number): number {
    return this.rows[6 * k + 3];
  }

  /** The NM1*85 of the billing provider; -1 when the claim had none. */
  billingSeg(k: number): number {
    return this.rows[6 * k + 4];
  }

  /** The loop of a claim without a patient NM1: 2010CA under HL*23, else 2010BA. */
  unknownLoopId(k: number): string {
    return this.rows[6 * k + 5] ? '2010CA' : '2010BA';
  }
}
