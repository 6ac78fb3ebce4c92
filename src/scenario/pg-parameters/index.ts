/** PostgreSQL's parameter tables by major, as the node image's binaries report them. */
import type { PgParameterTable } from './parameter.ts';
import { PG15_PARAMETERS } from './pg15.ts';

const TABLES: Readonly<Record<number, PgParameterTable>> = { 15: PG15_PARAMETERS };

/** The table of `major`, or undefined for a major we hold no table for (then nothing is checked). */
export function parameterTable(major: number): PgParameterTable | undefined {
  return TABLES[major];
}

export type { PgParameter, PgParameterTable } from './parameter.ts';
