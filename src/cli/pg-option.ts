/** `--pg 15,17,18`: the PostgreSQL majors a command works on, in the order given, each once. */
import { UsageError } from '../errors.ts';
import { PG_MAJORS, type PgMajor, isPgMajor } from '../model/pg-major.ts';

export function parseMajors(given: string, option: string): PgMajor[] {
  const majors: PgMajor[] = [];
  for (const part of given.split(',').map((p) => p.trim())) {
    const major = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!isPgMajor(major))
      throw new UsageError(
        `${option} ${given}: ${JSON.stringify(part)} is not a PostgreSQL major pgdrill can drill (${PG_MAJORS.join(', ')}; Debian packages no 16)`,
      );
    if (!majors.includes(major)) majors.push(major);
  }
  return majors;
}
