/** PostgreSQL's parameter tables by major, as the node image's binaries report them. */
import type { PgParameterTable } from './parameter.ts';
import { PG15_PARAMETERS } from './pg15.ts';
import { PG17_PARAMETERS } from './pg17.ts';
import { PG18_PARAMETERS } from './pg18.ts';

/**
 * Parameters pg_settings does not list (GUC_NO_SHOW_ALL) that a postgresql.conf may still set, as
 * guc.c defines them (the same six in 15, 17 and 18: `postgres -C` answers each); role and
 * session_authorization are checked by PostgreSQL against its roles.
 */
const HIDDEN: PgParameterTable = {
  ssl_renegotiation_limit: { type: 'integer', min: 0, max: 0, context: 'user' },
  default_with_oids: { type: 'bool', context: 'user' },
  seed: { type: 'real', min: -1, max: 1, context: 'user' },
  role: { type: 'string', context: 'user' },
  session_authorization: { type: 'string', context: 'superuser' },
  is_superuser: { type: 'bool', context: 'internal' },
};

const TABLES: Readonly<Record<number, PgParameterTable>> = {
  15: { ...PG15_PARAMETERS, ...HIDDEN },
  17: { ...PG17_PARAMETERS, ...HIDDEN },
  18: { ...PG18_PARAMETERS, ...HIDDEN },
};

/** The table of `major`, or undefined for a major we hold no table for (then nothing is checked). */
export function parameterTable(major: number): PgParameterTable | undefined {
  return TABLES[major];
}

export type { PgParameter, PgParameterTable } from './parameter.ts';
