/**
 * The moves every topology change is made of: choose and promote a replica, point the others
 * and the client endpoint at it, keep synchronous replication pointed at replicas that exist.
 */
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { parseLsn } from '../evidence/lsn.ts';
import {
  currentTimeline,
  followsOnTimeline,
  rewindToFollow,
  standbyConninfo,
  timelineHistory,
  wentPast,
} from './standby.ts';

/**
 * pg_promote() on `candidate`, recorded as a promotion that the procedure begun at
 * `procedureStartedAtMs` asked for; then the endpoint, the other replicas and the synchronous
 * standbys follow it.
 */
export async function promoteAndRepoint(
  ctx: RunContext,
  candidate: PostgresMember,
  procedureStartedAtMs: number,
  why: string,
): Promise<void> {
  ctx.recorder.event('procedure', `${why}: promoting ${candidate.name}`, candidate.name);
  const requestedAtMs = ctx.now();
  // pg_promote waits up to 60 s itself; the client must wait longer than that.
  const [row] = await candidate.query<{ promoted: boolean }>(
    'SELECT pg_promote(true, 60) AS promoted',
    [],
    'postgres',
    90_000,
  );
  if (!row?.promoted) throw new StepFailedError(`pg_promote() on ${candidate.name} did not complete within 60 s`);
  await adoptNewPrimary(ctx, candidate, { requestedAtMs, completedAtMs: ctx.now(), procedureStartedAtMs });
}

/**
 * `primary` was promoted (by pgdrill, or by a runbook): record it, then the endpoint, the other
 * replicas and the synchronous standbys follow it.
 */
export async function adoptNewPrimary(ctx: RunContext, primary: PostgresMember, at: PromotionTimes): Promise<void> {
  await recordNewPrimary(ctx, primary, at, (timeline) => `${primary.name} promoted on timeline ${timeline}`);
  ctx.recorder.event('procedure', `client endpoint now routes to ${primary.name}`, primary.name);
  // A replica that got WAL the new primary never got (asynchronous replication, a fixed
  // candidate) is past the fork: repointed alone it would stop at the timeline switch.
  const fork = (await timelineHistory(primary))?.fork ?? null;
  const timeline = await currentTimeline(primary);
  for (const replica of ctx.cluster.liveReplicas()) {
    const past = fork === null ? null : await wentPast(ctx, replica, fork).catch(() => null);
    // A standby of the promoted node itself (cascading) follows it onto the new timeline by
    // itself: what it replayed past the fork is that timeline's WAL, not a divergence (CI16).
    if (past && fork && !(await followsOnTimeline(replica, timeline))) {
      const why = `it replayed WAL to ${past}, past ${primary.name}'s fork at ${fork}`;
      await rewindToFollow(ctx, replica, primary, why);
    } else await repointReplica(ctx, replica, primary);
  }
  await retargetSynchronousStandbys(ctx, primary);
}

/** When a promotion was asked for, when it showed, and when the procedure that led to it began. */
export interface PromotionTimes {
  requestedAtMs: number;
  completedAtMs: number;
  procedureStartedAtMs: number;
}

/**
 * What every new primary is recorded as, whoever made it (pgdrill, a runbook, Patroni, repmgrd):
 * the cluster's primary, a promotion on its timeline, an event saying so (`describe`), and the
 * client endpoint moved to it — or, where nobody moves it, an event saying where clients still
 * go. Moving the replicas is left to the caller: under Patroni, Patroni does it.
 */
export async function recordNewPrimary(
  ctx: RunContext,
  primary: PostgresMember,
  at: PromotionTimes,
  describe: (timeline: number) => string,
): Promise<void> {
  const timeline = await currentTimeline(primary);
  ctx.cluster.recordPromotion(primary);
  ctx.recorder.promotion({ node: primary.name, ...at, timeline });
  ctx.recorder.event('procedure', describe(timeline), primary.name, at.completedAtMs);
  const stranded = await ctx.cluster.endpoint.repoint(primary);
  if (stranded) ctx.recorder.event('procedure', stranded, primary.name, at.completedAtMs);
}

