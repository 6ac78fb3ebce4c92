/**
 * Consistent data snapshots for backups and marks. A snapshot is taken on one connection inside
 * one transaction, so every table is read at the same instant:
 * - `heldSnapshot`: the transaction first takes EXCLUSIVE locks on every user table. Writers wait
 *   (readers do not) until it ends, so what happens inside — a restore point, a base backup — sits
 *   at a boundary no user-table commit crosses: the snapshot IS the data at that point.
 * - `exportedSnapshot`: a REPEATABLE READ transaction exports its snapshot for pg_dump to share
 *   (`pg_dump --snapshot`), so the dump and the digests see exactly the same data, writers never wait.
 */
import pg from 'pg';
import type { PostgresMember } from '../topology/runtime.ts';
import type { DataSnapshot } from '../evidence/recovery-evidence.ts';
import type { RunContext } from '../steps/context.ts';
import { USER_TABLES, tableDigests, type QueryRows } from '../evidence/table-digests.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE } from '../topology/workload-database.ts';

/** How long a held snapshot waits for writers' locks before the step fails. */
const LOCK_TIMEOUT = '20s';

/** The workload's keys, ascending; none when the table does not exist (no workload, or dropped). */
export async function workloadKeys(query: QueryRows): Promise<number[]> {
  const [exists] = await query<{ t: string | null }>(`SELECT to_regclass('${WORKLOAD_TABLE}')::text AS t`);
  if (!exists?.t) return [];
  const rows = await query<{ key: string }>(`SELECT key::text FROM ${WORKLOAD_TABLE} ORDER BY key`);
  return rows.map((r) => Number(r.key));
}

export async function snapshotThrough(query: QueryRows, node: string, atMs: number): Promise<DataSnapshot> {
  return { node, atMs, tables: await tableDigests(query), keys: await workloadKeys(query) };
}

/** One connection of its own to `node`'s workload database, closed by `use`'s end whatever happens. */
async function withConnection<T>(
  node: PostgresMember,
  use: (client: pg.Client, query: QueryRows) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(
    node.connectionSettings({ database: WORKLOAD_DATABASE, purpose: 'snapshot', connectTimeoutMs: 5_000 }),
  );
  client.on('error', () => {}); // a node dying mid-snapshot surfaces through the query that fails
  await client.connect();
  const query: QueryRows = async (sql) => (await client.query(sql)).rows;
  try {
    return await use(client, query);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface Held<T> {
  snapshot: DataSnapshot;
  result: T;
  /** how long writers were held off, ms */
  heldMs: number;
}

/**
 * Holds writers off every user table, snapshots the data, runs `inside` (on the same
 * transaction's connection when it needs one), then lets writers go on.
 */
export async function heldSnapshot<T>(
  ctx: RunContext,
  node: PostgresMember,
  inside: (query: QueryRows) => Promise<T>,
): Promise<Held<T>> {
  return withConnection(node, async (client, query) => {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      const tables = (await query<{ name: string }>(USER_TABLES)).map((t) => t.name);
      if (tables.length > 0) await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
      const lockedAt = ctx.now();
      const snapshot = await snapshotThrough(query, node.name, lockedAt);
      const result = await inside(query);
      await client.query('COMMIT');
      return { snapshot, result, heldMs: Math.round(ctx.now() - lockedAt) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/** Exports a REPEATABLE READ snapshot, digests it, and keeps it open while `use(snapshotId)` runs. */
export async function exportedSnapshot<T>(
  ctx: RunContext,
  node: PostgresMember,
  use: (snapshotId: string) => Promise<T>,
): Promise<{ snapshot: DataSnapshot; result: T }> {
  return withConnection(node, async (client, query) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const [row] = await query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      const snapshot = await snapshotThrough(query, node.name, ctx.now());
      const result = await use(row!.id);
      await client.query('COMMIT');
      return { snapshot, result };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
