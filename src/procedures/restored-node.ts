/**
 * A fresh node filled from a backup: lay the backup down, start PostgreSQL, wait until recovery
 * has ended as asked, read what it holds. Shared by restore and pitr.
 */
import type { PostgresMember } from '../topology/runtime.ts';
import { ARCHIVE_DIR, PGDATA, POSTGRES_LOG as LOG, logMessage } from '../topology/node-layout.ts';
import type { RunContext } from '../steps/context.ts';
import type { BackupRecord, DataSnapshot } from '../evidence/recovery-evidence.ts';
import { done, notYet, pollUntil, pollWithin } from '../poll.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { nodeQuery } from '../topology/workload-database.ts';
import { snapshotThrough } from './data-snapshot.ts';
import { lastLines, mustShell, shq, tryShell } from './node-shell.ts';
import { pgbackrestRestoreCommand, type PgbackrestRestore } from './pgbackrest.ts';
import { CURRENT_TIMELINE } from './mark.ts';
import { backupChain, combineInto, isIncremental } from './incremental.ts';

/** Where recovery stops and what it does there; absent: replay the backup's own WAL and open. */
export interface RecoveryTarget {
  /** PostgreSQL's recovery_target_* key, 'immediate', or 'latest' (no target: the archive's end) */
  by: 'time' | 'xid' | 'lsn' | 'name' | 'immediate' | 'latest';
  value?: string;
  inclusive: boolean;
  action: 'promote' | 'pause' | 'shutdown';
}

/**
 * Puts a physical backup into the idle node's data directory. pg_basebackup: unpack (or copy) it,
 * or combine an incremental one with the backups it builds on;
 * with a target, recovery.signal and the recovery settings, reading the cluster's WAL archive.
 * pgBackRest: `pgbackrest restore`, which writes its own restore_command (archive-get).
 */
export async function layDownPhysical(
  ctx: RunContext,
  node: PostgresMember,
  backup: BackupRecord,
  target?: RecoveryTarget,
): Promise<void> {
  if (backup.method === 'pgbackrest') {
    await mustShell(node, 'pgbackrest restore', pgbackrestRestoreCommand(pgbackrestOptions(backup, target)));
  } else if (isIncremental(backup)) {
    const chain = backupChain(ctx.recorder.backups, backup);
    const verified = await combineInto(node, chain, PGDATA);
    ctx.recorder.event(
      'procedure',
      `pg_combinebackup ${chain.map((b) => b.name).join(' + ')} into ${node.name}; pg_verifybackup: ${lastLines(verified, 1)}`,
      node.name,
    );
    await mustShell(node, 'removing the combined manifest', `rm -f ${PGDATA}/backup_manifest`);
  } else if (backup.format === 'plain') {
    await mustShell(
      node,
      'copying the base backup',
      `cp -a ${shq(`${backup.location}/.`)} ${PGDATA}/ && rm -f ${PGDATA}/backup_manifest`,
    );
  } else {
    const ext = backup.compressed ? '.tar.gz' : '.tar';
    await mustShell(
      node,
      'unpacking the base backup',
      `set -e; tar -xf ${shq(`${backup.location}/base${ext}`)} -C ${PGDATA}
       if [ -L ${PGDATA}/pg_wal ]; then rm ${PGDATA}/pg_wal; fi; mkdir -p ${PGDATA}/pg_wal
       tar -xf ${shq(`${backup.location}/pg_wal${ext}`)} -C ${PGDATA}/pg_wal`,
    );
  }
  const settings = [
    // A restored server reads the cluster's archive (mounted read-only) and never adds to it,
    // and waits for no synchronous standby of the cluster it came from.
    "archive_mode = 'off'",
    "synchronous_standby_names = ''",
    ...(target && backup.method !== 'pgbackrest' ? recoverySettings(target) : []),
  ];
  await mustShell(
    node,
    'configuring recovery',
    `set -e; printf '%s\\n' ${settings.map(shq).join(' ')} >> ${PGDATA}/postgresql.auto.conf
     ${target && backup.method !== 'pgbackrest' ? `touch ${PGDATA}/recovery.signal` : ':'}
     chmod 0700 ${PGDATA}`,
  );
}

export function recoverySettings(target: RecoveryTarget): string[] {
  const restoreCommand = `restore_command = 'cp ${ARCHIVE_DIR}/%f "%p"'`;
  // No target: recovery replays what the archive holds and promotes at its end (the action does not apply).
  if (target.by === 'latest') return [restoreCommand];
  return [
    restoreCommand,
    target.by === 'immediate'
      ? "recovery_target = 'immediate'"
      : `recovery_target_${target.by} = '${target.value!.replace(/'/g, "''")}'`,
    `recovery_target_inclusive = ${target.inclusive ? 'on' : 'off'}`,
    `recovery_target_action = '${target.action}'`,
  ];
}

export function pgbackrestOptions(backup: BackupRecord, target?: RecoveryTarget): PgbackrestRestore {
  if (!target) return { set: backup.location, type: 'immediate', inclusive: true, action: 'promote' };
  return {
    set: backup.location,
    // pgBackRest's `default` type: recover to the end of the archive
    type: target.by === 'latest' ? 'default' : target.by,
    ...(target.value !== undefined ? { target: target.value } : {}),
    inclusive: target.inclusive,
    action: target.action,
  };
}