/** The live replica that received the most WAL: promoting any other would orphan its peers. */
export async function mostAdvancedReplica(ctx: RunContext): Promise<PostgresMember> {
  const replicas = ctx.cluster.liveReplicas();
  const positions = await Promise.all(
    replicas.map(async (node) => {
      try {
        const row = await node.queryOne<{ lsn: string | null }>(
          'SELECT coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text AS lsn',
        );
        return { node, lsn: row.lsn === null ? -1n : parseLsn(row.lsn) };
      } catch {
        return { node, lsn: -1n };
      }
    }),
  );
  const best = mostAdvanced(positions.map(({ node, lsn }) => ({ node, name: node.name, lsn })));
  if (!best) throw new StepFailedError('failover: no live replica can be promoted');
  return best.node;
}

/**
 * The position that received the most WAL; ties go to the first name, so the choice is the
 * same on every run. A negative LSN (unreadable) never wins; none left is undefined.
 */
export function mostAdvanced<T extends { name: string; lsn: bigint }>(positions: readonly T[]): T | undefined {
  const readable = positions.filter((p) => p.lsn >= 0n);
  readable.sort((a, b) => (a.lsn === b.lsn ? a.name.localeCompare(b.name) : a.lsn > b.lsn ? -1 : 1));
  return readable[0];
}

/** Makes `replica` stream from `primary`: a slot there, then primary_conninfo here (reloadable since PG 13). */
export async function repointReplica(ctx: RunContext, replica: PostgresMember, primary: PostgresMember): Promise<void> {
  try {
    await primary.query(
      `SELECT pg_create_physical_replication_slot($1, true)
        WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
      [replica.slotName],
    );
    await replica.query(`ALTER SYSTEM SET primary_conninfo = '${standbyConninfo(primary, replica)}'`);
    await replica.query(`ALTER SYSTEM SET primary_slot_name = '${replica.slotName}'`);
    await replica.query('SELECT pg_reload_conf()');
    ctx.recorder.event('procedure', `${replica.name} now streams from ${primary.name}`, replica.name);
  } catch (error) {
    throw new StepFailedError(
      `failover: could not repoint ${replica.name} to ${primary.name}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/**
 * synchronous_standby_names over `names` with the method and count of `setting` (the count
 * capped at the standbys there are): `FIRST 2 (a, b, c)` stays FIRST 2 while two remain. A
 * bare list (`a, b`) is FIRST 1, as PostgreSQL reads it. Empty when no standby remains.
 */
export function retargetedStandbyNames(setting: string, names: string[]): string {
  if (names.length === 0) return '';
  const form = /^\s*(FIRST|ANY)?\s*(\d+)?\s*\(/i.exec(setting);
  const method = form?.[1]?.toUpperCase() === 'ANY' ? 'ANY' : 'FIRST';
  const count = Math.min(Number(form?.[2] ?? 1), names.length);
  return `${method} ${count} (${names.join(', ')})`;
}

/**
 * Under sync/quorum replication the new primary must wait for the replicas that are left, not
 * for itself or the dead. With none left, commits would hang forever; like Patroni's
 * non-strict synchronous_mode, writes then go unreplicated, and the timeline says so.
 */
export async function retargetSynchronousStandbys(ctx: RunContext, primary: PostgresMember): Promise<void> {
  const { setting } = await primary.queryOne<{ setting: string }>(
    "SELECT current_setting('synchronous_standby_names') AS setting",
  );
  if (setting.trim() === '') return;
  const names = ctx.cluster.liveReplicas().map((r) => r.applicationName);
  const value = retargetedStandbyNames(setting, names);
  await primary.query(`ALTER SYSTEM SET synchronous_standby_names = '${value}'`);
  await primary.query('SELECT pg_reload_conf()');
  ctx.recorder.event(
    'procedure',
    names.length > 0
      ? `${primary.name}: synchronous_standby_names = '${value}'`
      : `${primary.name}: no replica left to be synchronous; commits are now unreplicated`,
    primary.name,
  );
}
