/** PostgreSQL's parameter tables by major, as the node image's binaries report them. */
import type { PgParameterTable } from './parameter.ts';
import { PG15_PARAMETERS } from './pg15.ts';

/**
 * Parameters pg_settings does not list (GUC_NO_SHOW_ALL) that a postgresql.conf may still set, as
 * guc.c defines them; role and session_authorization are checked by PostgreSQL against its roles.
 */
const PG15_HIDDEN: PgParameterTable = {
  ssl_renegotiation_limit: { type: 'integer', min: 0, max: 0, context: 'user' },
  default_with_oids: { type: 'bool', context: 'user' },
  seed: { type: 'real', min: -1, max: 1, context: 'user' },
  role: { type: 'string', context: 'user' },
  session_authorization: { type: 'string', context: 'superuser' },
  is_superuser: { type: 'bool', context: 'internal' },
};

const TABLES: Readonly<Record<number, PgParameterTable>> = { 15: { ...PG15_PARAMETERS, ...PG15_HIDDEN } };

/** The table of `major`, or undefined for a major we hold no table for (then nothing is checked). */
export function parameterTable(major: number): PgParameterTable | undefined {
  return TABLES[major];
}

export type { PgParameter, PgParameterTable } from './parameter.ts';
