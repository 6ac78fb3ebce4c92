/**
 * pgBackRest, Debian's 2.45: one stanza ("main") in a repository on the run's backup volume
 * (compose/node/templates/pgbackrest.conf), fed by archive-push from the nodes' archive_command
 * once the stanza exists. Backups are full, diff or incr; verification is `pgbackrest verify`
 * plus the backup's own `error` flag, which pgBackRest sets on a page-checksum failure instead of
 * aborting the backup.
 */
import type { BackupStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import type { MethodResult } from './backup-method.ts';
import { StepFailedError } from '../errors.ts';
import { heldSnapshot } from './data-snapshot.ts';
import { mustShell, shq, tryShell } from './node-shell.ts';

export const STANZA = 'main';
const PGBACKREST = `pgbackrest --stanza=${STANZA}`;

/** One backup set as `pgbackrest info --output=json` describes it (the fields pgdrill reads). */
interface BackupSet {
  label: string;
  type: string;
  prior: string | null;
  error?: boolean;
  info: { size: number; repository: { size: number; delta: number } };
  lsn?: { start: string; stop: string };
  archive: { start: string; stop: string };
}

export async function pgbackrestBackup(ctx: RunContext, step: BackupStep, node: PostgresMember): Promise<MethodResult> {
  // stanza-create is idempotent on a matching stanza; check proves archive-push works before a
  // backup depends on it.
  await mustShell(node, 'pgbackrest stanza-create', `${PGBACKREST} stanza-create`);
  await mustShell(node, 'pgbackrest check', `${PGBACKREST} check`);
  const type = step.backupType ?? 'full';
  const held = await heldSnapshot(ctx, node, () =>
    mustShell(node, `pgbackrest ${type} backup`, `${PGBACKREST} --type=${type} backup`),
  );
  const set = (await backupSets(node)).at(-1);
  if (!set) throw new StepFailedError(`pgbackrest backup on ${node.name} left no backup set in the repository`);
  const verify = await tryShell(node, `${PGBACKREST} verify`);
  const problems = [
    ...(verify.exitCode !== 0 ? [`pgbackrest verify exited ${verify.exitCode}: ${verify.output.trim()}`] : []),
    ...(set.error ? [`backup ${set.label} has error: true (a page checksum failed while it was copied)`] : []),
  ];
  return {
    location: set.label,
    sizeBytes: set.info.repository.delta ?? set.info.repository.size ?? null,
    compressed: true,
    backupType: set.type,
    ...(set.prior ? { prior: set.prior } : {}),
    ...(set.lsn ? { startLsn: set.lsn.start, endLsn: set.lsn.stop } : {}),
    timeline: Number.parseInt(set.archive.start.slice(0, 8), 16),
    verification: {
      tool: 'pgbackrest verify',
      passed: problems.length === 0,
      output: problems.length ? problems.join('\n') : `backup ${set.label} verified, error flag clear`,
    },
    snapshot: held.snapshot,
    heldMs: held.heldMs,
  };
}

export async function backupSets(node: PostgresMember): Promise<BackupSet[]> {
  const json = await mustShell(node, 'pgbackrest info', `${PGBACKREST} --output=json info`);
  const [stanza] = JSON.parse(json) as { backup: BackupSet[] }[];
  return stanza?.backup ?? [];
}

/** recovery options for `pgbackrest restore`: a set, and where recovery stops. */
export interface PgbackrestRestore {
  set: string;
  /** --type: immediate (end of the backup), or a PITR target kind */
  type: 'immediate' | 'time' | 'xid' | 'lsn' | 'name' | 'default';
  target?: string;
  inclusive: boolean;
  action: 'promote' | 'pause' | 'shutdown';
}

/** The restore command line; pgBackRest writes restore_command and the recovery target itself. */
export function pgbackrestRestoreCommand(options: PgbackrestRestore): string {
  const parts = [PGBACKREST, `--set=${options.set}`, `--type=${options.type}`];
  // pgBackRest takes a target action only with a target; `default` has none (it promotes at the archive's end)
  if (options.type !== 'default') parts.push(`--target-action=${options.action}`);
  if (options.target !== undefined) parts.push(`--target=${shq(options.target)}`);
  if (!options.inclusive && !['immediate', 'name', 'default'].includes(options.type)) parts.push('--target-exclusive');
  parts.push('restore');
  return parts.join(' ');
}
