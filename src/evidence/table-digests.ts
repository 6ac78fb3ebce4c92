/**
 * How a table's content becomes evidence: an order-independent digest of every user table,
 * read through any query function (a node's pool, or one connection holding a snapshot).
 */
import type { TableDigest } from './table-digest.ts';

/** Runs one statement and returns its rows: a node's pool, or one connection holding a transaction. */
export type QueryRows = <R extends Record<string, unknown>>(sql: string) => Promise<R[]>;

/** Permanent user tables only: unlogged and temporary ones are not replicated, by design. */
export const USER_TABLES = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND c.relpersistence = 'p' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
   ORDER BY 1`;

/**
 * md5 of the sorted md5s of every row's text form: independent of physical order (which may
 * differ between nodes after a restore), exact (no hash-sum collisions), and cheap enough for
 * drill-sized tables.
 */
async function tableDigest(query: QueryRows, table: string): Promise<TableDigest> {
  try {
    const [row] = await query<{ rows: string; digest: string | null }>(
      `SELECT count(*)::text AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS digest
         FROM (SELECT md5(t::text) AS h FROM ${table} t) rows`,
    );
    return { table, rows: Number(row?.rows ?? 0), digest: row?.digest ?? '' };
  } catch (error) {
    // Damaged data is evidence about this table on this node, not a failure to collect.
    if (!isDataCorrupted(error)) throw error;
    return { table, rows: 0, digest: '', unreadable: (error as Error).message };
  }
}

/** PostgreSQL's data_corrupted / index_corrupted errors (SQLSTATE class XX). */
function isDataCorrupted(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'XX001' || code === 'XX002';
}

/** Digests of every user table of the workload database, read through `query` (one snapshot if it holds one). */
export async function tableDigests(query: QueryRows): Promise<TableDigest[]> {
  const tables = await query<{ name: string }>(USER_TABLES);
  const digests: TableDigest[] = [];
  for (const { name } of tables) digests.push(await tableDigest(query, name));
  return digests;
}
