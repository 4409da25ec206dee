/** Integers per claim row. */
const W = 9;

/**
 * Per claim, in document order: its CLM and last segment, and where its patient (NM1, DMG, and what
 * its key is scoped by: the payer's NM1*PR, a dependent's subscriber NM1*IL) and billing provider
 * (NM1*85, PRV*BI) were read — what reading it again needs (reread.ts). Numbers in one typed array,
 * not an object per claim: a batch has 100 000 claims and more.
 */
export class ClaimTable {
  count = 0;
  /**
   * Per claim: CLM, last segment, patient NM1, DMG, billing NM1 (-1: none), 2010CA flag, billing
   * PRV*BI, payer NM1*PR, a dependent's subscriber NM1*IL (-1: none).
   */
  private rows = new Int32Array(W * 256);

  add(
    clmSeg: number,
    lastSeg: number,
    personSeg: number,
    dmgSeg: number,
    patientLoop: boolean,
    billingSeg: number,
    billingPrvSeg = -1,
    payerSeg = -1,
    subscriberSeg = -1,
  ): void {
    const k = this.count++;
    if (W * k + W > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const r = this.rows;
    r[W * k] = clmSeg;
    r[W * k + 1] = lastSeg;
    r[W * k + 2] = personSeg;
    r[W * k + 3] = dmgSeg;
    r[W * k + 4] = billingSeg;
    r[W * k + 5] = patientLoop ? 1 : 0;
    r[W * k + 6] = billingPrvSeg;
    r[W * k + 7] = payerSeg;
    r[W * k + 8] = subscriberSeg;
  }

  clmSeg(k: number): number {
    return this.rows[W * k];
  }

  lastSeg(k: number): number {
    return this.rows[W * k + 1];
  }

  /** The subscriber or patient NM1 the claim's patient was read from; -1 when there was none. */
  personSeg(k: number): number {
    return this.rows[W * k + 2];
  }

  /** The DMG that set that person's birth date; -1 when none did. */
  dmgSeg(k: number): number {
    return this.rows[W * k + 3];
  }

  /** The NM1*85 of the billing provider; -1 when the claim had none. */
  billingSeg(k: number): number {
    return this.rows[W * k + 4];
  }

  /** The billing provider's PRV*BI (2000A); -1 when the claim had none. */
  billingPrvSeg(k: number): number {
    return this.rows[W * k + 6];
  }

  /** The payer's NM1*PR (2010BB) of the claim's subscriber loop; -1 when none was read (or no patient was). */
  payerSeg(k: number): number {
    return this.rows[W * k + 7];
  }

  /** For a dependent's claim (2010CA), the subscriber's NM1*IL (2010BA); -1 otherwise or when none was read. */
  subscriberSeg(k: number): number {
    return this.rows[W * k + 8];
  }

  /** The loop of a claim without a patient NM1: 2010CA under HL*23, else 2010BA. */
  unknownLoopId(k: number): string {
    return this.rows[W * k + 5] ? '2010CA' : '2010BA';
  }
}
