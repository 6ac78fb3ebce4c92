/**
 * pitr: a physical base backup restored into a fresh node, the WAL archive replayed to a mark
 * (by time, xid, lsn or restore-point name) or to the backup's own end (`immediate`). The result
 * must equal the mark's snapshot exactly — nothing missing, nothing after the target — and the
 * archive must hold every segment between the backup and the target; a missing one is named.
 */
import type { PitrStep } from './steps.ts';
import { ARCHIVE_DIR, BACKUP_DIR, POSTGRES_LOG } from '../topology/node-layout.ts';
import type { RunContext } from '../steps/context.ts';
import type {
  ArchiveContinuity,
  ArchiveEnd,
  BackupRecord,
  MarkRecord,
  RecoveryRecord,
} from '../evidence/recovery-evidence.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { archiveContinuity, newestArchived } from '../evidence/wal-segments.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import { tryShell } from './node-shell.ts';
import { STANZA } from './pgbackrest.ts';
import { recordRecovery } from './restore.ts';
import {
  awaitRecoveryEnd,
  layDownPhysical,
  readRestored,
  startServer,
  type RecoveryTarget,
  type RestoredState,
} from './restored-node.ts';

type PitrTarget = { mark?: string; by: RecoveryTarget['by'] };

export async function pitr(ctx: RunContext, step: PitrStep): Promise<string> {
  const wanted = step.target as PitrTarget;
  const mark = wanted.mark !== undefined ? ctx.recorder.mark(wanted.mark) : undefined;
  if (wanted.mark !== undefined && !mark)
    throw new StepFailedError(`no mark named ${wanted.mark} was set (did its step fail?)`);
  const backup = chooseBackup(ctx, step, mark);
  const target: RecoveryTarget = {
    by: wanted.by,
    ...(mark ? { value: targetValue(mark, wanted.by) } : {}),
    inclusive: step.inclusive ?? true,
    action: step.action ?? 'pause',
  };
  const switchedWal = step.switchWal && (await archiveCurrentSegment(ctx));
  if (!step.switchWal)
    ctx.recorder.event('observation', 'WAL not switched first: recovery uses what the archive holds now');
  const startedAtMs = ctx.now();
  const node = await ctx.cluster.startFreshNode('pitr', 'idle');
  ctx.log(
    `  recovering ${backup.name} into ${node.name} to ${mark ? `mark ${mark.name} by ${wanted.by}` : wanted.by === 'latest' ? 'the end of the archive' : 'the backup’s end'}`,
  );
  let state: RestoredState | null = null;
  let endedAs: RecoveryRecord['endedAs'] = null;
  let archiveEnd: ArchiveEnd | undefined;
  let error: string | undefined;
  try {
    await layDownPhysical(ctx, node, backup, target);
    await startServer(node, { mayStopAtTarget: target.action === 'shutdown' });
    endedAs = await awaitRecoveryEnd(ctx, node, target.action);
    state = await readRestored(ctx, node);
    if (wanted.by === 'latest') archiveEnd = await readArchiveEnd(ctx, node);
  } catch (thrown) {
    if (!(thrown instanceof StepFailedError)) throw thrown;
    error = errorMessage(thrown);
  }
  const archive = await continuity(node, backup, mark, wanted.by === 'latest');
  const record: RecoveryRecord = {
    kind: 'pitr',
    stepIndex: step.index,
    node: node.name,
    backup: backup.name,
    method: backup.method,
    target: {
      ...(mark ? { mark: mark.name } : {}),
      by: wanted.by,
      value: target.value ?? wanted.by,
      inclusive: target.inclusive,
      action: target.action,
    },
    expected: mark
      ? { source: `mark ${mark.name}`, snapshot: mark.snapshot }
      : wanted.by === 'latest'
        ? { source: `backup ${backup.name}, then every write the archive holds`, snapshot: backup.snapshot }
        : { source: `backup ${backup.name} (its end LSN)`, snapshot: backup.snapshot },
    actual: state?.snapshot ?? null,
    startedAtMs,
    completedAtMs: ctx.now(),
    sizeBytes: state?.sizeBytes ?? null,
    timeline: state?.timeline ?? null,
    endedAs,
    ...(archive ? { archive } : {}),
    switchedWal,
    ...(archiveEnd ? { archiveEnd } : {}),
    ...(error ? { error } : {}),
  };
  return recordRecovery(ctx, record);
}

/**
 * Where replay of the archive ended, in the restored server's own words ("redo done at 0/3000148",
 * "last completed transaction was at log time …"), and its archive_timeout: what an archive-only
 * recovery could get back is bounded by how often the primary shipped a segment.
 */
async function readArchiveEnd(ctx: RunContext, node: PostgresMember): Promise<ArchiveEnd> {
  const log = await tryShell(
    node,
    `grep -aE 'redo done at|last completed transaction was at log time' ${POSTGRES_LOG}`,
  );
  const redo = /redo done at ([0-9A-F]+\/[0-9A-F]+)/.exec(log.output);
  const last = /last completed transaction was at log time (.+?)\s*$/m.exec(log.output);
  const archiveTimeout = await node
    .queryOne<{ archive_timeout: string }>('SHOW archive_timeout')
    .then((row) => row.archive_timeout)
    .catch((e: unknown) => {
      ctx.log(`  archive_timeout unreadable: ${errorMessage(e)}`);
      return null;
    });
  return { redoDoneLsn: redo?.[1] ?? null, lastCommitTime: last?.[1] ?? null, archiveTimeout };
}

