/** One row of PostgreSQL's parameter table (pg_settings), as much of it as checking a value needs. */
export interface PgParameter {
  type: 'bool' | 'integer' | 'real' | 'string' | 'enum';
  /** the unit a bare number is in: B, kB, 8kB, MB (memory) or ms, s, min (time) */
  unit?: string;
  min?: number;
  max?: number;
  /** enum values pg_settings lists (some enums also accept hidden spellings, see setting-values.ts) */
  values?: string[];
  /** internal: fixed when PostgreSQL was compiled or initialised; cannot be set */
  context: string;
}

export type PgParameterTable = Readonly<Record<string, PgParameter>>;
