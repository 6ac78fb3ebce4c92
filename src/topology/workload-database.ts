/** Where the workload writes: each operation's key is a row of this table in this database. */
import type { PostgresMember } from './runtime.ts';

export const WORKLOAD_TABLE = 'pgdrill_writes';
export const WORKLOAD_DATABASE = 'app';

/** A node's pool on the workload database as a QueryRows. */
export function nodeQuery(node: PostgresMember): <R extends Record<string, unknown>>(sql: string) => Promise<R[]> {
  return (sql) => node.query(sql, [], WORKLOAD_DATABASE);
}
