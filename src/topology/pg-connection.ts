/**
 * The one place pgdrill's own connections to PostgreSQL are configured: the superuser, a
 * database, an application_name that says which part of pgdrill is asking (visible in
 * pg_stat_activity and the server log), and timeouts so a dead node cannot hang a step.
 * The workload's clients are the application's, not pgdrill's: they have their own credentials.
 */
import type pg from 'pg';

export interface ConnectionOptions {
  database?: string;
  /** which part of pgdrill connects, e.g. `admin`, `sampler` → `pgdrill-sampler` */
  purpose: string;
  connectTimeoutMs: number;
  /** per query; none for a connection that only probes */
  queryTimeoutMs?: number;
}

export function superuserConnection(
  address: { host: string; port: number },
  superuserPassword: string,
  o: ConnectionOptions,
): pg.ClientConfig & pg.PoolConfig {
  const config: pg.ClientConfig = {
    ...address,
    user: 'postgres',
    password: superuserPassword,
    database: o.database ?? 'postgres',
    connectionTimeoutMillis: o.connectTimeoutMs,
    application_name: `pgdrill-${o.purpose}`,
  };
  if (o.queryTimeoutMs !== undefined) config.query_timeout = o.queryTimeoutMs;
  return config;
}
