/**
 * restore: a named backup into a fresh node, which must then hold exactly the backup's snapshot.
 * pg_dump: a new empty server gets the roles (pg_dumpall --globals-only) and pg_restore --create.
 * Physical: the backup laid down in an empty data directory, recovered to its own end, opened.
 */
import type { RestoreStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { BackupRecord, RecoveryRecord } from '../evidence/recovery-evidence.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { mustShell, shq } from './node-shell.ts';
import { awaitRecoveryEnd, layDownPhysical, readRestored, startServer, type RestoredState } from './restored-node.ts';

export async function restore(ctx: RunContext, step: RestoreStep): Promise<string> {
  const backup = ctx.recorder.backup(step.from);
  if (!backup) throw new StepFailedError(`no backup named ${step.from} was taken (did its step fail?)`);
  const startedAtMs = ctx.now();
  const node = await ctx.cluster.startFreshNode('restore', backup.method === 'pg_dump' ? 'primary' : 'idle');
  ctx.log(`  restoring ${backup.name} (${backup.method}) into ${node.name}`);
  let state: RestoredState | null = null;
  let error: string | undefined;
  try {
    if (backup.method === 'pg_dump') await restoreDump(node, backup);
    else {
      await layDownPhysical(ctx, node, backup);
      await startServer(node);
      await awaitRecoveryEnd(ctx, node, 'promote');
    }
    state = await readRestored(ctx, node);
  } catch (thrown) {
    if (!(thrown instanceof StepFailedError)) throw thrown;
    error = errorMessage(thrown);
  }
  const record: RecoveryRecord = {
    kind: 'restore',
    stepIndex: step.index,
    node: node.name,
    backup: backup.name,
    method: backup.method,
    expected: {
      source: `backup ${backup.name} (${backup.method === 'pg_dump' ? 'the dump’s snapshot' : 'its end LSN'})`,
      snapshot: backup.snapshot,
    },
    actual: state?.snapshot ?? null,
    startedAtMs,
    completedAtMs: ctx.now(),
    sizeBytes: state?.sizeBytes ?? null,
    timeline: state?.timeline ?? null,
    endedAs: state ? 'running' : null,
    ...(error ? { error } : {}),
  };
  return recordRecovery(ctx, record);
}

/**
 * Records a restore or PITR. The runner judges it (checks/recovery.ts) as the step ends and
 * fails the step unless the data is exactly what it must be.
 */
export function recordRecovery(ctx: RunContext, record: RecoveryRecord): string {
  ctx.recorder.recoveries.push(record);
  return record.node;
}

async function restoreDump(node: PostgresMember, backup: BackupRecord): Promise<void> {
  const dir = backup.location.replace(/\/[^/]+$/, '');
  // Roles first (those the new server has already are reported and skipped), then the database
  // itself, recreated from the dump with its owner and settings.
  await mustShell(
    node,
    'restoring roles',
    `psql -X -q -d postgres -f ${shq(`${dir}/globals.sql`)} 2>&1 | grep -v 'already exists' || true`,
  );
  await mustShell(
    node,
    'pg_restore',
    `dropdb --if-exists app && pg_restore --create --exit-on-error -d postgres ${shq(backup.location)}`,
  );
}
