import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ServiceFacts } from '../core/facts';
import { factRecords } from '../core/facts-export';
import type { LinePositions } from '../core/model/span';
import { tempPathBeside } from './atomic-write';

/** Bytes gathered before a write to the facts file. */
const CHUNK = 1 << 20;

/**
 * `--facts <file.jsonl>`: every file's per-line facts as JSON Lines (docs/scale.md), written to a
 * temporary file beside the target and renamed onto it when the run ends, so a reader never sees
 * half a file. Patient keys and claim ids are salted hashes: the salt is CLAIMLINT_FACTS_SALT
 * (give the same one to every run whose facts are to be joined), else random for this run.
 */
export class FactsFile {
  private readonly fd: number;
  private readonly temp: string;
  private pending: string[] = [];
  private size = 0;
  /** Lines written. */
  count = 0;

  constructor(
    private readonly target: string,
    private readonly salt: string,
  ) {
    // Named as a --fix temporary file is: a run killed while writing leaves one the next run removes.
    this.temp = tempPathBeside(target);
    this.fd = fs.openSync(this.temp, 'wx', 0o600);
  }

  /** A file's facts; `name` as the report names the file. */
  add(facts: ServiceFacts | undefined, name: string, lines: LinePositions): void {
    if (!facts) return;
    for (const record of factRecords(facts, name, lines, this.salt)) {
      const line = JSON.stringify(record) + '\n';
      this.pending.push(line);
      this.size += line.length;
      this.count++;
      if (this.size >= CHUNK) this.flush();
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    let at = 0;
    while (at < data.length) at += fs.writeSync(this.fd, data, at);
    this.pending = [];
    this.size = 0;
  }

  /** Write what is left and put the file in place. */
  close(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.temp, this.target);
  }

  /** Drop the temporary file (the run failed). */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // Already closed.
    }
    fs.rmSync(this.temp, { force: true });
  }
}

/** The salt of this run: CLAIMLINT_FACTS_SALT, else random (ids then match only within the run). */
export function factsSalt(): { salt: string; given: boolean } {
  const given = process.env.CLAIMLINT_FACTS_SALT;
  return given ? { salt: given, given: true } : { salt: randomBytes(16).toString('hex'), given: false };
}
