/**
 * mark: a named point to recover to. One transaction on the primary holds writers off every
 * user table (see data-snapshot.ts), snapshots the data, then records clock_timestamp(), its own
 * xid and pg_create_restore_point(NAME). No user-table commit falls between the snapshot and
 * any of the three, so PITR to the mark by time, xid, lsn or name must give exactly the
 * snapshot, inclusive or not:
 * - time: every earlier commit has an earlier timestamp; every later one a later timestamp (they
 *   waited for the locks, the mark's own commit included);
 * - xid: the mark transaction changes no user data, so stopping before or after its commit is
 *   the same data, and every other later commit comes after it;
 * - lsn and name: the restore point's end, reached before any later commit.
 */
import type { MarkStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { MarkRecord } from '../evidence/recovery-evidence.ts';
import { heldSnapshot } from './data-snapshot.ts';

/** The current timeline from the WAL file name of the insert position (pg_control lags until a checkpoint). */
export const CURRENT_TIMELINE = "('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int";

export async function mark(ctx: RunContext, step: MarkStep): Promise<string> {
  const node = ctx.cluster.primary();
  const { name } = step;
  const atMs = ctx.now();
  const held = await heldSnapshot(ctx, node, async (query) => {
    const [row] = await query<{ time: string; lsn: string; xid: string; timeline: number }>(
      `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS time,
              pg_create_restore_point('${name.replace(/'/g, "''")}')::text AS lsn,
              txid_current()::text AS xid,
              ${CURRENT_TIMELINE} AS timeline`,
    );
    return row!;
  });
  const record: MarkRecord = {
    name,
    stepIndex: step.index,
    node: node.name,
    atMs,
    ...held.result,
    heldMs: held.heldMs,
    snapshot: held.snapshot,
  };
  ctx.recorder.marks.push(record);
  ctx.recorder.event(
    'procedure',
    `mark ${name} on ${node.name}: ${record.time}, xid ${record.xid}, lsn ${record.lsn}, timeline ${record.timeline} (${held.snapshot.tables.length} tables, writers held ${held.heldMs} ms)`,
    node.name,
  );
  return node.name;
}