/** `from`, or the latest physical backup taken before the mark (before this step for `immediate`). */
function chooseBackup(ctx: RunContext, step: PitrStep, mark: MarkRecord | undefined): BackupRecord {
  if (step.from !== undefined) {
    const named = ctx.recorder.backup(step.from);
    if (!named) throw new StepFailedError(`no backup named ${step.from} was taken (did its step fail?)`);
    return named;
  }
  const physical = latestPhysicalBackup(ctx.recorder.backups, mark?.stepIndex ?? step.index);
  if (!physical)
    throw new StepFailedError(
      `no physical backup was taken before ${mark ? `mark ${mark.name}` : 'this step'}: nothing to recover from`,
    );
  return physical;
}

/** The last physical backup (a dump cannot replay WAL) whose step ran before step `before`. */
export function latestPhysicalBackup(backups: readonly BackupRecord[], before: number): BackupRecord | undefined {
  return backups.filter((b) => b.method !== 'pg_dump' && b.stepIndex < before).at(-1);
}

export function targetValue(mark: MarkRecord, by: RecoveryTarget['by']): string {
  switch (by) {
    case 'time':
      return mark.time;
    case 'xid':
      return mark.xid;
    case 'lsn':
      return mark.lsn;
    case 'name':
      return mark.name;
    case 'immediate':
    case 'latest':
      return by;
  }
}

/**
 * The target's WAL must be in the archive before recovery can reach it: switch the current
 * primary to a new segment and wait (up to 30 s) until the archiver has shipped the old one. A
 * primary that cannot be asked is noted; recovery then shows what the archive holds. True when
 * the switched segment was archived.
 */
async function archiveCurrentSegment(ctx: RunContext): Promise<boolean> {
  const primary = ctx.cluster.nodes.find((n) => n.role === 'primary' && n.alive);
  if (!primary) {
    ctx.recorder.event('observation', 'no live primary to switch WAL on: recovery uses what the archive holds now');
    return false;
  }
  try {
    const { segment } = await primary.queryOne<{ segment: string }>(
      'SELECT pg_walfile_name(pg_switch_wal()) AS segment',
    );
    // A primary that stops answering ends the wait: that is noted below, not waited out.
    const archived = await pollWithin(
      async () => {
        const row = await primary
          .queryOne<{ last: string | null }>('SELECT last_archived_wal AS last FROM pg_stat_archiver')
          .catch((error: unknown) => ({ error }));
        if ('error' in row) return done(row);
        return row.last !== null && row.last.slice(0, 24) >= segment ? done(null) : notYet(`last archived ${row.last}`);
      },
      { what: `${segment} archived`, timeoutMs: 30_000, intervalMs: 250, signal: ctx.signal },
    );
    if (archived.reached && archived.value) throw archived.value.error;
    if (archived.reached) return true;
    ctx.recorder.event('observation', `${segment} was not archived within 30 s of pg_switch_wal()`, primary.name);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    ctx.recorder.event('observation', `could not switch WAL on ${primary.name}: ${errorMessage(error)}`, primary.name);
  }
  return false;
}

/**
 * Which segments between the backup's start and the target the archive holds (pgBackRest: its
 * repository's archive). To the archive's end (`toArchiveEnd`, by: latest): up to its newest
 * segment, so that a gap which stopped replay early is named, not taken for the archive's end.
 */
async function continuity(
  node: PostgresMember,
  backup: BackupRecord,
  mark: MarkRecord | undefined,
  toArchiveEnd: boolean,
): Promise<ArchiveContinuity | undefined> {
  if (!backup.startLsn || backup.timeline === undefined) return undefined;
  const location = backup.method === 'pgbackrest' ? `${BACKUP_DIR}/pgbackrest/archive/${STANZA}` : ARCHIVE_DIR;
  const listing = await tryShell(node, `find ${location} -type f -printf '%f\\n'`, { user: 'root' });
  if (listing.exitCode !== 0) return undefined;
  const files = listing.output.split('\n').filter(Boolean);
  // Recovery follows the latest timeline (recovery_target_timeline = 'latest'): after a failover
  // the segment holding the target may be archived on the new timeline only.
  const latest = Math.max(
    0,
    ...files.flatMap((f) => /^([0-9A-F]{8})\.history/.exec(f)?.[1] ?? []).map((tl) => Number.parseInt(tl, 16)),
  );
  const newest = toArchiveEnd ? newestArchived(files) : null;
  const to = mark
    ? { timeline: Math.max(mark.timeline, latest), lsn: mark.lsn }
    : newest
      ? { timeline: Math.max(newest.timeline, latest), lsn: newest.lsn }
      : { timeline: backup.timeline, lsn: backup.endLsn ?? backup.startLsn };
  try {
    return archiveContinuity({ location, files, from: { timeline: backup.timeline, lsn: backup.startLsn }, to });
  } catch {
    return undefined; // the mark lies before the backup: there is no range to check
  }
}