/** Starts PostgreSQL on a node filled by hand; a server that refuses to start fails the step with its own words. */
export async function startServer(node: PostgresMember, options: { mayStopAtTarget?: boolean } = {}): Promise<void> {
  const started = await tryShell(node, `pg_ctl -D ${PGDATA} -l ${LOG} -w -t 300 start`);
  // With recovery_target_action = 'shutdown' the server may reach the target and stop before
  // pg_ctl saw it accept connections: that is the asked-for outcome, not a failure to start.
  if (started.exitCode !== 0 && options.mayStopAtTarget && (await stoppedAtTarget(node))) {
    node.postgresSeen(false);
    return;
  }
  if (started.exitCode !== 0) {
    throw new StepFailedError(
      `the restored server on ${node.name} did not start: ${await serverComplaints(node, lastLines(started.output, 3))}`,
    );
  }
  node.postgresSeen(true);
}

/**
 * The server's own FATAL and PANIC lines (the last few), or `fallback`. Lines of client sessions
 * (log_line_prefix gives them user@db: "the database system is shutting down") say nothing
 * about why the server itself stopped.
 */
export async function serverComplaints(node: PostgresMember, fallback = 'no reason in its log'): Promise<string> {
  const log = await tryShell(node, `grep -E '^[^ ]+ [^ ]+ [^ ]+ [[][0-9]+[]] (FATAL|PANIC):' ${LOG} | tail -n 3`);
  const lines = log.output.trim();
  return lines ? lines.split('\n').map(logMessage).join(' / ') : fallback;
}

/**
 * Waits until recovery has ended as asked: promoted (no longer in recovery) or paused at the
 * target. A server that stops meanwhile (recovery ended before the target, a missing segment)
 * fails the step with what it logged.
 */
export async function awaitRecoveryEnd(
  ctx: RunContext,
  node: PostgresMember,
  action: RecoveryTarget['action'],
  timeoutMs = 180_000,
): Promise<'promoted' | 'paused' | 'shutdown'> {
  if (action === 'shutdown') return awaitShutdownAtTarget(ctx, node, timeoutMs);
  const ended = await pollWithin(
    async () => {
      const row = await node
        .queryOne<{ recovering: boolean; paused: string }>(
          "SELECT pg_is_in_recovery() AS recovering, CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() ELSE '' END AS paused",
        )
        .catch(() => null);
      if (row && !row.recovering) return done('promoted' as const);
      if (row && action === 'pause' && row.paused === 'paused') return done('paused' as const);
      if (!row && (await tryShell(node, `pg_ctl -D ${PGDATA} status`)).exitCode !== 0) return done('stopped' as const);
      return notYet(row ? 'replaying' : 'not answering');
    },
    {
      what: `recovery on ${node.name} ending`,
      timeoutMs,
      intervalMs: 250,
      signal: ctx.signal,
    },
  );
  if (!ended.reached)
    throw new StepFailedError(
      `recovery on ${node.name} had not ended after ${timeoutMs / 1000} s: ${await serverComplaints(node, 'the server is still replaying')}`,
    );
  if (ended.value === 'stopped') {
    node.postgresSeen(false);
    throw new StepFailedError(`recovery on ${node.name} stopped before it ended: ${await serverComplaints(node)}`);
  }
  return ended.value;
}

/**
 * recovery_target_action = 'shutdown': the server stops once it reaches the target. To read what
 * it holds, pgdrill starts it again with the action switched to pause: recovery resumes from its
 * last restartpoint, reaches the same target and waits there.
 */
async function awaitShutdownAtTarget(ctx: RunContext, node: PostgresMember, timeoutMs: number): Promise<'shutdown'> {
  const deadline = ctx.now() + timeoutMs;
  await pollUntil(
    async () =>
      (await tryShell(node, `pg_ctl -D ${PGDATA} status`)).exitCode === 0 ? notYet('still running') : done(undefined),
    {
      what: `${node.name} shut down at the target`,
      timeoutMs,
      intervalMs: 250,
      signal: ctx.signal,
      onTimeout: () =>
        new StepFailedError(`recovery on ${node.name} had not shut down at the target after ${timeoutMs / 1000} s`),
    },
  );
  node.postgresSeen(false);
  if (!(await stoppedAtTarget(node)))
    throw new StepFailedError(`the server on ${node.name} stopped before the target: ${await serverComplaints(node)}`);
  await mustShell(
    node,
    'reopening the server paused at the target',
    `echo "recovery_target_action = 'pause'" >> ${PGDATA}/postgresql.auto.conf`,
  );
  await startServer(node);
  await awaitRecoveryEnd(ctx, node, 'pause', Math.max(10_000, deadline - ctx.now()));
  return 'shutdown';
}

async function stoppedAtTarget(node: PostgresMember): Promise<boolean> {
  return (await tryShell(node, `grep -q 'shutdown at recovery target' ${LOG}`)).exitCode === 0;
}

export interface RestoredState {
  snapshot: DataSnapshot;
  timeline: number | null;
  sizeBytes: number | null;
}

/** What the restored node holds: its data, timeline and size on disk. */
export async function readRestored(ctx: RunContext, node: PostgresMember): Promise<RestoredState> {
  const snapshot = await snapshotThrough(nodeQuery(node), node.name, ctx.now());
  const timeline = await node
    .queryOne<{ tl: number }>(
      `SELECT CASE WHEN pg_is_in_recovery() THEN (pg_control_recovery()).min_recovery_end_timeline ELSE ${CURRENT_TIMELINE} END AS tl`,
    )
    .then(
      (r) => r.tl,
      (e: unknown) => {
        ctx.log(`  timeline unreadable: ${errorMessage(e)}`);
        return null;
      },
    );
  const du = await tryShell(node, `du -sbL ${PGDATA} | cut -f1`);
  const bytes = Number(du.output.trim());
  return { snapshot, timeline, sizeBytes: du.exitCode === 0 && Number.isFinite(bytes) ? bytes : null };
}
